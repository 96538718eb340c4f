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
    /// The transport of one connection, on RestSharp: bearer token, request spacing, retries where a request is safe
    /// to repeat, one OAuth refresh on a 401, timeouts, cancellation, and every failure as an AmoException.
    /// </summary>
    internal sealed class AmoApiClient : IDisposable
    {
        private static readonly AsyncLocal<Action<string>?> LogSink = new AsyncLocal<Action<string>?>();
        private static readonly Random Jitter = new Random();

        private readonly RestClient _rest;
        private readonly RequestSpacer _spacer;

        public AmoApiClient(Uri baseUri, ITokenSource tokens, AmoApiOptions options)
        {
            BaseUri = baseUri;
            Tokens = tokens;
            Options = options;
            _spacer = new RequestSpacer(options.RequestsPerSecond);
            var restOptions = new RestClientOptions(baseUri)
            {
                ThrowOnAnyError = false,
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
                UserAgent = "AmoWidget/" + typeof(AmoApiClient).Assembly.GetName().Version,
                RedirectOptions = new RedirectOptions { FollowRedirects = false },

                // Every HTTP answer is "completed" here: the status is judged below, so that only a failed exchange is a transport error.
                CalculateResponseStatus = _ => ResponseStatus.Completed,
                SetErrorExceptionOnUnsuccessfulStatusCode = false,
            };
            _rest = new RestClient(restOptions);
            if (tokens is OAuthTokenSource oauth)
            {
                oauth.Exchange = (body, ct) => SendTokenRequestAsync(body, oauth.CachePath, ct);
            }
        }

        public Uri BaseUri { get; }

        public ITokenSource Tokens { get; }

        public AmoApiOptions Options { get; }

        /// <summary>Verbose messages of the calls made in this async flow go here (the cmdlet that runs them shows them).</summary>
        public static Action<string>? Log
        {
            get => LogSink.Value;
            set => LogSink.Value = value;
        }

        public Task<ApiResult> GetAsync(string path, CancellationToken cancellationToken, object? target = null) =>
            SendAsync("GET", path, null, cancellationToken, target);

        public async Task<ApiResult> SendAsync(string method, string path, string? jsonBody, CancellationToken cancellationToken, object? target = null)
        {
            string relative = AmoEndpoint.ToRelative(BaseUri, path);
            string url = BaseUri + relative;
            bool repeatable = method == "GET" || method == "DELETE" || method == "HEAD" || method == "PUT";
            bool refreshed = false;
            for (int attempt = 0; ; attempt++)
            {
                Secret token = await Tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
                var request = new RestRequest(relative, ToMethod(method));
                request.AddHeader("Authorization", "Bearer " + token.Reveal());
                request.AddHeader("Accept", "application/hal+json, application/json, application/problem+json");
                if (jsonBody != null)
                {
                    request.AddStringBody(jsonBody, DataFormat.Json);
                }

                Outcome outcome = await ExecuteAsync(method, url, request, cancellationToken, target).ConfigureAwait(false);
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

                if ((status == 429 || status == 502 || status == 503 || status == 504) && repeatable && attempt < Options.MaximumRetryCount)
                {
                    TimeSpan? retryAfter = status == 429 || status == 503 ? ApiErrors.RetryAfter(outcome.RetryAfterHeader, outcome.Body) : null;
                    if (retryAfter == null || retryAfter <= Options.MaximumRetryAfter)
                    {
                        await BackOffAsync(method, url, status.ToString(CultureInfo.InvariantCulture), retryAfter, attempt, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }

                if (status >= 400 || status < 200)
                {
                    throw ApiErrors.FromResponse(method, url, status, outcome.ContentType, outcome.Body, target);
                }

                return new ApiResult(status, ParseBody(method, url, status, outcome, target));
            }
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

        internal static void Write(string message) => LogSink.Value?.Invoke(message);

        private async Task<JToken> SendTokenRequestAsync(JObject body, string cachePath, CancellationToken cancellationToken)
        {
            const string path = "oauth2/access_token";
            string url = BaseUri + path;
            var request = new RestRequest(path, Method.Post);
            request.AddStringBody(body.ToString(Newtonsoft.Json.Formatting.None), DataFormat.Json);
            for (int attempt = 0; ; attempt++)
            {
                Outcome outcome = await ExecuteAsync("POST", url, request, cancellationToken, url).ConfigureAwait(false);
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

                if (outcome.Status >= 400)
                {
                    throw outcome.Status == 400 || outcome.Status == 401
                        ? ApiErrors.FromTokenEndpoint(url, outcome.Status, outcome.ContentType, outcome.Body, cachePath)
                        : ApiErrors.FromResponse("POST", url, outcome.Status, outcome.ContentType, outcome.Body, url);
                }

                return ParseBody("POST", url, outcome.Status, outcome, url) ?? new JObject();
            }
        }

        private async Task<Outcome> ExecuteAsync(string method, string url, RestRequest request, CancellationToken cancellationToken, object? target)
        {
            await _spacer.WaitAsync(cancellationToken).ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(Options.Timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var clock = Stopwatch.StartNew();
            RestResponse response = await _rest.ExecuteAsync(request, linked.Token).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (timeout.IsCancellationRequested || response.ResponseStatus == ResponseStatus.TimedOut)
            {
                Write($"{method} {url}: no answer within {Options.Timeout.TotalSeconds:0.###} s");
                return new Outcome(new AmoException(AmoApiErrorIds.Timeout, AmoErrorKind.OperationTimeout,
                    $"{method} {url}: no answer within {Options.Timeout.TotalSeconds:0.###} s (Connect-AmoAccount -TimeoutSec sets the limit).", target), false, false);
            }

            if (response.ResponseStatus != ResponseStatus.Completed || response.StatusCode == 0)
            {
                Exception? cause = response.ErrorException;
                bool refused = IsRefused(cause);
                string reason = Describe(cause);
                Write($"{method} {url}: {reason}");
                return new Outcome(new AmoException(AmoApiErrorIds.ConnectionFailed, AmoErrorKind.ConnectionError,
                    $"{method} {url}: {reason}.", target, cause), refused, true);
            }

            int status = (int)response.StatusCode;
            Write($"{method} {url}: {status} ({clock.ElapsedMilliseconds} ms)");
            string? retryAfter = response.Headers?.FirstOrDefault(h => string.Equals(h.Name, "Retry-After", StringComparison.OrdinalIgnoreCase))?.Value?.ToString();
            return new Outcome(status, response.ContentType, response.Content, retryAfter);
        }

        private static JToken? ParseBody(string method, string url, int status, Outcome outcome, object? target)
        {
            if (status == 204 || string.IsNullOrWhiteSpace(outcome.Body))
            {
                return null;
            }

            if (ApiErrors.LooksLikeHtml(outcome.ContentType, outcome.Body))
            {
                throw new AmoException(AmoApiErrorIds.ResponseInvalid, AmoErrorKind.ProtocolError,
                    $"{method} {url}: {status} with an HTML page instead of JSON (a proxy or a maintenance page answered).", target);
            }

            try
            {
                return ApiJson.Parse(outcome.Body!);
            }
            catch (Newtonsoft.Json.JsonException ex)
            {
                throw new AmoException(AmoApiErrorIds.ResponseInvalid, AmoErrorKind.ProtocolError,
                    $"{method} {url}: {status} with a body that is not complete JSON ({ex.Message}).", target, ex);
            }
        }

        private async Task BackOffAsync(string method, string url, string reason, TimeSpan? retryAfter, int attempt, CancellationToken cancellationToken)
        {
            TimeSpan delay;
            lock (Jitter)
            {
                // Equal jitter: half the exponential step is fixed, half random, so clients that failed together spread out.
                double step = Math.Min(Options.RetryMaxDelay.TotalMilliseconds, Options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
                delay = retryAfter.HasValue
                    ? retryAfter.Value + TimeSpan.FromMilliseconds(Jitter.Next(0, 250))
                    : TimeSpan.FromMilliseconds(step / 2 + Jitter.NextDouble() * step / 2);
            }

            Write($"{method} {url}: {reason}; retry {attempt + 1} of {Options.MaximumRetryCount} in {delay.TotalSeconds:0.0#} s" + (retryAfter.HasValue ? " (as the server asked)" : string.Empty));
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
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
        }
    }
}
