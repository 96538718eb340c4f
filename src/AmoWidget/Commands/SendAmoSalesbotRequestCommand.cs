using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using AmoWidget.DevLoop;
using AmoWidget.Hooks;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Send-AmoSalesbotRequest: posts what a Salesbot widget_request step sends (see <see cref="AmoSalesbotRequest"/>)
    /// to a URL the user names; with -WaitForContinue the return_url points at a loopback receiver this cmdlet runs,
    /// and the result carries the continue call the back end made, checked against the documented contract.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "AmoSalesbotRequest")]
    [OutputType(typeof(AmoHookResult))]
    public sealed class SendAmoSalesbotRequestCommand : AmoHookCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public Uri Uri { get; set; } = null!;

        [Parameter(Mandatory = true)]
        [ValidateNotNull]
        public SecureString ClientSecret { get; set; } = null!;

        [Parameter]
        public Hashtable? Data { get; set; }

        [Parameter]
        [ValidateSet("lead", "contact", "customer")]
        public string EntityType { get; set; } = "lead";

        [Parameter]
        public long EntityId { get; set; } = 1;

        /// <summary>client_uuid, the integration's id; default a new GUID.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        /// <summary>The account's platform: iss and return_url are on &lt;subdomain&gt;.amocrm.ru, .amocrm.com or .kommo.com.</summary>
        [Parameter]
        public AmoAccountPlatform Platform { get => (AmoAccountPlatform)platform; set => platform = (int)value; }

        // An int, not the core's enum: the engine lists this type at import, before the precompiled core is
        // loaded, and a field of the enum would load the portable one (ReadyToRunCore).
        private int platform = (int)AmoAccountPlatform.AmoCrmRu;

        /// <summary>The integration's redirect URI: aud is its scheme://host. Default: -Uri's.</summary>
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

        [Parameter]
        public SwitchParameter WaitForContinue { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int ContinueTimeoutSec { get; set; } = 60;

        protected override void ProcessRecordCore()
        {
            string? subdomain = AccountSubdomain(Platform);
            if (subdomain == null)
            {
                return;
            }

            Uri uri;
            try
            {
                uri = AmoHookSender.CheckUri(Uri, "-Uri");
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex);
                return;
            }

            var request = new AmoSalesbotRequest
            {
                Data = ToFields(Data),
                EntityType = EntityType,
                EntityId = EntityId,
                AccountId = AccountId,
            };
            if (!SetAccount(request, subdomain, Platform, RedirectUri, uri, Encoding))
            {
                return;
            }

            if (ClientId != null)
            {
                request.ClientId = ClientId;
            }

            SalesbotContinueReceiver? receiver = null;
            try
            {
                if (WaitForContinue)
                {
                    receiver = SalesbotContinueReceiver.Start(request.ContinuePath);
                    request.ContinueBase = receiver.BaseUri;
                }

                AmoHookPayload payload = request.Build(uri, Reveal(ClientSecret));
                SaveRequestTo(SaveRequest, payload.ToRecording(uri));
                AmoHookResult? result = Send(uri, payload);
                if (result == null)
                {
                    return;
                }

                if (receiver != null)
                {
                    WriteVerbose($"Waiting up to {ContinueTimeoutSec} s for the continue call to {request.ReturnUrl}");
                    result.Continue = receiver.Wait(TimeSpan.FromSeconds(ContinueTimeoutSec), StopToken);
                    if (StopToken.IsCancellationRequested)
                    {
                        throw new PipelineStoppedException();
                    }

                    IReadOnlyList<string> ignored = receiver.Ignored;
                    foreach (string stray in ignored)
                    {
                        WriteVerbose($"Not the continue call, answered and ignored: {stray}");
                    }

                    if (result.Continue == null)
                    {
                        WriteError(NewError(ErrorIds.AmoSalesbotContinueMissing, ErrorCategory.OperationTimeout,
                            NoContinueMessage(request, result, ignored), result,
                            recommendedAction: "The back end POSTs to the return_url it was sent, with Authorization: Bearer and a JSON body {\"data\":{...}}."));
                    }
                    else if (result.Continue.TooLarge)
                    {
                        WriteError(NewError(ErrorIds.AmoSalesbotContinueTooLarge, ErrorCategory.LimitsExceeded,
                            $"The continue call to {request.ReturnUrl} came, but its body is too large to read (at most {SalesbotContinueReceiver.MaxBody} bytes); it was answered 413.", result,
                            recommendedAction: "Send later steps only the data they show or branch on, in {\"data\":{...}}."));
                    }
                    else if (!result.Continue.Valid)
                    {
                        WriteWarning($"The continue call breaks the documented contract (answered {result.Continue.AnsweredStatus}): {string.Join(" ", result.Continue.Problems)}");
                    }
                }

                WriteObject(result);
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex, uri);
            }
            finally
            {
                receiver?.Dispose();
            }
        }

        /// <summary>
        /// Why no continue call came, as far as can be told: the back end refused the request itself (not 2xx), other
        /// requests came but not the call, or it accepted the request and never called the loopback return_url, most
        /// likely because it sends the access token only to https on the account's own host, as a careful back end
        /// does (https://www.amocrm.ru/developers/content/crm_platform/widgets-api: the call carries the access token).
        /// </summary>
        private string NoContinueMessage(AmoSalesbotRequest request, AmoHookResult result, IReadOnlyList<string> ignored)
        {
            string head = $"No continue call came to {request.ReturnUrl} within {ContinueTimeoutSec} s; the bot would still be waiting.";
            if (result.StatusCode is int code && (code < 200 || code > 299))
            {
                return head + $" The back end answered the widget_request {code}: it refused the request itself (see Response).";
            }

            if (ignored.Count > 0)
            {
                return head + $" Other requests came and were ignored: {string.Join(", ", ignored)}.";
            }

            return head + $" The back end accepted the request but never called the return_url. Likely reason: its return_url guard."
                + $" With -WaitForContinue the return_url is http on loopback ({request.ReturnUrl.GetLeftPart(UriPartial.Authority)}), not https on the account's host"
                + $" (https://{request.AccountHost}), and a back end that sends its access token only there refuses it. Let its test setup accept the loopback return_url, or test without -WaitForContinue.";
        }
    }
}
