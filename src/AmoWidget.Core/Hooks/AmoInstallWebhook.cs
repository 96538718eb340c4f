using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using AmoWidget.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Hooks
{
    /// <summary>
    /// The GET the platform sends to the integration's redirect URI when a user installs a widget that has
    /// <c>installation: true</c> (https://www.amocrm.ru/developers/content/oauth/auth-public-integrations,
    /// https://developers.kommo.com/docs/authorization-public): <c>code</c> (valid 20 minutes), <c>referer</c> (the
    /// account's host, no scheme), <c>from_widget</c>; <c>client_id</c> as Kommo's example and a 2021 capture show it
    /// (https://github.com/amocrm/amocrm-api-php/issues/377); <c>platform</c> (1 amocrm.ru, 2 amocrm.com) on amoCRM only
    /// (https://www.amocrm.ru/developers/content/oauth/step-by-step); <c>state</c> only when given. Unsigned; the
    /// platform waits 3 s, ignores the answer's status and never sends it again.
    /// </summary>
    public sealed class AmoInstallWebhook
    {
        /// <summary>How long the platform waits for the answer (the pages above: "3 seconds").</summary>
        public const int TimeLimitMs = 3000;

        public string Code { get; set; } = "def50200" + RandomHex(48);

        /// <summary><c>referer</c>: the account's host, &lt;subdomain&gt;.amocrm.ru (or the loopback token endpoint's host:port).</summary>
        public string Referer { get; set; } = "example.amocrm.ru";

        public string ClientId { get; set; } = Guid.NewGuid().ToString();

        /// <summary><c>from_widget</c>: its value is not documented; "1" stands for the flag.</summary>
        public string FromWidget { get; set; } = "1";

        /// <summary><c>platform</c>: 1 or 2 on amoCRM, null (not sent) on Kommo.</summary>
        public int? Platform { get; set; }

        public string? State { get; set; }

        /// <summary>The query parameters, in the order sent.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Parameters()
        {
            var list = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("code", Code),
                new KeyValuePair<string, string>("referer", Referer),
                new KeyValuePair<string, string>("client_id", ClientId),
                new KeyValuePair<string, string>("from_widget", FromWidget),
            };
            if (Platform is int platform)
            {
                list.Add(new KeyValuePair<string, string>("platform", platform.ToString(CultureInfo.InvariantCulture)));
            }

            if (State != null)
            {
                list.Add(new KeyValuePair<string, string>("state", State));
            }

            return list;
        }

        /// <summary>The redirect URI with the parameters appended to its query.</summary>
        public Uri Target(Uri redirectUri)
        {
            string query = string.Join("&", Parameters().Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
            var builder = new UriBuilder(redirectUri) { Query = string.IsNullOrEmpty(redirectUri.Query) ? query : redirectUri.Query.Substring(1) + "&" + query };
            return builder.Uri;
        }

        internal static string RandomHex(int count)
        {
            var bytes = new byte[(count + 1) / 2];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(bytes);
            }

            return string.Concat(bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture))).Substring(0, count);
        }
    }

    /// <summary>
    /// A loopback stand-in for the account's token endpoint, POST /oauth2/access_token
    /// (https://www.amocrm.ru/developers/content/oauth/step-by-step): it takes the back end's exchange of the install
    /// webhook's code, checks it (grant_type authorization_code, the code sent, the client id, the client secret when
    /// known, a redirect_uri exactly the integration's), and answers as the platform does: 200 with a token pair, or
    /// 400. JSON and form bodies are both taken, as the real endpoint takes both
    /// (https://github.com/amocrm/amocrm-oauth-client/issues/5). Secrets it receives are compared, never kept.
    /// </summary>
    public sealed class OAuthTokenEndpoint : IDisposable
    {
        public const string Path = "/oauth2/access_token";

        /// <summary>The most of an exchange's body read.</summary>
        public const int MaxBody = 64 * 1024;

        private readonly LoopbackHttpServer _http;
        private readonly ManualResetEventSlim _arrived = new ManualResetEventSlim(false);
        private readonly string _code;
        private readonly string _clientId;
        private readonly string? _clientSecret;
        private readonly string _redirectUri;
        private AmoTokenExchange? _exchange;

        private OAuthTokenEndpoint(string code, string clientId, string? clientSecret, string redirectUri)
        {
            _code = code;
            _clientId = clientId;
            _clientSecret = clientSecret;
            _redirectUri = redirectUri;
            _http = LoopbackHttpServer.Start(0, Answer, MaxBody);
        }

        /// <summary>127.0.0.1:&lt;port&gt;, the referer the install webhook names so the back end exchanges the code here.</summary>
        public string Authority => "127.0.0.1:" + _http.Port.ToString(CultureInfo.InvariantCulture);

        public static OAuthTokenEndpoint Start(string code, string clientId, string? clientSecret, string redirectUri) =>
            new OAuthTokenEndpoint(code, clientId, clientSecret, redirectUri);

        /// <summary>The first exchange, or null when none came within <paramref name="timeout"/>.</summary>
        public AmoTokenExchange? Wait(TimeSpan timeout, CancellationToken cancel)
        {
            try
            {
                return _arrived.Wait(timeout, cancel) ? _exchange : null;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        public void Dispose()
        {
            _http.Stop();
            _arrived.Dispose();
        }

        private LoopbackResponse Answer(LoopbackRequest request)
        {
            if (request.RawPath != Path)
            {
                return new LoopbackResponse(404, "Not Found");
            }

            if (request.Method != "POST")
            {
                return new LoopbackResponse(405, "Method Not Allowed").With("Allow", "POST");
            }

            string? contentType = request.Header("Content-Type");
            Dictionary<string, string> fields = Fields(request.Body, contentType);
            string? Field(string name) => fields.TryGetValue(name, out string? value) ? value : null;
            var problems = new List<string>();
            if (Field("grant_type") != "authorization_code")
            {
                problems.Add($"grant_type is {Shown(Field("grant_type"))}, not authorization_code.");
            }

            if (Field("code") != _code)
            {
                problems.Add("code is not the one the install webhook sent.");
            }

            if (Field("client_id") != _clientId)
            {
                problems.Add($"client_id is {Shown(Field("client_id"))}, not the integration's {_clientId}.");
            }

            bool? secretMatches = null;
            if (Field("client_secret") == null)
            {
                problems.Add("client_secret is missing.");
            }
            else if (_clientSecret != null)
            {
                secretMatches = Same(Field("client_secret")!, _clientSecret);
                if (secretMatches == false)
                {
                    problems.Add("client_secret is not the integration's.");
                }
            }

            if (Field("redirect_uri") != _redirectUri)
            {
                problems.Add($"redirect_uri is {Shown(Field("redirect_uri"))}, not exactly the integration's {_redirectUri}.");
            }

            int status = problems.Count == 0 ? 200 : 400;
            var exchange = new AmoTokenExchange(request.Method, request.RawPath, contentType, Field("grant_type"), problems, status) { SecretMatches = secretMatches };
            if (Interlocked.CompareExchange(ref _exchange, exchange, null) == null)
            {
                _arrived.Set();
            }

            if (status != 200)
            {
                // The error shape of the platform's OAuth answers: application/problem+json with title, status, detail.
                var error = new JObject { ["title"] = "Bad Request", ["type"] = "https://httpstatus.es/400", ["status"] = 400, ["detail"] = string.Join(" ", problems) };
                return Json(400, "Bad Request", error, "application/problem+json");
            }

            var tokens = new JObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = 86400,
                ["access_token"] = "loopback-access-" + AmoInstallWebhook.RandomHex(32),
                ["refresh_token"] = "loopback-refresh-" + AmoInstallWebhook.RandomHex(32),
                ["server_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            };
            return Json(200, "OK", tokens, "application/json");
        }

        private static LoopbackResponse Json(int status, string reason, JObject body, string type)
        {
            var response = new LoopbackResponse(status, reason).With("Content-Type", type);
            response.Body = new UTF8Encoding(false).GetBytes(body.ToString(Formatting.None));
            return response;
        }

        private static Dictionary<string, string> Fields(byte[] body, string? contentType)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            string? text = AmoHookRecording.Utf8OrNull(body);
            if (text == null)
            {
                return fields;
            }

            if (contentType != null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    if (JToken.Parse(text) is JObject json)
                    {
                        foreach (JProperty p in json.Properties().Where(p => p.Value is JValue))
                        {
                            fields[p.Name] = Convert.ToString(((JValue)p.Value).Value, CultureInfo.InvariantCulture) ?? string.Empty;
                        }
                    }
                }
                catch (JsonException)
                {
                }

                return fields;
            }

            foreach (string pair in text.Split('&').Where(p => p.Length > 0))
            {
                int eq = pair.IndexOf('=');
                string key = WebUtility.UrlDecode(eq < 0 ? pair : pair.Substring(0, eq));
                fields[key] = WebUtility.UrlDecode(eq < 0 ? string.Empty : pair.Substring(eq + 1));
            }

            return fields;
        }

        private static string Shown(string? value) => value == null ? "missing" : "'" + (value.Length > 80 ? value.Substring(0, 80) + "…" : value) + "'";

        private static bool Same(string a, string b)
        {
            byte[] x = Encoding.UTF8.GetBytes(a);
            byte[] y = Encoding.UTF8.GetBytes(b);
            int diff = x.Length ^ y.Length;
            for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
            {
                diff |= x[i] ^ y[i];
            }

            return diff == 0;
        }
    }
}

