using System;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.DevLoop;
using AmoWidget.Hooks;
using Xunit;
using AmoWidget.Http;

namespace AmoWidget.Tests.DevLoop
{
    public sealed class DevLoopTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "amowidget-devloop-" + Guid.NewGuid().ToString("N"));

        public DevLoopTests()
        {
            Directory.CreateDirectory(Path.Combine(_root, "widget", "i18n"));
            File.WriteAllText(Path.Combine(_root, "widget", "script.js"), "define([], function () {});");
            File.WriteAllText(Path.Combine(_root, "widget", "i18n", "en.json"), "{}");
            File.WriteAllText(Path.Combine(_root, "secret.txt"), "secret");
        }

        public void Dispose() => Directory.Delete(_root, true);

        [Theory]
        [InlineData("/script.js", "script.js")]
        [InlineData("/i18n/en.json", "i18n/en.json")]
        [InlineData("//i18n//en.json", "i18n/en.json")]
        [InlineData("/i18n/%65n.json", "i18n/en.json")]
        public void ServesFilesInsideTheFolder(string path, string expected)
        {
            AmoWidgetServer server = AmoWidgetServer.Start(Path.Combine(_root, "widget"), 0);
            try
            {
                Assert.Null(server.Resolve(path, out string? file));
                Assert.Equal(Path.GetFullPath(Path.Combine(_root, "widget", expected)), file);
            }
            finally
            {
                server.Stop();
            }
        }

        [Theory]
        [InlineData("/../secret.txt")]
        [InlineData("/%2e%2e/secret.txt")]
        [InlineData("/i18n/..%2f..%2fsecret.txt")]
        [InlineData("/..%5csecret.txt")]
        [InlineData("/./script.js")]
        [InlineData("/%00script.js")]
        [InlineData("script.js")]
        public void RefusesPathsOutOfTheFolder(string path)
        {
            AmoWidgetServer server = AmoWidgetServer.Start(Path.Combine(_root, "widget"), 0);
            try
            {
                Assert.NotNull(server.Resolve(path, out string? file));
                Assert.Null(file);
            }
            finally
            {
                server.Stop();
            }
        }

        [Theory]
        [InlineData("http://127.0.0.1:9000/", "http://127.0.0.1:9000/script.js?v=1.2.3&t=20250601120000")]
        [InlineData("http://127.0.0.1:9000", "http://127.0.0.1:9000/script.js?v=1.2.3&t=20250601120000")]
        [InlineData("https://dev.example.net/build/app.js", "https://dev.example.net/build/app.js?v=1.2.3&t=20250601120000")]
        public void LoaderAsksForTheServedScriptWithVersionAndBuildTime(string given, string expected)
        {
            Uri script = AmoDevLoader.ScriptUri(new Uri(given), "1.2.3", new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
            Assert.Equal(expected, script.AbsoluteUri);
            Assert.Contains("define(['" + expected + "'], function (widget) {", AmoDevLoader.Script(script), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("ftp://127.0.0.1/")]
        [InlineData("http://127.0.0.1:9000/?x=1")]
        public void LoaderRefusesOtherAddresses(string given)
        {
            var ex = Assert.Throws<AmoException>(() => AmoDevLoader.ScriptUri(new Uri(given), "1.0.0", DateTimeOffset.UtcNow));
            Assert.Equal("DevLoaderUriInvalid", ex.ErrorId);
        }

        [Fact]
        public void DpWebhookFormMasksSecretsOnlyInWhatIsShown()
        {
            var hook = new AmoDpWebhook { Settings = new[] { new AmoHookField("key", "s3cret", secret: true), new AmoHookField("note", "a b") } };
            AmoHookPayload payload = hook.Build();
            string sent = Encoding.ASCII.GetString(payload.Body);
            Assert.Contains("action%5Bsettings%5D%5Bwidget%5D%5Bsettings%5D%5Bkey%5D=s3cret", sent, StringComparison.Ordinal);
            Assert.Contains("note%5D=a+b", sent, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", payload.ShownBody, StringComparison.Ordinal);
            Assert.Equal("***", payload.Fields!["action[settings][widget][settings][key]"]);
        }

        [Fact]
        public void AStructuredFieldIsSentWithItsSecretsAndShownWithThemMasked()
        {
            var field = new AmoHookField("nested", "{\"key\":\"s3cret\"}", "{\"key\":\"***\"}");
            AmoHookPayload form = new AmoDpWebhook { Settings = new[] { field } }.Build();
            Assert.Contains("s3cret", Uri.UnescapeDataString(Encoding.ASCII.GetString(form.Body)), StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", form.ShownBody, StringComparison.Ordinal);
            Assert.Contains("nested%5D=%7B%22key%22%3A%22***%22%7D", form.ShownBody, StringComparison.Ordinal);
            Assert.Equal("{\"key\":\"***\"}", form.Fields!["action[settings][widget][settings][nested]"]);

            AmoHookPayload json = new AmoSalesbotRequest { Data = new[] { field }, Encoding = AmoHookEncoding.Json }.Build(new Uri("http://127.0.0.1/hook"), new string('s', 64));
            Assert.Contains("s3cret", Encoding.UTF8.GetString(json.Body), StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", json.ShownBody, StringComparison.Ordinal);
        }

        [Fact]
        public void TheContinueReceiverTakesOnlyAPostToItsPathAndReportsATooLargeOne()
        {
            const string path = "/api/v4/salesbot/1/continue/2";
            using SalesbotContinueReceiver receiver = SalesbotContinueReceiver.Start(path);
            Assert.StartsWith("HTTP/1.1 404 ", Exchange(receiver.BaseUri, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"), StringComparison.Ordinal);
            Assert.StartsWith("HTTP/1.1 405 ", Exchange(receiver.BaseUri, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"), StringComparison.Ordinal);
            Assert.Null(receiver.Wait(TimeSpan.Zero, default));
            Assert.Equal(new[] { "GET / (404)", "GET " + path + " (405)" }, receiver.Ignored);

            string tooLarge = "POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: " + (SalesbotContinueReceiver.MaxBody + 1) + "\r\n\r\n";
            Assert.StartsWith("HTTP/1.1 413 ", Exchange(receiver.BaseUri, tooLarge), StringComparison.Ordinal);
            AmoSalesbotContinue? call = receiver.Wait(TimeSpan.FromSeconds(10), default);
            Assert.NotNull(call);
            Assert.True(call!.TooLarge);
            Assert.True(call.HasBearerToken);
            Assert.Equal(413, call.AnsweredStatus);
        }

        /// <summary>Sends raw request bytes and reads the whole answer (the server closes after one).</summary>
        private static string Exchange(Uri server, string request)
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect("127.0.0.1", server.Port);
            using var stream = client.GetStream();
            byte[] bytes = Encoding.ASCII.GetBytes(request);
            stream.Write(bytes, 0, bytes.Length);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            return reader.ReadToEnd();
        }

        [Fact]
        public void ContinueCheckFollowsTheDocumentedLimits()
        {
            string body = "{\"data\":{},\"execute_handlers\":[" + string.Join(",", Enumerable.Repeat("{\"handler\":\"goto\",\"params\":{\"type\":\"question\",\"step\":1}}", 10)) + "]}";
            LoopbackRequest request = Parse("POST /api/v4/salesbot/1/continue/2 HTTP/1.1\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: " + body.Length + "\r\n\r\n" + body);
            AmoSalesbotContinue call = SalesbotContinueReceiver.Check(request, "/api/v4/salesbot/1/continue/2");
            Assert.True(call.Valid, string.Join(" ", call.Problems));
            Assert.Equal(202, call.AnsweredStatus);

            AmoSalesbotContinue wrongPath = SalesbotContinueReceiver.Check(request, "/api/v4/salesbot/1/continue/3");
            Assert.Equal(404, wrongPath.AnsweredStatus);
        }

        [Fact]
        public void ReadsAChunkedBody()
        {
            LoopbackRequest request = Parse("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n");
            Assert.Equal("Wikipedia", Encoding.ASCII.GetString(request.Body));
        }

        private static LoopbackRequest Parse(string text) =>
            LoopbackHttpServer.Read(new MemoryStream(Encoding.ASCII.GetBytes(text)), 1024 * 1024) ?? throw new InvalidOperationException("not HTTP");
    }
}
