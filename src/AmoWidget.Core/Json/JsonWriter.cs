using System;
using System.Text;

namespace AmoWidget.Json
{
    /// <summary>How a document writes what it has to write anew.</summary>
    internal sealed class JsonStyle
    {
        public static readonly JsonStyle Default = new JsonStyle("  ", "\n", ": ", pretty: true, () => ", ");

        private readonly Lazy<string> inlineSeparator;

        /// <param name="inlineSeparator">Found on first use: only an edit needs it, and finding it walks the document.</param>
        public JsonStyle(string indentUnit, string newLine, string colon, bool pretty, Func<string> inlineSeparator)
        {
            IndentUnit = indentUnit;
            NewLine = newLine;
            Colon = colon;
            Pretty = pretty;
            this.inlineSeparator = new Lazy<string>(inlineSeparator, System.Threading.LazyThreadSafetyMode.PublicationOnly);
        }

        /// <summary>One level of indentation: two or four spaces, or a tab, as the document uses.</summary>
        public string IndentUnit { get; }

        public string NewLine { get; }

        public string Colon { get; }

        /// <summary>False for a document written on one line: new containers stay on one line too.</summary>
        public bool Pretty { get; }

        /// <summary>What separates elements of a one-line container that has no separator of its own to copy
        /// (one element, or made in memory): "," in a minified document, ", " where the document writes that.</summary>
        public string InlineSeparator => inlineSeparator.Value;
    }

    /// <summary>
    /// Writes nodes back. An unchanged node read from text is copied from that text; a changed container is
    /// rewritten in its own recorded layout, its unchanged children still copied.
    /// </summary>
    internal static class JsonWriter
    {
        public static string Write(JsonNode node, JsonStyle style)
        {
            var sb = new StringBuilder();
            Write(sb, node, style, string.Empty);
            return sb.ToString();
        }

        /// <summary>A JSON string literal: quotes, backslashes and control characters escaped, everything else as is.</summary>
        public static string Quote(string value)
        {
            var sb = new StringBuilder(value.Length + 2);
            sb.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    default:
                        if (c < 0x20)
                        {
                            sb.Append("\\u").Append(((int)c).ToString("x4"));
                        }
                        else
                        {
                            sb.Append(c);
                        }

                        break;
                }
            }

            return sb.Append('"').ToString();
        }

        /// <param name="indent">The indentation of the line the node starts on.</param>
        private static void Write(StringBuilder sb, JsonNode node, JsonStyle style, string indent)
        {
            if (!node.Dirty && node.HasSource)
            {
                sb.Append(node.Source!.Text, node.Offset, node.EndOffset - node.Offset);
                return;
            }

            switch (node)
            {
                case JsonValue value:
                    sb.Append(value.RawText);
                    break;
                case JsonObject obj:
                    WriteContainer(sb, '{', '}', obj.Layout, obj.Properties.Count, style, indent,
                        i => (obj.Properties[i].Leading, obj.Properties[i].Gap),
                        (i, childIndent) =>
                        {
                            JsonProperty p = obj.Properties[i];
                            sb.Append(p.RawKey).Append(p.Colon ?? obj.Layout?.Colon ?? style.Colon);
                            Write(sb, p.Value, style, childIndent);
                        });
                    break;
                case JsonArray array:
                    WriteContainer(sb, '[', ']', array.Layout, array.Items.Count, style, indent,
                        i => (array.Items[i].Leading, array.Items[i].Gap),
                        (i, childIndent) => Write(sb, array.Items[i], style, childIndent));
                    break;
            }
        }

        /// <summary>
        /// Writes a changed container. Elements read from the text keep the whitespace they had around them, and the
        /// closing bracket keeps its own; an element added in memory is laid out like its neighbours.
        /// </summary>
        private static void WriteContainer(StringBuilder sb, char open, char close, ContainerLayout? layout, int count, JsonStyle style, string indent,
            Func<int, (string? Leading, string? Gap)> trivia, Action<int, string> writeElement)
        {
            if (count == 0)
            {
                sb.Append(open).Append(close);
                return;
            }

            bool fromText = layout != null && !layout.WasEmpty && layout.CloseTrivia != null;
            bool multiline = layout == null || layout.WasEmpty ? style.Pretty : layout.Multiline;
            sb.Append(open);
            if (!multiline)
            {
                // One-line containers are simple enough to lay out again from their recorded padding and separator.
                string separator = layout?.InlineSeparator ?? style.InlineSeparator;
                string padding = layout?.InlinePadding ?? string.Empty;
                sb.Append(padding);
                for (int i = 0; i < count; i++)
                {
                    sb.Append(i > 0 ? separator : string.Empty);
                    writeElement(i, indent);
                }

                sb.Append(fromText ? layout!.CloseTrivia : padding).Append(close);
                return;
            }

            string? lastLeading = null;
            for (int i = 0; i < count; i++)
            {
                (string? leading, string? gap) = trivia(i);
                sb.Append(i > 0 ? "," : string.Empty);
                if (leading == null || !fromText)
                {
                    leading = lastLeading ?? style.NewLine + (layout?.ChildIndent ?? indent + style.IndentUnit);
                }

                if (ContainsLineBreak(leading))
                {
                    lastLeading = leading;
                }

                sb.Append(leading);
                writeElement(i, ContainsLineBreak(leading) ? AfterLastLineBreak(leading) : indent);
                if (i < count - 1 && fromText && gap != null)
                {
                    sb.Append(gap);
                }
            }

            sb.Append(fromText ? layout!.CloseTrivia : style.NewLine + indent).Append(close);
        }

        private static bool ContainsLineBreak(string text) => text.IndexOf('\n') >= 0 || text.IndexOf('\r') >= 0;

        private static string AfterLastLineBreak(string text) => text.Substring(text.LastIndexOfAny(new[] { '\n', '\r' }) + 1);
    }
}
