using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using RestSharp;

namespace AmoWidget.Api
{
    /// <summary>An answer the caller can use: the JSON body, or null for 204 and empty bodies.</summary>
    internal sealed class ApiResult
    {
        public ApiResult(int status, JToken? json)
        {
            Status = status;
            Json = json;
        }

        public int Status { get; }

        public JToken? Json { get; }
    }

    /// <summary>
    /// The transport of one connection, on RestSharp: bearer token, request pacing shared per host
    /// (<see cref="RequestPacer"/>), retries where a request is safe to repeat, one OAuth refresh on a 401 (following
    /// an account that moved), timeouts, cancellation, and every failure as an AmoException.
    /// </summary>
    internal sealed class AmoApiClient : IDisposable, IAccountAddress
    {
        /// <summary>429s in a row (each to a request sent after the previous one came back) that stop the command.</summary>
        internal const int TooManyInARowLimit = 3;

        private static readonly Random Jitter = new Random();

        private readonly RestClient _rest;
        private readonly object _moveGate = new object();
        private volatile Uri _baseUri;
        private volatile Uri? _movedFrom;

        public AmoApiClient(Uri baseUri, ITokenSource tokens, AmoApiOptions options)
        {
            _baseUri = baseUri;
            Tokens = tokens;
            Options = options;

            // No base URL: requests carry absolute URLs, so that the base can follow an account that moved.
            var restOptions = new RestClientOptions
            {
                ThrowOnAnyError = false,
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
                UserAgent = "AmoWidget/" + typeof(AmoApiClient).Assembly.GetName().Version,

                // A redirect is never followed: it would carry the bearer token to whatever address it names (another host,
                // or http), and the account API never redirects a request it serves. A 3xx is AmoApiRedirected below; an
                // account that moved subdomain is followed only through the documented lookup (FindAccountAsync).
                RedirectOptions = new RedirectOptions { FollowRedirects = false },

                // Every HTTP answer is "completed" here: the status is judged below, so that only a failed exchange is a transport error.
                CalculateResponseStatus = _ => ResponseStatus.Completed,
                SetErrorExceptionOnUnsuccessfulStatusCode = false,
            };
            _rest = new RestClient(restOptions);
            if (tokens is OAuthTokenSource oauth)
            {
                oauth.Exchange = (body, latest, ct) => SendTokenRequestAsync(body, latest, oauth.CachePath, ct);
                oauth.Address = this;
            }
        }

        /// <summary>The API base (https://example.amocrm.ru/); it changes when the account moved and the move was followed.</summary>
        public Uri BaseUri => _baseUri;

        public Uri? MovedFrom => _movedFrom;

        public ITokenSource Tokens { get; }

        public AmoApiOptions Options { get; }

        public Task<ApiResult> GetAsync(string path, CancellationToken cancellationToken, object? target = null) =>
            SendAsync("GET", path, null, cancellationToken, target);

