using System;
using System.Collections.Generic;
using System.Text;

namespace AmoWidget.Json
{
    public enum JsonKind
    {
        Object,
        Array,
        String,
        Number,
        Boolean,
        Null,
    }

    /// <summary>
    /// A node of a JSON document that remembers where it came from. A node read from text and never changed is
    /// written back exactly as it was read, so an edit touches only the containers it changed.
    /// </summary>
    public abstract class JsonNode
    {
        internal JsonNode(JsonKind kind)
        {
            Kind = kind;
        }

        public JsonKind Kind { get; }

        public JsonNode? Parent { get; internal set; }

        /// <summary>1-based line of the node's first character in its source; 0 for a node made in memory.</summary>
        public int Line => Source?.GetLineColumn(Offset).Line ?? 0;

        /// <summary>1-based column of the node's first character in its source; 0 for a node made in memory.</summary>
        public int Column => Source?.GetLineColumn(Offset).Column ?? 0;

        /// <summary>Line and column together, from one lookup; (0, 0) for a node made in memory.</summary>
        internal (int Line, int Column) Position => Source?.GetLineColumn(Offset) ?? (0, 0);

        /// <summary>0-based offset of the node's first character in its source; -1 for a node made in memory.</summary>
        public int Offset { get; internal set; } = -1;

        /// <summary>RFC 6901 pointer from the document root, e.g. <c>/locations/3</c>.</summary>
        public string Pointer
        {
            get
            {
                var parts = new List<string>();
                for (JsonNode node = this; node.Parent != null; node = node.Parent)
                {
                    parts.Add(node.Parent switch
                    {
                        JsonObject o => JsonPointer.Escape(o.KeyOf(node) ?? string.Empty),
                        JsonArray a => a.IndexOf(node).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        _ => string.Empty,
                    });
                }

                parts.Reverse();
                return parts.Count == 0 ? string.Empty : "/" + string.Join("/", parts);
            }
        }

        internal SourceText? Source { get; set; }

        /// <summary>As an array item: the whitespace between the preceding '[' or ',' and the item, as read.</summary>
        internal string? Leading { get; set; }

        /// <summary>As an array item that was not last: the whitespace between the item and its ',', as read.</summary>
        internal string? Gap { get; set; }

        internal int EndOffset { get; set; } = -1;

        /// <summary>True when the node, or something below it, changed since it was read.</summary>
        internal bool Dirty { get; private set; }

        internal bool HasSource => Source != null && Offset >= 0 && EndOffset >= Offset;

        /// <summary>A copy with no parent and no source position.</summary>
        public abstract JsonNode DeepClone();

        /// <summary>The node as JSON text, in the document's style where it has one.</summary>
        public override string ToString() => JsonWriter.Write(this, JsonStyle.Default);

        internal void MarkDirty()
        {
            for (JsonNode? node = this; node != null && !node.Dirty; node = node.Parent)
            {
                node.Dirty = true;
            }
        }

        internal void Adopt(JsonNode child)
        {
            if (child.Parent != null)
            {
                throw new InvalidOperationException("The node already belongs to a document; add a DeepClone() of it instead.");
            }

            child.Parent = this;
        }
    }

    /// <summary>One key and value of an object. Duplicate keys are kept, in source order.</summary>
    public sealed class JsonProperty
    {
        private readonly SourceText? source;
        private string? rawKey;

        internal JsonProperty(string key, JsonNode value, string rawKey, int offset)
        {
            Key = key;
            Value = value;
            this.rawKey = rawKey;
            Offset = offset;
        }

        /// <summary>A property read from its source: the key token as written is cut from the source when first asked for.</summary>
        internal JsonProperty(string key, JsonNode value, SourceText source, int offset, string? colon)
        {
            Key = key;
            Value = value;
            this.source = source;
            Offset = offset;
            Colon = colon;
        }

        public string Key { get; }

        public JsonNode Value { get; internal set; }

        /// <summary>The key token as written, quotes and escapes included.</summary>
        public string RawKey => rawKey ??= CutRawKey();

        /// <summary>0-based offset of the key in the source; -1 for a property made in memory.</summary>
        public int Offset { get; }

        /// <summary>What stood between the key and the value as read (e.g. ": "); null for a property made in memory.</summary>
        internal string? Colon { get; }

