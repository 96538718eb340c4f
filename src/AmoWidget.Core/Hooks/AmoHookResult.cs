using System;
using System.Collections.Generic;

namespace AmoWidget
{
    /// <summary>
    /// What a Send-Amo* simulator sent to a widget's back end and what came back. <see cref="Body"/> is the text sent,
    /// with the value of every secret (a SecureString setting, a <c>pass</c> setting) shown as <c>***</c>; the client
    /// secret never appears (the token it signs does: it is what the platform sends).
    /// </summary>
    public sealed class AmoHookResult
    {
        /// <summary>The answer budget: account webhooks and widget_request are documented as "answer within 2 s" (https://developers.kommo.com/docs/webhooks-general, https://www.amocrm.ru/developers/content/digital_pipeline/salesbot).</summary>
        public const int TimeLimitMs = 2000;

        public AmoHookResult(string kind, Uri uri, string method, string contentType, string body)
        {
            Kind = kind;
            Uri = uri;
            Method = method;
            ContentType = contentType;
            Body = body;
        }

        /// <summary>DpWebhook, SalesbotRequest or SmsRequest; for a replay, the recorded kind or Replay.</summary>
        public string Kind { get; }

        public Uri Uri { get; }

        public string Method { get; }

        public string ContentType { get; }

        /// <summary>The body sent, secrets masked.</summary>
        public string Body { get; }

        /// <summary>For a form body, its fields decoded, in the order sent (secrets masked); null for a JSON body.</summary>
        public System.Collections.Specialized.OrderedDictionary? Fields { get; internal set; }

        /// <summary>The HTTP status the receiver answered; null when no answer came.</summary>
        public int? StatusCode { get; init; }

        /// <summary><see cref="StatusCode"/> under the name of its column in the default table (6 characters, which leaves the URI room at 80 columns).</summary>
        public int? Status => StatusCode;

        /// <summary>Milliseconds from sending the request to the end of the answer.</summary>
        public long ElapsedMs { get; init; }

        /// <summary><see cref="ElapsedMs"/> under the name of its column in the default table.</summary>
        public long Ms => ElapsedMs;

        /// <summary>The answer's body as text (at most 64 KB of it).</summary>
        public string? Response { get; init; }

        public string? ResponseContentType { get; init; }

        /// <summary>True when the receiver answered 2xx within <see cref="TimeLimitMs"/>.</summary>
        public bool AnsweredInTime => StatusCode is int code && code >= 200 && code < 300 && ElapsedMs <= TimeLimitMs;

        /// <summary><see cref="AnsweredInTime"/> under the name of its column in the default table.</summary>
        public bool InTime => AnsweredInTime;

        /// <summary>The claims of the signed token sent (Salesbot, SMS), by name; null for the Digital Pipeline webhook, for which no signature is documented (https://www.amocrm.ru/developers/content/digital_pipeline/integrations).</summary>
        public IReadOnlyDictionary<string, object>? Claims { get; internal set; }

        /// <summary>Send-AmoSalesbotRequest -WaitForContinue: the continue call the back end made, checked against the documented contract; null otherwise.</summary>
        public AmoSalesbotContinue? Continue { get; internal set; }

        public override string ToString() => Printable.Escape($"{Method} {Uri} -> {(StatusCode?.ToString() ?? "no answer")} in {ElapsedMs} ms");
    }

    /// <summary>
    /// The continue call a back end made to the return_url of a simulated widget_request, checked against the
    /// documented contract (https://www.amocrm.ru/developers/content/crm_platform/widgets-api,
    /// https://developers.kommo.com/reference/salesbot-widget-block-execution-confirmation): POST,
    /// <c>Authorization: Bearer</c>, <c>Content-Type: application/json</c>, a JSON object body with a <c>data</c> object and optional
    /// <c>execute_handlers</c> (only <c>show</c> and <c>goto</c>, at most 10, <c>show</c> text at most 80 characters, at most
    /// 25 buttons, <c>goto.params</c> = {type: question|answer|finish, step: integer}).
    /// </summary>
    public sealed class AmoSalesbotContinue
    {
        public AmoSalesbotContinue(string method, string path, string? contentType, bool hasBearer, string body, IReadOnlyList<string> handlers, IReadOnlyList<string> problems, int answeredStatus)
        {
            Method = method;
            Path = path;
            ContentType = contentType;
            HasBearerToken = hasBearer;
            Body = body;
            Handlers = handlers;
            Problems = problems;
            AnsweredStatus = answeredStatus;
        }

        public string Method { get; }

        public string Path { get; }

        public string? ContentType { get; }

        /// <summary>Whether an <c>Authorization: Bearer …</c> header came (its value is never kept).</summary>
        public bool HasBearerToken { get; }

        /// <summary>The body the back end sent.</summary>
        public string Body { get; }

        /// <summary>The handler names of execute_handlers, in order.</summary>
        public IReadOnlyList<string> Handlers { get; }

        /// <summary>What breaks the documented contract; empty when the call is valid.</summary>
        public IReadOnlyList<string> Problems { get; }

        public bool Valid => Problems.Count == 0;

        /// <summary>The body passed what the receiver reads (<c>SalesbotContinueReceiver.MaxBody</c>): it was not read, <see cref="Body"/> is empty, the call was answered 413.</summary>
        public bool TooLarge { get; init; }

        /// <summary>What the receiver answered, as amoCRM would: 202 accepted, 400 bad data, 401 no token; 413 a body too large to read.</summary>
        public int AnsweredStatus { get; }

        public override string ToString() => Printable.Escape(Valid ? $"{Method} {Path}: valid" : $"{Method} {Path}: {string.Join("; ", Problems)}");
    }
}
