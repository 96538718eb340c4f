using System.Text.RegularExpressions;
using Xunit;

namespace AmoWidget.Tests.Errors
{
    /// <remarks>The inputs are written with \u escapes that the test decodes, as in <see cref="TextChecksTests"/>.</remarks>
    public sealed class PrintableTests
    {
        [Theory]
        [InlineData(@"x\n::error file=a.js::forged", @"x\n::error file=a.js::forged")]
        [InlineData(@"y\r\n##[set-output]z", @"y\r\n##[set-output]z")]
        [InlineData(@"a\u0000b\tc\u001Bd\u007Fe\u0085f\u009Fg", @"a\0b\tc\x1Bd\x7Fe\x85f\x9Fg")]
        [InlineData(@"a\u2028b\u2029c", @"a\u2028b\u2029c")]
        [InlineData(@"lone \uD800 and \uDC00", @"lone \uD800 and \uDC00")]
        public void EscapesControlCharactersAndLineBreaks(string input, string shown)
        {
            string escaped = Printable.Escape(Regex.Unescape(input));
            Assert.Equal(shown, escaped);
            Assert.DoesNotContain(escaped, c => char.IsControl(c) || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c));
        }

        [Theory]
        [InlineData("manifest.json: Error AmoKeyUnknown: C:\\widgets\\a.js")]
        [InlineData("Привет, 😀 ä \uFFFE")]
        public void KeepsOtherTextAsItIs(string text) => Assert.Same(text, Printable.Escape(text));

        [Fact]
        public void GivesEmptyTextForNull() => Assert.Equal(string.Empty, Printable.Escape(null));

        [Fact]
        public void EscapesForXmlOnlyWhatXmlCannotHold()
        {
            string text = Regex.Unescape(@"a\u0001b\tc\nd\re\uFFFEf\uFFFFg\uD800h\u0085i");
            Assert.Equal(Regex.Unescape(@"a\\x01b\tc\nd\re\\uFFFEf\\uFFFFg\\uD800h\u0085i"), Printable.ForXml(text));
        }

        [Fact]
        public void ServesArchiveNames() =>
            Assert.Equal(@"a\0b\nc", AmoWidget.Widget.ArchiveNames.Printable("a\0b\nc"));

        [Fact]
        public void EscapesFindingMessagesButNotTheirFile()
        {
            var finding = new AmoDiagnostic(RuleNames.AmoKeyUnknown, AmoSeverity.Error, "Key \"x\n::error::y\" is unknown.") { File = "/w/i18n/e\n::error::x.json", Suggestion = "did you mean \"a\r\nb\"" };
            Assert.Equal("Key \"x\\n::error::y\" is unknown.", finding.Message);
            Assert.Equal("/w/i18n/e\n::error::x.json", finding.File);
            Assert.Equal("did you mean \"a\\r\\nb\"", finding.Suggestion);
            Assert.DoesNotContain('\n', finding.ToString());
        }
    }
}
