namespace AmoWidget
{
    /// <summary>
    /// Every ErrorId the module raises (AmoException's first argument and the ErrorRecords the cmdlets write), one
    /// constant each. Scripts and tests match on them and every cmdlet's help lists them (docs/help): never rename
    /// one. A test refuses an ErrorId written as a literal anywhere else in src/.
    /// It lives in Errors/, beside AmoException, the lowest layer: every folder of the core and the module raise them.
    /// Public, so that a script can match on [AmoWidget.ErrorIds]::PathNotFound as it could on the API's ids before.
    /// </summary>
    public static class ErrorIds
    {
        public const string AccessDenied = nameof(AccessDenied);
        /// <summary>A -AllowOrigin of Start-AmoWidgetServer that is not scheme://host[:port].</summary>
        public const string AllowOriginInvalid = nameof(AllowOriginInvalid);

        public const string AmoApiAllNeedsGet = nameof(AmoApiAllNeedsGet);

        /// <summary>400 without a validation list.</summary>
        public const string AmoApiBadRequest = nameof(AmoApiBadRequest);

        /// <summary>
        /// 403 as an HTML page, or 429s that kept coming although requests were slowed down: the IP exceeded the
        /// per-IP limit of 7 requests a second and is (or is about to be) blocked (https://developers.kommo.com/docs/limitations).
        /// </summary>
        public const string AmoApiBlocked = nameof(AmoApiBlocked);

        /// <summary>The connection failed or was dropped (after the retries allowed for the request).</summary>
        public const string AmoApiConnectionFailed = nameof(AmoApiConnectionFailed);

        /// <summary>403 with a problem+json body: the user has no right for the method.</summary>
        public const string AmoApiForbidden = nameof(AmoApiForbidden);

        /// <summary>405: the endpoint does not take this method.</summary>
        public const string AmoApiMethodNotAllowed = nameof(AmoApiMethodNotAllowed);

        /// <summary>404: no such widget, pipeline or endpoint.</summary>
        public const string AmoApiNotFound = nameof(AmoApiNotFound);

        /// <summary>A path for Invoke-AmoRestMethod with a scheme, host or port, or characters no path holds: nothing is sent.</summary>
        public const string AmoApiPathInvalid = nameof(AmoApiPathInvalid);

        /// <summary>402: the account's subscription has ended.</summary>
        public const string AmoApiPaymentRequired = nameof(AmoApiPaymentRequired);

        /// <summary>429 that retries could not get past (or that could not be retried safely).</summary>
        public const string AmoApiRateLimited = nameof(AmoApiRateLimited);

        /// <summary>
        /// A 3xx: the account API answers with data, never a redirect, so one means the token's user was deactivated or
        /// removed (sent to the login page), a wrong host or platform, or http redirected to https. Never followed.
        /// </summary>
        public const string AmoApiRedirected = nameof(AmoApiRedirected);

        /// <summary>Any other unsuccessful status.</summary>
        public const string AmoApiRequestFailed = nameof(AmoApiRequestFailed);

        /// <summary>A success status with a body that is not the JSON expected (truncated, HTML, wrong shape).</summary>
        public const string AmoApiResponseInvalid = nameof(AmoApiResponseInvalid);

        /// <summary>500 and 5xx that retries could not get past.</summary>
        public const string AmoApiServerError = nameof(AmoApiServerError);

        /// <summary>No answer within the connection's timeout.</summary>
        public const string AmoApiTimeout = nameof(AmoApiTimeout);

        /// <summary>401: the token is expired, revoked or wrong (after the one refresh OAuth allows).</summary>
        public const string AmoApiUnauthorized = nameof(AmoApiUnauthorized);

        /// <summary>400 with validation-errors, or 422: the data was refused.</summary>
        public const string AmoApiValidationFailed = nameof(AmoApiValidationFailed);

        /// <summary>Plain http to a host other than loopback: the token would travel in clear text.</summary>
        public const string AmoBaseUriInsecure = nameof(AmoBaseUriInsecure);

        /// <summary>The base URI is not an absolute http(s) URI without path, query or credentials.</summary>
        public const string AmoBaseUriInvalid = nameof(AmoBaseUriInvalid);

        /// <summary>The connection was closed by Disconnect-AmoAccount.</summary>
        public const string AmoConnectionClosed = nameof(AmoConnectionClosed);

        public const string AmoConnectionTargetInvalid = nameof(AmoConnectionTargetInvalid);
        public const string AmoDpDirectionNotApplicable = nameof(AmoDpDirectionNotApplicable);
        public const string AmoDpEventTypeUnknown = nameof(AmoDpEventTypeUnknown);
        public const string AmoDpSettingRequired = nameof(AmoDpSettingRequired);
        public const string AmoHookConnectionFailed = nameof(AmoHookConnectionFailed);

