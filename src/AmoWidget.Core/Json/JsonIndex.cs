using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AmoWidget.Json
{
    /// <summary>
    /// One value of a <see cref="JsonIndex"/>, as the reader found it: offsets into the text, its container, where its
    /// subtree ends, and for a member of an object its key. A struct in one array: a document read to be checked is a
    /// handful of allocations, not one object per value and per property (allocating and collecting a node tree
    /// would be half of what reading a manifest costs).
    /// </summary>
    internal struct JsonIndexEntry
    {
        /// <summary>The key, for a member of an object (decoded; shared between documents through <see cref="TextPool"/>).</summary>
        public string? Key;

        public JsonKind Kind;

        /// <summary>0-based offset of the value's first character.</summary>
        public int Start;

        /// <summary>Offset just past the value's last character.</summary>
        public int End;

        /// <summary>The container's entry, -1 for the root.</summary>
        public int Parent;

        /// <summary>The entry after this value's subtree: its next sibling, if it has one.</summary>
        public int Next;

        /// <summary>Members or items of a container.</summary>
        public int Count;

        /// <summary>For a member of an object, the offset of its key's opening quote; otherwise -1.</summary>
        public int KeyOffset;

        /// <summary>A later member of the same object has the same key (readers keep that one).</summary>
        public bool Shadowed;

        /// <summary>An earlier member of the same object has the same key (this one is in <see cref="JsonIndex.DuplicateKeys"/>).</summary>
        public bool Repeat;
    }

    /// <summary>
    /// A JSON text read for checking only: every value is an <see cref="JsonIndexEntry"/> in one array, in document
    /// order, reached through <see cref="JsonRef"/> handles. It reads exactly what <see cref="JsonDocument"/> reads (the
    /// same strict RFC 8259 grammar, depth limit and repeated keys kept) and reports an unreadable text with the same
    /// <see cref="JsonParseException"/>, line and column (it asks <see cref="JsonParser"/> for them); line and column
    /// of a value are the same as <see cref="JsonNode.Position"/> gives. It keeps no layout and cannot be edited or
    /// written: <see cref="JsonDocument"/> is the editor's.
    /// </summary>
    internal sealed class JsonIndex
    {
        private const int MaxDepth = 512;

        /// <summary>Up to this many members an object finds a repeated key by scanning its members; past it, through a table.</summary>
        private const int ScannedKeys = 32;

        /// <summary>The text, decoded into a buffer the next index on this thread reuses (the first <see cref="_length"/> characters).</summary>
        private char[] _text;
        private readonly int _length;
        private readonly string[] _pool;
        private JsonIndexEntry[] _entries;
        private int _count;
        private int _pos;
        private int _depth;
        private List<int>? _duplicates;

        /// <summary>Decoded string values, made when the first one is asked for.</summary>
        private string?[]? _strings;

        /// <summary>The arrays of the last index released on this thread, for the next one (see <see cref="Release"/>).</summary>
        [ThreadStatic]
        private static Spare? spare;

        /// <summary>Arrays past this many entries are not kept for the next index (a hostile file's would stay in memory).</summary>
        private const int KeptEntries = 4096;

        /// <summary>Nor a text buffer past this many characters.</summary>
        private const int KeptChars = 64 * 1024;

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        private bool _released;

        /// <summary>
        /// The offset where each line starts, found while reading: a string holds no raw line break (the grammar refuses
        /// one), so every break is in the whitespace the reader skips, and recording them there costs less than the scan
        /// a finding's line number would otherwise need (0.8 µs over a corpus manifest).
        /// </summary>
        private int[] _lineStarts;
        private int _lines;

        private JsonIndex(char[] text, int length, bool hadBom, Spare? kept)
        {
            _text = text;
            _length = length;
            HadBom = hadBom;
            _pool = TextPool.Table;

            // About one value per 28 characters in the corpus manifests; grown by doubling when a text has more.
            int estimate = Math.Max(16, Math.Min(length / 24, 4096));
            _holder = kept;
            _lineStarts = kept != null && kept.Lines.Length > 0 ? kept.Lines : new int[estimate];
            _lines = 1;
            _entries = kept != null && kept.Entries.Length > 0 ? kept.Entries : new JsonIndexEntry[estimate];
            _strings = kept?.Strings;
        }

        public bool HadBom { get; }

        public JsonRef Root => new JsonRef(this, 0);

        /// <summary>Every member whose key repeats an earlier key of the same object, in document order.</summary>
        public IReadOnlyList<int> DuplicateKeys => (IReadOnlyList<int>?)_duplicates ?? Array.Empty<int>();

        internal ref JsonIndexEntry this[int id] => ref _entries[id];

        /// <summary>The entries themselves (the first <see cref="Count"/>), for a walk over every value.</summary>
        internal JsonIndexEntry[] Entries => _entries;

        /// <summary>Reads UTF-8 bytes as <see cref="JsonDocument.Parse(byte[])"/> does (a BOM accepted and noted; invalid UTF-8 and UTF-16 refused).</summary>
        /// <exception cref="JsonParseException">The text is not JSON; the reason, line and column are JsonDocument's.</exception>
        public static JsonIndex Parse(byte[] utf8)
        {
            bool utf16 = utf8.Length >= 2 && ((utf8[0] == 0xFF && utf8[1] == 0xFE) || (utf8[0] == 0xFE && utf8[1] == 0xFF));
            bool bom = utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF;
            int start = bom ? 3 : 0;
            Spare? kept = Take();
            char[] buffer = Buffer(kept, StrictUtf8.GetMaxCharCount(utf8.Length - start));
            int length;
            try
            {
                length = utf16 ? -1 : StrictUtf8.GetChars(utf8, start, utf8.Length - start, buffer, 0);
            }
            catch (DecoderFallbackException)
            {
                length = -1;
            }

            if (length < 0)
            {
                // UTF-16 or invalid UTF-8: the editor's decoder says where, in the words every other JSON file gets.
                JsonDocument.Decode(utf8, out _);
                throw new InvalidOperationException("JsonIndex refused bytes JsonDocument decodes; the two must accept the same text.");
            }

            return Parse(buffer, length, bom, kept);
        }

        /// <summary>Reads text already decoded; a leading U+FEFF is a byte order mark.</summary>
        public static JsonIndex Parse(string text)
        {
            bool bom = text.Length > 0 && text[0] == '\uFEFF';
            int start = bom ? 1 : 0;
            Spare? kept = Take();
            char[] buffer = Buffer(kept, text.Length - start);
            text.CopyTo(start, buffer, 0, text.Length - start);
            return Parse(buffer, text.Length - start, bom, kept);
        }

        private static Spare? Take()
        {
            Spare? kept = spare;
            spare = null;
            return kept;
        }

        private static char[] Buffer(Spare? kept, int length) =>
            kept?.Text is char[] text && text.Length >= length ? text : new char[Math.Max(length, 256)];

        private static JsonIndex Parse(char[] text, int length, bool bom, Spare? kept)
        {
            var index = new JsonIndex(text, length, bom, kept);
            try
            {
                index.SkipWhitespace();
                if (index._pos < length)
                {
                    index.ReadValue(-1, null, -1);
                    index.SkipWhitespace();
                    if (index._pos == length)
                    {
                        return index;
                    }
                }
            }
            catch (SyntaxError)
            {
            }

            string whole = new string(text, 0, length);
            index.Release();

            // The text is not JSON: the editor's reader says why and where, in the words every other JSON file gets. It
            // reads with its layout, as it always does: this runs only on a text already refused, so the cost is no matter.
            JsonParser.Parse(new SourceText(whole));
            throw new InvalidOperationException("JsonIndex refused a text JsonParser reads; the two readers must accept the same grammar.");
        }

        /// <summary>What <see cref="Release"/> keeps for the next index on the thread (the holder itself is kept too).</summary>
        private sealed class Spare
        {
            public JsonIndexEntry[] Entries = Array.Empty<JsonIndexEntry>();

            public int[] Lines = Array.Empty<int>();

            public string?[] Strings = Array.Empty<string?>();

            public char[] Text = Array.Empty<char>();
        }

        /// <summary>The holder this index took its arrays from, to give them back in.</summary>
        private Spare? _holder;

        /// <summary>Thrown inside the reader at the first fault; <see cref="Parse(char[], int, bool, Spare)"/> then asks JsonParser for the message.</summary>
        private sealed class SyntaxError : Exception
        {
        }

        private int Add(JsonKind kind, int parent, string? key, int keyOffset)
        {
            if (_count == _entries.Length)
            {
                Array.Resize(ref _entries, _count * 2);
            }

            ref JsonIndexEntry e = ref _entries[_count];
            e.Kind = kind;
            e.Start = _pos;
            e.Parent = parent;
            e.Key = key;
            e.KeyOffset = keyOffset;
            e.Shadowed = false;
            e.Repeat = false;
            e.Count = 0;
            return _count++;
        }

        private void ReadValue(int parent, string? key, int keyOffset)
        {
            char[] text = _text;
            if (_pos >= _length)
            {
                throw new SyntaxError();
            }

            char c = text[_pos];
            int id;
            switch (c)
            {
                case '{':
                    id = Add(JsonKind.Object, parent, key, keyOffset);
                    ReadObject(id);
                    break;
                case '[':
                    id = Add(JsonKind.Array, parent, key, keyOffset);
                    ReadArray(id);
                    break;
                case '"':
                    id = Add(JsonKind.String, parent, key, keyOffset);
                    ScanString();
                    break;
                case 't':
                    id = Add(JsonKind.Boolean, parent, key, keyOffset);
                    Literal("true");
                    break;
                case 'f':
                    id = Add(JsonKind.Boolean, parent, key, keyOffset);
                    Literal("false");
                    break;
                case 'n':
                    id = Add(JsonKind.Null, parent, key, keyOffset);
                    Literal("null");
                    break;
                default:
                    if (c != '-' && (c < '0' || c > '9'))
                    {
                        throw new SyntaxError();
                    }

                    id = Add(JsonKind.Number, parent, key, keyOffset);
                    ScanNumber();
                    break;
            }

            ref JsonIndexEntry e = ref _entries[id];
            e.End = _pos;
            e.Next = _count;
        }

        private void ReadObject(int id)
        {
            if (!Open('}'))
            {
                return;
            }

            int count = 0;

            Dictionary<string, int>? seen = null;

            // One bit per key's pool slot: a key whose bit is not set has not been seen in this object, and most keys are
            // told apart by it without comparing them to the keys before.
            ulong bloom = 0;
            while (true)
            {
                if (Peek() != '"')
                {
                    throw new SyntaxError();
                }

                int keyOffset = _pos;
                bool escaped = ScanString();
                int slot;
                string key;
                if (escaped)
                {
                    key = Decode(keyOffset, _pos);
                    slot = TextPool.SlotOf(key);
                }
                else
                {
                    key = TextPool.Get(_pool, _text, keyOffset + 1, _pos - keyOffset - 2, out slot);
                }

                ulong bit = 1UL << (slot & 63);
                SkipWhitespace();
                if (Peek() != ':')
                {
                    throw new SyntaxError();
                }

                _pos++;
                SkipWhitespace();
                int member = _count;
                int earlier = count > 0 && (seen != null || count >= ScannedKeys || (bloom & bit) != 0) ? Earlier(id, count, ref seen, key) : -1;
                bloom |= bit;
                ReadValue(id, key, keyOffset);
                if (earlier >= 0)
                {
                    (_duplicates ??= new List<int>()).Add(member);
                    _entries[earlier].Shadowed = true;
                    _entries[member].Repeat = true;
                }

                if (seen != null)
                {
                    seen[key] = member;
                }

                if (!MoreElements(id, ++count, '}'))
                {
                    return;
                }
            }
        }

        /// <summary>Past an opening bracket and its whitespace, one level deeper: false when the container is empty and already closed.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private bool Open(char close)
        {
            if (++_depth > MaxDepth)
            {
                throw new SyntaxError();
            }

            _pos++;
            SkipWhitespace();
            if (Peek() != close)
            {
                return true;
            }

            _pos++;
            _depth--;
            return false;
        }

        /// <summary>
        /// After an element of container <paramref name="id"/>: true past a ',' and its whitespace, false past the closing
        /// <paramref name="close"/> (the container holds <paramref name="count"/> elements and is done); a fault otherwise.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private bool MoreElements(int id, int count, char close)
        {
            SkipWhitespace();
            char next = Peek();
            if (next == ',')
            {
                _pos++;
                SkipWhitespace();
                return true;
            }

            if (next != close)
            {
                throw new SyntaxError();
            }

            _pos++;
            _entries[id].Count = count;
            _depth--;
            return false;
        }

        /// <summary>
        /// The latest member of object <paramref name="id"/> (which has <paramref name="count"/> so far) with this key, or
        /// -1: a scan while the object is small, then a table of each key's latest member (so a hostile run of repeated
        /// keys stays linear).
        /// </summary>
        private int Earlier(int id, int count, ref Dictionary<string, int>? seen, string key)
        {
            JsonIndexEntry[] entries = _entries;
            if (seen == null)
            {
                if (count < ScannedKeys)
                {
                    int latest = -1;
                    for (int m = id + 1, k = 0; k < count; m = entries[m].Next, k++)
                    {
                        string name = entries[m].Key!;
                        if ((object)name == key || (name.Length == key.Length && string.Equals(name, key, StringComparison.Ordinal)))
                        {
                            latest = m;
                        }
                    }

                    return latest;
                }

                seen = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int m = id + 1, k = 0; k < count; m = entries[m].Next, k++)
                {
                    seen[entries[m].Key!] = m;
                }
            }

            return seen.TryGetValue(key, out int earlier) ? earlier : -1;
        }

        private void ReadArray(int id)
        {
            if (!Open(']'))
            {
                return;
            }

            int count = 0;

            do
            {
                ReadValue(id, null, -1);
            }
            while (MoreElements(id, ++count, ']'));
        }

        /// <summary>Moves past a string token, checking it as JsonParser does; true when it holds an escape sequence.</summary>
        private bool ScanString()
        {
            char[] text = _text;
            int length = _length;
            int pos = _pos + 1;

            // The common case, a run of plain characters up to the closing quote, in a tight loop; escapes are the slow path.
            while (pos < length)
            {
                char c = text[pos];
                if (c == '"')
                {
                    _pos = pos + 1;
                    return false;
                }

                if (c == '\\' || c < 0x20)
                {
                    break;
                }

                pos++;
            }

            _pos = pos;
            ScanEscapedRest();
            return true;
        }

        /// <summary>The rest of a string token from <see cref="_pos"/>, which holds a backslash (or a fault).</summary>
        private void ScanEscapedRest()
        {
            char[] text = _text;
            int length = _length;
            int pos = _pos;
            while (true)
            {
                if (pos >= length)
                {
                    throw new SyntaxError();
                }

                char c = text[pos];
                if (c == '"')
                {
                    _pos = pos + 1;
                    return;
                }

                if (c == '\\')
                {
                    int escape = JsonParser.EscapeLength(new ReadOnlySpan<char>(text, pos, length - pos));
                    if (escape < 0)
                    {
                        throw new SyntaxError();
                    }

                    pos += escape;
                    continue;
                }

                if (c < 0x20)
                {
                    throw new SyntaxError();
                }

                pos++;
            }
        }

        private void ScanNumber()
        {
            char[] text = _text;
            int length = _length;
            int pos = _pos;
            if (pos < length && text[pos] == '-')
            {
                pos++;
            }

            if (pos < length && text[pos] == '0')
            {
                pos++;
                if (pos < length && IsDigit(text[pos]))
                {
                    throw new SyntaxError();
                }
            }
            else if (pos < length && IsDigit(text[pos]))
            {
                while (pos < length && IsDigit(text[pos]))
                {
                    pos++;
                }
            }
            else
            {
                throw new SyntaxError();
            }

            if (pos < length && text[pos] == '.')
            {
                pos++;
                if (pos >= length || !IsDigit(text[pos]))
                {
                    throw new SyntaxError();
                }

                while (pos < length && IsDigit(text[pos]))
                {
                    pos++;
                }
            }

            if (pos < length && (text[pos] == 'e' || text[pos] == 'E'))
            {
                pos++;
                if (pos < length && (text[pos] == '+' || text[pos] == '-'))
                {
                    pos++;
                }

                if (pos >= length || !IsDigit(text[pos]))
                {
                    throw new SyntaxError();
                }

                while (pos < length && IsDigit(text[pos]))
                {
                    pos++;
                }
            }

            _pos = pos;
        }

        private void Literal(string word)
        {
            if (_pos + word.Length > _length)
            {
                throw new SyntaxError();
            }

            for (int i = 1; i < word.Length; i++)
            {
                if (_text[_pos + i] != word[i])
                {
                    throw new SyntaxError();
                }
            }

            _pos += word.Length;
        }

        /// <summary>Moves past whitespace, noting where lines start; inlined for the common case of none.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private void SkipWhitespace()
        {
            if (_pos < _length && _text[_pos] > ' ')
            {
                return;
            }

            SkipWhitespaceRun();
        }

        private void SkipWhitespaceRun()
        {
            char[] text = _text;
            int length = _length;
            int pos = _pos;
            while (pos < length)
            {
                char c = text[pos];
                if (c == ' ' || c == '\t')
                {
                    pos++;
                }
                else if (c == '\n' || c == '\r')
                {
                    // A line starts after LF, after CR LF, and after a CR alone (as SourceText counts them).
                    pos++;
                    if (c == '\r' && pos < length && text[pos] == '\n')
                    {
                        pos++;
                    }

                    if (_lines == _lineStarts.Length)
                    {
                        Array.Resize(ref _lineStarts, _lines * 2);
                    }

                    _lineStarts[_lines++] = pos;
                }
                else
                {
                    break;
                }
            }

            _pos = pos;
        }

        private char Peek() => _pos < _length ? _text[_pos] : '\0';

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        /// <summary>
        /// Hands this index's arrays to the next index read on this thread, and makes this one unusable (any later read of
        /// it fails). For the validator, which calls it once a manifest's findings are made and no <see cref="JsonRef"/> of
        /// it is left: growing fresh arrays for every manifest would be a quarter of what checking one allocates.
        /// </summary>
        public void Release()
        {
            if (_released)
            {
                return;
            }

            _released = true;
            if (_entries.Length <= KeptEntries && _lineStarts.Length <= KeptEntries && _text.Length <= KeptChars)
            {
                string?[] strings = _strings ?? new string?[Math.Max(_count, 16)];
                Array.Clear(strings, 0, Math.Min(strings.Length, _count));
                Spare holder = _holder ?? new Spare();
                holder.Entries = _entries;
                holder.Lines = _lineStarts;
                holder.Strings = strings;
                holder.Text = _text;
                spare = holder;
            }

            _entries = Array.Empty<JsonIndexEntry>();
            _lineStarts = Array.Empty<int>();
            _text = Array.Empty<char>();
            _strings = null;
            _holder = null;
            _largeObjects = null;
            _count = 0;
        }

        /// <summary>The decoded value of string entry <paramref name="id"/> (decoded once, when first asked for).</summary>
        internal string StringOf(int id)
        {
            string?[]? strings = _strings;
            if (strings == null || strings.Length < _count)
            {
                strings = _strings = new string?[Math.Max(_count, 16)];
            }

            return strings[id] ??= Decode(_entries[id].Start, _entries[id].End);
        }

        /// <summary>The value as <see cref="JsonValue.Value"/> gives it: string, long, double, bool, or null.</summary>
        internal object? ValueOf(int id)
        {
            ref JsonIndexEntry e = ref _entries[id];
            switch (e.Kind)
            {
                case JsonKind.String:
                    return StringOf(id);
                case JsonKind.Boolean:
                    return _text[e.Start] == 't';
                case JsonKind.Number:
                    return LongOf(id) is long l ? (object)l : double.Parse(new string(_text, e.Start, e.End - e.Start), NumberStyles.Float, CultureInfo.InvariantCulture);
                default:
                    return null;
            }
        }

        /// <summary>A number written without fraction or exponent that a long holds (as <see cref="JsonParser"/> reads it), or null.</summary>
        internal long? LongOf(int id)
        {
            ref JsonIndexEntry e = ref _entries[id];
            if (e.Kind != JsonKind.Number)
            {
                return null;
            }

            char[] text = _text;
            bool negative = text[e.Start] == '-';
            int first = negative ? e.Start + 1 : e.Start;
            if (e.End - first > 18)
            {
                for (int i = first; i < e.End; i++)
                {
                    if (!IsDigit(text[i]))
                    {
                        return null;
                    }
                }

                return long.TryParse(new string(text, e.Start, e.End - e.Start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long big) ? big : (long?)null;
            }

            long value = 0;
            for (int i = first; i < e.End; i++)
            {
                char c = text[i];
                if (!IsDigit(c))
                {
                    return null;
                }

                value = (value * 10) + (c - '0');
            }

            return negative ? -value : value;
        }

        /// <summary>The token as written.</summary>
        internal string RawOf(int id) => new string(_text, _entries[id].Start, _entries[id].End - _entries[id].Start);

        /// <summary>
        /// The value of a string token the reader checked, from its opening quote at <paramref name="start"/> to just past
        /// its closing one at <paramref name="end"/>; one with escapes is decoded by <see cref="JsonParser.DecodeString"/>.
        /// </summary>
        private string Decode(int start, int end)
        {
            int first = start + 1;
            int length = end - 1 - first;
            // Short values repeat (location names, setting types, languages): pooled like keys, they cost no string each
            // and are the registered instances the rules' tables find by reference.
            return Array.IndexOf(_text, '\\', first, length) < 0
                ? TextPool.Get(_pool, new ReadOnlySpan<char>(_text, first, length), out _)
                : JsonParser.DecodeString(new string(_text, start, end - start), 0, end - start);
        }

        /// <summary>The last member of object <paramref name="id"/> with the key (as JavaScript reads a repeated key), or -1.</summary>
        internal int Find(int id, string key)
        {
            JsonIndexEntry[] entries = _entries;
            if (entries[id].Kind != JsonKind.Object)
            {
                return -1;
            }

            if (entries[id].Count > ScannedKeys)
            {
                return LargeObject(id).TryGetValue(key, out int last) ? last : -1;
            }

            int found = -1;
            int length = key.Length;
            for (int m = id + 1, k = entries[id].Count; k > 0; m = entries[m].Next, k--)
            {
                string name = entries[m].Key!;
                if ((object)name == key || (name.Length == length && string.Equals(name, key, StringComparison.Ordinal)))
                {
                    found = m;
                }
            }

            return found;
        }

        /// <summary>Per object of more than <see cref="ScannedKeys"/> members that a rule looked a key up in, each key's last member.</summary>
        private Dictionary<int, Dictionary<string, int>>? _largeObjects;

        /// <summary>
        /// The key table of a large object, made at its first lookup: a rule that looks up every key of an object (a hostile
        /// one holds 75,000) would otherwise scan it once per key.
        /// </summary>
        private Dictionary<string, int> LargeObject(int id)
        {
            _largeObjects ??= new Dictionary<int, Dictionary<string, int>>();
            if (!_largeObjects.TryGetValue(id, out Dictionary<string, int>? table))
            {
                JsonIndexEntry[] entries = _entries;
                table = new Dictionary<string, int>(entries[id].Count, StringComparer.Ordinal);
                for (int m = id + 1, k = entries[id].Count; k > 0; m = entries[m].Next, k--)
                {
                    table[entries[m].Key!] = m;
                }

                _largeObjects[id] = table;
            }

            return table;
        }

        /// <summary>The <paramref name="index"/>th item of array <paramref name="id"/>, or -1.</summary>
        internal int ItemAt(int id, int index)
        {
            ref JsonIndexEntry e = ref _entries[id];
            if (e.Kind != JsonKind.Array || index < 0 || index >= e.Count)
            {
                return -1;
            }

            int m = id + 1;
            for (int k = 0; k < index; k++)
            {
                m = _entries[m].Next;
            }

            return m;
        }

        /// <summary>The place of entry <paramref name="id"/> among its container's members or items.</summary>
        internal int IndexInParent(int id)
        {
            int parent = _entries[id].Parent;
            int k = 0;
            for (int m = parent + 1; m != id; m = _entries[m].Next)
            {
                k++;
            }

            return k;
        }

        /// <summary>RFC 6901 pointer of entry <paramref name="id"/> from the root, e.g. <c>/locations/3</c>.</summary>
        internal string PointerOf(int id)
        {
            if (id <= 0)
            {
                return string.Empty;
            }

            var parts = new List<string>();
            for (int at = id; _entries[at].Parent >= 0; at = _entries[at].Parent)
            {
                parts.Add(_entries[_entries[at].Parent].Kind == JsonKind.Object
                    ? JsonPointer.Escape(_entries[at].Key!)
                    : IndexInParent(at).ToString(CultureInfo.InvariantCulture));
            }

            parts.Reverse();
            return "/" + string.Join("/", parts);
        }

        /// <summary>The entry an RFC 6901 pointer names, or -1 (a repeated key names its last member).</summary>
        public int Resolve(string pointer)
        {
            if (pointer.Length == 0)
            {
                return 0;
            }

            if (pointer[0] != '/')
            {
                return -1;
            }

            int id = 0;
            int start = 1;
            while (true)
            {
                int end = pointer.IndexOf('/', start);
                if (end < 0)
                {
                    end = pointer.Length;
                }

                id = _entries[id].Kind switch
                {
                    JsonKind.Object => Find(id, JsonPointer.Token(pointer, start, end)),
                    JsonKind.Array => JsonPointer.Index(pointer, start, end) is int i ? ItemAt(id, i) : -1,
                    _ => -1,
                };
                if (id < 0 || end == pointer.Length)
                {
                    return id;
                }

                start = end + 1;
            }
        }

        /// <summary>1-based line and column (UTF-16 code units) of a 0-based offset, as <see cref="JsonNode.Position"/> gives them.</summary>
        public (int Line, int Column) GetLineColumn(int offset) =>
            offset < 0 ? (0, 0) : SourceText.LineColumn(_lineStarts, _lines, Math.Min(offset, _length));
    }

    /// <summary>
    /// A value of a <see cref="JsonIndex"/>, or nothing (<see cref="Exists"/> false: a key that is not there, an item
    /// past the end). Every member is safe on nothing: the indexers give nothing, <see cref="AsString"/> null, counts 0,
    /// so a rule reads <c>root["widget"]["support"]</c> without a check at each step.
    /// </summary>
    internal readonly struct JsonRef
    {
        private readonly JsonIndex? _index;
        private readonly int _id;

        public JsonRef(JsonIndex index, int id)
        {
            _index = id >= 0 ? index : null;
            _id = id;
        }

        public bool Exists => _index != null;

        public JsonIndex? Index => _index;

        /// <summary>The entry's number in its index (document order).</summary>
        public int Id => _id;

        /// <summary>The kind; for nothing, <see cref="JsonKind.Null"/> (check <see cref="Exists"/> first where that matters).</summary>
        public JsonKind Kind => _index == null ? JsonKind.Null : _index[_id].Kind;

        public bool IsObject => _index != null && _index[_id].Kind == JsonKind.Object;

        public bool IsArray => _index != null && _index[_id].Kind == JsonKind.Array;

        /// <summary>This when it is an object, otherwise nothing: <c>foreach (JsonRef m in x.AsObject)</c> visits members only.</summary>
        public JsonRef AsObject => IsObject ? this : default;

        /// <summary>This when it is an array, otherwise nothing.</summary>
        public JsonRef AsArray => IsArray ? this : default;

        /// <summary>Members of an object, items of an array; 0 otherwise.</summary>
        public int Count => _index == null ? 0 : _index[_id].Count;

        /// <summary>The last member with the key (as JavaScript reads a repeated key); nothing when this is not an object or has no such key.</summary>
        public JsonRef this[string key] => _index == null ? default : new JsonRef(_index, _index.Find(_id, key));

        /// <summary>The item at <paramref name="index"/> of an array; nothing otherwise.</summary>
        public JsonRef this[int index] => _index == null ? default : new JsonRef(_index, _index.ItemAt(_id, index));

        public bool ContainsKey(string key) => _index != null && _index.Find(_id, key) >= 0;

        /// <summary>For a member of an object, its key; otherwise null.</summary>
        public string? Key => _index?[_id].Key;

        /// <summary>The container; nothing for the root.</summary>
        public JsonRef Parent => _index == null ? default : new JsonRef(_index, _index[_id].Parent);

        /// <summary>The string, or null when this is not a string.</summary>
        public string? AsString() => _index != null && _index[_id].Kind == JsonKind.String ? _index.StringOf(_id) : null;

        /// <summary>string, long, double, bool, or null, as <see cref="JsonValue.Value"/>; null for a container or nothing.</summary>
        public object? Value => _index?.ValueOf(_id);

        /// <summary>An integer a long holds, written without fraction or exponent; null otherwise.</summary>
        public long? AsLong() => _index?.LongOf(_id);

        /// <summary>The token as written (quotes and escapes included for a string).</summary>
        public string RawText => _index?.RawOf(_id) ?? string.Empty;

        /// <summary>RFC 6901 pointer from the root.</summary>
        public string Pointer => _index?.PointerOf(_id) ?? string.Empty;

        /// <summary>Line and column of the value's first character; (0, 0) for nothing.</summary>
        public (int Line, int Column) Position => _index == null ? (0, 0) : _index.GetLineColumn(_index[_id].Start);

        /// <summary>For a member of an object, line and column of its key; otherwise of the value.</summary>
        public (int Line, int Column) KeyPosition =>
            _index == null ? (0, 0) : _index.GetLineColumn(_index[_id].KeyOffset >= 0 ? _index[_id].KeyOffset : _index[_id].Start);

        /// <summary>True when this is the member readers keep for its key: the last with that key in its object.</summary>
        public bool IsLastOfKey => _index != null && _index[_id].Key != null && !_index[_id].Shadowed;

        /// <summary>Members of an object or items of an array, in order (a struct enumerator: no allocation).</summary>
        public Children GetEnumerator() => new Children(_index, _id);

        public override string ToString() => _index == null ? "(nothing)" : RawText;

        /// <summary>Enumerates the members or items of a container.</summary>
        public struct Children
        {
            private readonly JsonIndex? _index;
            private int _left;
            private int _next;
            private int _current;

            internal Children(JsonIndex? index, int id)
            {
                _index = index;
                _left = index == null || (index[id].Kind != JsonKind.Object && index[id].Kind != JsonKind.Array) ? 0 : index[id].Count;
                _next = id + 1;
                _current = -1;
            }

            public JsonRef Current => new JsonRef(_index!, _current);

            public bool MoveNext()
            {
                if (_left == 0)
                {
                    return false;
                }

                _left--;
                _current = _next;
                _next = _index![_current].Next;
                return true;
            }
        }
    }
}