        /// <summary>The whitespace between the preceding '{' or ',' and the key, as read.</summary>
        internal string? Leading { get; set; }

        /// <summary>For a property that was not last: the whitespace between its value and its ',', as read.</summary>
        internal string? Gap { get; set; }

        public JsonObject? Parent { get; internal set; }

        public int Line => Parent?.Source != null && Offset >= 0 ? Parent.Source.GetLineColumn(Offset).Line : 0;

        public int Column => Parent?.Source != null && Offset >= 0 ? Parent.Source.GetLineColumn(Offset).Column : 0;

        /// <summary>Line and column together, from one lookup; (0, 0) for a property made in memory.</summary>
        internal (int Line, int Column) Position => Parent?.Source != null && Offset >= 0 ? Parent.Source.GetLineColumn(Offset) : (0, 0);

        public string Pointer => (Parent?.Pointer ?? string.Empty) + "/" + JsonPointer.Escape(Key);

        /// <summary>The key token from the source: from its opening quote to the first quote no backslash escapes.</summary>
        private string CutRawKey()
        {
            string text = source!.Text;
            int end = Offset + 1;
            while (text[end] != '"')
            {
                end += text[end] == '\\' ? 2 : 1;
            }

            return TextPool.Get(text, Offset, end + 1 - Offset);
        }
    }

    /// <summary>Layout of a container as read, so that a changed container is rewritten the way it was written.</summary>
    internal sealed class ContainerLayout
    {
        public bool Multiline { get; set; }

        /// <summary>Whitespace before the first element on its own line (multiline containers).</summary>
        public string? ChildIndent { get; set; }

        /// <summary>The whitespace between the last element and the closing bracket, as read.</summary>
        public string? CloseTrivia { get; set; }

        /// <summary>Separator between elements on one line, e.g. ", " or ","; null when the container had fewer than two.</summary>
        public string? InlineSeparator { get; set; }

        /// <summary>Padding inside the brackets of a one-line container, e.g. " " in <c>[ "a" ]</c>.</summary>
        public string InlinePadding { get; set; } = string.Empty;

        /// <summary>What stands between a key and its value, e.g. ": ".</summary>
        public string? Colon { get; set; }

        public bool WasEmpty { get; set; }
    }

    public sealed class JsonObject : JsonNode
    {
        private readonly List<JsonProperty> _properties = new List<JsonProperty>();

        public JsonObject()
            : base(JsonKind.Object)
        {
        }

        public IReadOnlyList<JsonProperty> Properties => _properties;

        public int Count => _properties.Count;

        /// <summary>The distinct keys, in order of first appearance.</summary>
        public IEnumerable<string> Keys
        {
            get
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (JsonProperty p in _properties)
                {
                    if (seen.Add(p.Key))
                    {
                        yield return p.Key;
                    }
                }
            }
        }

        internal ContainerLayout? Layout { get; set; }

        /// <summary>Get: the value of the last property with the key (as JavaScript reads it), or null.
        /// Set: replaces that value in place, or appends the property.</summary>
        public JsonNode? this[string key]
        {
            get => FindLast(key)?.Value;
            set
            {
                if (value == null)
                {
                    Remove(key);
                    return;
                }

                JsonProperty? existing = FindLast(key);
                if (existing == null)
                {
                    Insert(_properties.Count, key, value);
                    return;
                }

                if (ReferenceEquals(existing.Value, value))
                {
                    return;
                }

                Adopt(value);
                existing.Value.Parent = null;
                existing.Value = value;
                MarkDirty();
            }
        }

        public bool ContainsKey(string key) => FindLast(key) != null;

        public bool TryGetValue(string key, out JsonNode value)
        {
            JsonProperty? p = FindLast(key);
            value = p?.Value!;
            return p != null;
        }

        /// <summary>The last property with the key, or null.</summary>
        public JsonProperty? GetProperty(string key) => FindLast(key);

        /// <summary>Removes every property with the key; false when there was none.</summary>
        public bool Remove(string key)
        {
            int removed = _properties.RemoveAll(p =>
            {
                if (p.Key != key)
                {
                    return false;
                }

                p.Value.Parent = null;
                p.Parent = null;
                return true;
            });
            if (removed > 0)
            {
                MarkDirty();
            }

            return removed > 0;
        }

