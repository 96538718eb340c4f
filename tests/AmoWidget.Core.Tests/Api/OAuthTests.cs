using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using AmoWidget.Api;
using AmoWidget.TestServer;
using Xunit;

namespace AmoWidget.Tests.Api
{
    /// <summary>OAuth against the loopback token endpoint: exchange, cache, refresh on 401, rotation, revocation.</summary>
    public sealed class OAuthTests : IAsyncLifetime
    {
        private AmoTestServer _server = null!;
        private TempDir _temp = null!;

        public async Task InitializeAsync()
        {
            _server = await AmoTestServer.StartAsync(new TestServerOptions { RateLimit = 0 });
            _temp = new TempDir();
        }

        public async Task DisposeAsync()
        {
            await _server.DisposeAsync();
            _temp.Dispose();
        }

        private string Cache => _temp.Combine("tokens.json");

        private Task<AmoConnection> ConnectAsync(string? code = null, string? refresh = null) => AmoAccountApi.ConnectAsync(new AmoConnectRequest
        {
            BaseUri = _server.BaseUri,
            ClientId = _server.State.Options.ClientId,
            ClientSecret = ApiClientTests.Secure(_server.State.Options.ClientSecret),
            RedirectUri = _server.State.Options.RedirectUri,
            AuthorizationCode = code == null ? null : ApiClientTests.Secure(code),
            RefreshToken = refresh == null ? null : ApiClientTests.Secure(refresh),
            TokenCachePath = Cache,
        }, CancellationToken.None);

