using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AmoWidget.Json;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
    /// <summary>One i18n/&lt;lang&gt;.json of the widget, read for the rules (Document is null when it is not valid JSON).</summary>
    internal sealed class LanguageFile
    {
        public LanguageFile(string language, string name, string display, JsonIndex? document)
        {
            Language = language;
            Name = name;
            Display = display;
            Document = document;
        }

        public string Language { get; }

        /// <summary>The name relative to the widget root, e.g. i18n/en.json.</summary>
        public string Name { get; }

        public string Display { get; }

        public JsonIndex? Document { get; }

        /// <summary>The root object; nothing when the file is not valid JSON or holds no object.</summary>
        public JsonRef Root => Document == null ? default : Document.Root.AsObject;
    }

    /// <summary>An i18n key the manifest names, and where.</summary>
    internal readonly struct NamedKey
    {
        public NamedKey(string key, string manifestPointer)
        {
            Key = key;
            ManifestPointer = manifestPointer;
        }

        public string Key { get; }

        public string ManifestPointer { get; }
    }

    /// <summary>The i18n rules: files per locale and the reverse, keys the manifest names, same structure, ai_agent text.</summary>
    internal static class I18nRules
    {
        private static readonly Regex KeyLike = new Regex(@"^[A-Za-z_][A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]+)+$", RegexOptions.CultureInvariant);

        /// <summary>Reads every i18n/*.json (JSON rules apply to each) and returns them by language.</summary>
        public static List<LanguageFile> Read(ValidationRun run, WidgetSource source)
        {
            var files = new List<LanguageFile>();
            foreach (string name in source.FilesIn("i18n").Where(f => f.EndsWith(".json", StringComparison.Ordinal)))
            {
                string display = source.Describe(name);
                // A file that is not read (blocked or too large, its finding made) still exists: it is listed without a document.
                byte[]? data = source.Read(name, AmoReadLimits.I18nBytes, run.Report);
                JsonIndex? document = data == null ? null : JsonRules.Parse(run, display, data);
                if (document != null && !document.Root.IsObject)
                {
                    run.At(RuleNames.AmoFieldType, display, document, string.Empty, "An i18n file must hold a JSON object of translations.");
                }

                string language = name.Substring("i18n/".Length, name.Length - "i18n/".Length - ".json".Length);
                files.Add(new LanguageFile(language, name, display, document));
            }

            return files;
        }

        /// <summary>Lets the files' indexes go to the next reader on the thread, once every rule that reads them is done.</summary>
        public static void Release(List<LanguageFile> files)
        {
            foreach (LanguageFile file in files)
            {
                file.Document?.Release();
            }
        }

        public static void CheckAll(ManifestContext m, WidgetSource source, List<LanguageFile> files)
        {
            FileMissing(m, source, files);
            FileNotInLocale(m, files);
            List<LanguageFile> used = UsedFiles(m, files);
            HashSet<(string, string)> reported = KeyMissing(m, used, files);
            StructureMismatch(m.Run, used, reported);
            AiAgentDescriptionMissing(m, used);
        }

        public static void FileMissing(ManifestContext m, WidgetSource source, List<LanguageFile> files)
        {
            foreach ((int index, string language) in m.Locales)
            {
                string name = "i18n/" + language + ".json";
                if (files.Any(f => f.Name == name))
                {
                    continue;
                }

                string? variant = source.CaseVariant(name);
                m.At(RuleNames.AmoI18nFileMissing, $"/widget/locale/{index}", $"widget.locale lists \"{language}\" but {name} does not exist.",
                    variant != null ? $"Rename {variant} to {name} (the server's file names are case-sensitive)." : $"Add {name}.");
            }
        }

        public static void FileNotInLocale(ManifestContext m, List<LanguageFile> files)
        {
            if (!m.Widget["locale"].IsArray)
            {
                return;
            }

            HashSet<string> locales = new HashSet<string>(m.Locales.Select(l => l.Value), StringComparer.Ordinal);
            foreach (LanguageFile file in files.Where(f => !locales.Contains(f.Language)))
            {
                m.Run.Add(RuleNames.AmoI18nFileNotInLocale, file.Display, $"{file.Name} is not used: widget.locale does not list \"{file.Language}\".",
                    $"Add \"{file.Language}\" to widget.locale, or remove the file.");
            }
        }

        /// <summary>The language files the widget uses: those of widget.locale, or every one when the manifest lists none.</summary>
        private static List<LanguageFile> UsedFiles(ManifestContext m, List<LanguageFile> files)
        {
            HashSet<string> locales = new HashSet<string>(m.Locales.Select(l => l.Value), StringComparer.Ordinal);
            return locales.Count == 0 ? files : files.Where(f => locales.Contains(f.Language)).ToList();
        }

        /// <summary>The order AmoI18nKeyMissing lists the keys of the blocks in (the first key that misses a part names it).</summary>
        private static readonly AmoBlockInfo[] NamedKeyOrder =
            AmoBlockCatalog.InOrder("widget", "settings", "dp", "advanced", "tour", "amoforms_settings", "left_menu", "salesbot_designer");

        /// <summary>Every i18n key the manifest names (the <see cref="KeyPlace.I18nKeys"/> of every place in <see cref="AmoBlockCatalog"/>): names, descriptions, titles, Salesbot and left-menu labels.</summary>
        public static List<NamedKey> NamedKeys(ManifestContext m, IEnumerable<LanguageFile> files)
        {
            var keys = new List<NamedKey>();

            // A default value may be plain text; it counts as a key only when its first part is a section of a language file.
            var sections = new HashSet<string>(StringComparer.Ordinal);
            foreach (LanguageFile file in files)
            {
                foreach (JsonRef section in file.Root)
                {
                    sections.Add(section.Key!);
                }
            }

            foreach (AmoBlockInfo block in NamedKeyOrder)
            {
                JsonRef obj = m.Block(block.Key);
                if (obj.IsObject)
                {
                    foreach (KeyPlace place in block.Places)
                    {
                        Take(obj, place, 0, keys, sections);
                    }
                }
            }

            return keys;
        }

        /// <summary>The named keys of every object of <paramref name="place"/> reached from <paramref name="from"/> along its route, then of the places below each.</summary>
        private static void Take(JsonRef from, KeyPlace place, int step, List<NamedKey> keys, HashSet<string> sections)
        {
            if (step < place.Route.Count)
            {
                string key = place.Route[step];
                if (key != KeyPlace.AnyMember)
                {
                    JsonRef next = from[key];
                    if (next.IsObject)
                    {
                        Take(next, place, step + 1, keys, sections);
                    }

                    return;
                }

                // Each key once, where it first holds an object, and read as readers keep it: of a repeated key, the last.
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (JsonRef member in from.AsObject)
                {
                    if (member.IsObject && seen.Add(member.Key!) && !place.NotMembers.Contains(member.Key!) && from[member.Key!] is { IsObject: true } kept)
                    {
                        Take(kept, place, step + 1, keys, sections);
                    }
                }

                return;
            }

            foreach (string key in place.I18nKeys)
            {
                if (from[key].AsString() is string value && KeyLike.IsMatch(value))
                {
                    keys.Add(new NamedKey(value, from.Pointer + "/" + JsonPointer.Escape(key)));
                }
            }

            foreach (string key in place.I18nOrTextKeys)
            {
                if (from[key].AsString() is string value && KeyLike.IsMatch(value) && sections.Contains(value.Substring(0, value.IndexOf('.'))))
                {
                    keys.Add(new NamedKey(value, from.Pointer + "/" + JsonPointer.Escape(key)));
                }
            }

            foreach (KeyPlace child in place.Children)
            {
                Take(from, child, 0, keys, sections);
            }
        }

        public static HashSet<(string File, string Pointer)> KeyMissing(ManifestContext m, List<LanguageFile> used, List<LanguageFile> all)
        {
            var reported = new HashSet<(string, string)>();
            List<NamedKey> keys = NamedKeys(m, all);
            foreach (LanguageFile file in used.Where(f => f.Root.Exists))
            {
                foreach (NamedKey named in keys)
                {
                    string? missingAt = MissingPointer(file.Root, named.Key);
                    if (missingAt != null && reported.Add((file.Display, missingAt)))
                    {
                        m.Run.At(RuleNames.AmoI18nKeyMissing, file.Display, file.Document!, missingAt,
                            $"\"{named.Key}\" (named at {JsonPointer.Display(named.ManifestPointer)} in the manifest) is missing from {file.Name}.",
                            $"Add it to {file.Name}, or fix the key in the manifest.");
                    }
                }
            }

            return reported;
        }

        /// <summary>Null when the dotted key resolves (nested, or as one flat key); else the pointer of its first missing part.</summary>
        internal static string? MissingPointer(JsonRef root, string key)
        {
            I18nKeys.Find(root, key, out string? missing);
            return missing;
        }

        public static void StructureMismatch(ValidationRun run, List<LanguageFile> used, HashSet<(string File, string Pointer)> reported)
        {
            List<LanguageFile> files = used.Where(f => f.Root.Exists).ToList();
            foreach (LanguageFile file in files)
            {
                foreach (LanguageFile other in files.Where(o => !ReferenceEquals(o, file)))
                {
                    Compare(run, file, other, file.Root, other.Root, string.Empty, reported);
                }
            }
        }

        /// <summary>
        /// Every member of <paramref name="theirs"/> (a repeated key each time it appears) against the member of
        /// <paramref name="mine"/> readers keep for its key; <paramref name="at"/> is the pointer of both objects.
        /// </summary>
        private static void Compare(ValidationRun run, LanguageFile file, LanguageFile other, JsonRef mine, JsonRef theirs, string at, HashSet<(string, string)> reported)
        {
            foreach (JsonRef property in theirs)
            {
                JsonRef counterpart = mine[property.Key!];
                string pointer = at + "/" + JsonPointer.Escape(property.Key!);
                if (!counterpart.Exists)
                {
                    if (reported.Add((file.Display, pointer)))
                    {
                        run.At(RuleNames.AmoI18nStructureMismatch, file.Display, file.Document!, pointer,
                            $"{file.Name} lacks \"{Dotted(pointer)}\", which {other.Name} has.", $"Translate it in {file.Name}.");
                    }
                }
                else if (counterpart.IsObject != property.IsObject)
                {
                    if (reported.Add((file.Display, pointer)))
                    {
                        run.At(RuleNames.AmoI18nStructureMismatch, file.Display, file.Document!, pointer,
                            $"\"{Dotted(pointer)}\" is {(counterpart.IsObject ? "a group of keys" : "a text")} in {file.Name} but {(property.IsObject ? "a group of keys" : "a text")} in {other.Name}.");
                    }
                }
                else if (counterpart.IsObject)
                {
                    Compare(run, file, other, counterpart, property, pointer, reported);
                }
            }
        }

        private static string Dotted(string pointer) => string.Join(".", pointer.Substring(1).Split('/').Select(JsonPointer.Unescape));

        public static void AiAgentDescriptionMissing(ManifestContext m, List<LanguageFile> used)
        {
            if (!m.HasLocation("ai_agent"))
            {
                return;
            }

            foreach (LanguageFile file in used.Where(f => f.Root.Exists))
            {
                string? text = file.Root["widget"]["ai_agent_description"].AsString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    m.Run.At(RuleNames.AmoAiAgentDescriptionMissing, file.Display, file.Document!, "/widget/ai_agent_description",
                        $"The ai_agent location needs a non-empty widget.ai_agent_description in {file.Name}.", "About 100 characters is recommended.");
                }
            }
        }
    }
}