        /// <summary>
        /// Sends one request to <paramref name="path"/> (a path on the connection's host: AmoEndpoint.ToApiPath) and
        /// returns the answer; every failure is an AmoException. GET, PUT, DELETE and HEAD are repeated after 502, 503,
        /// 504 or a dropped connection; any request after a 429 (the limiter refused it before the API saw it) or a
        /// refused connection.
        /// </summary>
        public async Task<ApiResult> SendAsync(string method, string path, string? jsonBody, CancellationToken cancellationToken, object? target = null)
        {
            string relative = AmoEndpoint.ToApiPath(BaseUri, path);
            bool repeatable = method == "GET" || method == "DELETE" || method == "HEAD" || method == "PUT";
            bool refreshed = false;
            for (int attempt = 0; ; attempt++)
            {
                // The token first: refreshing it may move the connection to the account's new address.
                Secret token = await Tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
                string url = BaseUri + relative;
                var request = new RestRequest(url, ToMethod(method));
                request.AddHeader("Authorization", "Bearer " + token.Reveal());
                request.AddHeader("Accept", "application/hal+json, application/json, application/problem+json");
                if (jsonBody != null)
                {
                    request.AddStringBody(jsonBody, DataFormat.Json);
                }

                Outcome outcome = await ExecuteAsync(method, url, request, attempt, cancellationToken, target).ConfigureAwait(false);
                if (outcome.Failure != null)
                {
                    // A refused connection never reached the server, so even an install may be sent again.
                    if (outcome.Retryable && (repeatable || outcome.RefusedBeforeSending) && attempt < Options.MaximumRetryCount)
                    {
                        await BackOffAsync(method, url, "the connection failed (" + outcome.Failure.Message + ")", null, attempt, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    throw outcome.Failure;
                }

                int status = outcome.Status;
                if (status == 401 && Tokens.CanRefresh && !refreshed)
                {
                    refreshed = true;
                    Write($"{method} {url}: 401, refreshing the OAuth token once");
                    await Tokens.RefreshAsync(token, cancellationToken).ConfigureAwait(false);
                    attempt--;
                    continue;
                }

                if (status == 429 && RetryTooManyRequests(method, url, outcome, attempt, target))
                {
                    continue;
                }

                if ((status == 502 || status == 503 || status == 504) && repeatable && attempt < Options.MaximumRetryCount)
                {
                    TimeSpan? retryAfter = status == 503 ? ApiErrors.RetryAfter(outcome.RetryAfterHeader, outcome.Body) : null;
                    if (retryAfter == null || retryAfter <= Options.MaximumRetryAfter)
                    {
                        await BackOffAsync(method, url, status.ToString(CultureInfo.InvariantCulture), retryAfter, attempt, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }

                if (status >= 300 && status < 400)
                {
                    throw ApiErrors.Redirected(method, url, status, outcome.Location, target);
                }

                if (status >= 400 || status < 200)
                {
                    throw ApiErrors.FromResponse(method, url, status, outcome.ContentType, outcome.Body, target, status == 401 ? Tokens.ExplainRejection(token) : null);
                }

                return new ApiResult(status, ParseBody(method, url, status, outcome, target));
            }
        }

        /// <summary>
        /// Moves the connection to the account's new address when it is on the same platform as <paramref name="from"/>,
        /// with a warning that names both; true when the connection is now at <paramref name="to"/>.
        /// </summary>
        public bool FollowMove(Uri from, Uri to, string how)
        {
            if (AmoEndpoint.OnSamePlatform(from, to.Host) != to)
            {
                Write($"The account's address {to} ({how}) is not on the platform of {from}: not followed");
                return false;
            }

            lock (_moveGate)
            {
                if (_baseUri != from)
                {
                    return _baseUri == to;
                }

                _baseUri = to;
                _movedFrom = from;
            }

            string cache = Tokens is OAuthTokenSource oauth ? $" and the token cache '{oauth.CachePath}'" : string.Empty;
            string next = AmoEndpoint.PacingKey(to).Contains("://") ? "-BaseUri " + to : "-Subdomain " + to.Host.Split('.')[0];
            ApiFeedback.Warning($"The account moved from {from} to {to} ({how}). This connection{cache} now {(cache.Length == 0 ? "uses" : "use")} the new address; connect with {next} from now on.");
            return true;
        }

        /// <summary>Follows _links.next from <paramref name="path"/>; each page's items under _embedded.<paramref name="embeddedKey"/>.</summary>
        public async Task<Page> GetPageAsync(string path, string? embeddedKey, CancellationToken cancellationToken)
        {
            ApiResult result = await GetAsync(path, cancellationToken).ConfigureAwait(false);
            if (result.Json == null)
            {
                return new Page(new List<JToken>(), null);
            }

            JToken? embedded = result.Json["_embedded"];
            JToken? items = embeddedKey != null ? embedded?[embeddedKey] : (embedded as JObject)?.Properties().Select(p => p.Value).FirstOrDefault(v => v is JArray);
            string? next = ApiJson.String(result.Json["_links"]?["next"], "href");
            string? nextRelative = next == null ? null : AmoEndpoint.ToRelative(BaseUri, next);
            if (nextRelative != null && string.Equals(nextRelative, AmoEndpoint.ToRelative(BaseUri, path), StringComparison.Ordinal))
            {
                nextRelative = null;
            }

            return new Page(items == null ? new List<JToken> { result.Json } : ApiJson.Items(items).ToList(), nextRelative);
        }

        /// <summary>Adds limit=250 (the API's maximum) and page=1 unless the path sets them.</summary>
        public static string FirstPage(string path)
        {
            string query = path.Contains("?") ? path.Substring(path.IndexOf('?') + 1) : string.Empty;
            var parts = new List<string>();
            if (!HasParameter(query, "limit"))
            {
                parts.Add("limit=250");
            }

            if (!HasParameter(query, "page"))
            {
                parts.Add("page=1");
            }

            if (parts.Count == 0)
            {
                return path;
            }

            return path + (path.Contains("?") ? (path.EndsWith("?", StringComparison.Ordinal) || path.EndsWith("&", StringComparison.Ordinal) ? string.Empty : "&") : "?") + string.Join("&", parts);
        }

        public void Dispose() => _rest.Dispose();

        internal static void Write(string message) => ApiFeedback.Verbose(message);

        /// <summary>
        /// A 429: the pacer has already slowed down and set the hold (retry_after, or a backoff); true when the request
        /// goes again after it. 429s in a row are AmoApiBlocked, so the command stops before the IP is blocked.
        /// </summary>
        private bool RetryTooManyRequests(string method, string url, Outcome outcome, int attempt, object? target)
        {
            if (outcome.TooManyInARow >= TooManyInARowLimit)
            {
                throw ApiErrors.TooManyInARow(method, url, outcome.TooManyInARow, target);
            }

            if (outcome.RetryAfter > Options.MaximumRetryAfter)
            {
                throw new AmoException(ErrorIds.AmoApiRateLimited, AmoErrorKind.LimitsExceeded,
                    $"{method} {url}: 429 Too Many Requests; the server asks to wait {outcome.RetryAfter.Value.TotalSeconds:0} s, longer than the {Options.MaximumRetryAfter.TotalSeconds:0} s a command waits. Run it again later.",
                    target);
            }

            if (attempt >= Options.MaximumRetryCount)
            {
                return false;
            }

            Write($"{method} {url}: 429; retry {attempt + 1} of {Options.MaximumRetryCount} once the wait is over");
            return true;
        }

        private async Task<JToken> SendTokenRequestAsync(JObject body, Secret? latestAccessToken, string cachePath, CancellationToken cancellationToken)
        {
            const string path = "oauth2/access_token";
            bool refreshGrant = (string?)body["grant_type"] == "refresh_token";
            bool looked = false;
            for (int attempt = 0; ; attempt++)
            {
                Uri baseUri = BaseUri;
                string url = baseUri + path;
                var request = new RestRequest(url, Method.Post);
                request.AddStringBody(body.ToString(Newtonsoft.Json.Formatting.None), DataFormat.Json);
                Outcome outcome = await ExecuteAsync("POST", url, request, attempt, cancellationToken, url).ConfigureAwait(false);
                if (outcome.Failure != null)
                {
                    // Sending the refresh token twice could burn the pair; only a connection that never reached the server is retried.
                    if (outcome.RefusedBeforeSending && attempt < Options.MaximumRetryCount)
                    {
                        await BackOffAsync("POST", url, "the connection was refused", null, attempt, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    throw outcome.Failure;
                }

                if (outcome.Status == 429 && RetryTooManyRequests("POST", url, outcome, attempt, url))
                {
                    continue;
                }

                // A 404 (account not found here) or 401 on refresh may mean the account moved: look it up and retry once,
                // as the official SDK does (https://github.com/amocrm/amocrm-api-php/pull/571).
                if ((outcome.Status == 401 || outcome.Status == 404) && refreshGrant && !looked)
                {
                    looked = true;
                    Write($"POST {url}: {outcome.Status}; asking where the account is now");
                    Uri? found = await FindAccountAsync((string?)body["refresh_token"], latestAccessToken, cancellationToken).ConfigureAwait(false);
                    if (found != null && found != baseUri && FollowMove(baseUri, found, "as GET /oauth2/account/current/subdomain answered"))
                    {
                        attempt--;
                        continue;
                    }
                }

                if (outcome.Status >= 300 && outcome.Status < 400)
                {
                    throw ApiErrors.Redirected("POST", url, outcome.Status, outcome.Location, url);
                }

                if (outcome.Status >= 400)
                {
                    throw outcome.Status == 400 || outcome.Status == 401
                        ? ApiErrors.FromTokenEndpoint(url, outcome.Status, outcome.ContentType, outcome.Body, cachePath, refreshGrant)
                        : ApiErrors.FromResponse("POST", url, outcome.Status, outcome.ContentType, outcome.Body, url);
                }

                return ParseBody("POST", url, outcome.Status, outcome, url) ?? new JObject();
            }
        }

        /// <summary>
        /// The account's current address: GET https://{api_domain}/oauth2/account/current/subdomain with the refresh
        /// token in X-Refresh-Token, api_domain being a claim of the access token
        /// (https://www.amocrm.ru/developers/content/oauth/account-subdomain-info). Null when it cannot be asked or does
        /// not answer, or names a host on another platform; the caller then reports the refresh's own error.
        /// </summary>
        private async Task<Uri?> FindAccountAsync(string? refreshToken, Secret? accessToken, CancellationToken cancellationToken)
        {
            string? apiDomain = JwtClaims.ApiDomain(accessToken);
            Uri? lookupBase = AmoEndpoint.OnSamePlatform(BaseUri, apiDomain);
            if (string.IsNullOrEmpty(refreshToken) || lookupBase == null)
            {
                Write(apiDomain == null
                    ? "The access token has no api_domain claim (tokens issued before 2024-08-21 lack it): the account's address cannot be looked up"
                    : $"The access token's api_domain '{apiDomain}' is not on the platform of {BaseUri}: not asked");
                return null;
            }

            string url = lookupBase + "oauth2/account/current/subdomain";
            var request = new RestRequest(url, Method.Get);
            request.AddHeader("X-Refresh-Token", refreshToken!);
            request.AddHeader("Accept", "application/json, application/problem+json");
            Outcome outcome = await ExecuteAsync("GET", url, request, 0, cancellationToken, url).ConfigureAwait(false);
            if (outcome.Failure != null || outcome.Status != 200)
            {
                Write($"GET {url}: {(outcome.Failure != null ? outcome.Failure.Message : outcome.Status.ToString(CultureInfo.InvariantCulture))}; the account's address is unknown");
                return null;
            }

            JToken? answer;
            try
            {
                answer = ParseBody("GET", url, outcome.Status, outcome, url);
            }
            catch (AmoException ex)
            {
                Write(ex.Message);
                return null;
            }

            string? domain = ApiJson.String(answer, "domain");
            Uri? found = AmoEndpoint.OnSamePlatform(BaseUri, domain);
            Write($"GET {url}: the account is at '{domain}'" + (found == null ? ", which is not on the same platform: not followed" : string.Empty));
            return found;
        }

        private async Task<Outcome> ExecuteAsync(string method, string url, RestRequest request, int attempt, CancellationToken cancellationToken, object? target)
        {
            Uri uri = new Uri(url);
            RequestPacer pacer = RequestPacer.For(AmoEndpoint.PacingKey(uri));
            RequestPacer.Send send = await pacer.AcquireAsync(Options.RequestsPerSecond, cancellationToken).ConfigureAwait(false);
            bool settled = false;
            try
            {
                using var timeout = new CancellationTokenSource(Options.Timeout);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
                var clock = Stopwatch.StartNew();
                RestResponse response = await _rest.ExecuteAsync(request, linked.Token).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (timeout.IsCancellationRequested || response.ResponseStatus == ResponseStatus.TimedOut)
                {
                    Write($"{method} {url}: no answer within {Options.Timeout.TotalSeconds:0.###} s");
                    return new Outcome(new AmoException(ErrorIds.AmoApiTimeout, AmoErrorKind.OperationTimeout,
                        $"{method} {url}: no answer within {Options.Timeout.TotalSeconds:0.###} s (Connect-AmoAccount -TimeoutSec sets the limit).", target), false, false);
                }

                if (response.ResponseStatus != ResponseStatus.Completed || response.StatusCode == 0)
                {
                    Exception? cause = response.ErrorException;
                    bool refused = IsRefused(cause);
                    string reason = Describe(cause);
                    Write($"{method} {url}: {reason}");
                    return new Outcome(new AmoException(ErrorIds.AmoApiConnectionFailed, AmoErrorKind.ConnectionError,
                        $"{method} {url}: {reason}.", target, cause), refused, true);
                }

                int status = (int)response.StatusCode;
                string? retryAfterHeader = Header(response, "Retry-After");
                var outcome = new Outcome(status, response.ContentType, response.Content, retryAfterHeader) { Location = Header(response, "Location") };
                if (status != 429)
                {
                    pacer.Answered(send);
                    settled = true;
                    Write($"{method} {url}: {status} ({clock.ElapsedMilliseconds} ms)");
                    return outcome;
                }

                // The server's wait when it names one and it is not too long to wait for (a little more, so that clients
                // refused together spread out), else a backoff; the command then reports a retry_after beyond the maximum.
                outcome.RetryAfter = ApiErrors.RetryAfter(retryAfterHeader, response.Content);
                bool asked = outcome.RetryAfter != null && outcome.RetryAfter <= Options.MaximumRetryAfter;
                outcome.Hold = asked ? outcome.RetryAfter!.Value + TimeSpan.FromMilliseconds(NextJitter(250)) : BackOffDelay(attempt);
                string wait = (asked ? "the server asked to wait " : "backing off ") + outcome.Hold.TotalSeconds.ToString("0.0#", CultureInfo.InvariantCulture) + " s";
                outcome.TooManyInARow = pacer.TooManyRequests(send, outcome.Hold, $"{method} {url} was answered 429 Too Many Requests; {wait}");
                settled = true;
                Write($"{method} {url}: 429 ({clock.ElapsedMilliseconds} ms; {outcome.TooManyInARow} in a row); {wait}, and the pacing to {uri.Host} slowed to {pacer.Pace:0.##} of its rate");
                return outcome;
            }
            finally
            {
                if (!settled)
                {
                    pacer.Failed(send);
                }
            }
        }

        private static string? Header(RestResponse response, string name) =>
            response.Headers?.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value?.ToString();

        private static JToken? ParseBody(string method, string url, int status, Outcome outcome, object? target)
        {
            if (status == 204 || string.IsNullOrWhiteSpace(outcome.Body))
            {
                return null;
            }

            if (ApiErrors.LooksLikeHtml(outcome.ContentType, outcome.Body))
            {
                throw new AmoException(ErrorIds.AmoApiResponseInvalid, AmoErrorKind.ProtocolError,
                    $"{method} {url}: {status} with an HTML page instead of JSON (a proxy or a maintenance page answered).", target);
            }

            try
            {
                return ApiJson.Parse(outcome.Body!);
            }
            catch (Newtonsoft.Json.JsonException ex)
            {
                throw new AmoException(ErrorIds.AmoApiResponseInvalid, AmoErrorKind.ProtocolError,
                    $"{method} {url}: {status} with a body that is not complete JSON ({ex.Message}).", target, ex);
            }
        }

        private async Task BackOffAsync(string method, string url, string reason, TimeSpan? retryAfter, int attempt, CancellationToken cancellationToken)
        {
            TimeSpan delay = retryAfter.HasValue ? retryAfter.Value + TimeSpan.FromMilliseconds(NextJitter(250)) : BackOffDelay(attempt);
            Write($"{method} {url}: {reason}; retry {attempt + 1} of {Options.MaximumRetryCount} in {delay.TotalSeconds:0.0#} s" + (retryAfter.HasValue ? " (as the server asked)" : string.Empty));
            await ApiFeedback.DelayAsync(delay, $"{method} {url}: {reason}; retry {attempt + 1} of {Options.MaximumRetryCount}", cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Equal jitter: half the exponential step is fixed, half random, so clients that failed together spread out.</summary>
        private TimeSpan BackOffDelay(int attempt)
        {
            double step = Math.Min(Options.RetryMaxDelay.TotalMilliseconds, Options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
            return TimeSpan.FromMilliseconds(step / 2 + NextJitter(step / 2));
        }

        private static double NextJitter(double maximum)
        {
            lock (Jitter)
            {
                return Jitter.NextDouble() * maximum;
            }
        }

        private static bool IsRefused(Exception? ex)
        {
            for (Exception? e = ex; e != null; e = e.InnerException)
            {
                if (e is SocketException socket && (socket.SocketErrorCode == SocketError.ConnectionRefused || socket.SocketErrorCode == SocketError.HostNotFound
                    || socket.SocketErrorCode == SocketError.NetworkUnreachable || socket.SocketErrorCode == SocketError.HostUnreachable))
                {
                    return true;
                }
            }

            return false;
        }

        private static string Describe(Exception? ex)
        {
            if (IsRefused(ex))
            {
                return "the connection was refused (is the host right and reachable?)";
            }

            for (Exception? e = ex; e != null; e = e.InnerException)
            {
                if (e is IOException || e is SocketException)
                {
                    return "the connection was dropped before the answer was complete";
                }
            }

            return "the request failed: " + (ex?.GetBaseException().Message ?? "no answer");
        }

        private static Method ToMethod(string method) => method switch
        {
            "GET" => Method.Get,
            "POST" => Method.Post,
            "PUT" => Method.Put,
            "PATCH" => Method.Patch,
            "DELETE" => Method.Delete,
            "HEAD" => Method.Head,
            _ => throw new ArgumentException("Unsupported method " + method, nameof(method)),
        };

        private static bool HasParameter(string query, string name) =>
            query.Split('&').Any(p => p.Split('=')[0].Equals(name, StringComparison.OrdinalIgnoreCase));

        internal sealed class Page
        {
            public Page(List<JToken> items, string? next)
            {
                Items = items;
                Next = next;
            }

            public List<JToken> Items { get; }

            public string? Next { get; }
        }

        private sealed class Outcome
        {
            public Outcome(AmoException failure, bool refusedBeforeSending, bool retryable)
            {
                Failure = failure;
                RefusedBeforeSending = refusedBeforeSending;
                Retryable = retryable;
            }

            public Outcome(int status, string? contentType, string? body, string? retryAfterHeader)
            {
                Status = status;
                ContentType = contentType;
                Body = body;
                RetryAfterHeader = retryAfterHeader;
            }

            public AmoException? Failure { get; }

            public bool RefusedBeforeSending { get; }

            /// <summary>False for a timeout: waiting the whole timeout again would only double the user's wait.</summary>
            public bool Retryable { get; }

            public int Status { get; }

            public string? ContentType { get; }

            public string? Body { get; }

            public string? RetryAfterHeader { get; }

            /// <summary>A 3xx's Location header, as sent (it may be relative).</summary>
            public string? Location { get; set; }

            /// <summary>A 429's retry_after or Retry-After, when it named one.</summary>
            public TimeSpan? RetryAfter { get; set; }

            /// <summary>A 429's place in a row of 429s on its host (RequestPacer.TooManyRequests).</summary>
            public int TooManyInARow { get; set; }

            /// <summary>How long the host's requests are held after a 429.</summary>
            public TimeSpan Hold { get; set; }
        }
    }
}
