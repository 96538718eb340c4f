using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Api
{
    /// <summary>
    /// OAuth 2.0 tokens of an amoCRM / Kommo integration. Refresh tokens are single-use and rotate, and several
    /// processes may share one cache file, so every exchange runs under the cache's cross-process lock:
    /// re-read the cache (another process may have refreshed already: use its pair), else exchange, save the new pair
    /// atomically, and only then use it. Kommo keeps an old refresh token valid until its successor is used, so a crash
    /// between the exchange and the save leaves a cache whose pair still works.
    /// </summary>
    /// <summary>Where the account's API is now, as the token source reads and moves it (the connection's client).</summary>
    internal interface IAccountAddress
    {
        Uri BaseUri { get; }

        /// <summary>The address the account moved away from while this connection followed it, or null.</summary>
        Uri? MovedFrom { get; }

        /// <summary>Moves the connection to <paramref name="to"/> when it is on the same platform, with a warning; false when it is not.</summary>
        bool FollowMove(Uri from, Uri to, string how);
    }

    internal sealed class OAuthTokenSource : ITokenSource
    {
        /// <summary>
        /// Test hook: milliseconds to wait after the token endpoint answered and before the pair is saved, so that a test
        /// can kill the process at the worst moment. Unset in normal use.
        /// </summary>
        internal const string SaveDelayVariable = "AMOWIDGET_TEST_TOKEN_SAVE_DELAY_MS";

        private static readonly TimeSpan ExpirySlack = TimeSpan.FromSeconds(60);

        private readonly SemaphoreSlim _local = new SemaphoreSlim(1, 1);
        private readonly string _clientId;
        private readonly Secret _clientSecret;
        private readonly string _redirectUri;
        private readonly string _cachePath;
        private readonly TimeSpan _lockTimeout;
        private TokenPair? _current;

        public OAuthTokenSource(string clientId, Secret clientSecret, string redirectUri, string cachePath, TimeSpan lockTimeout)
        {
            _clientId = clientId;
            _clientSecret = clientSecret;
            _redirectUri = redirectUri;
            _cachePath = Path.GetFullPath(cachePath);
            _lockTimeout = lockTimeout;
        }

        public string Kind => "OAuth";

        public bool CanRefresh => true;

        public string CachePath => _cachePath;

        /// <summary>
        /// Sends a token-endpoint request; set by the client that owns this source. The secret is the latest access
        /// token, whose api_domain claim names the host to ask when the account has moved (null when there is none).
        /// </summary>
        internal Func<JObject, Secret?, CancellationToken, Task<JToken>>? Exchange { get; set; }

        /// <summary>The connection's address, saved with each pair; set by the client that owns this source.</summary>
        internal IAccountAddress? Address { get; set; }

        private string LockPath => _cachePath + ".lock";

        /// <summary>Exchanges an authorization code; the new pair replaces whatever the cache held.</summary>
        public async Task AuthorizeAsync(Secret code, CancellationToken cancellationToken)
        {
            await WithLockAsync(async () =>
            {
                _current = await ExchangeAndSaveAsync("authorization_code", "code", code, cancellationToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Starts from the cache when it holds a pair (it is newer than any token the user typed, which may have been
        /// used up already); otherwise exchanges the given refresh token.
        /// </summary>
        public async Task StartAsync(Secret refreshToken, CancellationToken cancellationToken)
        {
            await WithLockAsync(async () =>
            {
                TokenPair? cached = TokenCache.Read(_cachePath);
                FollowRecordedMove(cached);
                _current = cached != null && !IsExpiring(cached)
                    ? cached
                    : await ExchangeAndSaveAsync("refresh_token", "refresh_token", cached?.RefreshToken ?? refreshToken, cancellationToken, cached?.AccessToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }

        public async Task<Secret> GetAccessTokenAsync(CancellationToken cancellationToken)
        {
            TokenPair? current = _current;
            if (current != null && !IsExpiring(current))
            {
                return current.AccessToken;
            }

            await RefreshUnderLockAsync(current?.AccessToken, cancellationToken).ConfigureAwait(false);
            return _current!.AccessToken;
        }

        public Task RefreshAsync(Secret rejected, CancellationToken cancellationToken) => RefreshUnderLockAsync(rejected, cancellationToken);

        public string ExplainRejection(Secret rejected) =>
            "The token was refused although it was just refreshed: the integration was disabled or its access revoked. Authorize again: Connect-AmoAccount -AuthorizationCode with a new code.";

        private async Task RefreshUnderLockAsync(Secret? rejected, CancellationToken cancellationToken)
        {
            await WithLockAsync(async () =>
            {
                TokenPair? cached = TokenCache.Read(_cachePath);
                if (cached != null && !cached.AccessToken.SameAs(rejected) && !IsExpiring(cached))
                {
                    _current = cached;
                    return;
                }

                Secret? refresh = cached?.RefreshToken ?? _current?.RefreshToken;
                if (refresh == null)
                {
                    throw new AmoException(ErrorIds.AmoTokenCacheInvalid, AmoErrorKind.InvalidData,
                        $"The token cache '{_cachePath}' holds no refresh token. Connect with -AuthorizationCode.", _cachePath);
                }

                _current = await ExchangeAndSaveAsync("refresh_token", "refresh_token", refresh, cancellationToken, cached?.AccessToken ?? _current?.AccessToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// A cache that recorded a move away from the address asked for points the connection at the new address at
        /// once, so later sessions do not spend a refresh finding it again. Any other address in the cache is left alone:
        /// the user's -Subdomain or -BaseUri wins.
        /// </summary>
        private void FollowRecordedMove(TokenPair? cached)
        {
            IAccountAddress? address = Address;
            if (address != null && cached?.BaseUri != null && cached.MovedFrom != null && cached.MovedFrom == address.BaseUri && cached.BaseUri != address.BaseUri)
            {
                address.FollowMove(address.BaseUri, cached.BaseUri, $"as the token cache '{_cachePath}' records");
            }
        }

        private async Task WithLockAsync(Func<Task> action, CancellationToken cancellationToken)
        {
            await _local.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                TokenCache.CheckPath(_cachePath);
                CreateFolder();
                using FileLock held = await FileLock.AcquireAsync(LockPath, _lockTimeout, cancellationToken).ConfigureAwait(false);
                await action().ConfigureAwait(false);
            }
            finally
            {
                _local.Release();
            }
        }

        private async Task<TokenPair> ExchangeAndSaveAsync(string grantType, string field, Secret grant, CancellationToken cancellationToken, Secret? latestAccessToken = null)
        {
            if (Exchange == null)
            {
                throw new InvalidOperationException("The token source is not attached to a client.");
            }

            var body = new JObject
            {
                ["client_id"] = _clientId,
                ["client_secret"] = _clientSecret.Reveal(),
                ["grant_type"] = grantType,
                [field] = grant.Reveal(),
                ["redirect_uri"] = _redirectUri,
            };
            JToken answer = await Exchange(body, latestAccessToken, cancellationToken).ConfigureAwait(false);
            string? access = ApiJson.String(answer, "access_token");
            string? refresh = ApiJson.String(answer, "refresh_token");
            if (string.IsNullOrEmpty(access) || string.IsNullOrEmpty(refresh))
            {
                throw new AmoException(ErrorIds.AmoApiResponseInvalid, AmoErrorKind.ProtocolError,
                    "The token endpoint answered without an access_token and refresh_token pair.", _cachePath);
            }

            long expiresIn = ApiJson.Long(answer, "expires_in") ?? 86400;
            var pair = new TokenPair(Secret.FromString(access!), Secret.FromString(refresh!), DateTimeOffset.UtcNow.AddSeconds(expiresIn), Address?.BaseUri, Address?.MovedFrom);

            string? delay = Environment.GetEnvironmentVariable(SaveDelayVariable);
            if (!string.IsNullOrEmpty(delay) && int.TryParse(delay, NumberStyles.Integer, CultureInfo.InvariantCulture, out int ms) && ms > 0)
            {
                await Task.Delay(ms, CancellationToken.None).ConfigureAwait(false);
            }

            // Saved before the caller sees the pair: a token that was never on disk is never sent.
            TokenCache.Write(_cachePath, pair);
            return pair;
        }

        private void CreateFolder()
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_cachePath) ?? ".");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new AmoException(ErrorIds.AmoTokenCacheWriteFailed, AmoErrorKind.WriteError,
                    $"The folder of the token cache '{_cachePath}' cannot be created: {ex.Message}", _cachePath, ex);
            }
        }

        private static bool IsExpiring(TokenPair pair) => pair.ExpiresAt - ExpirySlack <= DateTimeOffset.UtcNow;
    }
}
