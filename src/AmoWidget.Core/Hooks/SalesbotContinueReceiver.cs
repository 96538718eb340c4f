using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using AmoWidget.DevLoop;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using AmoWidget.Http;

namespace AmoWidget.Hooks
{
    /// <summary>
    /// A loopback stand-in for the account's continue endpoint (POST /api/v4/salesbot/{bot_id}/continue/{continue_id},
    /// https://www.amocrm.ru/developers/content/crm_platform/widgets-api): it takes the first POST to the continue path,
    /// checks it, and answers as amoCRM documents (202 accepted, 400 bad data, 401 no token; no body). Any other
    /// request (another path: 404; another method: 405) is answered and noted in <see cref="Ignored"/>, never taken for
    /// the continue call: a browser's or a scanner's stray GET / must not end the wait. A continue call whose body
    /// passes <see cref="MaxBody"/> is taken as such (<see cref="AmoSalesbotContinue.TooLarge"/>) and answered 413.
    /// </summary>
    public sealed class SalesbotContinueReceiver : IDisposable
    {
        /// <summary>execute_handlers limits (https://developers.kommo.com/reference/salesbot-widget-block-execution-confirmation).</summary>
        public const int MaxHandlers = 10;
        public const int MaxShowText = 80;
        public const int MaxButtons = 25;

        /// <summary>The most of a continue call's body read: 1 MB, far above any data a bot step is given.</summary>
        public const int MaxBody = 1024 * 1024;

        /// <summary>How many ignored requests are noted.</summary>
        private const int MaxIgnored = 10;

        private readonly LoopbackHttpServer _http;
        private readonly string _path;
        private readonly ManualResetEventSlim _arrived = new ManualResetEventSlim(false);
        private readonly ConcurrentQueue<string> _ignored = new ConcurrentQueue<string>();
        private AmoSalesbotContinue? _call;

        private SalesbotContinueReceiver(string path, int port)
        {
            _path = path;
            _http = LoopbackHttpServer.Start(port, Answer, MaxBody, TooLarge);
            BaseUri = new Uri("http://127.0.0.1:" + _http.Port + "/");
        }

        /// <summary>http://127.0.0.1:&lt;port&gt;/, the base of the return_url.</summary>
        public Uri BaseUri { get; }

        /// <summary>Listens on a free loopback port for a continue call to <paramref name="continuePath"/>.</summary>
        public static SalesbotContinueReceiver Start(string continuePath) => new SalesbotContinueReceiver(continuePath, 0);

