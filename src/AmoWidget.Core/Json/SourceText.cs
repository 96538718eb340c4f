using System;

namespace AmoWidget.Json
{
    /// <summary>
    /// The text a document was read from, with a line table for offset to line and column. The table is filled as far
    /// as the offsets asked for reach: a validator asks for a few positions near the top of most files, and a file
    /// without findings is never scanned for line breaks at all.
    /// </summary>
    internal sealed class SourceText
    {
        /// <summary>The offset where each line found so far starts; the first <see cref="_lines"/> slots are used.</summary>
        private int[]? _lineStarts;
        private int _lines;

        /// <summary>True once the whole text has been scanned for line breaks.</summary>
        private bool _complete;

        public SourceText(string text)
        {
            Text = text;
        }

        public string Text { get; }

        public int LineCount
        {
            get
            {
                ScanTo(int.MaxValue);
                return _lines;
            }
        }

        /// <summary>1-based line and column (in UTF-16 code units) of a 0-based offset.</summary>
        public (int Line, int Column) GetLineColumn(int offset)
        {
            if (offset < 0)
            {
                return (0, 0);
            }

            offset = Math.Min(offset, Text.Length);
            ScanTo(offset);
            return LineColumn(_lineStarts!, _lines, offset);
        }

        /// <summary>
        /// 1-based line and column of <paramref name="offset"/> (0 to the text's length) from a table of line starts (0
        /// first, ascending; the first <paramref name="lines"/> used, at least those up to the offset): this text's table,
        /// or the one JsonIndex notes while reading.
        /// </summary>
        internal static (int Line, int Column) LineColumn(int[] lineStarts, int lines, int offset)
        {
            int index = Array.BinarySearch(lineStarts, 0, lines, offset);
            if (index < 0)
            {
                index = ~index - 1;
            }

            return (index + 1, offset - lineStarts[index] + 1);
        }

        /// <summary>Length of a 1-based line without its line break, or -1 when there is no such line.</summary>
        public int LineLength(int line)
        {
            ScanTo(int.MaxValue);
            int[] starts = _lineStarts!;
            if (line < 1 || line > _lines)
            {
                return -1;
            }

            int start = starts[line - 1];
            int end = line < _lines ? starts[line] : Text.Length;
            while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r'))
            {
                end--;
            }

            return end - start;
        }

        /// <summary>Extends the table until it holds every line start at or before <paramref name="offset"/>.</summary>
        private void ScanTo(int offset)
        {
            if (_lineStarts == null)
            {
                _lineStarts = new int[16];
                _lines = 1;
            }

            while (!_complete && _lineStarts[_lines - 1] <= offset)
            {
                int next = NextBreak(Text, _lineStarts[_lines - 1]);
                if (next < 0)
                {
                    _complete = true;
                    break;
                }

                if (_lines == _lineStarts.Length)
                {
                    Array.Resize(ref _lineStarts, _lines * 2);
                }

                _lineStarts[_lines++] = next;
            }
        }

        /// <summary>The start of the line after the next line break at or after <paramref name="from"/> (CR LF, LF or CR), or -1.</summary>
        private static int NextBreak(string text, int from)
        {
            int at = text.AsSpan(from).IndexOfAny('\n', '\r');
            if (at < 0)
            {
                return -1;
            }

            at += from;
            return text[at] == '\r' && at + 1 < text.Length && text[at + 1] == '\n' ? at + 2 : at + 1;
        }
    }
}
