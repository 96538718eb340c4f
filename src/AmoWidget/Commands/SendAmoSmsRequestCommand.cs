using System;
using System.Management.Automation;
using System.Security;
using AmoWidget.DevLoop;
using AmoWidget.Hooks;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Send-AmoSmsRequest: posts what amoCRM sends to an SMS widget's <c>sms.endpoint</c> (see <see cref="AmoSmsRequest"/>)
    /// to a URL the user names.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "AmoSmsRequest", DefaultParameterSetName = UriSet)]
    [OutputType(typeof(AmoHookResult))]
    public sealed class SendAmoSmsRequestCommand : AmoManifestHookCmdlet
    {
        [Parameter(Mandatory = true)]
        [ValidateNotNull]
        public SecureString ClientSecret { get; set; } = null!;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Phone { get; set; } = "+10000000000";

        [Parameter]
        [ValidateNotNull]
        public string Text { get; set; } = "Test message from Send-AmoSmsRequest";

        [Parameter]
        public long UserId { get; set; } = 1;

        /// <summary>client_uuid, the integration's id; default a new GUID.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        /// <summary>The account's platform: iss is on &lt;subdomain&gt;.amocrm.ru, .amocrm.com or .kommo.com.</summary>
        [Parameter]
        public AmoAccountPlatform Platform { get => (AmoAccountPlatform)platform; set => platform = (int)value; }

        // An int, not the core's enum: the engine lists this type at import, before the precompiled core is
        // loaded, and a field of the enum would load the portable one (ReadyToRunCore).
        private int platform = (int)AmoAccountPlatform.AmoCrmRu;

        /// <summary>The integration's redirect URI: aud is its scheme://host. Default: the receiver's.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? RedirectUri { get; set; }

        [Parameter]
        public AmoHookEncoding Encoding { get => (AmoHookEncoding)encoding; set => encoding = (int)value; }

        // An int, not the core's enum: the engine lists this type at import, before the precompiled core is
        // loaded, and a field of the enum would load the portable one (ReadyToRunCore).
        private int encoding = (int)AmoHookEncoding.Form;

        /// <summary>A file to write the request to, in the recorder's format (Invoke-AmoHookReplay sends it again).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SaveRequest { get; set; }

        protected override void ProcessRecordCore()
        {
            string? subdomain = AccountSubdomain(Platform);
            if (subdomain == null)
            {
                return;
            }

            Uri? uri = Receiver("sms", "endpoint");
            if (uri == null)
            {
                return;
            }

            var request = new AmoSmsRequest { Phone = Phone, Text = Text, AccountId = AccountId, UserId = UserId };
            if (!SetAccount(request, subdomain, Platform, RedirectUri, uri, Encoding))
            {
                return;
            }

            if (ClientId != null)
            {
                request.ClientId = ClientId;
            }

            AmoHookPayload payload = request.Build(uri, Reveal(ClientSecret));
            SaveRequestTo(SaveRequest, payload.ToRecording(uri));
            AmoHookResult? result = Send(uri, payload);
            if (result != null)
            {
                WriteObject(result);
            }
        }
    }
}
