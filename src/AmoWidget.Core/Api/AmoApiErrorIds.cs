namespace AmoWidget.Api
{
    /// <summary>The stable ErrorIds of the account API. Scripts and tests match on them: never rename one.</summary>
    public static class AmoApiErrorIds
    {
        /// <summary>400 without a validation list.</summary>
        public const string BadRequest = "AmoApiBadRequest";

        /// <summary>400 with validation-errors, or 422: the data was refused.</summary>
        public const string ValidationFailed = "AmoApiValidationFailed";

        /// <summary>401: the token is expired, revoked or wrong (after the one refresh OAuth allows).</summary>
        public const string Unauthorized = "AmoApiUnauthorized";

        /// <summary>402: the account's subscription has ended.</summary>
        public const string PaymentRequired = "AmoApiPaymentRequired";

        /// <summary>403 with a problem+json body: the user has no right for the method.</summary>
        public const string Forbidden = "AmoApiForbidden";

        /// <summary>
        /// 403 as an HTML page, or 429s that kept coming although requests were slowed down: the IP exceeded the
        /// per-IP limit of 7 requests a second and is (or is about to be) blocked
        /// (https://developers.kommo.com/docs/limitations).
        /// </summary>
        public const string Blocked = "AmoApiBlocked";

        /// <summary>404: no such widget, pipeline or endpoint.</summary>
        public const string NotFound = "AmoApiNotFound";

        /// <summary>405: the endpoint does not take this method.</summary>
        public const string MethodNotAllowed = "AmoApiMethodNotAllowed";

        /// <summary>429 that retries could not get past (or that could not be retried safely).</summary>
        public const string RateLimited = "AmoApiRateLimited";

        /// <summary>500 and 5xx that retries could not get past.</summary>
        public const string ServerError = "AmoApiServerError";

        /// <summary>Any other unsuccessful status.</summary>
        public const string RequestFailed = "AmoApiRequestFailed";

        /// <summary>No answer within the connection's timeout.</summary>
        public const string Timeout = "AmoApiTimeout";

        /// <summary>The connection failed or was dropped (after the retries allowed for the request).</summary>
        public const string ConnectionFailed = "AmoApiConnectionFailed";

        /// <summary>A success status with a body that is not the JSON expected (truncated, HTML, wrong shape).</summary>
        public const string ResponseInvalid = "AmoApiResponseInvalid";

        /// <summary>The OAuth refresh token was already used or revoked: authorize again.</summary>
        public const string TokenRevoked = "AmoTokenRevoked";

        /// <summary>The token endpoint refused the exchange (wrong client id, secret, redirect URI or code).</summary>
        public const string OAuthFailed = "AmoOAuthFailed";

        /// <summary>Another process held the token cache lock for longer than the wait allows.</summary>
        public const string TokenCacheLocked = "AmoTokenCacheLocked";

        /// <summary>The token cache file cannot be read as a token pair.</summary>
        public const string TokenCacheInvalid = "AmoTokenCacheInvalid";

        /// <summary>The token cache file could not be written.</summary>
        public const string TokenCacheWriteFailed = "AmoTokenCacheWriteFailed";

        /// <summary>The subdomain is not a single DNS label.</summary>
        public const string SubdomainInvalid = "AmoSubdomainInvalid";

        /// <summary>The base URI is not an absolute http(s) URI without path, query or credentials.</summary>
        public const string BaseUriInvalid = "AmoBaseUriInvalid";

        /// <summary>Plain http to a host other than loopback: the token would travel in clear text.</summary>
        public const string BaseUriInsecure = "AmoBaseUriInsecure";

        /// <summary>A path for Invoke-AmoRestMethod with a scheme, host or port, or characters no path holds: nothing is sent.</summary>
        public const string PathInvalid = "AmoApiPathInvalid";

        /// <summary>A required widget setting (settings_template is_required) was not given.</summary>
        public const string WidgetSettingRequired = "AmoWidgetSettingRequired";

        /// <summary>A widget setting value that cannot be shaped as its type asks (users, users_lp).</summary>
        public const string WidgetSettingInvalid = "AmoWidgetSettingInvalid";

        /// <summary>The connection was closed by Disconnect-AmoAccount.</summary>
        public const string ConnectionClosed = "AmoConnectionClosed";
    }
}
