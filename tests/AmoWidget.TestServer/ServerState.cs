using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;

namespace AmoWidget.TestServer
{
    /// <summary>How the server treats a refresh token after it was exchanged.</summary>
    public enum RefreshTokenReuse
    {
        /// <summary>amoCRM's documented rule: a refresh token works once; using it again gives 401 "Token has been revoked".</summary>
        Strict,

        /// <summary>Kommo's documented rule: the old refresh token keeps working until the new pair is used.</summary>
        UntilSuccessorUsed,
    }

    /// <summary>How the server counts requests against its rate (each answers 429 beyond it).</summary>
    public enum LimiterModel
    {
        /// <summary>A bucket as deep as the rate, refilled continuously: bursts up to the depth, then the rate.</summary>
        TokenBucket,

        /// <summary>The last second (any second, not aligned): the (n+1)th request inside any window of n/rate s gets 429.</summary>
        SlidingWindow,

        /// <summary>Windows aligned to the wall clock's seconds: at most n requests in each [k, k+1) second.</summary>
        FixedWindow,
    }

    /// <summary>Settings of one server instance.</summary>
    public sealed class TestServerOptions
    {
        public int Port { get; set; }

        /// <summary>The long-lived token the server accepts; random when null.</summary>
        public string? AccessToken { get; set; }

        /// <summary>Requests a second the server admits before answering 429; 0 for no limit.</summary>
        public double RateLimit { get; set; } = 7;

        /// <summary>How <see cref="RateLimit"/> is counted; with n = floor(rate) requests per window of n/rate seconds.</summary>
        public LimiterModel Limiter { get; set; } = LimiterModel.TokenBucket;

        /// <summary>After this many 429s the IP is blocked: every request gets a 403 nginx page until reset; 0 never blocks.</summary>
        public int BlockAfter { get; set; }

        /// <summary>
        /// A second loopback address (e.g. 127.0.0.2) the server also answers on, on the same port: where the account
        /// lives after POST /_test/move-account. Null: no move possible.
        /// </summary>
        public string? MoveHost { get; set; }

        /// <summary>How many generated widgets the catalogue holds besides the documented ones and the README's "a" and "b" (300 in all by default).</summary>
        public int GeneratedWidgets { get; set; } = 295;

        public RefreshTokenReuse RefreshTokenReuse { get; set; } = RefreshTokenReuse.Strict;

        public string ClientId { get; set; } = "amowidget-test-client";

        public string ClientSecret { get; set; } = "amowidget-test-secret";

        public string RedirectUri { get; set; } = "https://example.com/oauth";

        /// <summary>expires_in of the OAuth access tokens the server issues.</summary>
        public int AccessTokenLifetimeSeconds { get; set; } = 86400;
    }

    /// <summary>Request counters, readable from tests and from GET /_test/stats.</summary>
    public sealed class ServerStats
    {
        public int Requests { get; set; }

        public int RateLimited { get; set; }

        public int InjectedFaults { get; set; }

        public int Unauthorized { get; set; }

        public int InstallPosts { get; set; }

        public int Deletes { get; set; }

        public int TokenExchanges { get; set; }

        public int RevokedTokenReuses { get; set; }

        public Dictionary<string, int> ByRoute { get; set; } = new Dictionary<string, int>();

        /// <summary>Every 429 the server sent, whether from its limiter or an injected fault.</summary>
        public int TooManyRequestsSent { get; set; }

        /// <summary>403 pages sent while the IP was blocked.</summary>
        public int BlockedAnswers { get; set; }

        /// <summary>Subdomain lookups answered (GET /oauth2/account/current/subdomain).</summary>
        public int SubdomainLookups { get; set; }

        /// <summary>Requests to /_test/landing: a client that followed a Redirect fault.</summary>
        public int Landings { get; set; }

        /// <summary>Requests to /_test/landing that carried an Authorization header (a token sent where a redirect pointed).</summary>
        public int LandingsWithAuthorization { get; set; }

        /// <summary>When the first request since the last reset arrived (wall clock, UTC).</summary>
        public DateTimeOffset? FirstRequestAt { get; set; }

        /// <summary>When the last request arrived (wall clock, UTC).</summary>
        public DateTimeOffset? LastRequestAt { get; set; }
    }

