using System;

namespace AmoWidget.Api
{
    /// <summary>Transport settings of one connection.</summary>
    internal sealed class AmoApiOptions
    {
        /// <summary>The documented limit is 7 requests a second (per IP); 0 turns this connection's limit off (sends are still counted, holds still kept).</summary>
        public double RequestsPerSecond { get; set; } = 7;

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>How many times a request safe to repeat is sent again after 429, 502, 503, 504 or a dropped connection.</summary>
        public int MaximumRetryCount { get; set; } = 4;

        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(8);

        /// <summary>
        /// A retry_after / Retry-After up to this is waited for (with progress; Ctrl+C stops it): the documented 429
        /// example asks for 300 s (https://developers.kommo.com/docs/http-codes). Beyond it the 429 is reported, so a
        /// script does not hang for hours.
        /// </summary>
        public TimeSpan MaximumRetryAfter { get; set; } = TimeSpan.FromMinutes(10);

        public TimeSpan TokenLockTimeout { get; set; } = TimeSpan.FromSeconds(30);
    }
}
