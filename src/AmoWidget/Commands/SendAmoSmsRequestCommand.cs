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

        protected override void ProcessRecordCore()
        {
            string? subdomain = AccountSubdomain();
            if (subdomain == null)
            {
                return;
            }

            Uri? uri = Receiver("sms", "endpoint");
            if (uri == null)
            {
                return;
            }

            var request = new AmoSmsRequest { Phone = Phone, Text = Text, Subdomain = subdomain, AccountId = AccountId, UserId = UserId };
            if (ClientId != null)
            {
                request.ClientId = ClientId;
            }

            AmoHookResult? result = Send(uri, request.Build(uri, Reveal(ClientSecret)));
            if (result != null)
            {
                WriteObject(result);
            }
        }
    }
}
