using System;
using System.Management.Automation;
using System.Security;
using AmoWidget.Api;

namespace AmoWidget.Commands
{
    /// <summary>Signs in to an account's API and makes the connection the session's default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "AmoAccount", DefaultParameterSetName = AccessTokenSet)]
    [OutputType(typeof(AmoConnection))]
    public sealed class ConnectAmoAccountCommand : AmoApiCmdlet
    {
        private const string AccessTokenSet = "AccessToken";
        private const string CodeSet = "OAuthAuthorizationCode";
        private const string RefreshSet = "OAuthRefreshToken";

        /// <summary>The account's subdomain: "example" for https://example.amocrm.ru.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Subdomain { get; set; }

        [Parameter]
        public AmoAccountPlatform Platform { get => (AmoAccountPlatform)platform; set => platform = (int)value; }

        // An int, not the core's enum: the engine lists this type at import, before the precompiled core is
        // loaded, and a field of the enum would load the portable one (ReadyToRunCore).
        private int platform = (int)AmoAccountPlatform.AmoCrmRu;

        /// <summary>Any other API host; plain http only to loopback (the test server); never a user name or password in it.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? BaseUri { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        [ValidateNotNull]
        public SecureString? AccessToken { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CodeSet)]
        [Parameter(Mandatory = true, ParameterSetName = RefreshSet)]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CodeSet)]
        [Parameter(Mandatory = true, ParameterSetName = RefreshSet)]
        [ValidateNotNull]
        public SecureString? ClientSecret { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CodeSet)]
        [Parameter(Mandatory = true, ParameterSetName = RefreshSet)]
        [ValidateNotNullOrEmpty]
        public string? RedirectUri { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CodeSet)]
        [ValidateNotNull]
        public SecureString? AuthorizationCode { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = RefreshSet)]
        [ValidateNotNull]
        public SecureString? RefreshToken { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CodeSet)]
        [Parameter(Mandatory = true, ParameterSetName = RefreshSet)]
        [ValidateNotNullOrEmpty]
        public string? TokenCachePath { get; set; }

        /// <summary>
        /// The request limit of this connection; amoCRM documents 7 a second per IP, so every connection of the process
        /// to the same platform (or -BaseUri host) is paced together.
        /// </summary>
        [Parameter]
        [ValidateRange(0.0, 1000.0)]
        public double RequestsPerSecond { get; set; } = 7;

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 60;

        [Parameter]
        [ValidateRange(0, 10)]
        public int MaximumRetryCount { get; set; } = 4;

        protected override void ProcessRecordCore()
        {
            if ((Subdomain == null) == (BaseUri == null))
            {
                ThrowTerminatingError(NewError(ErrorIds.AmoConnectionTargetInvalid, ErrorCategory.InvalidArgument,
                    "Give either -Subdomain (with -Platform) or -BaseUri: exactly one of them names the account's API host.", Subdomain ?? (object?)BaseUri));
            }

            var request = new AmoConnectRequest
            {
                Subdomain = Subdomain,
                Platform = Platform,
                BaseUri = BaseUri,
                AccessToken = AccessToken,
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                RedirectUri = RedirectUri,
                AuthorizationCode = AuthorizationCode,
                RefreshToken = RefreshToken,
                TokenCachePath = TokenCachePath == null ? null : ResolveLiteralPath(TokenCachePath),
                Options = new AmoApiOptions
                {
                    RequestsPerSecond = RequestsPerSecond,
                    Timeout = TimeSpan.FromSeconds(TimeoutSec),
                    MaximumRetryCount = MaximumRetryCount,
                },
            };

            AmoConnection connection;
            try
            {
                connection = Run(ct => AmoAccountApi.ConnectAsync(request, ct));
            }
            catch (AmoException ex)
            {
                ThrowAmoError(ex);
                return;
            }

            ConnectionStore.Current = connection;
            WriteObject(connection);
        }
    }
}