namespace AmoWidget
{
    /// <summary>The back end's exchange of the install webhook's code at the loopback token endpoint, as checked.</summary>
    public sealed class AmoTokenExchange
    {
        public AmoTokenExchange(string method, string path, string? contentType, string? grantType, IReadOnlyList<string> problems, int answeredStatus)
        {
            Method = method;
            Path = path;
            ContentType = contentType;
            GrantType = grantType;
            Problems = problems;
            AnsweredStatus = answeredStatus;
        }

        public string Method { get; }

        public string Path { get; }

        public string? ContentType { get; }

        public string? GrantType { get; }

        /// <summary>Whether the client_secret sent is the one given with -ClientSecret; null when none was given (its value is never kept).</summary>
        public bool? SecretMatches { get; init; }

        public IReadOnlyList<string> Problems { get; }

        public bool Valid => Problems.Count == 0;

        /// <summary>200 with a token pair, or 400.</summary>
        public int AnsweredStatus { get; }

        public override string ToString() => Printable.Escape(Valid ? $"{Method} {Path}: valid" : $"{Method} {Path}: {string.Join(" ", Problems)}");
    }

    /// <summary>What Send-AmoInstallWebhook sent to the redirect URI, how the back end answered, and its code exchange.</summary>
    public sealed class AmoInstallWebhookResult
    {
        public AmoInstallWebhookResult(Uri uri, string referer, IReadOnlyDictionary<string, string> parameters)
        {
            Uri = uri;
            Referer = referer;
            Parameters = parameters;
        }

