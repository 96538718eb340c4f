using System;
using System.Diagnostics;
using System.IO;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AmoWidget.Api;
using AmoWidget.TestServer;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AmoWidget.Tests.Api
{
    /// <summary>The core client against the real loopback server: transport, faults, paging and errors.</summary>
    public sealed class ApiClientTests : IAsyncLifetime
    {
        private AmoTestServer _server = null!;

        public async Task InitializeAsync() => _server = await AmoTestServer.StartAsync(new TestServerOptions { RateLimit = 0 });

        public async Task DisposeAsync() => await _server.DisposeAsync();

        internal static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (char c in text)
            {
                s.AppendChar(c);
            }

            return s;
        }

        private Task<AmoConnection> ConnectAsync(string? token = null, double rate = 0, int timeoutMs = 10000, int retries = 4) =>
            AmoAccountApi.ConnectAsync(new AmoConnectRequest
            {
                BaseUri = _server.BaseUri,
                AccessToken = Secure(token ?? _server.AccessToken),
                Options = new AmoApiOptions
                {
                    RequestsPerSecond = rate,
                    Timeout = TimeSpan.FromMilliseconds(timeoutMs),
                    MaximumRetryCount = retries,
                    RetryBaseDelay = TimeSpan.FromMilliseconds(50),
                },
            }, CancellationToken.None);

        private static async Task<AmoException> Fails(Func<Task> action, string errorId)
        {
            AmoException ex = await Assert.ThrowsAsync<AmoException>(action);
            Assert.Equal(errorId, ex.ErrorId);
            return ex;
        }

        [Fact]
        public async Task AWrongTokenIsUnauthorizedAndNeverInTheMessage()
        {
            AmoException ex = await Fails(() => ConnectAsync("wrong-token-value"), ErrorIds.AmoApiUnauthorized);
            Assert.Equal(AmoErrorKind.AuthenticationError, ex.Kind);
            Assert.DoesNotContain("wrong-token-value", ex.ToString());
            Assert.Equal(1, _server.State.Snapshot().Unauthorized);
        }

        [Fact]
        public async Task TheAccountIsReadOnConnect()
        {
            using AmoConnection c = await ConnectAsync();
            Assert.Equal(12345678, c.AccountId);
            Assert.Equal("example", c.AccountName);
            Assert.DoesNotContain(_server.AccessToken, c.ToString());
        }

        [Fact]
        public async Task WidgetListPagesThroughLinksNextWithLimit250()
        {
            using AmoConnection c = await ConnectAsync();
            string[] codes = await AmoAccountApi.GetWidgetCodesAsync(c, CancellationToken.None);
            Assert.Equal(300, codes.Length);
            Assert.Contains("amo_dropbox", codes);
            Assert.Equal(2, _server.State.Snapshot().ByRoute["GET /api/v4/widgets"]);
        }

        [Fact]
        public async Task PastTheLastPageIs204AndAnEmptyResult()
        {
            using AmoConnection c = await ConnectAsync();
            AmoApiClient.Page page = await c.Client.GetPageAsync("api/v4/widgets?limit=250&page=3", "widgets", CancellationToken.None);
            Assert.Empty(page.Items);
            Assert.Null(page.Next);
        }

        [Fact]
        public async Task LenientJsonKeepsRatingAsSentAndNullPipeline()
        {
            using AmoConnection c = await ConnectAsync();
            AmoWidgetInfo w = await AmoAccountApi.GetWidgetAsync(c, "amo_dropbox", CancellationToken.None);
            Assert.Equal("2,8", w.Rating);
            Assert.Null(w.PipelineId);
            Assert.Equal(742, w.Id);
            Assert.Equal("conf", Assert.Single(w.SettingsTemplate).Key);
        }

        [Theory]
        [InlineData(FaultKind.TooManyRequestsJson)]
        [InlineData(FaultKind.TooManyRequestsHtml)]
        [InlineData(FaultKind.BadGateway)]
        [InlineData(FaultKind.ServiceUnavailable)]
        [InlineData(FaultKind.GatewayTimeout)]
        [InlineData(FaultKind.Drop)]
        public async Task TransientFaultsOnAGetAreRetriedToSuccess(FaultKind kind)
        {
            using AmoConnection c = await ConnectAsync();
            _server.State.AddFault(new Fault { Kind = kind, PathPrefix = "/api/v4/widgets/", Times = 2, RetryAfterBody = 0 });
            AmoWidgetInfo w = await AmoAccountApi.GetWidgetAsync(c, "amo_mailchimp", CancellationToken.None);
            Assert.Equal("3,4", w.Rating);
            Assert.Equal(3, _server.State.Snapshot().ByRoute["GET /api/v4/widgets/{code}"]);
        }

        [Fact]
        public async Task RetryAfterHeaderIsHonoured()
        {
            using AmoConnection c = await ConnectAsync();
            _server.State.AddFault(new Fault { Kind = FaultKind.TooManyRequestsHtml, PathPrefix = "/api/v4/widgets/", RetryAfterHeader = 1 });
            var clock = Stopwatch.StartNew();
            await AmoAccountApi.GetWidgetAsync(c, "amo_mailchimp", CancellationToken.None);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), "waited " + clock.Elapsed);
        }

        [Fact]
        public async Task A429BeyondTheRetriesIsRateLimited()
        {
            using AmoConnection c = await ConnectAsync(retries: 1);
            _server.State.AddFault(new Fault { Kind = FaultKind.TooManyRequestsJson, PathPrefix = "/api/v4/widgets/", Times = 5, RetryAfterBody = 0 });
            AmoException ex = await Fails(() => AmoAccountApi.GetWidgetAsync(c, "amo_mailchimp", CancellationToken.None), ErrorIds.AmoApiRateLimited);
            Assert.Equal(AmoErrorKind.LimitsExceeded, ex.Kind);
        }

        [Fact]
        public async Task ARetryAfterOfHoursIsReportedNotWaited()
        {
            using AmoConnection c = await ConnectAsync();
            _server.State.AddFault(new Fault { Kind = FaultKind.TooManyRequestsJson, PathPrefix = "/api/v4/widgets/", RetryAfterBody = 3600 });
            var clock = Stopwatch.StartNew();
            AmoException ex = await Fails(() => AmoAccountApi.GetWidgetAsync(c, "amo_mailchimp", CancellationToken.None), ErrorIds.AmoApiRateLimited);
            Assert.Contains("3600 s", ex.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "took " + clock.Elapsed);
        }

        [Theory]
        [InlineData(FaultKind.ForbiddenHtml, ErrorIds.AmoApiBlocked, "per IP")]
        [InlineData(FaultKind.ForbiddenJson, ErrorIds.AmoApiForbidden, "no right")]
        public async Task A403PageIsABlockedIpAndAProblemJsonAMissingRight(FaultKind kind, string errorId, string says)
        {
            using AmoConnection c = await ConnectAsync();
            _server.State.AddFault(new Fault { Kind = kind, PathPrefix = "/api/v4/widgets/" });
            AmoException ex = await Fails(() => AmoAccountApi.GetWidgetAsync(c, "amo_mailchimp", CancellationToken.None), errorId);
            Assert.Equal(AmoErrorKind.PermissionDenied, ex.Kind);
            Assert.Contains("403 Forbidden", ex.Message);
            Assert.Contains(says, ex.Message);
        }

        [Theory]
        [InlineData(301, "/_test/landing?from=301")]
        [InlineData(302, "https://www.amocrm.ru/?auth=1")]
        [InlineData(303, "http://localhost:{port}/_test/landing?from=303")]
        [InlineData(307, "http://localhost:{port}/_test/landing?from=307")]
        [InlineData(308, "/_test/landing?from=308")]
        public async Task ARedirectIsAnErrorNeverFollowedNorRetried(int status, string location)
        {
            using AmoConnection c = await ConnectAsync();
            string sent = location.Replace("{port}", _server.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _server.State.AddFault(new Fault { Kind = FaultKind.Redirect, Status = status, Location = sent, PathPrefix = "/api/v4/widgets" });
            AmoException ex = await Fails(() => AmoAccountApi.GetWidgetCodesAsync(c, CancellationToken.None), ErrorIds.AmoApiRedirected);
            Assert.Equal(AmoErrorKind.ConnectionError, ex.Kind);
            Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ", ex.Message);
            Assert.Contains(sent.StartsWith("/", StringComparison.Ordinal) ? _server.BaseUri.GetLeftPart(UriPartial.Authority) + sent : sent, ex.Message);
            Assert.DoesNotContain(_server.AccessToken, ex.ToString());
            ServerStats stats = _server.State.Snapshot();
            Assert.Equal(0, stats.Landings);
            Assert.Equal(1, stats.ByRoute["GET /api/v4/widgets"]);
        }

        [Fact]
        public async Task A500IsNotRetried()
        {
            using AmoConnection c = await ConnectAsync();
            _server.State.AddFault(new Fault { Kind = FaultKind.InternalServerError, PathPrefix = "/api/v4/widgets/" });
            await Fails(() => AmoAccountApi.GetWidgetAsync(c, "amo_mailchimp", CancellationToken.None), ErrorIds.AmoApiServerError);
            Assert.Equal(1, _server.State.Snapshot().ByRoute["GET /api/v4/widgets/{code}"]);
        }

        [Fact]
        public async Task UnknownWidgetIsNotFound()
        {
            using AmoConnection c = await ConnectAsync();
            AmoException ex = await Fails(() => AmoAccountApi.GetWidgetAsync(c, "no_such_widget", CancellationToken.None), ErrorIds.AmoApiNotFound);
            Assert.Equal(AmoErrorKind.ObjectNotFound, ex.Kind);
            Assert.Equal("no_such_widget", ex.Target);
        }

        [Fact]
        public async Task TruncatedJsonIsResponseInvalid()
        {
            using AmoConnection c = await ConnectAsync();
            _server.State.AddFault(new Fault { Kind = FaultKind.TruncatedJson, PathPrefix = "/api/v4/widgets/" });
            await Fails(() => AmoAccountApi.GetWidgetAsync(c, "amo_mailchimp", CancellationToken.None), ErrorIds.AmoApiResponseInvalid);
        }

        [Fact]
        public async Task ASlowAnswerTimesOut()
        {
            // Long enough for the connect's first request on a loaded machine, far below the slow answer.
            using AmoConnection c = await ConnectAsync(timeoutMs: 2000);
            _server.State.AddFault(new Fault { Kind = FaultKind.Slow, PathPrefix = "/api/v4/widgets/", DelayMs = 8000 });
            AmoException ex = await Fails(() => AmoAccountApi.GetWidgetAsync(c, "amo_mailchimp", CancellationToken.None), ErrorIds.AmoApiTimeout);
            Assert.Equal(AmoErrorKind.OperationTimeout, ex.Kind);
        }

        [Fact]
        public async Task CancellationStopsARequestInFlight()
        {
            using AmoConnection c = await ConnectAsync();
            _server.State.AddFault(new Fault { Kind = FaultKind.Slow, PathPrefix = "/api/v4/widgets/", DelayMs = 10000 });
            using var cts = new CancellationTokenSource(300);
            var clock = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AmoAccountApi.GetWidgetAsync(c, "amo_mailchimp", cts.Token));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        }

        [Theory]
        [InlineData(FaultKind.DropAfterHandling, ErrorIds.AmoApiConnectionFailed)]
        [InlineData(FaultKind.BadGatewayAfterHandling, ErrorIds.AmoApiServerError)]
        public async Task AnInstallIsNeverSentTwice(FaultKind kind, string errorId)
        {
            using AmoConnection c = await ConnectAsync();
            AmoWidgetInfo w = await AmoAccountApi.GetWidgetAsync(c, "amo_dropbox", CancellationToken.None);
            _server.State.AddFault(new Fault { Kind = kind, Method = "POST", Times = 3 });
            JObject body = AmoAccountApi.BuildInstallBody(w, null);
            await Fails(() => AmoAccountApi.InstallWidgetAsync(c, w, body, CancellationToken.None), errorId);
            Assert.Equal(1, _server.State.Snapshot().InstallPosts);
        }

        [Fact]
        public async Task ARateLimitedInstallIsSentAgainOnceSinceTheLimiterRefusedIt()
        {
            using AmoConnection c = await ConnectAsync();
            AmoWidgetInfo w = await AmoAccountApi.GetWidgetAsync(c, "amo_dropbox", CancellationToken.None);
            _server.State.AddFault(new Fault { Kind = FaultKind.TooManyRequestsJson, Method = "POST", RetryAfterBody = 0 });
            AmoWidgetInfo installed = await AmoAccountApi.InstallWidgetAsync(c, w, AmoAccountApi.BuildInstallBody(w, null), CancellationToken.None);
            Assert.True(installed.IsActiveInAccount);
            Assert.Equal(1, _server.State.Snapshot().InstallPosts);
            Assert.Equal(2, _server.State.Snapshot().ByRoute["POST /api/v4/widgets/{code}"]);
        }

        [Fact]
        public async Task RequiredSettingsAreCheckedBeforeAnythingIsSent()
        {
            using AmoConnection c = await ConnectAsync();
            AmoWidgetInfo w = await AmoAccountApi.GetWidgetAsync(c, "amo_asterisk", CancellationToken.None);
            AmoException ex = Assert.Throws<AmoException>(() => AmoAccountApi.BuildInstallBody(w, new System.Collections.Hashtable { ["login"] = "x" }));
            Assert.Equal(ErrorIds.AmoWidgetSettingRequired, ex.ErrorId);
            Assert.Contains("password", ex.Message);
            Assert.Equal(0, _server.State.Snapshot().InstallPosts);
        }

        [Fact]
        public async Task UsersSettingsAreShapedAndTheInstallSucceeds()
        {
            using AmoConnection c = await ConnectAsync();
            AmoWidgetInfo w = await AmoAccountApi.GetWidgetAsync(c, "amo_asterisk", CancellationToken.None);
            var settings = new System.Collections.Hashtable
            {
                ["login"] = "example",
                ["password"] = "eXaMp1E",
                ["phones"] = new System.Collections.Hashtable { [504141] = 1039 },
                ["script_path"] = "https://example.com/",
            };
            JObject body = AmoAccountApi.BuildInstallBody(w, settings);
            Assert.Equal("1039", (string?)body["phones"]!["504141"]);
            AmoWidgetInfo installed = await AmoAccountApi.InstallWidgetAsync(c, w, body, CancellationToken.None);
            Assert.True(installed.IsActiveInAccount);
            Assert.IsType<SecureString>(installed.Settings!["password"]);
            Assert.Equal(1, _server.State.Snapshot().InstallPosts);
        }

        [Fact]
        public async Task ServerValidationErrorsAreListed()
        {
            using AmoConnection c = await ConnectAsync();
            AmoException ex = await Fails(() => AmoAccountApi.InvokeAsync(c, "POST", "/api/v4/widgets/amo_asterisk", new System.Collections.Hashtable { ["login"] = "x" }, CancellationToken.None),
                ErrorIds.AmoApiValidationFailed);
            Assert.Equal(AmoErrorKind.InvalidData, ex.Kind);
            Assert.Contains("password: This value should not be blank. (NotBlank)", ex.Message);
        }

        [Theory]
        [InlineData(LimiterModel.TokenBucket)]
        [InlineData(LimiterModel.SlidingWindow)]
        [InlineData(LimiterModel.FixedWindow)]
        public async Task ThePacingKeepsTheServersLimitWithoutA429(LimiterModel model)
        {
            await using AmoTestServer limited = await AmoTestServer.StartAsync(new TestServerOptions { RateLimit = 7, Limiter = model });
            using AmoConnection c = await AmoAccountApi.ConnectAsync(new AmoConnectRequest { BaseUri = limited.BaseUri, AccessToken = Secure(limited.AccessToken) }, CancellationToken.None);
            var clock = Stopwatch.StartNew();
            var tasks = new Task[20];
            for (int i = 0; i < tasks.Length; i++)
            {
                tasks[i] = AmoAccountApi.GetWidgetAsync(c, "amo_dropbox", CancellationToken.None);
            }

            await Task.WhenAll(tasks);
            Assert.Equal(0, limited.State.Snapshot().TooManyRequestsSent);

            // 21 requests in all (the account on connect): three windows of seven, the last no sooner than two seconds on.
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), "took " + clock.Elapsed);
        }

        [Fact]
        public async Task AClosedPortIsAConnectionFailure()
        {
            int port;
            using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
            }

            await Fails(() => AmoAccountApi.ConnectAsync(new AmoConnectRequest
            {
                BaseUri = new Uri("http://127.0.0.1:" + port),
                AccessToken = Secure("x"),
                Options = new AmoApiOptions { MaximumRetryCount = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(10) },
            }, CancellationToken.None), ErrorIds.AmoApiConnectionFailed);
        }
    }
}