        /// <summary>The first continue call, or null when none came within <paramref name="timeout"/>.</summary>
        public AmoSalesbotContinue? Wait(TimeSpan timeout, CancellationToken cancel)
        {
            try
            {
                return _arrived.Wait(timeout, cancel) ? _call : null;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        /// <summary>The requests answered but not taken for the continue call ("GET / (404)"), the first ten.</summary>
        public IReadOnlyList<string> Ignored => _ignored.ToArray();

        public void Dispose()
        {
            _http.Stop();
            _arrived.Dispose();
        }

        private LoopbackResponse Answer(LoopbackRequest request)
        {
            LoopbackResponse? refused = Refuse(request);
            if (refused != null)
            {
                return refused;
            }

            AmoSalesbotContinue call = Check(request, _path);
            Take(call);
            string reason = call.AnsweredStatus switch { 202 => "Accepted", 401 => "Unauthorized", 404 => "Not Found", _ => "Bad Request" };
            return new LoopbackResponse(call.AnsweredStatus, reason);
        }

        /// <summary>A continue call too large to read: taken, with what is known of it (no body), and answered 413.</summary>
        private LoopbackResponse TooLarge(LoopbackRequest head, string why)
        {
            LoopbackResponse? refused = Refuse(head);
            if (refused != null)
            {
                return refused;
            }

            string? authorization = head.Header("Authorization");
            bool bearer = authorization != null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7;
            var problem = $"The body is too large: {why} The call was not read; amoCRM takes a continue call's data to later steps, so keep it small.";
            Take(new AmoSalesbotContinue(head.Method, head.RawPath, head.Header("Content-Type"), bearer, string.Empty, Array.Empty<string>(), new[] { problem }, 413) { TooLarge = true });
            return new LoopbackResponse(413, "Payload Too Large");
        }

        /// <summary>404 for another path, 405 for another method than POST, noted in <see cref="Ignored"/>; null for a continue call.</summary>
        private LoopbackResponse? Refuse(LoopbackRequest request)
        {
            LoopbackResponse? refused = request.RawPath != _path ? new LoopbackResponse(404, "Not Found")
                : request.Method != "POST" ? new LoopbackResponse(405, "Method Not Allowed").With("Allow", "POST")
                : null;
            if (refused != null && _ignored.Count < MaxIgnored)
            {
                _ignored.Enqueue($"{Printable(request.Method)} {Printable(request.RawPath)} ({refused.Status})");
            }

            return refused;
        }

        private void Take(AmoSalesbotContinue call)
        {
            lock (_arrived)
            {
                if (!_arrived.IsSet)
                {
                    _call = call;
                    _arrived.Set();
                }
            }
        }

        /// <summary>At most 100 characters of a request's text, control characters as '?', for a message.</summary>
        private static string Printable(string text)
        {
            var shown = new StringBuilder(Math.Min(text.Length, 100));
            foreach (char c in text.Length > 100 ? text.Substring(0, 100) : text)
            {
                shown.Append(char.IsControl(c) ? '?' : c);
            }

            return text.Length > 100 ? shown.Append('…').ToString() : shown.ToString();
        }

        /// <summary>Checks one continue call against the documented contract (<see cref="AmoSalesbotContinue"/>); the Authorization value is never kept.</summary>
        internal static AmoSalesbotContinue Check(LoopbackRequest request, string expectedPath)
        {
            var problems = new List<string>();
            var handlers = new List<string>();
            string body = Encoding.UTF8.GetString(request.Body);
            string? contentType = request.Header("Content-Type");
            string? authorization = request.Header("Authorization");
            bool bearer = authorization != null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7;
            int status = 202;

            if (request.Method != "POST")
            {
                problems.Add($"The method is {request.Method}; the continue call is a POST.");
                status = 400;
            }

            if (request.RawPath != expectedPath)
            {
                problems.Add($"The path is {request.RawPath}; the return_url's is {expectedPath}.");
                status = 404;
            }

            if (!bearer)
            {
                problems.Add("No 'Authorization: Bearer <access token>' header; the call needs the account's access token.");
                status = status == 202 ? 401 : status;
            }

            if (contentType == null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"Content-Type is {contentType ?? "missing"}; the call sends application/json.");
                status = status == 202 ? 400 : status;
            }

            JObject? json = null;
            try
            {
                json = JToken.Parse(body) as JObject;
            }
            catch (JsonException)
            {
            }

            if (json == null)
            {
                problems.Add("The body is not a JSON object.");
            }
            else
            {
                if (json["data"] is not JObject)
                {
                    problems.Add(json["data"] == null ? "data is missing; it is the object later steps read as {{json.<key>}}." : "data is not an object.");
                }

                CheckHandlers(json["execute_handlers"], handlers, problems);
            }

            if (status == 202 && problems.Count > 0)
            {
                status = 400;
            }

            return new AmoSalesbotContinue(request.Method, request.RawPath, contentType, bearer, body, handlers, problems, status);
        }

        private static void CheckHandlers(JToken? token, List<string> handlers, List<string> problems)
        {
            if (token == null)
            {
                return;
            }

            if (token is not JArray list)
            {
                problems.Add("execute_handlers is not an array.");
                return;
            }

            if (list.Count > MaxHandlers)
            {
                problems.Add($"execute_handlers has {list.Count} handlers; at most {MaxHandlers} are run.");
            }

            for (int i = 0; i < list.Count; i++)
            {
                var handler = list[i] as JObject;
                string? name = handler?["handler"]?.Type == JTokenType.String ? (string?)handler["handler"] : null;
                handlers.Add(name ?? "?");
                var parameters = handler?["params"] as JObject;
                if (name == "show")
                {
                    JToken? value = parameters?["value"];
                    string text = value?.Type == JTokenType.String ? (string)value! : value?.ToString(Formatting.None) ?? string.Empty;
                    if (text.Length > MaxShowText)
                    {
                        problems.Add($"execute_handlers[{i}] show text has {text.Length} characters; at most {MaxShowText} (a longer text fails the whole call with 400: put it in data and show {{{{json.<key>}}}}).");
                    }

                    if (parameters?["buttons"] is JArray buttons && buttons.Count > MaxButtons)
                    {
                        problems.Add($"execute_handlers[{i}] show has {buttons.Count} buttons; at most {MaxButtons}.");
                    }
                }
                else if (name == "goto")
                {
                    string? type = parameters?["type"]?.Type == JTokenType.String ? (string?)parameters["type"] : null;
                    if (type != "question" && type != "answer" && type != "finish")
                    {
                        problems.Add($"execute_handlers[{i}] goto params.type is {(type ?? "missing")}; it is question, answer or finish.");
                    }

                    if (parameters?["step"]?.Type != JTokenType.Integer)
                    {
                        problems.Add($"execute_handlers[{i}] goto params.step is not an integer.");
                    }
                }
                else
                {
                    problems.Add($"execute_handlers[{i}] is '{name ?? handler?.ToString(Formatting.None) ?? "null"}'; only show and goto may be executed.");
                }
            }
        }
    }
}