        /// <summary>Stop-AmoHookRecorder named no recorder of this session.</summary>
        public const string AmoHookRecorderNotFound = nameof(AmoHookRecorderNotFound);

        /// <summary>A recorded request file (Invoke-AmoHookReplay -Path) cannot be read as one.</summary>
        public const string AmoHookRecordingInvalid = nameof(AmoHookRecordingInvalid);

        /// <summary>A request file (Start-AmoHookRecorder, -SaveRequest) could not be written.</summary>
        public const string AmoHookRecordingWriteFailed = nameof(AmoHookRecordingWriteFailed);

        /// <summary>A simulator's receiver answered with broken HTTP: a short body, a bad chunk, a bad status line.</summary>
        public const string AmoHookResponseInvalid = nameof(AmoHookResponseInvalid);

        public const string AmoHookTimeout = nameof(AmoHookTimeout);

        /// <summary>Invoke-AmoHookReplay -ClientSecret: the recorded request carries no token to sign again.</summary>
        public const string AmoHookTokenMissing = nameof(AmoHookTokenMissing);

        public const string AmoHookUriInvalid = nameof(AmoHookUriInvalid);
        public const string AmoHookUriMissing = nameof(AmoHookUriMissing);
        /// <summary>Send-AmoInstallWebhook -TokenEndpoint: the back end did not exchange the code at the loopback token endpoint.</summary>
        public const string AmoInstallExchangeMissing = nameof(AmoInstallExchangeMissing);

        public const string AmoNotConnected = nameof(AmoNotConnected);

        /// <summary>The token endpoint refused the exchange (wrong client id, secret, redirect URI or code).</summary>
        public const string AmoOAuthFailed = nameof(AmoOAuthFailed);

        public const string AmoSalesbotContinueMissing = nameof(AmoSalesbotContinueMissing);

        /// <summary>The continue call's body passed the most the loopback continue receiver reads.</summary>
        public const string AmoSalesbotContinueTooLarge = nameof(AmoSalesbotContinueTooLarge);

        /// <summary>The subdomain is not a single DNS label.</summary>
        public const string AmoSubdomainInvalid = nameof(AmoSubdomainInvalid);

        /// <summary>The token cache file cannot be read as a token pair.</summary>
        public const string AmoTokenCacheInvalid = nameof(AmoTokenCacheInvalid);

        /// <summary>Another process held the token cache lock for longer than the wait allows.</summary>
        public const string AmoTokenCacheLocked = nameof(AmoTokenCacheLocked);

        /// <summary>The token cache file could not be written.</summary>
        public const string AmoTokenCacheWriteFailed = nameof(AmoTokenCacheWriteFailed);

        /// <summary>The OAuth refresh token was already used or revoked: authorize again.</summary>
        public const string AmoTokenRevoked = nameof(AmoTokenRevoked);

        public const string AmoWidgetServerNotFound = nameof(AmoWidgetServerNotFound);

        /// <summary>A widget setting value that cannot be shaped as its type asks (users, users_lp).</summary>
        public const string AmoWidgetSettingInvalid = nameof(AmoWidgetSettingInvalid);

        /// <summary>A required widget setting (settings_template is_required) was not given.</summary>
        public const string AmoWidgetSettingRequired = nameof(AmoWidgetSettingRequired);

        public const string ArchiveEntryUnreadable = nameof(ArchiveEntryUnreadable);
        public const string ArchiveInvalid = nameof(ArchiveInvalid);
        public const string ArchiveNameClash = nameof(ArchiveNameClash);
        public const string ArchiveTooLarge = nameof(ArchiveTooLarge);

        /// <summary>ErrorId of an archive that cannot be written (WriteError, or PermissionDenied).</summary>
        public const string ArchiveWriteFailed = nameof(ArchiveWriteFailed);

        public const string ArgumentInvalid = nameof(ArgumentInvalid);
        public const string ColorInvalid = nameof(ColorInvalid);

        /// <summary>
        /// A cmdlet that must ask before it acts (ShouldProcess) in a host that cannot ask, such as pwsh -NonInteractive
        /// on a build server: nothing is done, and the message names -Confirm:$false.
        /// </summary>
        public const string ConfirmationRequired = nameof(ConfirmationRequired);
        public const string DestinationIsFolder = nameof(DestinationIsFolder);
        public const string DevLoaderUriInvalid = nameof(DevLoaderUriInvalid);

        /// <summary>ErrorId of a -DevLoader URL with a user name or password, which the loader would carry into the archive.</summary>
        public const string DevLoaderUriHasCredentials = nameof(DevLoaderUriHasCredentials);
        public const string ExportPathRequired = nameof(ExportPathRequired);
        public const string FileExists = nameof(FileExists);

        /// <summary>ErrorId of a file whose name is not valid UTF-8: .NET lists it under a name that opens nothing, and a zip entry name is UTF-8.</summary>
        public const string FileNameInvalid = nameof(FileNameInvalid);
        public const string FileNotRegular = nameof(FileNotRegular);

