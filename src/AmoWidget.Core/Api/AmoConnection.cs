using System;
using System.Collections.Concurrent;
using AmoWidget.Api;

namespace AmoWidget
{
    /// <summary>
    /// One signed-in account: its API base, how it authenticates and its transport settings. The token is never a
    /// property: it stays inside the connection's token source.
    /// </summary>
    public sealed class AmoConnection : IDisposable
    {
        internal AmoConnection(AmoApiClient client, AmoAccountPlatform? platform, string? tokenCachePath)
        {
            Client = client;
            Platform = platform;
            TokenCachePath = tokenCachePath;
            ConnectedAt = DateTimeOffset.Now;
        }

        /// <summary>The API base; after an OAuth account moved subdomain and the move was followed, the new address.</summary>
        public Uri BaseUri => Client.BaseUri;

        /// <summary>The account's subdomain (the first label of the host) for -Subdomain connections; null for -BaseUri ones.</summary>
        public string? Subdomain => Platform == null ? null : BaseUri.Host.Split('.')[0];

        public AmoAccountPlatform? Platform { get; }

        /// <summary>AccessToken (a long-lived token) or OAuth.</summary>
        public string Authentication => Client.Tokens.Kind;

        public string? TokenCachePath { get; }

        public long? AccountId => Account?.Id;

        public string? AccountName => Account?.Name;

        public AmoAccountInfo? Account { get; internal set; }

        public double RequestsPerSecond => Client.Options.RequestsPerSecond;

        public double TimeoutSec => Client.Options.Timeout.TotalSeconds;

        public int MaximumRetryCount => Client.Options.MaximumRetryCount;

        public DateTimeOffset ConnectedAt { get; }

        public bool IsConnected { get; private set; } = true;

        internal AmoApiClient Client { get; }

        /// <summary>Pipeline id to name, loaded once per connection (null: not visible to this user).</summary>
        internal ConcurrentDictionary<long, string?> PipelineNames { get; } = new ConcurrentDictionary<long, string?>();

        internal bool PipelinesLoaded { get; set; }

        /// <summary>Pipeline ids that answered 404: widgets bound to them have a broken binding.</summary>
        internal ConcurrentDictionary<long, bool> MissingPipelines { get; } = new ConcurrentDictionary<long, bool>();

        /// <summary>Widget codes of the account for tab completion, read once per connection.</summary>
        internal string[]? WidgetCodes { get; set; }

        internal AmoApiClient Use()
        {
            if (!IsConnected)
            {
                throw new AmoException(ErrorIds.AmoConnectionClosed, AmoErrorKind.InvalidOperation,
                    $"The connection to {BaseUri} was closed by Disconnect-AmoAccount; run Connect-AmoAccount again.", BaseUri);
            }

            return Client;
        }

        public void Dispose()
        {
            if (IsConnected)
            {
                IsConnected = false;
                Client.Dispose();
            }
        }

        public override string ToString() => $"{BaseUri} ({Authentication}{(AccountName == null ? string.Empty : ", " + AccountName)})";
    }
}
