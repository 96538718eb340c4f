using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using AmoWidget.DevLoop;
using AmoWidget.Hooks;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Send-AmoDpWebhook: posts the Digital Pipeline widget webhook amoCRM sends to <c>dp.webhook_url</c>
    /// (see <see cref="AmoDpWebhook"/>) to a URL the user names, and returns what came back.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "AmoDpWebhook", DefaultParameterSetName = UriSet)]
    [OutputType(typeof(AmoHookResult))]
    public sealed class SendAmoDpWebhookCommand : AmoManifestHookCmdlet
    {
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
        [ValidateSet("Form", "Json")]
        public string Encoding { get; set; } = "Form";

        protected override void ProcessRecordCore()
        {
            string? subdomain = AccountSubdomain();
            if (subdomain == null)
            {
                return;
            }

            IReadOnlyList<AmoHookField> settings = ToFields(Settings);
            if (Manifest != null)
            {
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

            Uri? uri = Receiver("dp", "webhook_url");
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
                Subdomain = subdomain,
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