        /// <summary>A widget file that turned out, once opened, to be a link or to live outside the widget folder (changed between the check and the open).</summary>
        public const string FileOutsideWidget = nameof(FileOutsideWidget);

        public const string FileReadOnly = nameof(FileReadOnly);
        public const string FileSystemError = nameof(FileSystemError);
        public const string FileTooLarge = nameof(FileTooLarge);
        public const string FileUnreadable = nameof(FileUnreadable);
        public const string FolderNotEmpty = nameof(FolderNotEmpty);
        public const string I18nTooLarge = nameof(I18nTooLarge);
        public const string InternalError = nameof(InternalError);
        public const string LeftMenuItemInvalid = nameof(LeftMenuItemInvalid);
        public const string LocaleUnknown = nameof(LocaleUnknown);
        public const string LocationUnknown = nameof(LocationUnknown);

        /// <summary>Invoke-AmoWidgetCallback -Location names a location the widget's manifest does not declare.</summary>
        public const string LocationNotDeclared = nameof(LocationNotDeclared);
        public const string ManifestChangedOnDisk = nameof(ManifestChangedOnDisk);
        public const string ManifestJsonInvalid = nameof(ManifestJsonInvalid);
        public const string ManifestNotFound = nameof(ManifestNotFound);

        /// <summary>Invoke-AmoWidgetCallback on a widget without script.js: there is nothing to run.</summary>
        public const string ScriptNotFound = nameof(ScriptNotFound);
        public const string ManifestReadOnly = nameof(ManifestReadOnly);

        /// <summary>Invoke-AmoWidgetCallback: the -Response script block threw, or gave what JSON cannot hold.</summary>
        public const string ResponseFailed = nameof(ResponseFailed);
        public const string ManifestShapeInvalid = nameof(ManifestShapeInvalid);
        public const string ManifestTextInvalid = nameof(ManifestTextInvalid);
        public const string ManifestTooLarge = nameof(ManifestTooLarge);
        public const string ManifestUnreadable = nameof(ManifestUnreadable);
        public const string ManifestWriteFailed = nameof(ManifestWriteFailed);
        public const string NestingTooDeep = nameof(NestingTooDeep);
        public const string OperationCanceled = nameof(OperationCanceled);
        public const string OperationNotSupported = nameof(OperationNotSupported);
        public const string OperationTimedOut = nameof(OperationTimedOut);
        public const string OutOfMemory = nameof(OutOfMemory);

        /// <summary>ErrorId of a text parameter holding a lone UTF-16 surrogate, which no file, manifest or request can hold.</summary>
        public const string ParameterTextInvalid = nameof(ParameterTextInvalid);

        /// <summary>The path holds a character no file system allows, is empty, or is too long.</summary>
        public const string PathInvalid = nameof(PathInvalid);

        public const string PathIsFile = nameof(PathIsFile);

        /// <summary>The target is a folder (or a link to one).</summary>
        public const string PathIsFolder = nameof(PathIsFolder);

        public const string PathIsNotFolder = nameof(PathIsNotFolder);
        public const string PathNotFileSystem = nameof(PathNotFileSystem);
        public const string PathNotFound = nameof(PathNotFound);

        /// <summary>The target is a FIFO, a device, a socket or another object that is not a regular file.</summary>
        public const string PathNotRegularFile = nameof(PathNotRegularFile);

        public const string PortInUse = nameof(PortInUse);
        public const string ReportWriteFailed = nameof(ReportWriteFailed);
        public const string RightColumnConflict = nameof(RightColumnConflict);
        public const string RightColumnNotSupported = nameof(RightColumnNotSupported);
        public const string RuleNotFound = nameof(RuleNotFound);
        public const string SalesbotFieldInvalid = nameof(SalesbotFieldInvalid);
        public const string SalesbotHandlerInvalid = nameof(SalesbotHandlerInvalid);
        public const string SettingKeyInvalid = nameof(SettingKeyInvalid);
        public const string TextInvalid = nameof(TextInvalid);
        public const string TourImageInvalid = nameof(TourImageInvalid);
        public const string UrlInvalid = nameof(UrlInvalid);
        public const string VersionInvalid = nameof(VersionInvalid);
        public const string WebhookUrlInvalid = nameof(WebhookUrlInvalid);
        public const string WidgetInvalid = nameof(WidgetInvalid);
        public const string WidgetPathInvalid = nameof(WidgetPathInvalid);
        public const string WidgetReadError = nameof(WidgetReadError);

        /// <summary>ErrorId of a widget file that cannot be written (WriteError, or PermissionDenied).</summary>
        public const string WidgetWriteFailed = nameof(WidgetWriteFailed);
        public const string WildcardInvalid = nameof(WildcardInvalid);
    }
}
