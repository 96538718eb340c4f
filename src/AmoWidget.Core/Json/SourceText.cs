using System;
using System.Collections.Generic;

namespace AmoWidget.Json
{
    /// <summary>The text a document was read from, with a line table for offset to line and column.</summary>
    internal sealed class SourceText
    {
        private readonly int[] _lineStarts;

        public SourceText(string text)
        {
            Text = text;
            var starts = new List<int> { 0 };
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\n')
                {
                    starts.Add(i + 1);
                }
                else if (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))
                {
                    starts.Add(i + 1);
                }
            }

            _lineStarts = starts.ToArray();
        }

        public string Text { get; }

        public int LineCount => _lineStarts.Length;

        /// <summary>1-based line and column (in UTF-16 code units) of a 0-based offset.</summary>
        public (int Line, int Column) GetLineColumn(int offset)
        {
            if (offset < 0)
            {
                return (0, 0);
            }

            offset = Math.Min(offset, Text.Length);
            int index = Array.BinarySearch(_lineStarts, offset);
            if (index < 0)
            {
                index = ~index - 1;
            }

            return (index + 1, offset - _lineStarts[index] + 1);
        }

        /// <summary>Length of a 1-based line without its line break, or -1 when there is no such line.</summary>
        public int LineLength(int line)
        {
            if (line < 1 || line > _lineStarts.Length)
            {
                return -1;
            }

            int start = _lineStarts[line - 1];
            int end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
            while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r'))
            {
                end--;
            }

            return end - start;
        }
    }
}
