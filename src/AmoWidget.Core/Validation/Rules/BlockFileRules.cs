using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using AmoWidget.Json;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
    /// <summary>The files the manifest's blocks name: amoforms.js for amoforms, left-menu icons, tour slides.</summary>
    internal static class BlockFileRules
    {
        public const string FormsScript = "amoforms.js";

        /// <summary>How amoforms.js hands its handler to the form (https://www.amocrm.ru/developers/content/integrations/amoforms-widgets).</summary>
        private static readonly Regex FormsCall = new Regex(@"\bamoFormsWidget\s*\(", RegexOptions.CultureInvariant);

        /// <summary>Enough of a file to tell an SVG from a PNG, JPEG or GIF named .svg.</summary>
        private const int SniffLength = 256;

        public static void CheckAll(WidgetSource source, ManifestContext m)
        {
            FormsScriptMissing(source, m);
            LeftMenuIcon(source, m);
            TourImageMissing(source, m);
        }

        public static void FormsScriptMissing(WidgetSource source, ManifestContext m)
        {
            LocationEntry? forms = m.Locations.FirstOrDefault(e => e.Info?.Name == "amoforms");
            if (forms == null)
            {
                return;
            }

            if (!source.Exists(FormsScript))
            {
                string? variant = source.CaseVariant(FormsScript);
                m.At(RuleNames.AmoFormsScriptMissing, forms.Pointer,
                    $"{forms.Value} is listed but {FormsScript} is missing beside script.js: the web form's widget button has no handler without it.",
                    variant != null ? $"Rename {variant} to {FormsScript}." : $"Add {FormsScript} calling amoFormsWidget(function (params) {{ ... }}) (New-AmoWidget -Location amoforms writes one).");
                return;
            }

            byte[]? data = source.Read(FormsScript, AmoReadLimits.TextBytes, m.Run.Report, AmoSeverity.Warning);
            if (data != null && !FormsCall.IsMatch(Encoding.UTF8.GetString(data)))
            {
                m.Run.Add(RuleNames.AmoFormsScriptMissing, source.Describe(FormsScript), $"{FormsScript} never calls amoFormsWidget(...), so the form gets no handler from it.",
                    "Call amoFormsWidget(function (params) { return function (FORM_REQUEST_ID) { return Promise.resolve(); }; }).", AmoSeverity.Warning);
            }
        }

        public static void LeftMenuIcon(WidgetSource source, ManifestContext m)
        {
            JsonRef menu = m.Block("left_menu");
            if (!menu.IsObject)
            {
                return;
            }

            foreach (JsonRef item in Distinct(menu).Where(p => p.IsObject))
            {
                var icons = new List<JsonRef>();
                if (item["icon"] is { Exists: true } icon)
                {
                    icons.Add(icon);
                }

                if (item["icons"] is { IsObject: true } variants)
                {
                    icons.AddRange(Distinct(variants).Where(p => p.Key == "light" || p.Key == "dark"));
                }

                foreach (JsonRef property in icons)
                {
                    if (property.AsString() is not string path || path.Trim().Length == 0)
                    {
                        continue;
                    }

                    string name = InWidget(path);
                    string where = JsonPointer.Display(property.Pointer);
                    if (!source.HasFile(name))
                    {
                        m.At(RuleNames.AmoLeftMenuIcon, property.Pointer, $"{where} names \"{path}\", which is not in the widget: the menu item shows no icon.",
                            $"Add {name} (an SVG), or point {where} at the icon's path inside the widget.");
                        continue;
                    }

                    string? format = NotSvg(source, name);
                    if (format != null)
                    {
                        m.At(RuleNames.AmoLeftMenuIcon, property.Pointer, $"{where} is {format}, not an SVG; Kommo's checklist asks for an SVG menu icon.",
                            "Use an SVG icon (one for light and one for dark themes with icons.light / icons.dark, or one universal icon).", AmoSeverity.Warning);
                    }
                }
            }
        }

        public static void TourImageMissing(WidgetSource source, ManifestContext m)
        {
            JsonRef byLanguage = m.Block("tour")["tour_images"];
            if (!byLanguage.IsObject)
            {
                return;
            }

            // One finding a missing file, at its first mention: real widgets list the same slide for several languages.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonRef paths in Distinct(byLanguage).Where(p => p.IsArray))
            {
                foreach (JsonRef entry in paths)
                {
                    if (entry.AsString() is not string path || path.Trim().Length == 0 || IsUrl(path))
                    {
                        continue;
                    }

                    string name = InWidget(path);
                    if (seen.Add(name) && !source.HasFile(name))
                    {
                        string pointer = entry.Pointer;
                        m.At(RuleNames.AmoTourImageMissing, pointer, $"{JsonPointer.Display(pointer)} names \"{path}\", which is not in the widget: the tour shows a broken slide.",
                            $"Add {name} (1188x616 px), or remove it from tour.tour_images.");
                    }
                }
            }
        }

        /// <summary>A path as the manifest writes it ("/images/x.png", "./images/x.png") as a name inside the widget.</summary>
        internal static string InWidget(string path)
        {
            string name = path.Trim();
            while (name.StartsWith("./", StringComparison.Ordinal))
            {
                name = name.Substring(2);
            }

            return name.TrimStart('/');
        }

        internal static bool IsUrl(string path) => path.IndexOf("://", StringComparison.Ordinal) > 0;

        /// <summary>
        /// Null for an SVG; else what the file is ("a PNG file", "a .png file"). The content is sniffed for the files
        /// the reader lists (the root, i18n/ and images/); a file deeper down is judged by its extension.
        /// </summary>
        private static string? NotSvg(WidgetSource source, string name)
        {
            byte[]? prefix = source.Exists(name) ? source.ReadPrefix(name, SniffLength) : null;
            ImageHeader header = prefix != null ? ImageHeader.Read(prefix) : default;
            if (prefix != null && header.Format != "unknown" && header.Format != "SVG")
            {
                return $"a {header.Format} file";
            }

            if (!name.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
            {
                int dot = name.LastIndexOf('.');
                return dot > name.LastIndexOf('/') ? $"a {name.Substring(dot)} file" : "a file without the .svg extension";
            }

            return null;
        }

        /// <summary>One member per key, in order of the key's first appearance, each the member readers keep (the last).</summary>
        internal static IEnumerable<JsonRef> Distinct(JsonRef obj)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonRef member in obj)
            {
                if (seen.Add(member.Key!))
                {
                    yield return obj[member.Key!];
                }
            }
        }
    }
}
