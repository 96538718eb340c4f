using System;
using AmoWidget.IO;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AmoWidget.Json
{
    /// <summary>
    /// A JSON document that keeps what its author wrote: key order, unknown and duplicate keys, indentation (two or
    /// four spaces, tabs), line endings, the final newline and non-ASCII text. Reading and writing it back without a
    /// change gives the same text; a change rewrites only the containers it touched, in their own layout.
    /// </summary>
    public sealed class JsonDocument
    {
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        private readonly SourceText? _source;
        private readonly string _leading;
        private readonly string _trailing;
        private JsonNode _root;
        private bool _rootReplaced;
        private readonly JsonStyle _style;

        /// <param name="style">The style to write in.</param>
        private JsonDocument(SourceText? source, JsonNode root, string leading, string trailing, IReadOnlyList<JsonProperty> duplicates, bool hadBom, JsonStyle style)
        {
            _source = source;
            _root = root;
            _leading = leading;
            _trailing = trailing;
            DuplicateKeys = duplicates;
            HadBom = hadBom;
            _style = style;
        }

        public JsonNode Root
        {
            get => _root;
            set
            {
                if (value.Parent != null)
                {
                    throw new InvalidOperationException("The node already belongs to a document; use a DeepClone() of it.");
                }

                _root = value;
                _rootReplaced = true;
            }
        }

        /// <summary>True when the text started with a UTF-8 byte order mark (it is not written back).</summary>
        public bool HadBom { get; }

        /// <summary>Every property whose key repeats an earlier key of the same object, as read.</summary>
        public IReadOnlyList<JsonProperty> DuplicateKeys { get; }

        /// <summary>The text as read, without a byte order mark; null for a document made in memory.</summary>
        public string? Text => _source?.Text;

        /// <summary>One level of indentation as the document writes it.</summary>
        public string IndentUnit => Style.IndentUnit;

        /// <summary>The line ending the document uses ("\n" or "\r\n").</summary>
        public string NewLine => Style.NewLine;

        /// <summary>Whether the text ends with a line break.</summary>
        public bool HasFinalNewline => _trailing.EndsWith("\n", StringComparison.Ordinal) || _trailing.EndsWith("\r", StringComparison.Ordinal);

        /// <summary>Whether anything changed since the document was read.</summary>
        public bool IsChanged => _rootReplaced || _root.Dirty || _source == null;

        /// <summary>How the document writes.</summary>
        internal JsonStyle Style => _style;

        /// <summary>Reads UTF-8 bytes: a byte order mark is accepted (see <see cref="HadBom"/>), invalid UTF-8 is not.</summary>
        public static JsonDocument Parse(byte[] utf8) => Parse(Decode(utf8, out bool bom), bom);

        /// <summary>UTF-8 bytes as text (a BOM is left out and noted); UTF-16 and invalid UTF-8 are a JsonParseException at the byte.</summary>
        internal static string Decode(byte[] utf8, out bool bom)
        {
            if (utf8.Length >= 2 && ((utf8[0] == 0xFF && utf8[1] == 0xFE) || (utf8[0] == 0xFE && utf8[1] == 0xFF)))
            {
                throw new JsonParseException("The text is UTF-16; manifest.json must be UTF-8 without a byte order mark", 1, 1, 0);
            }

            bom = utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF;
            int start = bom ? 3 : 0;
            try
            {
                return StrictUtf8.GetString(utf8, start, utf8.Length - start);
            }
            catch (DecoderFallbackException ex)
            {
                // The exception's Index counts from the decoder's own buffer, which .NET Framework and Mono fill
                // differently; Utf8Bytes finds the same byte on every runtime (the BOM, if any, is valid UTF-8).
                int found = Utf8Bytes.FirstInvalid(utf8);
                int badByte = found >= start ? found : start + Math.Max(0, ex.Index);
                (int line, int column) = ByteLineColumn(utf8, start, badByte);
                throw new JsonParseException($"The text is not valid UTF-8 (byte 0x{utf8[Math.Min(badByte, utf8.Length - 1)]:X2})", line, column, badByte - start);
            }
        }

        /// <summary>Reads text; a leading U+FEFF is treated as a byte order mark.</summary>
        public static JsonDocument Parse(string text)
        {
            bool bom = text.Length > 0 && text[0] == '\uFEFF';
            return Parse(bom ? text.Substring(1) : text, bom);
        }

        /// <summary>A document made in memory, written in the default style (two spaces, LF, final newline).</summary>
        public static JsonDocument Create(JsonNode root) =>
            new JsonDocument(null, root, string.Empty, "\n", Array.Empty<JsonProperty>(), false, JsonStyle.Default);

        /// <summary>The node an RFC 6901 pointer names, or null.</summary>
        public JsonNode? Resolve(string pointer) => JsonPointer.Resolve(_root, pointer);

        /// <summary>1-based line and column of a 0-based offset in <see cref="Text"/>; (0, 0) without a source.</summary>
        public (int Line, int Column) GetLineColumn(int offset) => _source?.GetLineColumn(offset) ?? (0, 0);

        /// <summary>Number of lines of the source text (0 without a source).</summary>
        public int LineCount => _source?.LineCount ?? 0;

        /// <summary>Length of a 1-based line of the source text, or -1.</summary>
        public int LineLength(int line) => _source?.LineLength(line) ?? -1;

        public string ToJson()
        {
            if (!IsChanged)
            {
                return _source!.Text;
            }

            return _leading + JsonWriter.Write(_root, Style) + _trailing;
        }

        /// <summary>UTF-8 without a byte order mark.</summary>
        public byte[] ToUtf8Bytes() => StrictUtf8.GetBytes(ToJson());

        public override string ToString() => ToJson();

        private static JsonDocument Parse(string text, bool bom)
        {
            var source = new SourceText(text);
            (JsonNode root, int rootStart, int rootEnd, IReadOnlyList<JsonProperty> duplicates) = JsonParser.Parse(source);
            return new JsonDocument(source, root, TextPool.Get(text, 0, rootStart), TextPool.Get(text, rootEnd, text.Length - rootEnd), duplicates, bom, DetectStyle(text, root));
        }

        private static JsonStyle DetectStyle(string text, JsonNode root)
        {
            int lf = text.IndexOf('\n');
            string newLine = lf > 0 && text[lf - 1] == '\r' ? "\r\n" : "\n";
            ContainerLayout? layout = (root as JsonObject)?.Layout ?? (root as JsonArray)?.Layout;
            string unit = "  ";
            string? childIndent = layout?.ChildIndent;
            if (!string.IsNullOrEmpty(childIndent))
            {
                unit = childIndent![0] == '\t' ? "\t" : new string(' ', childIndent.Length);
            }

            bool pretty = layout == null || layout.WasEmpty || layout.Multiline;
            return new JsonStyle(unit, newLine, layout?.Colon ?? (pretty ? ": " : ":"), pretty, () => FirstInlineSeparator(root) ?? (pretty ? ", " : ","));
        }

        /// <summary>The separator of the first one-line container with two or more elements, in document order.</summary>
        private static string? FirstInlineSeparator(JsonNode node)
        {
            (ContainerLayout? layout, IEnumerable<JsonNode> children) = node switch
            {
                JsonObject o => (o.Layout, o.Properties.Select(p => p.Value)),
                JsonArray a => (a.Layout, (IEnumerable<JsonNode>)a.Items),
                _ => (null, Enumerable.Empty<JsonNode>()),
            };
            if (layout is { Multiline: false, InlineSeparator: not null })
            {
                return layout.InlineSeparator;
            }

            foreach (JsonNode child in children)
            {
                string? found = FirstInlineSeparator(child);
                if (found != null)
                {
                    return found;
                }
            }

            return null;
        }

        private static (int Line, int Column) ByteLineColumn(byte[] bytes, int start, int index)
        {
            // The column counts UTF-16 units, as the parser's and an editor's do: everything before the bad byte is
            // valid UTF-8, so each lead byte is one character and a four-byte sequence is a surrogate pair.
            int line = 1;
            int column = 1;
            for (int i = start; i < index && i < bytes.Length; i++)
            {
                byte b = bytes[i];
                if (b == '\n')
                {
                    line++;
                    column = 1;
                }
                else if ((b & 0xC0) != 0x80)
                {
                    column += b >= 0xF0 ? 2 : 1;
                }
            }

            return (line, column);
        }
    }
}
