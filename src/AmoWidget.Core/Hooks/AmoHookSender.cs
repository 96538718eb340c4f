using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AmoWidget.Hooks
{
    /// <summary>Posts a simulated platform request to a URL the user named and measures the answer.</summary>
    public static class AmoHookSender
    {
        /// <summary>The most of an answer's body kept in the result.</summary>
        public const int MaxResponseChars = 64 * 1024;

        /// <summary>
        /// Checks a receiver URL: absolute http or https, else AmoHookUriInvalid. There is no default receiver: the user
        /// names every URL a request goes to.
        /// </summary>
        public static Uri CheckUri(Uri? uri, string what)
        {
            if (uri == null || !uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new AmoException(ErrorIds.AmoHookUriInvalid, AmoErrorKind.InvalidArgument,
                    $"{what} '{uri}' is not an absolute http or https URL of the receiver, such as http://127.0.0.1:8080/hook.", uri);
            }

            return uri;
        }

        /// <summary>
        /// POSTs <paramref name="payload"/> and waits for the whole answer, at most <paramref name="timeout"/>. Errors:
        /// AmoHookConnectionFailed (ConnectionError) when nothing answers or the connection breaks (a reset),
        /// AmoHookResponseInvalid (InvalidResult) when the answer is not whole, valid HTTP (a body shorter than its
        /// Content-Length, a bad chunk, a garbled status line), AmoHookTimeout (OperationTimeout). Any HTTP status is a
        /// result, not an error. Redirects are not followed; loopback receivers are reached without a proxy.
        /// </summary>
        public static async Task<AmoHookResult> SendAsync(Uri uri, AmoHookPayload payload, TimeSpan timeout, CancellationToken cancel)
        {
            AmoHookResult result = await SendAsync(uri, "POST", new[] { new KeyValuePair<string, string>("Content-Type", payload.SentContentType) }, payload.Body, payload.Kind, payload.ShownBody, timeout, cancel).ConfigureAwait(false);
            result.Claims = payload.Claims;
            result.Fields = payload.Fields;
            return result;
        }

        /// <summary>
        /// Sends <paramref name="method"/> with <paramref name="headers"/> (the connection's own, such as Host and
        /// Content-Length, are left to the new connection) and <paramref name="body"/> (none when null), as
        /// <see cref="SendAsync(Uri, AmoHookPayload, TimeSpan, CancellationToken)"/> does: the same errors, the same result.
        /// </summary>
        public static async Task<AmoHookResult> SendAsync(Uri uri, string method, IEnumerable<KeyValuePair<string, string>> headers, byte[]? body, string kind, string shownBody, TimeSpan timeout, CancellationToken cancel)
        {
            using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseProxy = !uri.IsLoopback };
            using var client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            using var request = new HttpRequestMessage(new HttpMethod(method), uri);
            if (body != null)
            {
                request.Content = new ByteArrayContent(body);
            }

            string contentType = string.Empty;
            foreach (KeyValuePair<string, string> header in headers)
            {
                if (AmoHookRecording.IsHopHeader(header.Key))
                {
                    continue;
                }

                if (header.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = header.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) ? header.Value : contentType;
                    request.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
                else
                {
                    request.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            request.Headers.ExpectContinue = false;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            limit.CancelAfter(timeout);
            var clock = Stopwatch.StartNew();
            int? status = null;
            try
            {
                using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                string text = await ReadText(response, limit.Token).ConfigureAwait(false);
                clock.Stop();
                return new AmoHookResult(kind, uri, method, contentType, shownBody)
                {
                    StatusCode = (int)response.StatusCode,
                    ElapsedMs = clock.ElapsedMilliseconds,
                    Response = text,
                    ResponseContentType = response.Content.Headers.ContentType?.ToString(),
                };
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw new AmoException(ErrorIds.AmoHookTimeout, AmoErrorKind.OperationTimeout, $"{uri} did not answer within {timeout.TotalSeconds:0} s.", uri);
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is IOException || ex is WebException || ex is SocketException || ex is ObjectDisposedException)
            {
                // A read cut short by the time limit or by Ctrl+C can surface as an I/O error rather than a cancellation.
                cancel.ThrowIfCancellationRequested();
                if (limit.IsCancellationRequested)
                {
                    throw new AmoException(ErrorIds.AmoHookTimeout, AmoErrorKind.OperationTimeout, $"{uri} did not answer within {timeout.TotalSeconds:0} s.", uri);
                }

                throw Broken(uri, status, ex);
            }
        }

        /// <summary>
        /// What a failed exchange was: the connection (refused, unreachable, reset: a SocketException at the bottom, or
        /// no answer at all) or the answer (HTTP the client could not read: a short body, a bad chunk, a bad status line).
        /// </summary>
        private static AmoException Broken(Uri uri, int? status, Exception ex)
        {
            Exception inner = Innermost(ex);
            bool connection = inner is SocketException
                || (inner is WebException web && web.Status != WebExceptionStatus.ServerProtocolViolation)
                || (status == null && inner is not IOException);
            string answered = status == null ? string.Empty : $" after answering {status}";
            return connection
                ? new AmoException(ErrorIds.AmoHookConnectionFailed, AmoErrorKind.ConnectionError,
                    status == null ? $"Cannot reach {uri}: {inner.Message}" : $"The connection to {uri} broke{answered}: {inner.Message}", uri, ex)
                : new AmoException(ErrorIds.AmoHookResponseInvalid, AmoErrorKind.ProtocolError,
                    $"{uri} sent an answer that is not valid HTTP{answered}: {inner.Message}", uri, ex)
                {
                    RecommendedAction = "The receiver must send a whole HTTP/1.1 answer: a body exactly as long as its Content-Length, or well-formed chunks ending with a zero-size chunk.",
                };
        }

        private static async Task<string> ReadText(HttpResponseMessage response, CancellationToken cancel)
        {
            using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var kept = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer, 0, buffer.Length, cancel).ConfigureAwait(false)) > 0)
            {
                // The rest is read and dropped, so the time measured is the whole answer's and memory stays bounded.
                if (kept.Length < MaxResponseChars * 4)
                {
                    kept.Write(buffer, 0, read);
                }
            }

            string text = Encoding.UTF8.GetString(kept.ToArray());
            return text.Length > MaxResponseChars ? text.Substring(0, MaxResponseChars) : text;
        }

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null)
            {
                ex = ex.InnerException;
            }

            return ex;
        }
    }
}
