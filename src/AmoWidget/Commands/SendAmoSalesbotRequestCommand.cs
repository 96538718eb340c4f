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
        [ValidateSet("lead", "customer")]
        public string EntityType { get; set; } = "lead";

        [Parameter]
        public long EntityId { get; set; } = 1;

        /// <summary>client_uuid, the integration's id; default a new GUID.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        [Parameter]
        public SwitchParameter WaitForContinue { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int ContinueTimeoutSec { get; set; } = 60;

        protected override void ProcessRecordCore()
        {
            string? subdomain = AccountSubdomain();
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
                Subdomain = subdomain,
                AccountId = AccountId,
            };
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

                AmoHookResult? result = Send(uri, request.Build(uri, Reveal(ClientSecret)));
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
                        string strays = ignored.Count == 0 ? string.Empty : $" Other requests came and were ignored: {string.Join(", ", ignored)}.";
                        WriteError(NewError(ErrorIds.AmoSalesbotContinueMissing, ErrorCategory.OperationTimeout,
                            $"No continue call came to {request.ReturnUrl} within {ContinueTimeoutSec} s; the bot would still be waiting.{strays}", result,
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
    }
}
