namespace AmoWidget
{
    /// <summary>
    /// The name of every validation rule, one constant each, so that a misspelt name fails the build instead of
    /// reporting under a rule that does not exist. AmoRuleCatalog describes each rule under its constant; a test
    /// holds the two to the same set and refuses a rule name written as a literal anywhere else in src/.
    /// It lives in Errors/, the lowest layer, and not in Validation/: Widget/ (below Validation/) reports
    /// AmoFileTooLarge, AmoArchiveEncrypted and other archive rules through SourceProblem, and the layering is one-way,
    /// so the names must sit where every layer can read them, beside AmoSeverity and the ErrorIds.
    /// </summary>
    internal static class RuleNames
    {
        public const string AmoJsonInvalid = nameof(AmoJsonInvalid);
        public const string AmoJsonDuplicateKey = nameof(AmoJsonDuplicateKey);
        public const string AmoFileHasBom = nameof(AmoFileHasBom);
        public const string AmoFieldRequired = nameof(AmoFieldRequired);
        public const string AmoFieldType = nameof(AmoFieldType);
        public const string AmoInterfaceVersion = nameof(AmoInterfaceVersion);
        public const string AmoSupportMissing = nameof(AmoSupportMissing);
        public const string AmoSupportInvalid = nameof(AmoSupportInvalid);
        public const string AmoKeyUnknown = nameof(AmoKeyUnknown);
        public const string AmoLegacyCodeSecret = nameof(AmoLegacyCodeSecret);
        public const string AmoPlaceholderUrl = nameof(AmoPlaceholderUrl);
        public const string AmoLocaleUnknown = nameof(AmoLocaleUnknown);
        public const string AmoLocationUnknown = nameof(AmoLocationUnknown);
        public const string AmoLocationSuffixNotAllowed = nameof(AmoLocationSuffixNotAllowed);
        public const string AmoLocationConflict = nameof(AmoLocationConflict);
        public const string AmoLocationDuplicate = nameof(AmoLocationDuplicate);
        public const string AmoCardSdkWithoutCard = nameof(AmoCardSdkWithoutCard);
        public const string AmoLocationWithoutBlock = nameof(AmoLocationWithoutBlock);
        public const string AmoBlockWithoutLocation = nameof(AmoBlockWithoutLocation);
        public const string AmoSettingType = nameof(AmoSettingType);
        public const string AmoDpActionMultipleMissing = nameof(AmoDpActionMultipleMissing);
        public const string AmoDpWebhookUrl = nameof(AmoDpWebhookUrl);
        public const string AmoSettingsBlockMissing = nameof(AmoSettingsBlockMissing);
        public const string AmoSalesbotDefaultMissing = nameof(AmoSalesbotDefaultMissing);
        public const string AmoFormsScriptMissing = nameof(AmoFormsScriptMissing);
        public const string AmoLeftMenuIcon = nameof(AmoLeftMenuIcon);
        public const string AmoLeftMenuItemInvalid = nameof(AmoLeftMenuItemInvalid);
        public const string AmoTourImageMissing = nameof(AmoTourImageMissing);
        public const string AmoManifestMissing = nameof(AmoManifestMissing);
        public const string AmoFileNotRegular = nameof(AmoFileNotRegular);
        public const string AmoFileTooLarge = nameof(AmoFileTooLarge);
        public const string AmoLinkOutsideWidget = nameof(AmoLinkOutsideWidget);
        public const string AmoFileNameInvalid = nameof(AmoFileNameInvalid);
        public const string AmoI18nFileMissing = nameof(AmoI18nFileMissing);
        public const string AmoI18nFileNotInLocale = nameof(AmoI18nFileNotInLocale);
        public const string AmoI18nKeyMissing = nameof(AmoI18nKeyMissing);
        public const string AmoI18nStructureMismatch = nameof(AmoI18nStructureMismatch);
        public const string AmoAiAgentDescriptionMissing = nameof(AmoAiAgentDescriptionMissing);
        public const string AmoImageMissing = nameof(AmoImageMissing);
        public const string AmoImageSize = nameof(AmoImageSize);
        public const string AmoImageTooLarge = nameof(AmoImageTooLarge);
        public const string AmoImageNotPng = nameof(AmoImageNotPng);
        public const string AmoScriptMissing = nameof(AmoScriptMissing);
        public const string AmoScriptSyntax = nameof(AmoScriptSyntax);
        public const string AmoCallbackMissing = nameof(AmoCallbackMissing);
        public const string AmoScriptDevLoader = nameof(AmoScriptDevLoader);
        public const string AmoArchiveNested = nameof(AmoArchiveNested);
        public const string AmoArchiveBackslash = nameof(AmoArchiveBackslash);
        public const string AmoArchiveJunk = nameof(AmoArchiveJunk);
        public const string AmoArchiveUnsafePath = nameof(AmoArchiveUnsafePath);
        public const string AmoArchiveDuplicateEntry = nameof(AmoArchiveDuplicateEntry);
        public const string AmoArchiveHeaderMismatch = nameof(AmoArchiveHeaderMismatch);
        public const string AmoArchiveEncrypted = nameof(AmoArchiveEncrypted);
        public const string AmoArchiveZip64 = nameof(AmoArchiveZip64);
        public const string AmoArchiveName = nameof(AmoArchiveName);
        public const string AmoRuntimeException = nameof(AmoRuntimeException);
        public const string AmoRuntimeResultNotTrue = nameof(AmoRuntimeResultNotTrue);
        public const string AmoRuntimeLimit = nameof(AmoRuntimeLimit);
        public const string AmoRuntimeI18nKeyAbsent = nameof(AmoRuntimeI18nKeyAbsent);
        public const string AmoRuntimeSettingAbsent = nameof(AmoRuntimeSettingAbsent);
        public const string AmoRuntimeAppWrite = nameof(AmoRuntimeAppWrite);
        public const string AmoRuntimeModuleUnknown = nameof(AmoRuntimeModuleUnknown);
        public const string AmoRuntimeCrmPostRate = nameof(AmoRuntimeCrmPostRate);
        public const string AmoRuntimeHandlerRebound = nameof(AmoRuntimeHandlerRebound);

