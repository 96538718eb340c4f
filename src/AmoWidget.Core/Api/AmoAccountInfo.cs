using System;

namespace AmoWidget
{
    /// <summary>The account behind a connection (GET /api/v4/account).</summary>
    public sealed class AmoAccountInfo
    {
        public long Id { get; init; }

        public string? Name { get; init; }

        public string? Subdomain { get; init; }

        public long? CurrentUserId { get; init; }

        public string? Country { get; init; }

        public string? Currency { get; init; }

        public string? CustomersMode { get; init; }

        public bool? IsUnsortedOn { get; init; }

        public bool? IsTechnicalAccount { get; init; }

        /// <summary>The API base the account was read from.</summary>
        public Uri? BaseUri { get; init; }

        public override string ToString() => Printable.Escape(Name ?? Subdomain ?? Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
