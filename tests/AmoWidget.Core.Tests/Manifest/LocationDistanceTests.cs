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

        /// <summary>The bit-vector form (EditPattern), names of 0 to 70 characters (past 64 it falls back to the table) and non-ASCII text on either side.</summary>
        [Fact]
        public void TheBitVectorDistanceIsTheFullTablesOnRandomNames()
        {
            var random = new Random(21);
            for (int n = 0; n < 20000; n++)
            {
                string a = Name(random, n % 10 == 0 ? 70 : 12, n % 7 == 0);
                string b = random.Next(3) == 0 ? Swap(a, random) : Name(random, n % 10 == 0 ? 70 : 12, n % 11 == 0);
                int expected = FullTable(a, b);
                Assert.Equal(expected, new EditPattern(a).Distance(b.AsSpan(), int.MaxValue - 1));
                Assert.Equal(expected, new EditPattern(b).Distance(a.AsSpan(), int.MaxValue - 1));
            }
        }

        /// <summary>With a limit, both forms give the distance when it is within the limit and the limit + 1 past it.</summary>
        [Fact]
        public void ALimitedDistanceIsExactWithinTheLimitAndOnePastItBeyond()
        {
            var random = new Random(34);
            for (int n = 0; n < 20000; n++)
            {
                string a = Name(random, 12, false);
                string b = random.Next(3) == 0 ? Swap(a, random) : Name(random, 12, false);
                int limit = random.Next(5);
                int expected = Math.Min(FullTable(a, b), limit + 1);
                Assert.Equal(expected, AmoLocationCatalog.Distance(a.AsSpan(), b.AsSpan(), limit));
                Assert.Equal(expected, new EditPattern(b).Distance(a.AsSpan(), limit));
            }
        }

        [Theory]
        [InlineData("lcard", "lcard", 0)]
        [InlineData("lcrad", "lcard", 1)]
        [InlineData("", "abc", 3)]
        [InlineData("abc", "", 3)]
        [InlineData("ca", "abc", 3)]
        public void KnownDistances(string a, string b, int expected) => Assert.Equal(expected, AmoLocationCatalog.Distance(a, b));

        private static string Name(Random random) => Name(random, 9, false);

        /// <summary>Up to <paramref name="longest"/> - 1 characters from a small alphabet (so that names share letters), with <paramref name="wide"/> one of them outside ASCII.</summary>
        private static string Name(Random random, int longest, bool wide)
        {
            var chars = new char[random.Next(longest)];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)('a' + random.Next(4));
            }

            if (wide && chars.Length > 0)
            {
                chars[random.Next(chars.Length)] = random.Next(2) == 0 ? 'ж' : 'ü';
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