        [Fact]
        public async Task ACodeIsExchangedAndThePairCachedForTheOwnerOnly()
        {
            using AmoConnection c = await ConnectAsync(code: _server.State.IssueAuthorizationCode());
            Assert.Equal("OAuth", c.Authentication);
            TokenPair cached = TokenCache.Read(Cache)!;
            Assert.True(_server.State.IsRefreshTokenUsable(cached.RefreshToken.Reveal()));
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Cache));
            }

            Assert.Empty(Directory.GetFiles(_temp.Path, "*.tmp"));
        }

        [Fact]
        public async Task A401RefreshesOnceAndSavesTheRotatedPair()
        {
            using AmoConnection c = await ConnectAsync(code: _server.State.IssueAuthorizationCode());
            string before = TokenCache.Read(Cache)!.RefreshToken.Reveal();
            _server.State.ExpireAccessTokens();
            await AmoAccountApi.GetAccountAsync(c, CancellationToken.None);
            string after = TokenCache.Read(Cache)!.RefreshToken.Reveal();
            Assert.NotEqual(before, after);
            Assert.False(_server.State.IsRefreshTokenUsable(before));
            Assert.Equal(2, _server.State.Snapshot().TokenExchanges);
        }

        [Fact]
        public async Task ARefreshThatStillFailsIsUnauthorizedAfterOneRefresh()
        {
            using AmoConnection c = await ConnectAsync(code: _server.State.IssueAuthorizationCode());
            _server.State.AddFault(new Fault { Kind = FaultKind.Unauthorized, PathPrefix = "/api/v4/account", Times = 5 });
            AmoException ex = await Assert.ThrowsAsync<AmoException>(() => AmoAccountApi.GetAccountAsync(c, CancellationToken.None));
            Assert.Equal(ErrorIds.AmoApiUnauthorized, ex.ErrorId);
            Assert.Equal(2, _server.State.Snapshot().TokenExchanges);
            Assert.Equal(2, _server.State.Snapshot().ByRoute["GET /api/v4/account"] - 1);
        }

        [Fact]
        public async Task ARedirectedTokenRequestIsAmoApiRedirectedAndNotFollowed()
        {
            _server.State.AddFault(new Fault { Kind = FaultKind.Redirect, Status = 307, Location = "/_test/landing", PathPrefix = "/oauth2/access_token" });
            AmoException ex = await Assert.ThrowsAsync<AmoException>(() => ConnectAsync(code: _server.State.IssueAuthorizationCode()));
            Assert.Equal(ErrorIds.AmoApiRedirected, ex.ErrorId);
            Assert.Contains("307 Temporary Redirect, redirected to " + _server.BaseUri + "_test/landing", ex.Message);
            Assert.Equal(0, _server.State.Snapshot().Landings);
            Assert.False(File.Exists(Cache));
        }

        [Fact]
        public async Task AReusedRefreshTokenIsTokenRevoked()
        {
            (string _, string refresh) = _server.State.IssueTokenPair();
            using (AmoConnection first = await ConnectAsync(refresh: refresh))
            {
            }

            File.Delete(Cache);
            AmoException ex = await Assert.ThrowsAsync<AmoException>(() => ConnectAsync(refresh: refresh));
            Assert.Equal(ErrorIds.AmoTokenRevoked, ex.ErrorId);
            Assert.Equal(AmoErrorKind.AuthenticationError, ex.Kind);
            Assert.DoesNotContain(refresh, ex.ToString());
        }

        [Fact]
        public async Task TheCacheIsPreferredOverAnOldRefreshToken()
        {
            (string _, string refresh) = _server.State.IssueTokenPair();
            using (await ConnectAsync(refresh: refresh))
            {
            }

            using AmoConnection again = await ConnectAsync(refresh: refresh);
            Assert.Equal(1, _server.State.Snapshot().TokenExchanges);
            Assert.Equal(0, _server.State.Snapshot().RevokedTokenReuses);
        }

        [Fact]
        public async Task AWrongClientSecretIsOAuthFailed()
        {
            AmoException ex = await Assert.ThrowsAsync<AmoException>(() => AmoAccountApi.ConnectAsync(new AmoConnectRequest
            {
                BaseUri = _server.BaseUri,
                ClientId = _server.State.Options.ClientId,
                ClientSecret = ApiClientTests.Secure("not-the-secret"),
                RedirectUri = _server.State.Options.RedirectUri,
                AuthorizationCode = ApiClientTests.Secure(_server.State.IssueAuthorizationCode()),
                TokenCachePath = Cache,
            }, CancellationToken.None));
            Assert.Equal(ErrorIds.AmoOAuthFailed, ex.ErrorId);
            Assert.DoesNotContain("not-the-secret", ex.ToString());
            Assert.False(File.Exists(Cache));
        }

        [Fact]
        public async Task AHeldLockTimesOutAsTokenCacheLocked()
        {
            Directory.CreateDirectory(_temp.Path);
            using var held = new FileStream(Cache + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            AmoException ex = await Assert.ThrowsAsync<AmoException>(() => FileLock.AcquireAsync(Cache + ".lock", TimeSpan.FromMilliseconds(300), CancellationToken.None));
            Assert.Equal(ErrorIds.AmoTokenCacheLocked, ex.ErrorId);
        }

        [Fact]
        public async Task AnUnwritableCacheIsTokenCacheWriteFailedAndNothingIsExchanged()
        {
            string blocker = _temp.Combine("not-a-folder");
            File.WriteAllText(blocker, "x");
            AmoException ex = await Assert.ThrowsAsync<AmoException>(() => AmoAccountApi.ConnectAsync(new AmoConnectRequest
            {
                BaseUri = _server.BaseUri,
                ClientId = _server.State.Options.ClientId,
                ClientSecret = ApiClientTests.Secure(_server.State.Options.ClientSecret),
                RedirectUri = _server.State.Options.RedirectUri,
                AuthorizationCode = ApiClientTests.Secure(_server.State.IssueAuthorizationCode()),
                TokenCachePath = Path.Combine(blocker, "tokens.json"),
            }, CancellationToken.None));
            Assert.Equal(ErrorIds.AmoTokenCacheWriteFailed, ex.ErrorId);
            Assert.Equal(AmoErrorKind.WriteError, ex.Kind);
            Assert.Equal(0, _server.State.Snapshot().TokenExchanges);
        }

        [Fact]
        public void ACorruptCacheIsTokenCacheInvalid()
        {
            File.WriteAllText(Cache, "{\"access_token\": ");
            Assert.Equal(ErrorIds.AmoTokenCacheInvalid, Assert.Throws<AmoException>(() => TokenCache.Read(Cache)).ErrorId);
        }
    }
}