    /// <summary>The server's data and bookkeeping. Every member locks <see cref="Gate"/>: requests arrive in parallel.</summary>
    public sealed class ServerState
    {
        internal readonly object Gate = new object();
        private readonly List<Fault> _faults = new List<Fault>();
        private readonly Dictionary<string, RefreshRecord> _refreshTokens = new Dictionary<string, RefreshRecord>(StringComparer.Ordinal);
        private readonly Dictionary<string, AccessRecord> _accessTokens = new Dictionary<string, AccessRecord>(StringComparer.Ordinal);
        private readonly HashSet<string> _codes = new HashSet<string>(StringComparer.Ordinal);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
        private readonly Queue<double> _admitted = new Queue<double>();
        private double _bucket;
        private double _bucketAt;
        private long _fixedWindow = -1;
        private int _fixedCount;

        public ServerState(TestServerOptions options)
        {
            Options = options;
            AccessToken = options.AccessToken ?? NewToken("llt");
            _bucket = Math.Max(1, Math.Floor(options.RateLimit));
            Widgets = TestData.Widgets(options.GeneratedWidgets);
        }

        public TestServerOptions Options { get; }

        public string AccessToken { get; }

        public ServerStats Stats { get; private set; } = new ServerStats();

        /// <summary>True once <see cref="TestServerOptions.BlockAfter"/> 429s were sent: every request gets 403 HTML.</summary>
        public bool IsBlocked { get; private set; }

        /// <summary>The host (without port) the account's API answers on; api_domain of the tokens it issues.</summary>
        public string AccountHost { get; internal set; } = "127.0.0.1";

        /// <summary>The host the account moved away from, or null.</summary>
        public string? MovedFromHost { get; private set; }

        public string AccountSubdomain { get; private set; } = "example";

        internal List<TestWidget> Widgets { get; }

        public void AddFault(Fault fault)
        {
            lock (Gate)
            {
                _faults.Add(fault);
            }
        }

        public void ClearFaults()
        {
            lock (Gate)
            {
                _faults.Clear();
            }
        }

        public ServerStats Snapshot()
        {
            lock (Gate)
            {
                return new ServerStats
                {
                    Requests = Stats.Requests,
                    RateLimited = Stats.RateLimited,
                    InjectedFaults = Stats.InjectedFaults,
                    Unauthorized = Stats.Unauthorized,
                    InstallPosts = Stats.InstallPosts,
                    Deletes = Stats.Deletes,
                    TokenExchanges = Stats.TokenExchanges,
                    RevokedTokenReuses = Stats.RevokedTokenReuses,
                    TooManyRequestsSent = Stats.TooManyRequestsSent,
                    BlockedAnswers = Stats.BlockedAnswers,
                    SubdomainLookups = Stats.SubdomainLookups,
                    Landings = Stats.Landings,
                    LandingsWithAuthorization = Stats.LandingsWithAuthorization,
                    FirstRequestAt = Stats.FirstRequestAt,
                    LastRequestAt = Stats.LastRequestAt,
                    ByRoute = new Dictionary<string, int>(Stats.ByRoute),
                };
            }
        }

        /// <summary>New counters; the limiter starts empty (a full bucket) and a blocked IP is unblocked.</summary>
        public void ResetStats()
        {
            lock (Gate)
            {
                Stats = new ServerStats();
                IsBlocked = false;
                _admitted.Clear();
                _bucket = Math.Max(1, Math.Floor(Options.RateLimit));
                _bucketAt = _clock.Elapsed.TotalSeconds;
                _fixedWindow = -1;
            }
        }

        /// <summary>Changes the limiter (model, rate, block threshold) and starts it empty.</summary>
        public void SetLimiter(LimiterModel model, double rate, int blockAfter)
        {
            lock (Gate)
            {
                Options.Limiter = model;
                Options.RateLimit = rate;
                Options.BlockAfter = blockAfter;
                ResetStats();
            }
        }

        /// <summary>
        /// The account moves to <see cref="TestServerOptions.MoveHost"/> under a new subdomain: its old host then answers
        /// API calls 401 and the token endpoint 404 "Account not found", as amoCRM does for a moved account.
        /// </summary>
        public bool MoveAccount(string subdomain)
        {
            lock (Gate)
            {
                if (Options.MoveHost == null || MovedFromHost != null)
                {
                    return false;
                }

                MovedFromHost = AccountHost;
                AccountHost = Options.MoveHost;
                AccountSubdomain = subdomain;
                return true;
            }
        }

        /// <summary>The answer of GET /oauth2/account/current/subdomain: the account's address for an active refresh token.</summary>
        internal (int Status, string Body) LookUpSubdomain(string? refreshToken)
        {
            lock (Gate)
            {
                if (refreshToken == null || !_refreshTokens.TryGetValue(refreshToken, out RefreshRecord? r) || r.Revoked)
                {
                    return (401, TestData.Problem(401, "Unauthorized", "Invalid refresh token"));
                }

                Stats.SubdomainLookups++;
                return (200, TestData.AccountDomain(AccountSubdomain, AccountHost));
            }
        }

