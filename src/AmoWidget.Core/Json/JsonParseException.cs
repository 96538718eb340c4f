using System;

namespace AmoWidget.Json
{
    /// <summary>Text that is not JSON, with the place where reading stopped (1-based line and column).</summary>
    public sealed class JsonParseException : Exception
    {
        public JsonParseException(string reason, int line, int column, int offset)
            : base($"{reason} (line {line}, column {column})")
        {
            Reason = reason;
            Line = line;
            Column = column;
            Offset = offset;
        }

        /// <summary>What was wrong, without the position.</summary>
        public string Reason { get; }

        public int Line { get; }

        public int Column { get; }

        /// <summary>0-based character offset in the text (after a byte order mark).</summary>
        public int Offset { get; }
    }
}
