using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using AmoWidget.Validation.Rules;
using Xunit;

namespace AmoWidget.Tests
{
    /// <summary>The line measure that sorts minified code counts as a plain loop over every character or byte does.</summary>
    public sealed class ModerationLineMeasureTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void TheLineMeasureCountsAsACharacterLoopDoes(int seed)
        {
            var random = new Random(seed);
            char[] alphabet = { '\n', '\n', ' ', ' ', '\t', '\r', 'a', 'b', '\u00a0', '\u2028', 'я', '\u000b' };
            for (int sample = 0; sample < 200; sample++)
            {
                int length = random.Next(0, sample < 100 ? 40 : 3000);
                var text = new StringBuilder();
                for (int i = 0; i < length; i++)
                {
                    text.Append(alphabet[random.Next(alphabet.Length)]);
                }

                string code = text.ToString();
                Assert.Equal(CountChars(code), ModerationRules.Lines(code));
                byte[] data = Encoding.UTF8.GetBytes(code);
                Assert.Equal(CountBytes(data), ModerationRules.Lines(data));
            }
        }

        /// <summary>The measure written the obvious way: every character looked at.</summary>
        private static (int Lines, int Longest) CountChars(string code)
        {
            int lines = 0, longest = 0, start = 0;
            bool blank = true;
            for (int i = 0; i <= code.Length; i++)
            {
                if (i == code.Length || code[i] == '\n')
                {
                    lines += blank ? 0 : 1;
                    longest = Math.Max(longest, i - start);
                    start = i + 1;
                    blank = true;
                }
                else if (!char.IsWhiteSpace(code[i]))
                {
                    blank = false;
                }
            }

            return (lines, longest);
        }

        private static (int Lines, int Longest) CountBytes(byte[] data)
        {
            int lines = 0, longest = 0, start = 0;
            bool blank = true;
            for (int i = 0; i <= data.Length; i++)
            {
                if (i == data.Length || data[i] == (byte)'\n')
                {
                    lines += blank ? 0 : 1;
                    longest = Math.Max(longest, i - start);
                    start = i + 1;
                    blank = true;
                }
                else if (data[i] > (byte)' ')
                {
                    blank = false;
                }
            }

            return (lines, longest);
        }
    }
}