        /// <summary>Makes a code that POST /oauth2/access_token exchanges once (amoCRM's codes live 20 minutes; these until used).</summary>
        public string IssueAuthorizationCode()
        {
            lock (Gate)
            {
                string code = NewToken("code");
                _codes.Add(code);
                return code;
            }
        }

        /// <summary>Issues a pair as if an authorization code had been exchanged, for tests that start from a token cache.</summary>
        public (string AccessToken, string RefreshToken) IssueTokenPair()
        {
            lock (Gate)
            {
                return NewPair(null);
            }
        }

        /// <summary>Every OAuth access token issued so far stops working (the long-lived one stays valid).</summary>
        public void ExpireAccessTokens()
        {
            lock (Gate)
            {
                foreach (AccessRecord a in _accessTokens.Values)
                {
                    a.Expired = true;
                }
            }
        }

        public bool IsRefreshTokenUsable(string refreshToken)
        {
            lock (Gate)
            {
                return _refreshTokens.TryGetValue(refreshToken, out RefreshRecord? r) && !r.Revoked;
            }
        }

        internal void Count(string route)
        {
            lock (Gate)
            {
                DateTimeOffset now = _startedAt + _clock.Elapsed;
                Stats.FirstRequestAt ??= now;
                Stats.LastRequestAt = now;
                Stats.Requests++;
                Stats.ByRoute[route] = Stats.ByRoute.TryGetValue(route, out int n) ? n + 1 : 1;
            }
        }

        internal void CountSent429()
        {
            lock (Gate)
            {
                Stats.TooManyRequestsSent++;
                if (Options.BlockAfter > 0 && Stats.TooManyRequestsSent >= Options.BlockAfter)
                {
                    IsBlocked = true;
                }
            }
        }

        internal void CountBlocked()
        {
            lock (Gate)
            {
                Stats.BlockedAnswers++;
            }
        }

        /// <summary>
        /// Whether the limiter admits a request arriving now; only admitted requests count against later ones. With
        /// n = floor(rate) (at least 1) and a window of n / rate seconds: a token bucket n deep refilled at the rate, the
        /// window before every arrival, or the wall clock's windows.
        /// </summary>
        internal bool TryAdmit()
        {
            lock (Gate)
            {
                double rate = Options.RateLimit;
                if (rate <= 0)
                {
                    return true;
                }

                int depth = Math.Max(1, (int)Math.Floor(rate + 1e-9));
                double window = depth / rate;
                double now = _clock.Elapsed.TotalSeconds;
                bool admitted;
                switch (Options.Limiter)
                {
                    case LimiterModel.SlidingWindow:
                        while (_admitted.Count > 0 && _admitted.Peek() <= now - window)
                        {
                            _admitted.Dequeue();
                        }

                        admitted = _admitted.Count < depth;
                        if (admitted)
                        {
                            _admitted.Enqueue(now);
                        }

                        break;
                    case LimiterModel.FixedWindow:
                        long index = (long)Math.Floor((_startedAt + _clock.Elapsed).ToUnixTimeMilliseconds() / 1000.0 / window);
                        if (index != _fixedWindow)
                        {
                            _fixedWindow = index;
                            _fixedCount = 0;
                        }

                        admitted = _fixedCount < depth;
                        if (admitted)
                        {
                            _fixedCount++;
                        }

                        break;
                    default:
                        _bucket = Math.Min(depth, _bucket + (now - _bucketAt) * rate);
                        _bucketAt = now;
                        admitted = _bucket >= 1;
                        if (admitted)
                        {
                            _bucket -= 1;
                        }

                        break;
                }

                if (!admitted)
                {
                    Stats.RateLimited++;
                }

                return admitted;
            }
        }

        internal Fault? TakeFault(string method, string path)
        {
            lock (Gate)
            {
                Fault? fault = _faults.FirstOrDefault(f => f.Times > 0
                    && (f.Method == null || string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase))
                    && (f.PathPrefix == null || path.StartsWith(f.PathPrefix, StringComparison.OrdinalIgnoreCase)));
                if (fault != null)
                {
                    fault.Times--;
                    Stats.InjectedFaults++;
                }

                return fault;
            }
        }