        public void Insert(int index, string key, JsonNode value)
        {
            Adopt(value);
            var property = new JsonProperty(key, value, JsonWriter.Quote(key), -1) { Parent = this };
            _properties.Insert(index, property);
            MarkDirty();
        }

        /// <summary>Position of the first property with the key, or -1.</summary>
        public int IndexOfKey(string key) => _properties.FindIndex(p => p.Key == key);

        public override JsonNode DeepClone()
        {
            var copy = new JsonObject();
            foreach (JsonProperty p in _properties)
            {
                copy.Add(p.Key, p.Value.DeepClone());
            }

            return copy;
        }

        internal string? KeyOf(JsonNode child)
        {
            foreach (JsonProperty p in _properties)
            {
                if (ReferenceEquals(p.Value, child))
                {
                    return p.Key;
                }
            }

            return null;
        }

        /// <summary>Takes the properties read, from <paramref name="start"/> to the end of <paramref name="read"/>, without marking the object changed.</summary>
        internal void AddParsed(List<JsonProperty> read, int start)
        {
            _properties.Capacity = read.Count - start;
            for (int i = start; i < read.Count; i++)
            {
                JsonProperty property = read[i];
                property.Parent = this;
                property.Value.Parent = this;
                _properties.Add(property);
            }
        }

        /// <summary>Appends a property (a duplicate key too).</summary>
        public void Add(string key, JsonNode value) => Insert(_properties.Count, key, value);