        // Moderation (Test-AmoWidget -Moderation): the code audit, texts, styles and images amoCRM and Kommo check.
        public const string AmoEvalUsed = nameof(AmoEvalUsed);
        public const string AmoAlertUsed = nameof(AmoAlertUsed);
        public const string AmoConsoleUsed = nameof(AmoConsoleUsed);
        public const string AmoSyncRequest = nameof(AmoSyncRequest);
        public const string AmoApiCallInLoop = nameof(AmoApiCallInLoop);
        public const string AmoHostGlobalWrite = nameof(AmoHostGlobalWrite);
        public const string AmoDeprecatedHostApi = nameof(AmoDeprecatedHostApi);
        public const string AmoScriptInjected = nameof(AmoScriptInjected);
        public const string AmoDefineUnknownModule = nameof(AmoDefineUnknownModule);
        public const string AmoImplicitGlobal = nameof(AmoImplicitGlobal);
        public const string AmoCodeMinified = nameof(AmoCodeMinified);
        public const string AmoCommentedOutCode = nameof(AmoCommentedOutCode);
        public const string AmoSwitcherClass = nameof(AmoSwitcherClass);
        public const string AmoTextForeignLanguage = nameof(AmoTextForeignLanguage);
        public const string AmoTextFileFormat = nameof(AmoTextFileFormat);
        public const string AmoTextTooLong = nameof(AmoTextTooLong);
        public const string AmoCssGlobalSelector = nameof(AmoCssGlobalSelector);
        public const string AmoCssPaletteRedefined = nameof(AmoCssPaletteRedefined);
        public const string AmoCssDarkOutsideRoot = nameof(AmoCssDarkOutsideRoot);
        public const string AmoImageAnimated = nameof(AmoImageAnimated);
        public const string AmoTourImageSize = nameof(AmoTourImageSize);
    }
}
