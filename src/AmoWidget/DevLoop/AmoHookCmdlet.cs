using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AmoWidget.Hooks;
using Newtonsoft.Json;

namespace AmoWidget.DevLoop
{
    /// <summary>
    /// What the Send-Amo* simulators share: the receiver timeout, sending with Ctrl+C honoured, hashtables turned into
    /// the string fields the platform sends, and warnings for a late or failed answer.
    /// </summary>
    public abstract class AmoHookCmdlet : AmoCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        /// <summary>The account's subdomain, as the platform names it in the request.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Subdomain { get; set; } = "example";

        [Parameter]
        public long AccountId { get; set; } = 1;

        /// <summary>
        /// -Subdomain checked as Connect-AmoAccount checks it (one DNS label, an ".amocrm.ru" ending taken off), so the
        /// token's iss and the return_url built from it stay on the account's host: a back end under test that trusts
        /// them must never be led to send its token elsewhere. Null, with AmoSubdomainInvalid written, otherwise.
        /// </summary>
        protected string? AccountSubdomain() => AccountSubdomain(AmoAccountPlatform.AmoCrmRu, hintPlatform: false);

        /// <summary>-Subdomain checked against <paramref name="platform"/>'s host (a trailing ".kommo.com" is taken off for Kommo).</summary>
        protected string? AccountSubdomain(AmoAccountPlatform platform, bool hintPlatform = true)
        {
            try
            {
                return Api.AmoEndpoint.AccountLabel(Subdomain, platform, hintPlatform);
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex);
                return null;
            }
        }

        /// <summary>How long to wait for the receiver's answer before AmoHookTimeout; the 2 s budget is reported, not enforced.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 30;

        public void Dispose() => _stop.Dispose();

        protected override void StopProcessing() => _stop.Cancel();

        protected CancellationToken StopToken => _stop.Token;

        /// <summary>Sends and waits on this thread; a failure is a non-terminating error and null.</summary>
        protected AmoHookResult? Send(Uri uri, AmoHookPayload payload)
        {
            WriteVerbose($"POST {uri} ({payload.ContentType}, {payload.Body.Length} bytes)");
            try
            {
                Task<AmoHookResult> task = AmoHookSender.SendAsync(uri, payload, TimeSpan.FromSeconds(TimeoutSec), _stop.Token);
                AmoHookResult result = Wait(task);
                if (result.StatusCode is int code && (code < 200 || code > 299))
                {
                    WriteWarning($"{uri} answered {code}; amoCRM counts only 2xx as delivered.");
                }
                else if (!result.AnsweredInTime)
                {
                    WriteWarning($"{uri} answered in {result.ElapsedMs} ms; amoCRM waits {AmoHookResult.TimeLimitMs} ms.");
                }

                return result;
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex, uri);
                return null;
            }
        }

        /// <summary>
        /// A signed request's account and audience: the account's host on <paramref name="platform"/> (iss, return_url),
        /// aud as scheme://host of <paramref name="redirectUri"/>, else of <paramref name="receiver"/>. False, with the
        /// error written, when -RedirectUri is not an absolute http(s) URL.
        /// </summary>
        protected bool SetAccount(AmoSignedHook request, string subdomain, AmoAccountPlatform platform, Uri? redirectUri, Uri receiver, AmoHookEncoding encoding)
        {
            if (redirectUri != null)
            {
                try
                {
                    AmoHookSender.CheckUri(redirectUri, "-RedirectUri");
                }
                catch (AmoException ex)
                {
                    WriteAmoError(ex);
                    return false;
                }
            }

            request.Subdomain = subdomain;
            request.AccountHost = subdomain + "." + Api.AmoEndpoint.HostOf(platform);
            request.Audience = AmoSignedHook.AudienceOf(redirectUri ?? receiver);
            request.Encoding = encoding;
            return true;
        }

        /// <summary>-SaveRequest: the request as sent, in the recorder's file format; a failure is written, the request still goes.</summary>
        protected void SaveRequestTo(string? path, AmoHookRecording recording)
        {
            if (path == null)
            {
                return;
            }

            try
            {
                string full = ResolveLiteralPath(path);
                recording.Save(full);
                WriteVerbose($"Saved the request to {full}");
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex, path);
            }
        }

        protected T Wait<T>(Task<T> task)
        {
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>A receiver URL from -Uri or the manifest; null (with an error written) when there is none or it is not http(s).</summary>
        protected Uri? ReceiverUri(Uri? given, string? fromManifest, string manifestKey)
        {
            Uri? uri = given;
            if (uri == null && !Uri.TryCreate(fromManifest, UriKind.Absolute, out uri))
            {
                WriteError(NewError(ErrorIds.AmoHookUriMissing, ErrorCategory.InvalidArgument,
                    fromManifest == null ? $"The manifest has no {manifestKey}; give -Uri." : $"The manifest's {manifestKey} '{fromManifest}' is not an absolute URL; give -Uri.", manifestKey));
                return null;
            }

            try
            {
                return AmoHookSender.CheckUri(uri, given != null ? "-Uri" : manifestKey);
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex);
                return null;
            }
        }

        /// <summary>
        /// Hashtable entries as the string fields the platform sends: a SecureString (or a PSCredential's password) is
        /// revealed for sending and masked in the result, a hashtable, array or custom object becomes JSON text (as
        /// structured settings arrive: https://www.amocrm.ru/developers/content/digital_pipeline/integrations) with the
        /// secrets at any depth sent revealed and shown masked, anything else its invariant string.
        /// </summary>
        internal static IReadOnlyList<AmoHookField> ToFields(IDictionary? table)
        {
            var fields = new List<AmoHookField>();
            if (table == null)
            {
                return fields;
            }

            foreach (DictionaryEntry entry in table)
            {
                string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                object? value = entry.Value is PSObject pso && pso.BaseObject is not PSCustomObject ? pso.BaseObject : entry.Value;
                switch (value)
                {
                    case SecureString or PSCredential:
                        fields.Add(new AmoHookField(key, Secret(value)!, secret: true));
                        break;
                    case null:
                        fields.Add(new AmoHookField(key, string.Empty));
                        break;
                    case string text:
                        fields.Add(new AmoHookField(key, text));
                        break;
                    case bool flag:
                        fields.Add(new AmoHookField(key, flag ? "true" : "false"));
                        break;
                    case IDictionary or IEnumerable or PSObject:
                        fields.Add(new AmoHookField(key, JsonConvert.SerializeObject(ToPlain(value, mask: false), Formatting.None), JsonConvert.SerializeObject(ToPlain(value, mask: true), Formatting.None)));
                        break;
                    default:
                        fields.Add(new AmoHookField(key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
                        break;
                }
            }

            return fields;
        }

        /// <summary>The plain value of a SecureString or of a PSCredential's password; null for anything else.</summary>
        private static string? Secret(object? value) => value switch
        {
            SecureString secure => Reveal(secure),
            PSCredential credential => credential.Password == null ? string.Empty : Reveal(credential.Password),
            _ => null,
        };

        /// <summary>
        /// A structured value as plain data for JSON: hashtables and custom objects as ordered maps, lists as arrays,
        /// and every SecureString or PSCredential, however deep, as its plain value or (<paramref name="mask"/>) as
        /// <see cref="AmoHookField.Mask"/>.
        /// </summary>
        private static object? ToPlain(object? value, bool mask, int depth = 0)
        {
            Api.AmoApiCmdlet.CheckPlainDepth(depth);

            switch (value)
            {
                case null:
                    return null;
                case PSObject pso when pso.BaseObject is PSCustomObject:
                    var obj = new OrderedDictionary(StringComparer.Ordinal);
                    foreach (PSPropertyInfo p in pso.Properties)
                    {
                        obj[p.Name] = ToPlain(p.Value, mask, depth + 1);
                    }

                    return obj;
                case PSObject pso:
                    return ToPlain(pso.BaseObject, mask, depth);
                case SecureString or PSCredential:
                    return mask ? AmoHookField.Mask : Secret(value);
                case string _:
                    return value;
                case IDictionary dict:
                    var copy = new OrderedDictionary();
                    foreach (DictionaryEntry e in dict)
                    {
                        copy[Convert.ToString(ToPlain(e.Key, mask, depth + 1), CultureInfo.InvariantCulture) ?? string.Empty] = ToPlain(e.Value, mask, depth + 1);
                    }

                    return copy;
                case IEnumerable items:
                    var list = new ArrayList();
                    foreach (object? item in items)
                    {
                        list.Add(ToPlain(item, mask, depth + 1));
                    }

                    return list.ToArray();
                default:
                    return value;
            }
        }

        internal static string Reveal(SecureString secure) => new NetworkCredential(string.Empty, secure).Password;
    }

    /// <summary>
    /// A simulator whose receiver URL is a key of the manifest (dp.webhook_url, sms.endpoint): either -Manifest from the
    /// pipeline (-Uri then overrides the manifest's URL) or -Uri alone.
    /// </summary>
    public abstract class AmoManifestHookCmdlet : AmoHookCmdlet
    {
        protected const string ManifestSet = "Manifest";
        protected const string UriSet = "Uri";

        [Parameter(ParameterSetName = ManifestSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public AmoManifest? Manifest { get; set; }

        [Parameter(ParameterSetName = ManifestSet)]
        [Parameter(ParameterSetName = UriSet, Mandatory = true)]
        [ValidateNotNull]
        public Uri? Uri { get; set; }

        /// <summary>The receiver: -Uri, else the manifest's <paramref name="block"/>.<paramref name="key"/>; null (with an error written) when there is none.</summary>
        protected Uri? Receiver(string block, string key)
        {
            string? fromManifest = ((Manifest?.Root[block] as Json.JsonObject)?[key] as Json.JsonValue)?.AsString();
            return ReceiverUri(Uri, fromManifest, block + "." + key);
        }
    }
}
