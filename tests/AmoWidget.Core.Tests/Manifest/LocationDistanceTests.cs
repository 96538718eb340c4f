using System;
using Xunit;

namespace AmoWidget.Tests
{
    /// <summary>The location catalog's edit distance, which keeps three rows of the table, against the whole table.</summary>
    public sealed class LocationDistanceTests
    {
        [Fact]
        public void TheDistanceIsTheFullTablesOnRandomNames()
        {
            var random = new Random(13);
            for (int n = 0; n < 5000; n++)
            {
                string a = Name(random);
                string b = random.Next(4) == 0 ? Swap(a, random) : Name(random);
                Assert.Equal(FullTable(a, b), AmoLocationCatalog.Distance(a, b));
            }
        }

        [Theory]
        [InlineData("lcard", "lcard", 0)]
        [InlineData("lcrad", "lcard", 1)]
        [InlineData("", "abc", 3)]
        [InlineData("abc", "", 3)]
        [InlineData("ca", "abc", 3)]
        public void KnownDistances(string a, string b, int expected) => Assert.Equal(expected, AmoLocationCatalog.Distance(a, b));

        private static string Name(Random random)
        {
            var chars = new char[random.Next(9)];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)('a' + random.Next(4));
            }

            return new string(chars);
        }

        private static string Swap(string s, Random random)
        {
            if (s.Length < 2)
            {
                return s;
            }

            char[] chars = s.ToCharArray();
            int i = random.Next(chars.Length - 1);
            (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
            return new string(chars);
        }

        /// <summary>Optimal string alignment over the whole (a+1) x (b+1) table, as written in the textbook.</summary>
        private static int FullTable(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++)
            {
                d[i, 0] = i;
            }

            for (int j = 0; j <= b.Length; j++)
            {
                d[0, j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                    }
                }
            }

            return d[a.Length, b.Length];
        }
    }
}
