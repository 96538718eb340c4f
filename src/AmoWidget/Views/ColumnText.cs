using System;
using System.Text;

namespace AmoWidget.Views
{
    /// <summary>
    /// Text of a table view's last column, broken into lines at spaces before pwsh sees it. pwsh wraps a table cell
    /// at spaces only in a few cultures (en, de, fr, es, it, pt) and anywhere in a word in the others, ru-RU and the
    /// invariant culture among them, so "manifest.json" came out as "manifest.j" / "son" for most amoCRM users.
    /// The format engine has no word-wrap setting for a cell and gives a script block no column width, so the views
    /// call this with the width the column has at 80 console columns (own code: nothing in reach does this).
    /// </summary>
    public static class ColumnText
    {
        /// <summary>
        /// The text of a value as a view shows it: its control characters and line breaks escaped (\n, \x1B,
        /// \u2028..., see AmoWidget.Printable), and the second character of "::" and "##" written as \x3A and \x23,
        /// so that no cut, ours or pwsh's own wrapping of a narrow cell, can start a line as a GitHub Actions or Azure
        /// Pipelines command does.
        /// </summary>
        public static string Printable(object? value) => Wrap(value?.ToString(), 0);

        /// <summary>
        /// <paramref name="text"/> with its control characters and line breaks escaped (\n, \x1B, \u2028...: text
        /// from a widget or a request never breaks a line of its own) and its lines broken at spaces so that none is
        /// longer than <paramref name="width"/> characters; a word longer than the width is cut at the width. "::" and
        /// "##" are shown as ":\x3A" and "#\x23" (<see cref="Printable"/>). Null gives an empty string; a width under 1
        /// breaks no line.
        /// </summary>
        public static string Wrap(string? text, int width)
        {
            string escaped = AmoWidget.Printable.Escape(text).Replace("::", ":\\x3A").Replace("##", "#\\x23");
            if (escaped.Length == 0)
            {
                return escaped;
            }

            var result = new StringBuilder(escaped.Length + escaped.Length / Math.Max(width, 1) + 1);
            if (width < 1)
            {
                result.Append(escaped);
                return result.ToString();
            }

            var line = new StringBuilder(width);
            foreach (string part in escaped.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string word = part;
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    EndLine(result, line);
                }
                else if (line.Length > 0)
                {
                    line.Append(' ');
                }

                while (word.Length > width - line.Length)
                {
                    int take = width - line.Length;
                    line.Append(word, 0, take);
                    EndLine(result, line);
                    word = word.Substring(take);
                }

                line.Append(word);
            }

            result.Append(line.ToString());
            return result.ToString();
        }

        private static void EndLine(StringBuilder result, StringBuilder line)
        {
            result.Append(line.ToString());
            result.Append('\n');
            line.Clear();
        }
    }
}
