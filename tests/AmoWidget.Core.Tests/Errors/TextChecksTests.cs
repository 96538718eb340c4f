using System.Text.RegularExpressions;
using Xunit;

namespace AmoWidget.Tests.Errors
{
    /// <remarks>
    /// The texts are written with \u escapes that the test decodes: an attribute argument holding a lone surrogate
    /// is stored as UTF-8, which turns it into U+FFFD before the test sees it.
    /// </remarks>
    public sealed class TextChecksTests
    {
        [Theory]
        [InlineData("", -1)]
        [InlineData("plain", -1)]
        [InlineData(@"\uD83D\uDE00 pair", -1)]
        [InlineData(@"a\uD800", 1)]
        [InlineData(@"a\uD800b", 1)]
        [InlineData(@"\uDC00", 0)]
        [InlineData(@"\uD83D\uDE00\uDE00", 2)]
        public void FindsTheFirstLoneSurrogate(string text, int index) => Assert.Equal(index, TextChecks.IndexOfLoneSurrogate(Regex.Unescape(text)));

        [Theory]
        [InlineData("")]
        [InlineData(" \t ")]
        [InlineData(@"a\0b")]
        [InlineData(@"a\uD800")]
        public void RefusesPathsNoFileSystemTakes(string path) => Assert.NotNull(TextChecks.PathProblem(Regex.Unescape(path)));

        [Theory]
        [InlineData("manifest.json")]
        [InlineData("./w/manifest.json")]
        [InlineData(@"папка/файл \uD83D\uDE00.json")]
        public void TakesOrdinaryPaths(string path) => Assert.Null(TextChecks.PathProblem(Regex.Unescape(path)));

        [Fact]
        public void ShortensLongValuesWithoutSplittingAPair()
        {
            string value = new string('a', 132) + string.Concat(System.Linq.Enumerable.Repeat("\uD83D\uDE00", 200));
            string shown = TextChecks.Shorten(value);
            Assert.True(shown.Length < 250);
            Assert.Equal(-1, TextChecks.IndexOfLoneSurrogate(shown));
            Assert.Contains($"({value.Length} characters)", shown);
            Assert.Equal("short", TextChecks.Shorten("short"));
        }
    }
}
