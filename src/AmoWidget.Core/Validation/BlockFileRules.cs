using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using AmoWidget.Json;

namespace AmoWidget.Validation
{
    /// <summary>The files the manifest's blocks name: amoforms.js for amoforms, left-menu icons, tour slides.</summary>
    internal static class BlockFileRules
    {
        public const string FormsScript = "amoforms.js";

        /// <summary>How amoforms.js hands its handler to the form (A-FORMS).</summary>
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
                m.At("AmoFormsScriptMissing", forms.Pointer,
                    $"{forms.Value} is listed but {FormsScript} is missing beside script.js: the web form's widget button has no handler without it.",
                    variant != null ? $"Rename {variant} to {FormsScript}." : $"Add {FormsScript} calling amoFormsWidget(function (params) {{ ... }}) (New-AmoWidget -Location amoforms writes one).");
                return;
            }

            byte[]? data = source.Read(m.Run, FormsScript, AmoReadLimits.TextBytes, AmoSeverity.Warning);
            if (data != null && !FormsCall.IsMatch(Encoding.UTF8.GetString(data)))
            {
                m.Run.Add("AmoFormsScriptMissing", source.Describe(FormsScript), $"{FormsScript} never calls amoFormsWidget(...), so the form gets no handler from it.",
                    "Call amoFormsWidget(function (params) { return function (FORM_REQUEST_ID) { return Promise.resolve(); }; }).", AmoSeverity.Warning);
            }
        }

        public static void LeftMenuIcon(WidgetSource source, ManifestContext m)
        {
            if (m.Block("left_menu") is not JsonObject menu)
            {
                return;
            }

            foreach (JsonProperty item in Distinct(menu).Where(p => p.Value is JsonObject))
            {
                var icons = new List<JsonProperty>();
                if (((JsonObject)item.Value).GetProperty("icon") is JsonProperty icon)
                {
                    icons.Add(icon);
                }

                if (((JsonObject)item.Value)["icons"] is JsonObject variants)
                {
                    icons.AddRange(Distinct(variants).Where(p => p.Key == "light" || p.Key == "dark"));
                }

                foreach (JsonProperty property in icons)
                {
                    if (property.Value is not JsonValue { Value: string path } || path.Trim().Length == 0)
                    {
                        continue;
                    }

                    string name = InWidget(path);
                    string where = ManifestSchema.Display(property.Pointer);
                    if (!source.HasFile(name))
                    {
                        m.At("AmoLeftMenuIcon", property.Pointer, $"{where} names \"{path}\", which is not in the widget: the menu item shows no icon.",
                            $"Add {name} (an SVG), or point {where} at the icon's path inside the widget.");
                        continue;
                    }

                    string? format = NotSvg(source, name);
                    if (format != null)
                    {
                        m.At("AmoLeftMenuIcon", property.Pointer, $"{where} is {format}, not an SVG; Kommo's checklist asks for an SVG menu icon.",
                            "Use an SVG icon (one for light and one for dark themes with icons.light / icons.dark, or one universal icon).", AmoSeverity.Warning);
                    }
                }
            }
        }

        public static void TourImageMissing(WidgetSource source, ManifestContext m)
        {
            if ((m.Block("tour")?["tour_images"]) is not JsonObject byLanguage)
            {
                return;
            }

            // One finding a missing file, at its first mention: real widgets list the same slide for several languages.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty language in Distinct(byLanguage).Where(p => p.Value is JsonArray))
            {
                JsonArray paths = (JsonArray)language.Value;
                for (int i = 0; i < paths.Count; i++)
                {
                    if (paths[i] is not JsonValue { Value: string path } || path.Trim().Length == 0 || IsUrl(path))
                    {
                        continue;
                    }

                    string name = InWidget(path);
                    if (seen.Add(name) && !source.HasFile(name))
                    {
                        string pointer = paths[i].Pointer;
                        m.At("AmoTourImageMissing", pointer, $"{ManifestSchema.Display(pointer)} names \"{path}\", which is not in the widget: the tour shows a broken slide.",
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

        private static bool IsUrl(string path) => path.IndexOf("://", StringComparison.Ordinal) > 0;

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

        private static IEnumerable<JsonProperty> Distinct(JsonObject obj) =>
            obj.Properties.GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => g.Last());
    }
}
