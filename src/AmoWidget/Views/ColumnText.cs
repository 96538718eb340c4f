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
        /// <paramref name="text"/> with its lines broken at spaces so that none is longer than <paramref name="width"/>
        /// characters; a word longer than the width is cut at the width. Line breaks already in the text are kept.
        /// Null gives an empty string; a width under 1 gives the text unchanged.
        /// </summary>
        public static string Wrap(string? text, int width)
        {
            if (string.IsNullOrEmpty(text) || width < 1)
            {
                return text ?? string.Empty;
            }

            var result = new StringBuilder(text!.Length + text.Length / width + 1);
            string[] paragraphs = text.Replace("\r\n", "\n").Split('\n');
            for (int p = 0; p < paragraphs.Length; p++)
            {
                if (p > 0)
                {
                    result.Append('\n');
                }

                int line = 0;
                foreach (string part in paragraphs[p].Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    string word = part;
                    if (line > 0 && line + 1 + word.Length > width)
                    {
                        result.Append('\n');
                        line = 0;
                    }
                    else if (line > 0)
                    {
                        result.Append(' ');
                        line++;
                    }

                    while (word.Length > width - line)
                    {
                        int take = width - line;
                        result.Append(word, 0, take).Append('\n');
                        word = word.Substring(take);
                        line = 0;
                    }

                    result.Append(word);
                    line += word.Length;
                }
            }

            return result.ToString();
        }
    }
}
