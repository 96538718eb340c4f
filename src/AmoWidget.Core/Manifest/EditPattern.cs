using System;

namespace AmoWidget
{
    /// <summary>
    /// A fixed name (a location of the catalog, a documented key) prepared once for the near-miss distance: the
    /// optimal string alignment distance (Levenshtein with adjacent transpositions) of
    /// <see cref="AmoLocationCatalog.Distance(ReadOnlySpan{char}, ReadOnlySpan{char}, int)"/>, worked out with H. Hyyrö's
    /// bit-vector recurrence ("A bit-vector algorithm for computing Levenshtein and Damerau edit distances", Nordic
    /// Journal of Computing 10, 2003): one machine word per name of up to 64 ASCII characters, so a comparison costs a
    /// few operations per character of the other text instead of a row of the table. Own code: no library in reach does
    /// this distance (a test holds it to the table on generated pairs). A name that is longer or not ASCII falls back
    /// to the table.
    /// </summary>
    internal sealed class EditPattern
    {
        /// <summary>Per ASCII character, the positions of the name that hold it (bit i: position i); null for the fallback.</summary>
        private readonly ulong[]? masks;

        public EditPattern(string text)
        {
            Text = text;
            if (text.Length == 0 || text.Length > 64)
            {
                return;
            }

            var table = new ulong[128];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c >= 128)
                {
                    return;
                }

                table[c] |= 1UL << i;
            }

            masks = table;
        }

        public string Text { get; }

        /// <summary>The distance to <paramref name="other"/> when it is at most <paramref name="limit"/>, otherwise <paramref name="limit"/> + 1.</summary>
        public int Distance(ReadOnlySpan<char> other, int limit)
        {
            ulong[]? table = masks;
            if (table == null)
            {
                return AmoLocationCatalog.Distance(other, Text.AsSpan(), limit);
            }

            ulong vp = ulong.MaxValue;
            ulong vn = 0;
            ulong d0 = 0;
            ulong previous = 0;
            int distance = Text.Length;
            ulong last = 1UL << (Text.Length - 1);
            foreach (char c in other)
            {
                ulong match = c < 128 ? table[c] : 0;
                ulong transposed = ((~d0 & match) << 1) & previous;
                d0 = (((match & vp) + vp) ^ vp) | match | vn | transposed;
                ulong hp = vn | ~(d0 | vp);
                ulong hn = d0 & vp;
                if ((hp & last) != 0)
                {
                    distance++;
                }
                else if ((hn & last) != 0)
                {
                    distance--;
                }

                hp = (hp << 1) | 1;
                hn <<= 1;
                vp = hn | ~(d0 | hp);
                vn = hp & d0;
                previous = match;
            }

            return Math.Min(distance, limit + 1);
        }
    }
}