        private JsonProperty? FindLast(string key)
        {
            for (int i = _properties.Count - 1; i >= 0; i--)
            {
                if (_properties[i].Key == key)
                {
                    return _properties[i];
                }
            }

            return null;
        }
    }

    public sealed class JsonArray : JsonNode
    {
        private readonly List<JsonNode> _items = new List<JsonNode>();

        public JsonArray()
            : base(JsonKind.Array)
        {
        }

        public IReadOnlyList<JsonNode> Items => _items;

        public int Count => _items.Count;

        internal ContainerLayout? Layout { get; set; }

        public JsonNode this[int index]
        {
            get => _items[index];
            set
            {
                if (ReferenceEquals(_items[index], value))
                {
                    return;
                }

                Adopt(value);
                _items[index].Parent = null;
                _items[index] = value;
                MarkDirty();
            }
        }

        public void Add(JsonNode item) => Insert(_items.Count, item);

        public void Insert(int index, JsonNode item)
        {
            Adopt(item);
            _items.Insert(index, item);
            MarkDirty();
        }

        public void RemoveAt(int index)
        {
            _items[index].Parent = null;
            _items.RemoveAt(index);
            MarkDirty();
        }

        public int IndexOf(JsonNode item)
        {
            for (int i = 0; i < _items.Count; i++)
            {
                if (ReferenceEquals(_items[i], item))
                {
                    return i;
                }
            }

            return -1;
        }

        public override JsonNode DeepClone()
        {
            var copy = new JsonArray();
            foreach (JsonNode item in _items)
            {
                copy.Add(item.DeepClone());
            }

            return copy;
        }

        /// <summary>Takes the items read, from <paramref name="start"/> to the end of <paramref name="read"/>, without marking the array changed.</summary>
        internal void AddParsed(List<JsonNode> read, int start)
        {
            _items.Capacity = read.Count - start;
            for (int i = start; i < read.Count; i++)
            {
                read[i].Parent = this;
                _items.Add(read[i]);
            }
        }
    }

    /// <summary>A string, number, boolean or null. Immutable: replace it to change it.</summary>
    public sealed class JsonValue : JsonNode
    {
        /// <summary>Stands for the value of a string read from its source and not yet asked for.</summary>
        private static readonly object Undecoded = new object();

        private object? value;
        private string? rawText;

        internal JsonValue(JsonKind kind, object? value, string rawText)
            : base(kind)
        {
            this.value = value;
            this.rawText = rawText;
        }

        /// <summary>A value read from its source: the raw text is cut from the source when first asked for.</summary>
        internal JsonValue(JsonKind kind, object? value, SourceText source, int offset, int endOffset)
            : base(kind)
        {
            this.value = value;
            Source = source;
            Offset = offset;
            EndOffset = endOffset;
        }

        /// <summary>string, long, double, bool, or null.</summary>
        public object? Value
        {
            get
            {
                object? known = value;
                if (ReferenceEquals(known, Undecoded))
                {
                    known = JsonParser.DecodeString(Source!.Text, Offset, EndOffset);
                    value = known;
                }

                return known;
            }
        }

        /// <summary>The token as written (quotes and escapes included for a string).</summary>
        public string RawText => rawText ??= Source!.Text.Substring(Offset, EndOffset - Offset);

        /// <summary>A string token the parser checked: it is decoded when its value is first asked for (most never are).</summary>
        internal static JsonValue ParsedString(SourceText source, int offset, int endOffset) =>
            new JsonValue(JsonKind.String, Undecoded, source, offset, endOffset);

        public static JsonValue String(string value) => new JsonValue(JsonKind.String, value, JsonWriter.Quote(value));

        public static JsonValue Number(long value) =>
            new JsonValue(JsonKind.Number, value, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        public static JsonValue Number(double value) =>
            new JsonValue(JsonKind.Number, value, value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));

        public static JsonValue Boolean(bool value) => new JsonValue(JsonKind.Boolean, value, value ? "true" : "false");

        public static JsonValue Null() => new JsonValue(JsonKind.Null, null, "null");

        /// <summary>The string, or null when this is not a string.</summary>
        public string? AsString() => Value as string;

        public override JsonNode DeepClone() => new JsonValue(Kind, Value, RawText);
    }

    /// <summary>RFC 6901 escaping.</summary>
    public static class JsonPointer
    {
        public static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");

        public static string Unescape(string token) => token.Replace("~1", "/").Replace("~0", "~");

        /// <summary>The node a pointer names, or null.</summary>
        public static JsonNode? Resolve(JsonNode root, string pointer)
        {
            if (pointer.Length == 0)
            {
                return root;
            }

            if (pointer[0] != '/')
            {
                return null;
            }

            JsonNode? node = root;
            int start = 1;
            while (node != null)
            {
                int end = pointer.IndexOf('/', start);
                if (end < 0)
                {
                    end = pointer.Length;
                }

                node = node switch
                {
                    JsonObject o => o[Token(pointer, start, end)],
                    JsonArray a => Index(pointer, start, end) is int i && i < a.Count ? a[i] : null,
                    _ => null,
                };
                if (end == pointer.Length)
                {
                    break;
                }

                start = end + 1;
            }

            return node;
        }

        internal static string Token(string pointer, int start, int end)
        {
            string raw = pointer.Substring(start, end - start);
            return raw.IndexOf('~') < 0 ? raw : Unescape(raw);
        }

        /// <summary>A decimal array index as RFC 6901 writes it (digits only), or null.</summary>
        internal static int? Index(string pointer, int start, int end)
        {
            if (end == start || end - start > 9)
            {
                return null;
            }

            int value = 0;
            for (int i = start; i < end; i++)
            {
                char c = pointer[i];
                if (c < '0' || c > '9')
                {
                    return null;
                }

                value = (value * 10) + (c - '0');
            }

            return value;
        }

        /// <summary>A pointer as a reader says it: /widget/locale/1 is widget.locale[1].</summary>
        public static string Display(string pointer)
        {
            if (pointer.Length == 0)
            {
                return "(root)";
            }

            var text = new System.Text.StringBuilder(pointer.Length + 8);
            int start = 1;
            while (start <= pointer.Length)
            {
                int end = pointer.IndexOf('/', start);
                if (end < 0)
                {
                    end = pointer.Length;
                }

                string raw = pointer.Substring(start, end - start);
                string token = raw.IndexOf('~') < 0 ? raw : Unescape(raw);
                if (token.Length > 0 && AllDigits(token) && text.Length > 0)
                {
                    text.Append('[').Append(token).Append(']');
                }
                else
                {
                    text.Append(text.Length == 0 ? string.Empty : ".").Append(token);
                }

                start = end + 1;
            }

            return text.ToString();
        }

        private static bool AllDigits(string token)
        {
            foreach (char c in token)
            {
                if (!char.IsDigit(c))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
