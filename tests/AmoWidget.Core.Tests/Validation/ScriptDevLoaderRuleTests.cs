using System;
using System.IO;
using AmoWidget.DevLoop;
using AmoWidget.IO;
using AmoWidget.Validation.Rules;
using Xunit;
using static AmoWidget.Tests.ValidationAssert;

namespace AmoWidget.Tests
{
    /// <summary>AmoScriptDevLoader: a script.js that loads code from a loopback or private address; and the -DevLoader address check.</summary>
    public sealed class ScriptDevLoaderRuleTests
    {
        private static System.Collections.Generic.IReadOnlyList<AmoDiagnostic> CheckScript(TempDir t, string script)
        {
            DocsWidget.Write(t.Path);
            DocsWidget.WriteText(Path.Combine(t.Path, "script.js"), script);
            return CheckWidget(t.Path);
        }

        private static string WithLoad(string statement) =>
            DocsWidget.Script.Replace("    var self = this;\n", "    var self = this;\n    " + statement + "\n").Replace("\r\n", "\n");

        [Fact]
        public void FiresOnTheLoaderCompressAmoWidgetWrites()
        {
            using var t = new TempDir();
            Uri script = AmoDevLoader.ScriptUri(new Uri("http://127.0.0.1:9000/"), "1.0.0", DateTimeOffset.UtcNow);
            AmoDiagnostic f = Fires(CheckScript(t, AmoDevLoader.Script(script)), "AmoScriptDevLoader");
            Assert.Equal(AmoSeverity.Error, f.Severity);
            Assert.Contains("127.0.0.1:9000", f.Message);
            Assert.Equal(4, f.Line);
        }

        [Fact]
        public void FiresOnARequireOfAPrivateNetworkAddress()
        {
            using var t = new TempDir();
            AmoDiagnostic f = Fires(CheckScript(t, WithLoad("require(['http://192.168.1.5/x.js'], function () {});")), "AmoScriptDevLoader");
            Assert.Contains("192.168.1.5", f.Message);
            Assert.Contains("private network", f.Message);
        }

        [Theory]
        [InlineData("$.getScript('http://localhost:8080/app.js');")]
        [InlineData("fetch(`http://10.0.0.7/code.js`);")]
        [InlineData("var s = document.createElement('script'); s.src = 'http://172.20.1.1/w.js';")]
        [InlineData("document.createElement('script').setAttribute('src', '//[::1]:9000/w.js');")]
        [InlineData("import('http://0.0.0.0:9000/w.js');")]
        [InlineData("require(['http://devbox.local:9000/' + 'w.js']);")]
        [InlineData("require(['http://user@127.1/w.js']);")]
        public void FiresOnEveryWayOfLoadingCode(string statement)
        {
            using var t = new TempDir();
            Fires(CheckScript(t, WithLoad(statement)), "AmoScriptDevLoader");
        }

        [Theory]
        [InlineData("require(['https://cdn.example.com/lib.js'], function () {});")]
        [InlineData("require(['./templates/view', 'lib/helpers.js', '/static/x.js'], function () {});")]
        [InlineData("fetch('https://api.example.com/10.0.0.1/data');")]
        [InlineData("var img = 'http://127.0.0.1/not-loaded.png';")]
        [InlineData("$.getScript('https://172.32.0.1/w.js');")]
        public void StaysSilentOnPublicAndRelativeAddresses(string statement)
        {
            using var t = new TempDir();
            Silent(CheckScript(t, WithLoad(statement)), "AmoScriptDevLoader");
        }

        [Theory]
        [InlineData("http://192.168.0.1:9000/", "a private network address")]
        [InlineData("http://LOCALHOST./x.js", "a loopback address")]
        [InlineData("http://[::ffff:127.0.0.1]/", "a loopback address")]
        [InlineData("http://[fd00::1]/", "a private network address")]
        [InlineData("https://example.com/", null)]
        [InlineData("https://172.15.0.1/", null)]
        [InlineData("templates/view", null)]
        public void PrivateHostReadsTheHostAsABrowserDoes(string address, string? expected) =>
            Assert.Equal(expected, ScriptRules.PrivateHost(address));

        [Fact]
        public void TheLoaderRefusesAnAddressWithUserInformationWithoutShowingIt()
        {
            var ex = Assert.Throws<AmoException>(() => AmoDevLoader.ScriptUri(new Uri("http://u:secret@127.0.0.1:9000/"), "1.0.0", DateTimeOffset.UtcNow));
            Assert.Equal(ErrorIds.DevLoaderUriHasCredentials, ex.ErrorId);
            Assert.DoesNotContain("secret", ex.Message);
            Assert.DoesNotContain("secret", ex.Target?.ToString() ?? string.Empty);
        }

        [Fact]
        public void AFileNameIsShownWithEachByteThatIsNotUtf8Escaped()
        {
            Assert.Equal("i18n/\\xFF.json", RawNames.Escape(new byte[] { 0x69, 0x31, 0x38, 0x6E, 0x2F, 0xFF, 0x2E, 0x6A, 0x73, 0x6F, 0x6E }));
            Assert.Equal("é\\xC3\\x01", RawNames.Escape(new byte[] { 0xC3, 0xA9, 0xC3, 0x01 }));
        }
    }
}
