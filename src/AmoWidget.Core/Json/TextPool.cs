using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace AmoWidget.Json
{
    /// <summary>
    /// Short strings cut from a source text, reused instead of allocated anew: property names, their quoted forms and
    /// the whitespace around values repeat within a document and from one manifest to the next, and cutting a new
    /// string for each would be most of what reading a manifest allocates. One small table per thread, each slot
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

        /// <summary>
        /// The one instance of each key the validator looks up (<see cref="Register"/>): a key cut from a document is
        /// replaced by it when first pooled, so the lookups that follow find it by reference and never compare its
        /// characters. Read without a lock by every thread.
        /// </summary>
        private static readonly ConcurrentDictionary<string, string> Canonical = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>The number of <see cref="Register"/> calls so far; a table made before the last one is emptied.</summary>
        private static int registrations;

        [ThreadStatic]
        private static int tableRegistrations;

        /// <summary>
        /// This thread's table, for a reader to hold while it reads (a thread-static costs a lookup on each access). A table
        /// filled before keys were registered is emptied first, so that it pools the registered instances from then on.
        /// </summary>
        public static string[] Table
        {
            get
            {
                int now = Volatile.Read(ref registrations);
                if (table == null || tableRegistrations != now)
                {
                    table = new string[Slots];
                    tableRegistrations = now;
                }

                return table;
            }
        }

        /// <summary>
        /// Makes these strings the instances the pool gives for their text (see <see cref="Canonical"/>), and returns, in
        /// their order, the instance registered for each (the first registered for a text wins).
        /// </summary>
        public static string[] Register(IReadOnlyList<string> known)
        {
            var registered = new string[known.Count];
            for (int i = 0; i < registered.Length; i++)
            {
                registered[i] = Canonical.GetOrAdd(known[i], known[i]);
            }

            Interlocked.Increment(ref registrations);
            return registered;
        }

        /// <summary>The text of <paramref name="text"/> from <paramref name="start"/>, <paramref name="length"/> characters long.</summary>
        public static string Get(string text, int start, int length) => Get(Table, text.AsSpan(start, length), out _);

        /// <summary>The same, with this thread's <see cref="Table"/> at hand.</summary>
        public static string Get(string[] slots, string text, int start, int length) => Get(slots, text.AsSpan(start, length), out _);

        /// <summary>The same over a character buffer (the manifest checker's text), with the slot the text hashes to.</summary>
        public static string Get(string[] slots, char[] text, int start, int length, out int slot) => Get(slots, new ReadOnlySpan<char>(text, start, length), out slot);

        /// <summary>The slot a text of this content hashes to (0 to 1023; 0 for an empty or long text): what Get reports.</summary>
        public static int SlotOf(string text) => text.Length == 0 || text.Length > MaxLength ? 0 : Hash(text.AsSpan()) & (Slots - 1);

        /// <summary>
        /// A cheap hash of the length and three characters (the first, the middle, the last; 0 for an empty text): a
        /// collision here only costs a string, and in a <see cref="Validation.KeyTable"/> one more comparison.
        /// </summary>
        public static int Hash(ReadOnlySpan<char> text)
        {
            int length = text.Length;
            if (length == 0)
            {
                return 0;
            }

            uint hash = (uint)length;
            hash = (hash * 31) + text[0];
            hash = (hash * 31) + text[length / 2];
            hash = (hash * 31) + text[length - 1];
            return (int)(hash ^ (hash >> 7));
        }

        /// <summary>The pooled string of <paramref name="text"/>, and the slot it hashes to (0 for an empty or long text).</summary>
        public static string Get(string[] slots, ReadOnlySpan<char> text, out int slot)
        {
            slot = 0;
            int length = text.Length;
            if (length == 0)
            {
                return string.Empty;
            }

            if (length > MaxLength)
            {
                return text.ToString();
            }

            slot = Hash(text) & (Slots - 1);
            string? known = slots[slot];
            if (known != null && known.Length == length && Same(text, known))
            {
                return known;
            }

            string cut = text.ToString();
            if (Canonical.TryGetValue(cut, out string? canonical))
            {
                cut = canonical;
            }

            slots[slot] = cut;
            return cut;
        }

        /// <summary>Whether <paramref name="known"/> reads as <paramref name="text"/> (of its length): a plain loop, as pooled texts are short and a vectorized compare costs more to set up.</summary>
        private static bool Same(ReadOnlySpan<char> text, string known)
        {
            for (int i = 0; i < known.Length; i++)
            {
                if (text[i] != known[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