        public string Kind => "InstallWebhook";

        /// <summary>The GET's whole URL: the redirect URI with the parameters.</summary>
        public Uri Uri { get; }

        public string Referer { get; }

        /// <summary>code, referer, client_id, from_widget, platform, state as sent.</summary>
        public IReadOnlyDictionary<string, string> Parameters { get; }

        public int? StatusCode { get; init; }

        public int? Status => StatusCode;

        public long ElapsedMs { get; init; }

        public long Ms => ElapsedMs;

        public string? Response { get; init; }

        /// <summary>The back end answered within the 3 s the platform waits; the platform does not look at the status.</summary>
        public bool AnsweredInTime => StatusCode != null && ElapsedMs <= Hooks.AmoInstallWebhook.TimeLimitMs;

        public bool InTime => AnsweredInTime;

        /// <summary>-TokenEndpoint: the exchange the back end made; null when none came or without -TokenEndpoint.</summary>
        public AmoTokenExchange? Exchange { get; internal set; }

        /// <summary>none (no -TokenEndpoint), missing, valid or invalid: the Exchange column of the default table.</summary>
        public string Handshake { get; internal set; } = "none";

        public override string ToString() => Printable.Escape($"GET {Uri} -> {(StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "no answer")} in {ElapsedMs} ms");
    }
}
