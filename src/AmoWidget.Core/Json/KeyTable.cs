using System;
using System.Collections.Generic;

namespace AmoWidget.Json
{
    /// <summary>
    /// A fixed set of keys (a schema object's properties, a place's documented keys) and the place of each, looked up
    /// by a hash of the length and three characters (<see cref="Json.TextPool.Hash"/>). Own code rather than a Dictionary or HashSet because the lookup is
    /// the validator's most frequent operation (every key of every manifest, several times) and the framework's string
    /// hash reads every character of the key: this one reads three, then compares the one or two candidates it finds
    /// (bench/README.md measures it). Read-only after construction, so shared by every thread.
    /// </summary>
    internal sealed class KeyTable
    {
        private readonly string[] keys;

        /// <summary>Per slot, the index + 1 of the first key in it (0: none).</summary>
        private readonly int[] slots;

        /// <summary>Per key, the index + 1 of the next key in the same slot (0: none).</summary>
        private readonly int[] next;

        private readonly int mask;

        /// <param name="keys">The keys; a repeated key keeps its first index.</param>
        public KeyTable(IReadOnlyList<string> keys)
        {
            this.keys = new string[keys.Count];
            next = new int[keys.Count];
            int size = 8;
            while (size < keys.Count * 4)
            {
                size *= 2;
            }

            slots = new int[size];
            mask = size - 1;
            // The registered instances: the pool gives these out, so a lookup of a key read from a manifest is found by reference.
            string[] registered = Json.TextPool.Register(keys);
            for (int i = 0; i < keys.Count; i++)
            {
                string key = registered[i] ?? throw new ArgumentNullException(nameof(keys));
                this.keys[i] = key;
                if (IndexOf(key, i) >= 0)
                {
                    continue;
                }

                int slot = Hash(key) & mask;
                next[i] = slots[slot];
                slots[slot] = i + 1;
            }
        }

        /// <summary>The index of <paramref name="key"/> in the list the table was made from, or -1.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public int IndexOf(string key)
        {
            // Most keys of a manifest are the very instances the table holds (TextPool gives them out): found at once.
            int first = slots[Hash(key) & mask] - 1;
            return first >= 0 && (object)keys[first] == key ? first : IndexOf(key, keys.Length);
        }

        public bool Contains(string key) => IndexOf(key) >= 0;

        private int IndexOf(string key, int limit)
        {
            for (int i = slots[Hash(key) & mask] - 1; i >= 0; i = next[i] - 1)
            {
                if (i < limit && string.Equals(keys[i], key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static int Hash(string key) => Json.TextPool.Hash(key.AsSpan());
    }
}