        internal bool IsAuthorized(string? token)
        {
            lock (Gate)
            {
                if (token != null && token == AccessToken)
                {
                    return true;
                }

                if (token != null && _accessTokens.TryGetValue(token, out AccessRecord? access) && !access.Expired && !access.Revoked)
                {
                    // Kommo's rule: the first use of a new pair retires the refresh token it replaced.
                    if (access.Predecessor != null)
                    {
                        access.Predecessor.Revoked = true;
                        access.Predecessor = null;
                    }

                    return true;
                }

                Stats.Unauthorized++;
                return false;
            }
        }

        internal void CountInstall()
        {
            lock (Gate)
            {
                Stats.InstallPosts++;
            }
        }

        internal void CountLanding(bool withAuthorization)
        {
            lock (Gate)
            {
                Stats.Landings++;
                if (withAuthorization)
                {
                    Stats.LandingsWithAuthorization++;
                }
            }
        }

        internal void CountDelete()
        {
            lock (Gate)
            {
                Stats.Deletes++;
            }
        }

        /// <summary>The token endpoint's decision: a pair, or the error status and body to send.</summary>
        internal (int Status, string Body) Exchange(string? clientId, string? clientSecret, string? grantType, string? code, string? refreshToken, string? redirectUri)
        {
            lock (Gate)
            {
                if (clientId != Options.ClientId || clientSecret != Options.ClientSecret)
                {
                    return (401, TestData.OAuthProblem("Client authentication failed"));
                }

                if (redirectUri != Options.RedirectUri)
                {
                    return (400, TestData.OAuthProblem("Redirect URI mismatch", 400));
                }

                (string Access, string Refresh) pair;
                if (grantType == "authorization_code")
                {
                    if (code == null || !_codes.Remove(code))
                    {
                        return (400, TestData.OAuthProblem("Authorization code has been revoked", 400));
                    }

                    pair = NewPair(null);
                }
                else if (grantType == "refresh_token")
                {
                    if (refreshToken == null || !_refreshTokens.TryGetValue(refreshToken, out RefreshRecord? record))
                    {
                        return (401, TestData.OAuthProblem("Cannot decrypt the refresh token"));
                    }

                    if (record.Revoked)
                    {
                        Stats.RevokedTokenReuses++;
                        return (401, TestData.OAuthProblem("Token has been revoked"));
                    }

                    // Using a refresh token retires the token it replaced, and any pair it was already exchanged for.
                    if (record.Predecessor != null)
                    {
                        record.Predecessor.Revoked = true;
                        record.Predecessor = null;
                    }

                    if (record.Successor != null)
                    {
                        record.Successor.Revoked = true;
                        foreach (AccessRecord a in _accessTokens.Values.Where(a => a.Predecessor == record))
                        {
                            a.Revoked = true;
                        }
                    }

                    pair = NewPair(Options.RefreshTokenReuse == RefreshTokenReuse.Strict ? null : record);
                    record.Successor = _refreshTokens[pair.Refresh];
                    if (Options.RefreshTokenReuse == RefreshTokenReuse.Strict)
                    {
                        record.Revoked = true;
                    }
                }
                else
                {
                    return (400, TestData.OAuthProblem("Unsupported grant type", 400));
                }

                Stats.TokenExchanges++;
                return (200, TestData.TokenResponse(pair.Access, pair.Refresh, Options.AccessTokenLifetimeSeconds));
            }
        }

        private (string Access, string Refresh) NewPair(RefreshRecord? predecessor)
        {
            string access = TestData.AccessTokenJwt(Options.ClientId, AccountHost, DateTimeOffset.UtcNow.AddSeconds(Options.AccessTokenLifetimeSeconds), NewToken("jti"));
            string refresh = NewToken("rt");
            _accessTokens[access] = new AccessRecord { Predecessor = predecessor };
            _refreshTokens[refresh] = new RefreshRecord { Predecessor = predecessor };
            return (access, refresh);
        }

        internal static string NewToken(string prefix)
        {
            byte[] bytes = new byte[24];
            RandomNumberGenerator.Fill(bytes);
            return prefix + "_" + Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        }

        private sealed class RefreshRecord
        {
            public bool Revoked { get; set; }

            public RefreshRecord? Predecessor { get; set; }

            public RefreshRecord? Successor { get; set; }
        }

        private sealed class AccessRecord
        {
            public bool Expired { get; set; }

            public bool Revoked { get; set; }

            /// <summary>The refresh token this pair replaced, still valid until this pair is first used.</summary>
            public RefreshRecord? Predecessor { get; set; }
        }
    }
}
