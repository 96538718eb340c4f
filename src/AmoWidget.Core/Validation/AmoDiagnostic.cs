using System.Text;

namespace AmoWidget
{
    /// <summary>
    /// One finding of Test-AmoManifest / Test-AmoWidget: which rule, where (file, RFC 6901 JSON pointer, line and
    /// column of the source text), what is wrong, and what to do about it.
    /// <see cref="Message"/> and <see cref="Suggestion"/> are text for people and CI logs: the widget text quoted in
    /// them (keys, values, file names) has its control characters and line breaks escaped (<see cref="Printable.Escape"/>),
    /// so no line of a log can be forged through them. <see cref="File"/> and <see cref="Path"/> are the raw path and
    /// pointer, for scripts that open the file or walk the JSON; <see cref="ToString"/> escapes them where it prints them.
    /// </summary>
    public sealed class AmoDiagnostic
    {
        public AmoDiagnostic(string ruleName, AmoSeverity severity, string message)
        {
            RuleName = ruleName;
            Severity = severity;
            Message = Printable.Escape(message);
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
        public string? Suggestion
        {
            get => _suggestion;
            init => _suggestion = value == null ? null : Printable.Escape(value);
        }

        private readonly string? _suggestion;

        /// <summary>The amoCRM / Kommo documentation page the rule comes from.</summary>
        public string? HelpUri { get; init; }

        /// <summary>
        /// Whose rules judged the finding: the -Platform given, or without it the platform the manifest is written for
        /// (Any before the manifest is read, or when it names both platforms or neither).
        /// </summary>
        public AmoPlatform Platform { get; init; } = AmoPlatform.Any;

        /// <summary>The compiler-style form editors and CI logs understand: <c>file:line:col: Severity RuleName: message</c>.</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append(string.IsNullOrEmpty(File) ? "manifest.json" : Printable.Escape(File));
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
