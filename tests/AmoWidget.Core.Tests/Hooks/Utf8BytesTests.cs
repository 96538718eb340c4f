using System.Text;
using AmoWidget.IO;
using Xunit;

namespace AmoWidget.Tests.Hooks
{
    /// <summary>The first invalid byte of UTF-8 text, the same on every runtime (the decoders' own offsets differ).</summary>
    public sealed class Utf8BytesTests
    {
        [Theory]
        [InlineData(new byte[] { 0x41, 0xC3, 0x28 }, 1)]             // a lead byte without its continuation
        [InlineData(new byte[] { 0x80 }, 0)]                         // a lone continuation byte
        [InlineData(new byte[] { 0xC0, 0x80 }, 0)]                   // overlong NUL
        [InlineData(new byte[] { 0xE0, 0x80, 0x80 }, 0)]             // overlong three-byte form
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 0)]             // a surrogate
        [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, 0)]       // above U+10FFFF
        [InlineData(new byte[] { 0x7B, 0xE2, 0x82 }, 1)]             // cut short at the end
        [InlineData(new byte[] { 0xFF, 0x41 }, 0)]
        public void TheFirstByteThatStartsNoValidSequenceIsNamed(byte[] bytes, int expected)
        {
            Assert.Equal(expected, Utf8Bytes.FirstInvalid(bytes));
        }

        [Fact]
        public void ValidTextOfEveryLengthHasNone()
        {
            Assert.Equal(-1, Utf8Bytes.FirstInvalid(Encoding.UTF8.GetBytes("a Я € 𝄞 \u007F")));
            Assert.Equal(-1, Utf8Bytes.FirstInvalid(new byte[0]));
        }
    }
}
