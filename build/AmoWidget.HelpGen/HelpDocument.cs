using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace AmoWidget.HelpGen
{
    /// <summary>
    /// One docs/help/&lt;Verb-Noun&gt;.md file: platyPS-style sections without the yaml blocks, because the
    /// parameter facts come from the cmdlet itself. Text is kept as paragraphs; line numbers are kept so that a
    /// warning can point at the place to fix.
    /// </summary>
    public sealed class HelpDocument
    {
        /// <summary>The paragraph of a parameter's section that gives its default value.</summary>
        public const string DefaultValuePrefix = "Default value:";

        private static readonly Regex LinkLine = new Regex(@"^\s*(?:[-*]\s+)?\[(?<text>[^\]]*)\]\((?<uri>[^)\s]*)\)\s*$");

        public string File { get; private set; } = string.Empty;

        /// <summary>The name from the level-1 heading.</summary>
        public string Name { get; private set; } = string.Empty;

        public List<string> Synopsis { get; } = new List<string>();

        public List<string> Description { get; } = new List<string>();

        public List<HelpExample> Examples { get; } = new List<HelpExample>();

        /// <summary>Parameter descriptions by name (without the dash), case-insensitive as PowerShell binds them.</summary>
        public Dictionary<string, HelpEntry> Parameters { get; } = new Dictionary<string, HelpEntry>(StringComparer.OrdinalIgnoreCase);

        public List<HelpEntry> Inputs { get; } = new List<HelpEntry>();

        public List<HelpEntry> Outputs { get; } = new List<HelpEntry>();

        public List<string> Notes { get; } = new List<string>();

        public List<HelpLink> Links { get; } = new List<HelpLink>();

        /// <summary>Problems found while reading, as (line, message).</summary>
        public List<(int Line, string Message)> Problems { get; } = new List<(int, string)>();

        /// <summary>Line of each level-2 section heading, by upper-case title.</summary>
        public Dictionary<string, int> SectionLines { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        public static HelpDocument Load(string path) => Parse(System.IO.File.ReadAllText(path), path);

        public static HelpDocument Parse(string text, string file)
        {
            var doc = new HelpDocument { File = file };
            string[] lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
            List<Section> sections = Split(lines, "## ", 0, lines.Length);
            foreach (Section top in sections)
            {
                if (top.Title == null)
                {
                    doc.ReadPreamble(lines, top);
                    continue;
                }

                doc.SectionLines[top.Title.Trim().ToUpperInvariant()] = top.HeadingLine + 1;
                switch (top.Title.Trim().ToUpperInvariant())
                {
                    case "SYNOPSIS":
                        doc.Synopsis.AddRange(Paragraphs(lines, top.Start, top.End));
                        break;
                    case "DESCRIPTION":
                        doc.Description.AddRange(Paragraphs(lines, top.Start, top.End));
                        break;
                    case "EXAMPLES":
                        doc.ReadExamples(lines, top);
                        break;
                    case "PARAMETERS":
                        doc.ReadParameters(lines, top);
                        break;
                    case "INPUTS":
                        doc.Inputs.AddRange(Entries(lines, top));
                        break;
                    case "OUTPUTS":
                        doc.Outputs.AddRange(Entries(lines, top));
                        break;
                    case "NOTES":
                        doc.Notes.AddRange(Paragraphs(lines, top.Start, top.End));
                        break;
                    case "RELATED LINKS":
                        doc.ReadLinks(lines, top);
                        break;
                    default:
                        doc.Problems.Add((top.HeadingLine + 1, $"unknown section '## {top.Title.Trim()}'"));
                        break;
                }
            }

            return doc;
        }

        private void ReadPreamble(string[] lines, Section preamble)
        {
            for (int i = preamble.Start; i < preamble.End; i++)
            {
                if (lines[i].StartsWith("# ", StringComparison.Ordinal))
                {
                    Name = lines[i].Substring(2).Trim();
                    return;
                }
            }
        }

        private void ReadExamples(string[] lines, Section section)
        {
            foreach (Section s in Split(lines, "### ", section.Start, section.End).Where(s => s.Title != null))
            {
                var example = new HelpExample { Title = s.Title!.Trim(), Line = s.HeadingLine + 1 };
                int fenceStart = -1;
                int fenceEnd = -1;
                for (int i = s.Start; i < s.End; i++)
                {
                    if (IsFence(lines[i]))
                    {
                        fenceStart = i;
                        fenceEnd = FindFenceEnd(lines, i, s.End);
                        break;
                    }
                }

                if (fenceStart < 0)
                {
                    Problems.Add((example.Line, $"example '{example.Title}' has no ```powershell code block"));
                    example.Remarks.AddRange(Paragraphs(lines, s.Start, s.End));
                }
                else
                {
                    example.Code = string.Join("\n", lines.Skip(fenceStart + 1).Take(fenceEnd - fenceStart - 1)).Trim('\n');
                    example.Remarks.AddRange(Paragraphs(lines, s.Start, fenceStart));
                    example.Remarks.AddRange(Paragraphs(lines, Math.Min(fenceEnd + 1, s.End), s.End));
                }

                Examples.Add(example);
            }
        }

        private void ReadParameters(string[] lines, Section section)
        {
            foreach (Section s in Split(lines, "### ", section.Start, section.End).Where(s => s.Title != null))
            {
                string title = s.Title!.Trim();
                if (title.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (!title.StartsWith("-", StringComparison.Ordinal))
                {
                    Problems.Add((s.HeadingLine + 1, $"parameter heading '### {title}' must be '### -Name'"));
                    continue;
                }

                string name = title.Substring(1).Trim();
                List<string> text = Paragraphs(lines, s.Start, s.End);
                var entry = new HelpEntry(name, text, s.HeadingLine + 1);

                // platyPS's own words for the default ("Default value: ..."), a paragraph of its own: Get-Help shows
                // it in the parameter's facts, not in its description.
                int at = text.FindIndex(t => t.StartsWith(DefaultValuePrefix, StringComparison.Ordinal));
                if (at >= 0)
                {
                    entry.Default = text[at].Substring(DefaultValuePrefix.Length).Trim();
                    text.RemoveAt(at);
                    if (entry.Default.Length == 0)
                    {
                        Problems.Add((s.HeadingLine + 1, $"parameter -{name}: 'Default value:' is empty (write None where there is none)"));
                        entry.Default = null;
                    }
                }

                Parameters[name] = entry;
            }
        }

        private void ReadLinks(string[] lines, Section section)
        {
            for (int i = section.Start; i < section.End; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                Match m = LinkLine.Match(line);
                Links.Add(m.Success
                    ? new HelpLink(m.Groups["text"].Value.Trim(), m.Groups["uri"].Value.Trim())
                    : new HelpLink(line.TrimStart('-', '*', ' '), string.Empty));
            }
        }

        private static IEnumerable<HelpEntry> Entries(string[] lines, Section section)
        {
            foreach (Section s in Split(lines, "### ", section.Start, section.End))
            {
                if (s.Title == null)
                {
                    // Text without a type heading ("None.") still says something a reader needs.
                    List<string> loose = Paragraphs(lines, s.Start, s.End);
                    if (loose.Count > 0)
                    {
                        yield return new HelpEntry(loose[0], loose.Skip(1).ToList(), s.Start + 1);
                    }

                    continue;
                }

                yield return new HelpEntry(s.Title.Trim(), Paragraphs(lines, s.Start, s.End), s.HeadingLine + 1);
            }
        }

        /// <summary>
        /// Splits lines [start, end) at headings that begin with <paramref name="marker"/>, ignoring headings
        /// inside fenced code. The first section (Title null) holds what comes before the first heading.
        /// </summary>
        private static List<Section> Split(string[] lines, string marker, int start, int end)
        {
            var result = new List<Section>();
            var current = new Section(null, start - 1, start);
            for (int i = start; i < end; i++)
            {
                if (IsFence(lines[i]))
                {
                    i = FindFenceEnd(lines, i, end);
                    continue;
                }

                if (lines[i].StartsWith(marker, StringComparison.Ordinal))
                {
                    current.End = i;
                    result.Add(current);
                    current = new Section(lines[i].Substring(marker.Length), i, i + 1);
                }
            }

            current.End = end;
            result.Add(current);
            return result;
        }

        /// <summary>
        /// Blank-line separated paragraphs. Wrapped prose is joined into one line (the help view wraps it to the
        /// console); lists and fenced code keep their line breaks because they mean something there.
        /// </summary>
        public static List<string> Paragraphs(string[] lines, int start, int end)
        {
            var result = new List<string>();
            var current = new List<string>();

            void Flush()
            {
                if (current.Count == 0)
                {
                    return;
                }

                bool keepBreaks = current.Skip(1).Any(IsListItem) || IsListItem(current[0]) && current.Count > 1;
                result.Add(keepBreaks ? string.Join("\n", current) : string.Join(" ", current.Select(l => l.Trim())));
                current.Clear();
            }

            for (int i = start; i < end; i++)
            {
                string line = lines[i].TrimEnd();
                if (IsFence(line))
                {
                    Flush();
                    int close = FindFenceEnd(lines, i, end);
                    string code = string.Join("\n", lines.Skip(i + 1).Take(close - i - 1).Select(l => l.TrimEnd()));
                    if (code.Trim().Length > 0)
                    {
                        result.Add(code);
                    }

                    i = close;
                    continue;
                }

                if (line.Trim().Length == 0)
                {
                    Flush();
                }
                else
                {
                    current.Add(line);
                }
            }

            Flush();
            return result;
        }

        private static bool IsListItem(string line)
        {
            string t = line.TrimStart();
            return t.StartsWith("- ", StringComparison.Ordinal) || t.StartsWith("* ", StringComparison.Ordinal) ||
                   Regex.IsMatch(t, @"^\d+[.)]\s");
        }

        private static bool IsFence(string line) => line.TrimStart().StartsWith("```", StringComparison.Ordinal);

        /// <summary>The index of the closing fence, or <paramref name="end"/> when the block is never closed.</summary>
        private static int FindFenceEnd(string[] lines, int open, int end)
        {
            for (int j = open + 1; j < end; j++)
            {
                if (IsFence(lines[j]))
                {
                    return j;
                }
            }

            return end;
        }

        private sealed class Section
        {
            public Section(string? title, int headingLine, int start)
            {
                Title = title;
                HeadingLine = headingLine;
                Start = start;
            }

            public string? Title { get; }

            public int HeadingLine { get; }

            public int Start { get; }

            public int End { get; set; }
        }
    }

    public sealed class HelpExample
    {
        public string Title { get; set; } = string.Empty;

        public string Code { get; set; } = string.Empty;

        public List<string> Remarks { get; } = new List<string>();

        public int Line { get; set; }
    }

    /// <summary>A named piece of help: a parameter, an input type or an output type, with its paragraphs.</summary>
    public sealed class HelpEntry
    {
        public HelpEntry(string name, List<string> text, int line)
        {
            Name = name;
            Text = text;
            Line = line;
        }

        public string Name { get; }

        public List<string> Text { get; }

        public int Line { get; }

        /// <summary>For a parameter: the text of its "Default value:" paragraph, or null when the page gives none.</summary>
        public string? Default { get; set; }
    }

    public sealed class HelpLink
    {
        public HelpLink(string text, string uri)
        {
            Text = text;
            Uri = uri;
        }

        public string Text { get; }

        public string Uri { get; }
    }
}
