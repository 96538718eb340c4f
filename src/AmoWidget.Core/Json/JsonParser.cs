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

        private readonly SourceText _source;
        private readonly string _text;
        private readonly List<JsonProperty> _duplicates = new List<JsonProperty>();
        private int _pos;
        private int _depth;

        /// <summary>The one-digit numbers, text and boxed value, shared by every node that holds one.</summary>
        private static readonly (string Raw, object Value)[] Digits =
            Enumerable.Range(0, 10).Select(d => (d.ToString(CultureInfo.InvariantCulture), (object)(long)d)).ToArray();

        private JsonParser(SourceText source)
        {
            _source = source;
            _text = source.Text;
        }

        public static (JsonNode Root, int RootStart, int RootEnd, IReadOnlyList<JsonProperty> Duplicates) Parse(SourceText source)
        {
            var parser = new JsonParser(source);
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

            return (root, start, end, parser._duplicates);
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
                    return ReadLiteral("true", JsonKind.Boolean, true);
                case 'f':
                    return ReadLiteral("false", JsonKind.Boolean, false);
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
            var seen = new Dictionary<string, JsonProperty>(StringComparer.Ordinal);
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
                    throw Peek() == '}' && obj.Count > 0
                        ? Error("A trailing comma is not allowed in JSON: remove the ',' before '}'", _pos)
                        : Error($"Unexpected {DescribeAt(_pos)}: a property name in double quotes was expected", _pos);
                }

                int keyStart = _pos;
                string key = ReadString();
                seen.TryGetValue(key, out JsonProperty? earlier);
                string rawKey = earlier != null && SpanEquals(keyStart, _pos, earlier.RawKey)
                    ? earlier.RawKey
                    : _text.Substring(keyStart, _pos - keyStart);
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
                var property = new JsonProperty(key, value, rawKey, keyStart, colon) { Leading = Share(afterDelimiter, keyStart, previous?.Leading) };
                RecordChildIndent(layout, property.Leading);
                if (earlier == null)
                {
                    seen[key] = property;
                }
                else
                {
                    _duplicates.Add(property);
                }

                obj.AddParsed(property);
                int afterValue = _pos;
                SkipWhitespace();
                char next = Peek();
                if (next == ',')
                {
                    property.Gap = Share(afterValue, _pos, previous?.Gap);
                    previous = property;
                    RecordSeparator(layout, afterValue);
                    _pos++;
                    afterDelimiter = _pos;
                    SkipWhitespace();
                    continue;
                }

                if (next == '}')
                {
                    RecordLayoutEnd(layout, afterValue);
                    _pos++;
                    obj.EndOffset = _pos;
                    _depth--;
                    return obj;
                }

                throw Error($"Unexpected {DescribeAt(_pos)}: ',' or '}}' was expected after the value of \"{key}\"", _pos);
            }
        }

        private JsonArray ReadArray()
        {
            EnterContainer();
            var array = new JsonArray { Source = _source, Offset = _pos };
            var layout = new ContainerLayout();
            array.Layout = layout;
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
                if (Peek() == ']' && array.Count > 0)
                {
                    throw Error("A trailing comma is not allowed in JSON: remove the ',' before ']'", _pos);
                }

                int itemStart = _pos;
                JsonNode item = ReadValue();
                item.Leading = Share(afterDelimiter, itemStart, previous?.Leading);
                RecordChildIndent(layout, item.Leading);
                array.AddParsed(item);
                int afterValue = _pos;
                SkipWhitespace();
                char next = Peek();
                if (next == ',')
                {
                    item.Gap = Share(afterValue, _pos, previous?.Gap);
                    previous = item;
                    RecordSeparator(layout, afterValue);
                    _pos++;
                    afterDelimiter = _pos;
                    SkipWhitespace();
                    continue;
                }

                if (next == ']')
                {
                    RecordLayoutEnd(layout, afterValue);
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
                layout.InlinePadding = _text.Substring(afterOpen, _pos - afterOpen);
            }
        }

        /// <summary>The indentation of the first element that starts a line: how an added element is indented.</summary>
        private static void RecordChildIndent(ContainerLayout layout, string leading)
        {
            int lineBreak = leading.LastIndexOfAny(new[] { '\n', '\r' });
            if (layout.ChildIndent == null && lineBreak >= 0)
            {
                layout.Multiline = true;
                layout.ChildIndent = leading.Substring(lineBreak + 1);
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

                layout.InlineSeparator = _text.Substring(afterValue, comma - afterValue) + "," + _text.Substring(comma + 1, end - comma - 1);
            }
        }

        private void RecordLayoutEnd(ContainerLayout layout, int afterValue)
        {
            layout.CloseTrivia = _text.Substring(afterValue, _pos - afterValue);
            if (ContainsNewline(afterValue, _pos))
            {
                layout.Multiline = true;
            }
        }

        private JsonValue ReadStringValue()
        {
            int start = _pos;
            string value = ReadString();
            return new JsonValue(JsonKind.String, value, _text.Substring(start, _pos - start)) { Source = _source, Offset = start, EndOffset = _pos };
        }

        private string ReadString()
        {
            int start = _pos;
            _pos++;
            StringBuilder? sb = null;
            int runStart = _pos;
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw Error("Unterminated string: the closing '\"' is missing", start);
                }

                char c = _text[_pos];
                if (c == '"')
                {
                    string result = sb == null
                        ? _text.Substring(runStart, _pos - runStart)
                        : sb.Append(_text, runStart, _pos - runStart).ToString();
                    _pos++;
                    return result;
                }

                if (c == '\\')
                {
                    sb ??= new StringBuilder();
                    sb.Append(_text, runStart, _pos - runStart);
                    sb.Append(ReadEscape());
                    runStart = _pos;
                    continue;
                }

                if (c < 0x20)
                {
                    throw Error(c == '\n' || c == '\r'
                        ? "Unterminated string: a line break inside a string must be written as \\n"
                        : $"A control character (U+{(int)c:X4}) inside a string must be escaped", _pos);
                }

                _pos++;
            }
        }

        private char ReadEscape()
        {
            int start = _pos;
            _pos++;
            if (_pos >= _text.Length)
            {
                throw Error("Unterminated escape sequence", start);
            }

            char e = _text[_pos++];
            switch (e)
            {
                case '"': return '"';
                case '\\': return '\\';
                case '/': return '/';
                case 'b': return '\b';
                case 'f': return '\f';
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'u':
                    if (_pos + 4 > _text.Length || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        throw Error("Invalid \\u escape: four hexadecimal digits were expected", start);
                    }

                    _pos += 4;
                    return (char)code;
                default:
                    throw Error($"Invalid escape sequence '\\{e}' in a string", start);
            }
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

            string raw = _text.Substring(start, _pos - start);
            object value = isInteger && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)
                ? (object)l
                : double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
            return new JsonValue(JsonKind.Number, value, raw) { Source = _source, Offset = start, EndOffset = _pos };
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

        private void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                {
                    _pos++;
                }
                else if (c == '/' && _pos + 1 < _text.Length && (_text[_pos + 1] == '/' || _text[_pos + 1] == '*'))
                {
                    throw Error("Comments are not allowed in JSON", _pos);
                }
                else
                {
                    return;
                }
            }
        }

        /// <summary>
        /// The text between two offsets, as <paramref name="known"/> when it reads the same: trivia and keys repeat,
        /// and sharing one string keeps a long run of them (a hostile file of duplicate keys) from costing a string each.
        /// </summary>
        private string Share(int from, int to, string? known) =>
            from == to ? string.Empty : known != null && SpanEquals(from, to, known) ? known : _text.Substring(from, to - from);

        private bool SpanEquals(int from, int to, string known) =>
            known.Length == to - from && string.CompareOrdinal(_text, from, known, 0, known.Length) == 0;

        private bool ContainsNewline(int from, int to) => _text.IndexOfAny(new[] { '\n', '\r' }, from, to - from) >= 0;

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
