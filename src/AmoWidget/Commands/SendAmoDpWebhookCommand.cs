using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using AmoWidget.DevLoop;
using AmoWidget.Json;
using AmoWidget.Hooks;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Send-AmoDpWebhook: posts the Digital Pipeline widget webhook amoCRM sends to <c>dp.webhook_url</c>
    /// (see <see cref="AmoDpWebhook"/>) to a URL the user names, and returns what came back.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "AmoDpWebhook", DefaultParameterSetName = UriSet)]
    [OutputType(typeof(AmoHookResult))]
    public sealed class SendAmoDpWebhookCommand : AmoHookCmdlet
    {
        private const string ManifestSet = "Manifest";
        private const string UriSet = "Uri";

        [Parameter(ParameterSetName = ManifestSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public AmoManifest? Manifest { get; set; }

        [Parameter(ParameterSetName = ManifestSet)]
        [Parameter(ParameterSetName = UriSet, Mandatory = true)]
        [ValidateNotNull]
        public Uri? Uri { get; set; }

        [Parameter]
        [ValidateSet("lead_added", "lead_status_changed", "lead_appeared_in_status", "mail_in", "call_in", "site_visit", "chat",
            "customer_added", "customer_period_changed", "customer_appeared_in_period")]
        public string EventType { get; set; } = "lead_status_changed";

        [Parameter]
        [Alias("CustomerId")]
        public long LeadId { get; set; } = 1;

        [Parameter]
        public long StatusId { get; set; } = 1;

        [Parameter]
        public long PipelineId { get; set; } = 1;

        [Parameter]
        [ValidateSet("went_to_trigger", "went_in_trigger", "went_from_trigger")]
        public string? Direction { get; set; }

        [Parameter]
        public Hashtable? Settings { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Subdomain { get; set; } = "example";

        [Parameter]
        public long AccountId { get; set; } = 1;

        [Parameter]
        [ValidateSet("Form", "Json")]
        public string Encoding { get; set; } = "Form";

        protected override void ProcessRecord()
        {
            IReadOnlyList<AmoHookField> settings = ToFields(Settings);
            string? webhookUrl = null;
            if (Manifest != null)
            {
                webhookUrl = ((Manifest.Root["dp"] as JsonObject)?["webhook_url"] as JsonValue)?.AsString();
                try
                {
                    settings = AmoDpWebhook.CheckSettings(Manifest, settings, out IReadOnlyList<string> undeclared);
                    foreach (string key in undeclared)
                    {
                        WriteWarning($"-Settings key '{key}' is not in the manifest's dp.settings; it is sent all the same.");
                    }
                }
                catch (AmoException ex)
                {
                    WriteAmoError(ex, Manifest);
                    return;
                }
            }

            Uri? uri = ReceiverUri(Uri, webhookUrl, "dp.webhook_url");
            if (uri == null)
            {
                return;
            }

            var hook = new AmoDpWebhook
            {
                EventType = EventType,
                LeadId = LeadId,
                StatusId = StatusId,
                PipelineId = PipelineId,
                Direction = Direction,
                Settings = settings,
                Subdomain = Subdomain,
                AccountId = AccountId,
                Json = Encoding == "Json",
            };
            AmoHookPayload payload;
            try
            {
                payload = hook.Build();
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex);
                return;
            }

            AmoHookResult? result = Send(uri, payload);
            if (result != null)
            {
                WriteObject(result);
            }
        }
    }
}
