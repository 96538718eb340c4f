using System.Text;

namespace AmoWidget
{
    /// <summary>
    /// One finding of Test-AmoManifest / Test-AmoWidget: which rule, where (file, RFC 6901 JSON pointer, line and
    /// column of the source text), what is wrong, and what to do about it.
    /// </summary>
    public sealed class AmoDiagnostic
    {
        public AmoDiagnostic(string ruleName, AmoSeverity severity, string message)
        {
            RuleName = ruleName;
            Severity = severity;
            Message = message;
        }

        public string RuleName { get; }

        public AmoSeverity Severity { get; }

        public string Message { get; }

        /// <summary>The file the finding is about: a path on disk, or for a zip entry the archive path, '!', the entry name (as Import-AmoManifest names it).</summary>
        public string? File { get; init; }

        /// <summary>RFC 6901 pointer into <see cref="File"/>; for a missing key, the pointer the key would have.</summary>
        public string? Path { get; init; }

        /// <summary>1-based line in <see cref="File"/>; null when the finding is about the file as a whole.</summary>
        public int? Line { get; init; }

        /// <summary>1-based column in <see cref="File"/>; null when the finding is about the file as a whole.</summary>
        public int? Column { get; init; }

        /// <summary>A fix to try, such as the nearest known name ("did you mean").</summary>
        public string? Suggestion { get; init; }

        /// <summary>The amoCRM / Kommo documentation page the rule comes from.</summary>
        public string? HelpUri { get; init; }

        /// <summary>The compiler-style form editors and CI logs understand: <c>file:line:col: Severity RuleName: message</c>.</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append(string.IsNullOrEmpty(File) ? "manifest.json" : File);
            if (Line is int line)
            {
                text.Append(':').Append(line);
                if (Column is int column)
                {
                    text.Append(':').Append(column);
                }
            }

            text.Append(": ").Append(Severity).Append(' ').Append(RuleName).Append(": ").Append(Message);
            if (!string.IsNullOrEmpty(Suggestion))
            {
                text.Append(" (").Append(Suggestion).Append(')');
            }

            return text.ToString();
        }
    }
}
