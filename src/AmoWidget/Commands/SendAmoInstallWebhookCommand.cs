using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using AmoWidget.DevLoop;
using AmoWidget.Hooks;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Send-AmoInstallWebhook: sends the GET the platform sends to the redirect URI when a widget is installed (see
    /// <see cref="AmoInstallWebhook"/>); with -TokenEndpoint the referer names a loopback token endpoint this cmdlet
    /// runs, so the back end's code exchange is taken and checked too.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "AmoInstallWebhook")]
    [OutputType(typeof(AmoInstallWebhookResult))]
    public sealed class SendAmoInstallWebhookCommand : AmoHookCmdlet
    {
        /// <summary>The integration's redirect URI.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public Uri Uri { get; set; } = null!;

        [Parameter]
        public AmoAccountPlatform Platform { get => (AmoAccountPlatform)platform; set => platform = (int)value; }

        // An int, not the core's enum: the engine lists this type at import, before the precompiled core is
        // loaded, and a field of the enum would load the portable one (ReadyToRunCore).
        private int platform = (int)AmoAccountPlatform.AmoCrmRu;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Code { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        /// <summary>The integration's secret: the loopback token endpoint checks the exchange's client_secret against it.</summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? ClientSecret { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? State { get; set; }

        [Parameter]
        public SwitchParameter TokenEndpoint { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int ExchangeTimeoutSec { get; set; } = 10;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SaveRequest { get; set; }

        protected override void ProcessRecordCore()
        {
            string? subdomain = AccountSubdomain(Platform);
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

            if (subdomain == null)
            {
                return;
            }

            var webhook = new AmoInstallWebhook
            {
                Referer = subdomain + "." + Api.AmoEndpoint.HostOf(Platform),
                // https://www.amocrm.ru/developers/content/oauth/step-by-step: 1 for amocrm.ru, 2 for amocrm.com; Kommo's pages do not send it.
                Platform = Platform switch { AmoAccountPlatform.AmoCrmRu => 1, AmoAccountPlatform.AmoCrmCom => 2, _ => null },
                State = State,
            };
            if (Code != null)
            {
                webhook.Code = Code;
            }

            if (ClientId != null)
            {
                webhook.ClientId = ClientId;
            }

            OAuthTokenEndpoint? endpoint = null;
            try
            {
                if (TokenEndpoint)
                {
                    endpoint = OAuthTokenEndpoint.Start(webhook.Code, webhook.ClientId, ClientSecret == null ? null : Reveal(ClientSecret), uri.OriginalString);
                    webhook.Referer = endpoint.Authority;
                }

                Uri target = webhook.Target(uri);
                SaveRequestTo(SaveRequest, new AmoHookRecording("GET", target.PathAndQuery, new[] { new KeyValuePair<string, string>("Host", target.Authority) }, Array.Empty<byte>()) { Kind = "InstallWebhook" });
                WriteVerbose($"GET {target}");
                AmoHookResult sent = Wait(AmoHookSender.SendAsync(target, "GET", Array.Empty<KeyValuePair<string, string>>(), null, "InstallWebhook", string.Empty, TimeSpan.FromSeconds(TimeoutSec), StopToken));
                var result = new AmoInstallWebhookResult(target, webhook.Referer, webhook.Parameters().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal))
                {
                    StatusCode = sent.StatusCode,
                    ElapsedMs = sent.ElapsedMs,
                    Response = sent.Response,
                };
                if (!result.AnsweredInTime)
                {
                    WriteWarning($"{uri} answered in {result.ElapsedMs} ms; the platform waits {AmoInstallWebhook.TimeLimitMs} ms and never sends the code again: the installation would have no tokens.");
                }

                if (endpoint != null)
                {
                    result.Exchange = endpoint.Wait(TimeSpan.FromSeconds(ExchangeTimeoutSec), StopToken);
                    if (StopToken.IsCancellationRequested)
                    {
                        throw new PipelineStoppedException();
                    }

                    result.Handshake = result.Exchange == null ? "missing" : result.Exchange.Valid ? "valid" : "invalid";
                    if (result.Exchange == null)
                    {
                        WriteError(NewError(ErrorIds.AmoInstallExchangeMissing, ErrorCategory.OperationTimeout,
                            $"The back end did not exchange the code at http://{endpoint.Authority}{OAuthTokenEndpoint.Path} within {ExchangeTimeoutSec} s. A back end that builds https://<referer> or accepts only the platform's hosts as referer cannot reach this loopback endpoint: let its test setup use http for the referer {endpoint.Authority}.",
                            result, recommendedAction: "POST https://<referer>/oauth2/access_token with client_id, client_secret, grant_type=authorization_code, code and redirect_uri."));
                    }
                    else if (!result.Exchange.Valid)
                    {
                        WriteWarning($"The code exchange breaks the documented contract (answered {result.Exchange.AnsweredStatus}): {string.Join(" ", result.Exchange.Problems)}");
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
                endpoint?.Dispose();
            }
        }
    }
}
