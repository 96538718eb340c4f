using System;
using System.Globalization;
using System.Text;

namespace AmoWidget
{
    /// <summary>
    /// Text from a widget (a manifest key, a value, a file or zip entry name) made safe to print on one line. CI
    /// runners read a log line that starts with <c>::</c> (GitHub Actions,
    /// https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions) or <c>##[</c> / <c>##vso[</c>
    /// (Azure Pipelines, https://learn.microsoft.com/en-us/azure/devops/pipelines/scripts/logging-commands) as a
    /// command, so a line break inside widget text would let a widget forge annotations or hide log text.
    /// </summary>
    internal static class Printable
    {
        /// <summary>
        /// <paramref name="text"/> with its control characters (C0, DEL, C1), Unicode line and paragraph separators
        /// (U+2028, U+2029) and lone surrogates written as escapes: \0, \t, \n, \r, \x1B (up to U+00FF), \u2028,
        /// \uD800. Other characters, the backslash among them, stay as they are: the result is for reading, not for
        /// parsing back. Text without such characters comes back as the same instance; null gives an empty string.
        /// </summary>
        public static string Escape(string? text)
        {
            // Every finding's message and suggestion pass here: the common case, text with nothing to escape, is one
            // scan with direct calls the JIT inlines, no delegate call per character.
            if (text == null)
            {
                return string.Empty;
            }

            foreach (char c in text)
            {
                if (char.IsSurrogate(c) || NeedsTextEscape(c))
                {
                    return EscapeWhere(text, NeedsTextEscape);
                }
            }

            return text;
        }

        /// <summary>
        /// <paramref name="text"/> with the characters XML 1.0 cannot hold written as the escapes of <see cref="Escape"/>:
        /// C0 other than tab, LF and CR, U+FFFE, U+FFFF and lone surrogates (https://www.w3.org/TR/xml/#charsets).
        /// </summary>
        public static string ForXml(string? text) => EscapeWhere(text, NeedsXmlEscape);

        /// <summary>Whether <see cref="Escape"/> writes <paramref name="c"/> as an escape (a lone surrogate is judged by its neighbours).</summary>
        public static bool NeedsTextEscape(char c) => c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';

        private static bool NeedsXmlEscape(char c) => (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == '\uFFFE' || c == '\uFFFF';

        private static string EscapeWhere(string? text, Func<char, bool> needsEscape)
        {
            if (text == null)
            {
                return string.Empty;
            }

            int first = FirstToEscape(text, 0, needsEscape);
            if (first < 0)
            {
                return text;
            }

            var result = new StringBuilder(text.Length + 16).Append(text, 0, first);
            for (int i = first; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    result.Append(c).Append(text[++i]);
                }
                else if (char.IsSurrogate(c) || needsEscape(c))
                {
                    AppendEscape(result, c);
                }
                else
                {
                    result.Append(c);
                }
            }

            return result.ToString();
        }

        private static int FirstToEscape(string text, int start, Func<char, bool> needsEscape)
        {
            for (int i = start; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(c) || needsEscape(c))
                {
                    return i;
                }
            }

            return -1;
        }

        private static void AppendEscape(StringBuilder result, char c)
        {
            switch (c)
            {
                case '\0':
                    result.Append("\\0");
                    break;
                case '\t':
                    result.Append("\\t");
                    break;
                case '\n':
                    result.Append("\\n");
                    break;
                case '\r':
                    result.Append("\\r");
                    break;
                default:
                    result.Append(c <= 0xFF ? "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture) : "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
            }
        }
    }
}
