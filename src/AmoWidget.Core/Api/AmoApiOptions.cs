using System;

namespace AmoWidget.Api
{
    /// <summary>Transport settings of one connection.</summary>
    internal sealed class AmoApiOptions
    {
        /// <summary>The documented limit is 7 requests a second (per IP); 0 turns the limiter off.</summary>
        public double RequestsPerSecond { get; set; } = 7;

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>How many times a request safe to repeat is sent again after 429, 502, 503, 504 or a dropped connection.</summary>
        public int MaximumRetryCount { get; set; } = 4;

        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(8);

        /// <summary>A Retry-After beyond this is not waited for: the 429 is reported, so a script does not hang for minutes.</summary>
        public TimeSpan MaximumRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

        public TimeSpan TokenLockTimeout { get; set; } = TimeSpan.FromSeconds(30);
    }
}
