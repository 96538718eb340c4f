using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AmoWidget.Json
{
    /// <summary>
    /// A strict RFC 8259 reader that keeps, for every node, where it stands in the text and how its container
    /// was laid out. Duplicate keys are kept (and listed); nothing is dropped.
    /// </summary>
    internal sealed class JsonParser
    {
        private const int MaxDepth = 512;

        /// <summary>Up to this many keys an object finds a repeated key by scanning its keys; past it, through a table.</summary>
        private const int ScannedKeys = 32;

        private static readonly char[] LineBreaks = { '\n', '\r' };

        private static readonly object True = true;
        private static readonly object False = false;

        private readonly SourceText _source;
        private readonly string _text;

        /// <summary>
        /// The working lists of the last reader on this thread, empty, for the next one: growing a fresh pair to the
        /// document's size would cost about a tenth of what reading a manifest allocates. They hold nothing
        /// between two reads (each container takes its elements out as it closes; a failed read clears them).
        /// </summary>
        [ThreadStatic]
        private static (List<JsonProperty> Properties, List<JsonNode> Items)? spare;

        private readonly string[] _pool = TextPool.Table;

        /// <summary>The repeated keys, made when the first one is found (most documents have none).</summary>
        private List<JsonProperty>? _duplicates;

        /// <summary>The properties of the objects being read, innermost last: each object takes its own, sized exactly, when it closes.</summary>
        private readonly List<JsonProperty> _properties;

        /// <summary>The same for the items of the arrays being read.</summary>
        private readonly List<JsonNode> _items;
        private int _pos;
        private int _depth;

        /// <summary>The one-digit numbers, text and boxed value, shared by every node that holds one.</summary>
        private static readonly (string Raw, object Value)[] Digits =
            Enumerable.Range(0, 10).Select(d => (d.ToString(CultureInfo.InvariantCulture), (object)(long)d)).ToArray();

        private JsonParser(SourceText source)
        {
            _source = source;
            _text = source.Text;
            (_properties, _items) = spare ?? (new List<JsonProperty>(), new List<JsonNode>());
            spare = null;
        }

        public static (JsonNode Root, int RootStart, int RootEnd, IReadOnlyList<JsonProperty> Duplicates) Parse(SourceText source)
        {
            var parser = new JsonParser(source);
            try
            {
                parser.SkipWhitespace();
                if (parser._pos >= parser._text.Length)
                {
                    throw parser.Error("The text is empty: a JSON value was expected", parser._pos);
                }

                int start = parser._pos;
                JsonNode root = parser.ReadValue();
                int end = parser._pos;
                parser.SkipWhitespace();
                if (parser._pos < parser._text.Length)
                {
                    throw parser.Error($"Unexpected {Describe(parser._text[parser._pos])} after the end of the JSON value", parser._pos);
                }

                return (root, start, end, (IReadOnlyList<JsonProperty>?)parser._duplicates ?? Array.Empty<JsonProperty>());
            }
            finally
            {
                parser._properties.Clear();
                parser._items.Clear();
                spare = (parser._properties, parser._items);
            }
        }

        private JsonNode ReadValue()
        {
            if (_pos >= _text.Length)
            {
                throw Error("Unexpected end of text: a value was expected", _pos);
            }

            char c = _text[_pos];
            switch (c)
            {
                case '{':
                    return ReadObject();
                case '[':
                    return ReadArray();
                case '"':
                    return ReadStringValue();
                case 't':
                    return ReadLiteral("true", JsonKind.Boolean, True);
                case 'f':
                    return ReadLiteral("false", JsonKind.Boolean, False);
                case 'n':
                    return ReadLiteral("null", JsonKind.Null, null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ReadNumber();
                    }

                    throw Error(c == '\''
                        ? "Unexpected single quote: JSON strings need double quotes"
                        : $"Unexpected {Describe(c)}: a value was expected", _pos);
            }
        }

        private JsonObject ReadObject()
        {
            EnterContainer();
            var obj = new JsonObject { Source = _source, Offset = _pos };
            var layout = new ContainerLayout();
            obj.Layout = layout;
            Dictionary<string, JsonProperty>? seen = null;
            int first = _properties.Count;
            _pos++;
            int afterOpen = _pos;
            SkipWhitespace();
            if (Peek() == '}')
            {
                layout.WasEmpty = true;
                layout.Multiline = ContainsNewline(afterOpen, _pos);

                _pos++;
                obj.EndOffset = _pos;
                _depth--;
                return obj;
            }

            RecordLayoutStart(layout, afterOpen);
            int afterDelimiter = afterOpen;
            JsonProperty? previous = null;
            while (true)
            {
                if (Peek() != '"')
                {
                    throw Peek() == '}' && _properties.Count > first
                        ? Error("A trailing comma is not allowed in JSON: remove the ',' before '}'", _pos)
                        : Error($"Unexpected {DescribeAt(_pos)}: a property name in double quotes was expected", _pos);
                }

                int keyStart = _pos;
                string key = ReadKey();
                JsonProperty? earlier = Earlier(first, ref seen, key);
                key = earlier?.Key ?? key;
                int beforeColon = _pos;
                SkipWhitespace();
                if (Peek() != ':')
                {
                    throw Error($"Unexpected {DescribeAt(_pos)}: ':' was expected after the property name \"{key}\"", _pos);
                }

                _pos++;
                SkipWhitespace();
                string colon = Share(beforeColon, _pos, layout.Colon);
                layout.Colon ??= colon;

                JsonNode value = ReadValue();
                var property = new JsonProperty(key, value, _source, keyStart, colon);
                property.Leading = Share(afterDelimiter, keyStart, previous?.Leading);
                RecordChildIndent(layout, property.Leading);

                if (earlier == null)
                {
                    if (seen != null)
                    {
                        seen[key] = property;
                    }
                }
                else
                {
                    (_duplicates ??= new List<JsonProperty>()).Add(property);
                }

                _properties.Add(property);
                int afterValue = _pos;
                SkipWhitespace();
                char next = Peek();
                if (next == ',')
                {
                    property.Gap = Share(afterValue, _pos, previous?.Gap);
                    RecordSeparator(layout, afterValue);

                    previous = property;
                    _pos++;
                    afterDelimiter = _pos;
                    SkipWhitespace();
                    continue;
                }

                if (next == '}')
                {
                    RecordLayoutEnd(layout, afterValue);
                    obj.AddParsed(_properties, first);
                    _properties.RemoveRange(first, _properties.Count - first);
                    _pos++;
                    obj.EndOffset = _pos;
                    _depth--;
                    return obj;
                }

                throw Error($"Unexpected {DescribeAt(_pos)}: ',' or '}}' was expected after the value of \"{key}\"", _pos);
            }
        }

        /// <summary>
        /// The first property of the object being read (its properties start at <paramref name="first"/>) with this
        /// key, or null: a scan while the object is small, then a table of first occurrences.
        /// </summary>
        private JsonProperty? Earlier(int first, ref Dictionary<string, JsonProperty>? seen, string key)
        {
            if (seen == null)
            {
                if (_properties.Count - first < ScannedKeys)
                {
                    for (int i = first; i < _properties.Count; i++)
                    {
                        if (_properties[i].Key == key)
                        {
                            return _properties[i];
                        }
                    }

                    return null;
                }

                seen = new Dictionary<string, JsonProperty>(StringComparer.Ordinal);
                for (int i = first; i < _properties.Count; i++)
                {
                    if (!seen.ContainsKey(_properties[i].Key))
                    {
                        seen[_properties[i].Key] = _properties[i];
                    }
                }
            }

            return seen.TryGetValue(key, out JsonProperty? earlier) ? earlier : null;
        }

        private JsonArray ReadArray()
        {
            EnterContainer();
            var array = new JsonArray { Source = _source, Offset = _pos };
            var layout = new ContainerLayout();
            array.Layout = layout;
            int first = _items.Count;
            _pos++;
            int afterOpen = _pos;
            SkipWhitespace();
            if (Peek() == ']')
            {
                layout.WasEmpty = true;
                layout.Multiline = ContainsNewline(afterOpen, _pos);

                _pos++;
                array.EndOffset = _pos;
                _depth--;
                return array;
            }

            RecordLayoutStart(layout, afterOpen);
            int afterDelimiter = afterOpen;
            JsonNode? previous = null;
            while (true)
            {
                if (Peek() == ']' && _items.Count > first)
                {
                    throw Error("A trailing comma is not allowed in JSON: remove the ',' before ']'", _pos);
                }

                int itemStart = _pos;
                JsonNode item = ReadValue();
                item.Leading = Share(afterDelimiter, itemStart, previous?.Leading);
                RecordChildIndent(layout, item.Leading);

                _items.Add(item);
                int afterValue = _pos;
                SkipWhitespace();
                char next = Peek();
                if (next == ',')
                {
                    item.Gap = Share(afterValue, _pos, previous?.Gap);
                    RecordSeparator(layout, afterValue);

                    previous = item;
                    _pos++;
                    afterDelimiter = _pos;
                    SkipWhitespace();
                    continue;
                }

                if (next == ']')
                {
                    RecordLayoutEnd(layout, afterValue);
                    array.AddParsed(_items, first);
                    _items.RemoveRange(first, _items.Count - first);
                    _pos++;
                    array.EndOffset = _pos;
                    _depth--;
                    return array;
                }

                throw Error($"Unexpected {DescribeAt(_pos)}: ',' or ']' was expected in the array", _pos);
            }
        }

        private void RecordLayoutStart(ContainerLayout layout, int afterOpen)
        {
            if (!ContainsNewline(afterOpen, _pos))
            {
                layout.InlinePadding = TextPool.Get(_pool, _text, afterOpen, _pos - afterOpen);
            }
        }

        /// <summary>The indentation of the first element that starts a line: how an added element is indented.</summary>
        private static void RecordChildIndent(ContainerLayout layout, string leading)
        {
            int lineBreak = leading.LastIndexOfAny(LineBreaks);
            if (layout.ChildIndent == null && lineBreak >= 0)
            {
                layout.Multiline = true;
                layout.ChildIndent = TextPool.Get(leading, lineBreak + 1, leading.Length - lineBreak - 1);
            }
        }

        private void RecordSeparator(ContainerLayout layout, int afterValue)
        {
            if (!layout.Multiline)
            {
                int comma = _pos;
                int end = comma + 1;
                while (end < _text.Length && (_text[end] == ' ' || _text[end] == '\t'))
                {
                    end++;
                }

                layout.InlineSeparator = afterValue == comma
                    ? TextPool.Get(_pool, _text, comma, end - comma)
                    : _text.Substring(afterValue, comma - afterValue) + "," + _text.Substring(comma + 1, end - comma - 1);
            }
        }

        private void RecordLayoutEnd(ContainerLayout layout, int afterValue)
        {
            layout.CloseTrivia = TextPool.Get(_pool, _text, afterValue, _pos - afterValue);
            if (ContainsNewline(afterValue, _pos))
            {
                layout.Multiline = true;
            }
        }

        private JsonValue ReadStringValue()
        {
            int start = _pos;
            ScanString();
            return JsonValue.ParsedString(_source, start, _pos);
        }

        /// <summary>A property name: a name read before, in this document or an earlier one, is the same string.</summary>
        private string ReadKey()
        {
            int start = _pos;
            bool escaped = ScanString();
            return escaped ? DecodeString(_text, start, _pos) : TextPool.Get(_pool, _text, start + 1, _pos - start - 2);
        }

        /// <summary>Moves past a string token, checking it; true when it holds an escape sequence.</summary>
        private bool ScanString()
        {
            string text = _text;
            int start = _pos;
            int pos = start + 1;
            bool escaped = false;
            while (true)
            {
                if (pos >= text.Length)
                {
                    throw Error("Unterminated string: the closing '\"' is missing", start);
                }

                char c = text[pos];
                if (c == '"')
                {
                    _pos = pos + 1;
                    return escaped;
                }

                if (c == '\\')
                {
                    escaped = true;
                    _pos = pos;
                    SkipEscape();
                    pos = _pos;
                    continue;
                }

                if (c < 0x20)
                {
                    throw Error(c == '\n' || c == '\r'
                        ? "Unterminated string: a line break inside a string must be written as \\n"
                        : $"A control character (U+{(int)c:X4}) inside a string must be escaped", pos);
                }

                pos++;
            }
        }

        private void SkipEscape()
        {
            int start = _pos;
            int length = EscapeLength(_text.AsSpan(start));
            switch (length)
            {
                case Unterminated:
                    throw Error("Unterminated escape sequence", start);
                case BadUnicode:
                    throw Error("Invalid \\u escape: four hexadecimal digits were expected", start);
                case BadEscape:
                    throw Error($"Invalid escape sequence '\\{_text[start + 1]}' in a string", start);
                default:
                    _pos = start + length;
                    return;
            }
        }

        /// <summary>What <see cref="EscapeLength"/> gives for a backslash at the end of the text.</summary>
        internal const int Unterminated = -1;

        /// <summary>... for \u not followed by four hexadecimal digits.</summary>
        internal const int BadUnicode = -2;

        /// <summary>... for a backslash before a character that escapes nothing.</summary>
        internal const int BadEscape = -3;

        /// <summary>
        /// The length of the escape sequence at the start of <paramref name="text"/> (which starts with its backslash):
        /// 2, or 6 for \uXXXX; or <see cref="Unterminated"/>, <see cref="BadUnicode"/>, <see cref="BadEscape"/>. The one
        /// judgement of an escape for both readers (this one and the checker's JsonIndex).
        /// </summary>
        internal static int EscapeLength(ReadOnlySpan<char> text)
        {
            if (text.Length < 2)
            {
                return Unterminated;
            }

            switch (text[1])
            {
                case '"':
                case '\\':
                case '/':
                case 'b':
                case 'f':
                case 'n':
                case 'r':
                case 't':
                    return 2;
                case 'u':
                    for (int i = 2; i < 6; i++)
                    {
                        if (i >= text.Length || !IsHexDigit(text[i]))
                        {
                            return BadUnicode;
                        }
                    }

                    return 6;
                default:
                    return BadEscape;
            }
        }

        private static bool IsHexDigit(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

        /// <summary>The value of a string token the parser has checked, from its opening quote at <paramref name="start"/> to just past its closing one at <paramref name="end"/>.</summary>
        internal static string DecodeString(string text, int start, int end)
        {
            int first = start + 1;
            int last = end - 1;
            int escape = text.IndexOf('\\', first, last - first);
            if (escape < 0)
            {
                return text.Substring(first, last - first);
            }

            var sb = new StringBuilder(last - first);
            int run = first;
            int i = escape;
            while (i < last)
            {
                if (text[i] != '\\')
                {
                    i++;
                    continue;
                }

                sb.Append(text, run, i - run);
                char e = text[i + 1];
                if (e == 'u')
                {
                    sb.Append((char)Hex4(text, i + 2));
                    i += 6;
                }
                else
                {
                    sb.Append(e switch
                    {
                        'b' => '\b',
                        'f' => '\f',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        _ => e,
                    });
                    i += 2;
                }

                run = i;
            }

            return sb.Append(text, run, last - run).ToString();
        }

        /// <summary>The four hexadecimal digits at <paramref name="at"/> as a number, or -1.</summary>
        private static int Hex4(string text, int at)
        {
            int code = 0;
            for (int i = at; i < at + 4; i++)
            {
                char c = text[i];
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0)
                {
                    return -1;
                }

                code = (code * 16) + digit;
            }

            return code;
        }

        private JsonValue ReadNumber()
        {
            int start = _pos;
            if (Peek() == '-')
            {
                _pos++;
            }

            if (Peek() == '0')
            {
                _pos++;
                if (IsDigit(Peek()))
                {
                    throw Error("A number must not start with a leading zero", start);
                }
            }
            else if (IsDigit(Peek()))
            {
                while (IsDigit(Peek()))
                {
                    _pos++;
                }
            }
            else
            {
                throw Error("Invalid number: a digit was expected", _pos);
            }

            bool isInteger = true;
            if (Peek() == '.')
            {
                isInteger = false;
                _pos++;
                if (!IsDigit(Peek()))
                {
                    throw Error("Invalid number: a digit was expected after '.'", _pos);
                }

                while (IsDigit(Peek()))
                {
                    _pos++;
                }
            }

            if (Peek() == 'e' || Peek() == 'E')
            {
                isInteger = false;
                _pos++;
                if (Peek() == '+' || Peek() == '-')
                {
                    _pos++;
                }

                if (!IsDigit(Peek()))
                {
                    throw Error("Invalid number: a digit was expected in the exponent", _pos);
                }

                while (IsDigit(Peek()))
                {
                    _pos++;
                }
            }

            if (isInteger && _pos - start == 1)
            {
                int digit = _text[start] - '0';
                return new JsonValue(JsonKind.Number, Digits[digit].Value, Digits[digit].Raw) { Source = _source, Offset = start, EndOffset = _pos };
            }

            if (isInteger && SmallInteger(start, _pos) is long small)
            {
                return new JsonValue(JsonKind.Number, small, _source, start, _pos);
            }

            string raw = _text.Substring(start, _pos - start);
            object value = isInteger && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)
                ? (object)l
                : double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
            return new JsonValue(JsonKind.Number, value, raw) { Source = _source, Offset = start, EndOffset = _pos };
        }

        /// <summary>An integer of at most 18 digits (which a long always holds), read without cutting its text out; null for a longer one.</summary>
        private long? SmallInteger(int start, int end)
        {
            bool negative = _text[start] == '-';
            int first = negative ? start + 1 : start;
            if (end - first > 18)
            {
                return null;
            }

            long value = 0;
            for (int i = first; i < end; i++)
            {
                value = (value * 10) + (_text[i] - '0');
            }

            return negative ? -value : value;
        }

        private JsonValue ReadLiteral(string word, JsonKind kind, object? value)
        {
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
            {
                int end = _pos;
                while (end < _text.Length && char.IsLetterOrDigit(_text[end]))
                {
                    end++;
                }

                string found = _text.Substring(_pos, Math.Max(1, end - _pos));
                throw Error($"Unexpected '{found}': a value was expected (strings need double quotes; literals are true, false and null)", _pos);
            }

            int start = _pos;
            _pos += word.Length;
            return new JsonValue(kind, value, word) { Source = _source, Offset = start, EndOffset = _pos };
        }

        private void EnterContainer()
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"The JSON nests deeper than {MaxDepth} levels", _pos);
            }
        }

        // The scanning loops work on locals, which the JIT keeps in registers, and store the position once.
        private void SkipWhitespace()
        {
            string text = _text;
            int pos = _pos;
            while (pos < text.Length)
            {
                char c = text[pos];
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                {
                    pos++;
                }
                else if (c == '/' && pos + 1 < text.Length && (text[pos + 1] == '/' || text[pos + 1] == '*'))
                {
                    throw Error("Comments are not allowed in JSON", pos);
                }
                else
                {
                    break;
                }
            }

            _pos = pos;
        }

        /// <summary>
        /// The text between two offsets, as <paramref name="known"/> when it reads the same: trivia and keys repeat,
        /// and sharing one string keeps a long run of them (a hostile file of duplicate keys) from costing a string each.
        /// </summary>
        private string Share(int from, int to, string? known) =>
            from == to ? string.Empty : known != null && SpanEquals(from, to, known) ? known : TextPool.Get(_pool, _text, from, to - from);

        private bool SpanEquals(int from, int to, string known) =>
            known.Length == to - from && string.CompareOrdinal(_text, from, known, 0, known.Length) == 0;

        private bool ContainsNewline(int from, int to) => _text.IndexOfAny(LineBreaks, from, to - from) >= 0;

        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private string DescribeAt(int pos) => pos < _text.Length ? Describe(_text[pos]) : "end of text";

        private static string Describe(char c) => c switch
        {
            '\n' => "line break",
            '\r' => "line break",
            '\t' => "tab",
            '\uFEFF' => "byte order mark",
            _ when c < 0x20 => $"control character U+{(int)c:X4}",
            _ => $"'{c}'",
        };

        private JsonParseException Error(string reason, int offset)
        {
            (int line, int column) = _source.GetLineColumn(offset);
            return new JsonParseException(reason, line, column, offset);
        }
    }
}
