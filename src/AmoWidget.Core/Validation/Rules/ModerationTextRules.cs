using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AmoWidget.IO;
using AmoWidget.Json;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
    /// <summary>
    /// The moderation rules about texts: the encoding and line ends of every text file (amoCRM requirements §3.1:
    /// UTF-8 without BOM, Unix line ends), the language of the en/es/pt i18n files (§3.1.3, §2.4), and the card text
    /// lengths of Kommo's listing checklist (https://developers.kommo.com/docs/getting-listed).
    /// </summary>
    internal static class ModerationTextRules
    {
        /// <summary>The text files of a widget (code, styles, templates, data, docs); each is checked for its BOM and line ends.</summary>
        public static readonly HashSet<string> TextExtensions = new HashSet<string>(StringComparer.Ordinal)
        {
            ".js", ".css", ".json", ".twig", ".html", ".htm", ".svg", ".md", ".txt", ".xml",
        };

        /// <summary>The languages whose files amoCRM publishes on its en, es and pt marketplaces.</summary>
        private static readonly HashSet<string> ForeignLanguages = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "en", "es", "pt" };

        private static readonly Regex Cyrillic = new Regex(@"\p{IsCyrillic}+", RegexOptions.CultureInvariant);

        /// <summary>A host under .ru (a link, a bare domain, an e-mail), not followed by more host or name characters.</summary>
        private static readonly Regex RuHost = new Regex(@"(?i)(?<![\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+ru(?![\w-])", RegexOptions.CultureInvariant);

        private static readonly Regex Tag = new Regex(@"<[^>]*>", RegexOptions.CultureInvariant);

        public static void CheckFileFormat(ValidationRun run, WidgetSource source, string name)
        {
            // Pooled: the bytes are looked at once, for their BOM and line ends, and dropped.
            using PooledBytes? data = source.ReadPooled(name, AmoReadLimits.TextBytes, run.Report, AmoSeverity.Warning);
            if (data != null)
            {
                CheckFileFormat(run, name, source.Describe(name), data.Span);
            }
        }

        /// <summary>AmoTextFileFormat: a BOM (where AmoFileHasBom does not already look), and the first CR LF or lone CR with the count.</summary>
        public static void CheckFileFormat(ValidationRun run, string name, string display, ReadOnlySpan<byte> data)
        {
            if (JsonRules.HasBom(data) && !CheckedForBom(name))
            {
                run.Add(RuleNames.AmoTextFileFormat, display, $"{name} starts with a UTF-8 byte order mark; both platforms require UTF-8 without BOM.", "Save it as UTF-8 without BOM.", line: 1, column: 1);
            }

            int first = data.IndexOf((byte)'\r');
            if (first < 0 || IsBinary(data))
            {
                return;
            }

            int count = 0, line = 1;
            for (int i = 0; i < data.Length; i++)
            {
                if (data[i] == '\r')
                {
                    count++;
                }
                else if (data[i] == '\n' && i < first)
                {
                    line++;
                }
            }

            int lineStart = first == 0 ? -1 : data.Slice(0, first).LastIndexOf((byte)'\n');
            int column = first - lineStart;
            run.Add(RuleNames.AmoTextFileFormat, display,
                $"{name} has {count} Windows (CR LF) or old Mac (CR) line end{(count == 1 ? string.Empty : "s")}; both platforms require Unix line ends (LF).",
                "Convert the line ends to LF (git config core.autocrlf input, or the editor's line-end setting).", line: line, column: column);
        }

        /// <summary>The files AmoFileHasBom already checks (AmoValidator and I18nRules read them).</summary>
        private static bool CheckedForBom(string name) =>
            name == "manifest.json" || name == "script.js" || name == "style.css" || (name.StartsWith("i18n/", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal) && name.IndexOf('/', 5) < 0);

        private static bool IsBinary(ReadOnlySpan<byte> data) => data.IndexOf((byte)0) >= 0;

        /// <summary>AmoTextForeignLanguage: each string of en, es and pt files with Cyrillic letters or a .ru host, at the string.</summary>
        public static void CheckLanguages(ValidationRun run, List<LanguageFile> languages)
        {
            foreach (LanguageFile file in languages)
            {
                if (file.Document != null && ForeignLanguages.Contains(file.Language))
                {
                    Walk(run, file, file.Document.Root);
                }
            }
        }

        private static void Walk(ValidationRun run, LanguageFile file, JsonRef node)
        {
            if (node.Kind == JsonKind.String)
            {
                string text = node.AsString() ?? string.Empty;
                Match cyrillic = Cyrillic.Match(text);
                Match ru = cyrillic.Success ? Match.Empty : RuHost.Match(text);
                if (cyrillic.Success || ru.Success)
                {
                    (int line, int column) = node.Position;
                    run.Add(RuleNames.AmoTextForeignLanguage, file.Display,
                        cyrillic.Success
                            ? $"{file.Name} ({file.Language}) has Cyrillic text at {node.Pointer}: \"{Shorten(cyrillic.Value)}\"; amoCRM requires the {file.Language} file without Russian."
                            : $"{file.Name} ({file.Language}) links to a .ru site at {node.Pointer}: {Shorten(ru.Value)}; amoCRM forbids .ru domains in texts for the en, es and pt marketplaces.",
                        cyrillic.Success ? "Translate the text." : "Link to the site's international version, and give a support address outside .ru.",
                        line: line, column: column);
                }

                return;
            }

            if (node.IsObject || node.IsArray)
            {
                foreach (JsonRef child in node)
                {
                    Walk(run, file, child);
                }
            }
        }

        /// <summary>
        /// AmoTextTooLong: Kommo's limits on the card's texts: the name at most 30 characters with no word over 19
        /// (characters joined without spaces are one word), the short description at most 50, the description at most
        /// 400 with its HTML tags left out. amoCRM has none, so nothing with -Platform AmoCrm; a warning with Any.
        /// </summary>
        public static void CheckLengths(ValidationRun run, ManifestContext manifest, List<LanguageFile> languages)
        {
            if (run.Platform == AmoPlatform.AmoCrm)
            {
                return;
            }

            AmoSeverity severity = run.Platform == AmoPlatform.Kommo ? AmoSeverity.Error : AmoSeverity.Warning;
            foreach ((string field, int limit) in new[] { ("name", 30), ("short_description", 50), ("description", 400) })
            {
                string? key = manifest.StringAt("/widget/" + field);
                if (key == null)
                {
                    continue;
                }

                // Russian is amoCRM's language only (Kommo's are en, es, pt, tr and id), and amoCRM has no length limits.
                foreach (LanguageFile file in languages.Where(l => !string.Equals(l.Language, "ru", StringComparison.OrdinalIgnoreCase)))
                {
                    JsonRef value = Resolve(file, key);
                    string? text = value.AsString();
                    if (text == null)
                    {
                        continue;
                    }

                    string measured = field == "description" ? Tag.Replace(text, string.Empty).Trim() : text.Trim();
                    string? problem = measured.Length > limit ? $"is {measured.Length} characters, over Kommo's {limit}" : null;
                    if (problem == null && field == "name")
                    {
                        foreach (string word in measured.Split(new[] { ' ', '\t', '\n' }, StringSplitOptions.RemoveEmptyEntries))
                        {
                            if (word.Length > 19)
                            {
                                problem = $"has the word \"{Shorten(word)}\" of {word.Length} characters, over Kommo's 19";
                                break;
                            }
                        }
                    }

                    if (problem != null)
                    {
                        (int line, int column) = value.Position;
                        run.Add(RuleNames.AmoTextTooLong, file.Display, $"widget.{field} in {file.Name} {problem}{(field == "description" ? " (HTML tags left out)" : string.Empty)}.",
                            "Shorten it; Kommo's moderators reject longer texts.", severity, line, column);
                    }
                }
            }
        }

        /// <summary>The value of a dotted i18n key ("widget.name") in a language file.</summary>
        private static JsonRef Resolve(LanguageFile file, string key)
        {
            JsonRef node = file.Root;
            foreach (string part in key.Split('.'))
            {
                if (!node.IsObject)
                {
                    return default;
                }

                node = node[part];
            }

            return node;
        }

        private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 60) + "...";
    }
}
