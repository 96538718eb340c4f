using System;

namespace AmoWidget.Json
{
    /// <summary>The text a document was read from, with a line table for offset to line and column (made when first needed).</summary>
    internal sealed class SourceText
    {
        private static readonly char[] LineBreaks = { '\n', '\r' };

        private int[]? _lineStarts;

        public SourceText(string text)
        {
            Text = text;
        }

        public string Text { get; }

        public int LineCount => LineStarts.Length;

        private int[] LineStarts => _lineStarts ??= FindLineStarts(Text);

        /// <summary>1-based line and column (in UTF-16 code units) of a 0-based offset.</summary>
        public (int Line, int Column) GetLineColumn(int offset)
        {
            if (offset < 0)
            {
                return (0, 0);
            }

            offset = Math.Min(offset, Text.Length);
            int[] starts = LineStarts;
            int index = Array.BinarySearch(starts, offset);
            if (index < 0)
            {
                index = ~index - 1;
            }

            return (index + 1, offset - starts[index] + 1);
        }

        /// <summary>Length of a 1-based line without its line break, or -1 when there is no such line.</summary>
        public int LineLength(int line)
        {
            int[] starts = LineStarts;
            if (line < 1 || line > starts.Length)
            {
                return -1;
            }

            int start = starts[line - 1];
            int end = line < starts.Length ? starts[line] : Text.Length;
            while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r'))
            {
                end--;
            }

            return end - start;
        }

        /// <summary>The offset where each line starts: counted first, so the table is one array of the right size.</summary>
        private static int[] FindLineStarts(string text)
        {
            int count = 1;
            for (int i = NextBreak(text, 0); i >= 0; i = NextBreak(text, i))
            {
                count++;
            }

            var starts = new int[count];
            int line = 1;
            for (int i = NextBreak(text, 0); i >= 0; i = NextBreak(text, i))
            {
                starts[line++] = i;
            }

            return starts;
        }

        /// <summary>The start of the line after the next line break at or after <paramref name="from"/> (CR LF, LF or CR), or -1.</summary>
        private static int NextBreak(string text, int from)
        {
            int at = text.IndexOfAny(LineBreaks, from);
            if (at < 0)
            {
                return -1;
            }

            return text[at] == '\r' && at + 1 < text.Length && text[at + 1] == '\n' ? at + 2 : at + 1;
        }
    }
}
