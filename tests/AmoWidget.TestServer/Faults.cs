namespace AmoWidget.TestServer
{
    /// <summary>What the server does instead of (or after) answering a request normally.</summary>
    public enum FaultKind
    {
        /// <summary>429 with the documented problem+json body (retry_after in the body, Retry-After header too).</summary>
        TooManyRequestsJson,

        /// <summary>429 as an nginx HTML page, the way amoCRM has been seen to send it.</summary>
        TooManyRequestsHtml,

        /// <summary>401 with the documented problem+json body, whatever the token.</summary>
        Unauthorized,

        /// <summary>403 as an nginx HTML page (an IP blocked for rate-limit violations).</summary>
        ForbiddenHtml,

        /// <summary>403 with a problem+json body: the user has no right for the method.</summary>
        ForbiddenJson,

        InternalServerError,
        BadGateway,
        ServiceUnavailable,
        GatewayTimeout,

        /// <summary>Waits <see cref="Fault.DelayMs"/> before answering normally.</summary>
        Slow,

        /// <summary>Closes the connection without an answer, before the request is handled.</summary>
        Drop,

        /// <summary>Handles the request (an install is done), then closes the connection without an answer.</summary>
        DropAfterHandling,

        /// <summary>Handles the request, then answers 502 as a proxy that lost the upstream's answer would.</summary>
        BadGatewayAfterHandling,

        /// <summary>Answers 200 with the first half of the JSON body (a well-formed HTTP message, a cut JSON text).</summary>
        TruncatedJson,

        /// <summary>
        /// Answers <see cref="Fault.Status"/> (301, 302, 303, 307, 308; 302 when unset) with <see cref="Fault.Location"/>
        /// and no body, as a login page redirect or a proxy may. GET /_test/landing records a client that follows.
        /// </summary>
        Redirect,
    }

    /// <summary>One injected fault: which requests it hits and how many times.</summary>
    public sealed class Fault
    {
        public FaultKind Kind { get; set; }

        /// <summary>GET, POST, DELETE...; null for any method.</summary>
        public string? Method { get; set; }

        /// <summary>The request path starts with this (e.g. /api/v4/widgets); null for any API or OAuth path.</summary>
        public string? PathPrefix { get; set; }

        /// <summary>How many matching requests it hits before it is used up.</summary>
        public int Times { get; set; } = 1;

        /// <summary>The Retry-After header in seconds for 429 and 503; null sends none.</summary>
        public int? RetryAfterHeader { get; set; }

        /// <summary>retry_after in the JSON 429 body; null leaves it out.</summary>
        public int? RetryAfterBody { get; set; } = 1;

        public int DelayMs { get; set; } = 2000;

        /// <summary>The status of a Redirect.</summary>
        public int? Status { get; set; }

        /// <summary>The Location header of a Redirect (absolute or relative); null sends none.</summary>
        public string? Location { get; set; }
    }
}
