using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.Hooks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AmoWidget.Tests.Hooks
{
    public sealed class HookRecordingTests
    {
        [Theory]
        [InlineData("http://127.0.0.1:8080/hook", "http://127.0.0.1")]
        [InlineData("https://widget.example.net:8443/amo/oauth?x=1", "https://widget.example.net")]
        [InlineData("https://widget.example.net/", "https://widget.example.net")]
        public void TheAudienceIsSchemeAndHostWithoutPortOrPath(string uri, string audience) =>
            Assert.Equal(audience, AmoSignedHook.AudienceOf(new Uri(uri)));

        [Fact]
        public void ARequestFileRoundTripsTextAndBinaryBodies()
        {
            string folder = Path.Combine(Path.GetTempPath(), "amohook-" + Guid.NewGuid().ToString("N"));
            try
            {
                var headers = new List<KeyValuePair<string, string>> { new("Content-Type", "application/octet-stream"), new("X-Trace", "1") };
                var binary = new AmoHookRecording("PUT", "/b?x=1", headers, new byte[] { 0xff, 0x00, 0x41 }) { Kind = "Replay" };
                string file = Path.Combine(folder, "b.amohook.json");
                binary.Save(file);
                AmoHookRecording back = AmoHookRecording.Load(file);
                Assert.Equal(new byte[] { 0xff, 0x00, 0x41 }, back.Body);
                Assert.Equal("PUT", back.Method);
                Assert.Equal("/b?x=1", back.Target);
                Assert.Equal("1", back.Header("x-trace"));
                Assert.Contains("\"bodyBase64\"", File.ReadAllText(file), StringComparison.Ordinal);
            }
            finally
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }

        [Theory]
        [InlineData("[]")]
        [InlineData("{\"format\":\"x\"}")]
        [InlineData("{\"format\":\"amowidget-hook-request/1\",\"method\":\"POST\",\"target\":\"no-slash\"}")]
        [InlineData("{\"format\":\"amowidget-hook-request/1\",\"method\":\"POST\",\"target\":\"/\",\"bodyBase64\":\"***\"}")]
        public void AFileThatIsNotARequestFileIsRefusedWithItsId(string text)
        {
            string file = Path.GetTempFileName();
            try
            {
                File.WriteAllText(file, text);
                AmoException ex = Assert.Throws<AmoException>(() => AmoHookRecording.Load(file));
                Assert.Equal(ErrorIds.AmoHookRecordingInvalid, ex.ErrorId);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public void AReplayedFormIsDecodedInOrderAndARepeatedKeyKeepsEachValue()
        {
            var headers = new[] { new KeyValuePair<string, string>("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8") };
            var form = new AmoHookRecording("POST", "/hook", headers, Encoding.UTF8.GetBytes("b=%D0%AF+1&a%5B%5D=1&a%5B%5D=2&flag"));
            System.Collections.Specialized.OrderedDictionary fields = AmoHookReplay.FormFields(form)!;
            Assert.Equal(new[] { "b", "a[]", "flag" }, fields.Keys.Cast<string>());
            Assert.Equal("\u042F 1", fields["b"]);
            Assert.Equal(new[] { "1", "2" }, (string[])fields["a[]"]!);
            Assert.Equal(string.Empty, fields["flag"]);
            var json = new AmoHookRecording("POST", "/hook", new[] { new KeyValuePair<string, string>("Content-Type", "application/json") }, Encoding.UTF8.GetBytes("{}"));
            Assert.Null(AmoHookReplay.FormFields(json));
        }

        [Fact]
        public void AFileThatIsNotUtf8IsRefusedNamingTheByteAndItsOffset()
        {
            string file = Path.GetTempFileName();
            try
            {
                File.WriteAllBytes(file, new byte[] { (byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}' });
                AmoException ex = Assert.Throws<AmoException>(() => AmoHookRecording.Load(file));
                Assert.Equal(ErrorIds.AmoHookRecordingInvalid, ex.ErrorId);
                Assert.Contains("not UTF-8 text (byte 0xC3 at offset 2)", ex.Message);
                Assert.DoesNotContain("code page", ex.Message);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public void ResigningKeepsEveryOtherClaimAndByteAndTheTimeClaimsNumberType()
        {
            var request = new AmoSmsRequest { Time = DateTimeOffset.UtcNow.AddHours(-2), AccountHost = "acme.kommo.com", Subdomain = "acme" };
            AmoHookPayload payload = request.Build(new Uri("http://127.0.0.1:9/sms"), new string('s', 64));
            AmoHookRecording recorded = payload.ToRecording(new Uri("http://127.0.0.1:9/sms"));
            DateTimeOffset now = DateTimeOffset.UtcNow;
            AmoHookRecording fresh = AmoHookReplay.Resign(recorded, new string('s', 64), now, out IReadOnlyDictionary<string, object> claims);
            Assert.Equal(now.ToUnixTimeSeconds(), (long)claims["iat"]);
            Assert.Equal(now.ToUnixTimeSeconds() + 1800, (long)claims["exp"]);
            Assert.Equal("https://acme.kommo.com", claims["iss"]);
            Assert.Equal(payload.Claims!["jti"], claims["jti"]);
            string before = Encoding.ASCII.GetString(recorded.Body);
            string after = Encoding.ASCII.GetString(fresh.Body);
            Assert.Equal(before.Substring(0, before.IndexOf("token=", StringComparison.Ordinal)), after.Substring(0, after.IndexOf("token=", StringComparison.Ordinal)));
            Assert.NotEqual(before, after);
        }

        [Fact]
        public void ARequestWithoutATokenCannotBeResigned()
        {
            var recording = new AmoHookRecording("POST", "/", new[] { new KeyValuePair<string, string>("Content-Type", "application/json") }, Encoding.UTF8.GetBytes("{\"text\":\"hi\"}"));
            AmoException ex = Assert.Throws<AmoException>(() => AmoHookReplay.Resign(recording, "s", DateTimeOffset.UtcNow, out _));
            Assert.Equal(ErrorIds.AmoHookTokenMissing, ex.ErrorId);
        }

        [Fact]
        public void TheSalesbotFormCarriesBracketKeysAndEntityTypeAsAString()
        {
            var request = new AmoSalesbotRequest { Data = new[] { new AmoHookField("lead", "1") }, EntityType = "customer", AccountHost = "acme.amocrm.com" };
            AmoHookPayload payload = request.Build(new Uri("http://127.0.0.1/hook"), new string('s', 64));
            Assert.Equal("application/x-www-form-urlencoded", payload.SentContentType);
            Assert.Equal(new[] { "token", "data[lead]", "return_url" }, new List<string>(payload.Fields!.Keys.Cast<string>()));
            Assert.Equal("12", payload.Claims!["entity_type"]);
            Assert.StartsWith("https://acme.amocrm.com/api/v4/salesbot/", (string)payload.Fields["return_url"]!, StringComparison.Ordinal);
        }
    }
}
