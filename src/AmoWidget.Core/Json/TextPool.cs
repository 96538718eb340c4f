using System;

namespace AmoWidget.Json
{
    /// <summary>
    /// Short strings cut from a source text, reused instead of allocated anew: property names, their quoted forms and
    /// the whitespace around values repeat within a document and from one manifest to the next, and cutting a new
    /// string for each was most of what reading a manifest allocated (issue 13). One small table per thread, each slot
    /// holding the last string that hashed to it; a string is reused only when its text is the same, so what a
    /// document reads never depends on an earlier one, and the table never holds more than its slots.
    /// </summary>
    internal static class TextPool
    {
        private const int Slots = 1024;

        /// <summary>Longer texts are cut as they are: they rarely repeat, and hashing them would cost more than it saves.</summary>
        private const int MaxLength = 48;

        [ThreadStatic]
        private static string[]? table;

        /// <summary>This thread's table, for a reader to hold while it reads (a thread-static costs a lookup on each access).</summary>
        public static string[] Table => table ??= new string[Slots];

        /// <summary>The text of <paramref name="text"/> from <paramref name="start"/>, <paramref name="length"/> characters long.</summary>
        public static string Get(string text, int start, int length) => Get(Table, text, start, length);

        /// <summary>The same, with this thread's <see cref="Table"/> at hand.</summary>
        public static string Get(string[] slots, string text, int start, int length)
        {
            if (length == 0)
            {
                return string.Empty;
            }

            if (length > MaxLength)
            {
                return text.Substring(start, length);
            }

            // A cheap hash of the length and three characters: a collision only costs a string, never a wrong one.
            uint hash = (uint)length;
            hash = (hash * 31) + text[start];
            hash = (hash * 31) + text[start + (length / 2)];
            hash = (hash * 31) + text[start + length - 1];
            hash ^= hash >> 7;
            int slot = (int)(hash & (Slots - 1));
            string? known = slots[slot];
            if (known != null && known.Length == length && string.CompareOrdinal(known, 0, text, start, length) == 0)
            {
                return known;
            }

            string cut = text.Substring(start, length);
            slots[slot] = cut;
            return cut;
        }
    }
}
