using System;
using System.Collections.Generic;
using System.Linq;
using AmoWidget.Json;

namespace AmoWidget.Validation
{
    /// <summary>One kind of object of a manifest and the keys it takes.</summary>
    internal sealed class KeyPlace
    {
        private readonly HashSet<string> documented;
        private readonly HashSet<string> tolerated;

        public KeyPlace(string name, string home, string[] documented, string[]? tolerated = null)
        {
            Name = name;
            Home = home;
            Documented = documented;
            Tolerated = tolerated ?? Array.Empty<string>();
            this.documented = new HashSet<string>(Documented, StringComparer.Ordinal);
            this.tolerated = new HashSet<string>(Tolerated, StringComparer.Ordinal);
        }

        /// <summary>How a message names the place: "the top level", "widget", "a settings field"...</summary>
        public string Name { get; }

        /// <summary>The dotted path a key of this place is written at, &lt;...&gt; for a key chosen by the author: dp, settings.&lt;field&gt;, left_menu.&lt;item&gt;.</summary>
        public string Home { get; }

        /// <summary>The keys the amoCRM / Kommo pages document here (reference §4-§11).</summary>
        public IReadOnlyList<string> Documented { get; }

        /// <summary>
        /// Undocumented keys that accepted real widgets carry here (counted over ../shared/corpus and reference §14):
        /// harmless to amoCRM, so never reported unless they are a near-miss of a documented key that is absent.
        /// </summary>
        public IReadOnlyList<string> Tolerated { get; }

        public string Path(string key) => Home.Length == 0 ? key : Home + "." + key;

        public bool Documents(string key) => documented.Contains(key);

        public bool Tolerates(string key) => tolerated.Contains(key);
    }

    /// <summary>
    /// AmoKeyUnknown: a key no documented block has, at the top level or inside a documented block. A misspelt key
    /// gets the nearest documented one ("locatons": did you mean "locations"?), and a documented key in the wrong
    /// place is named as such ("webhook_url" at the top level belongs in dp). The shipped schema lists the same keys
    /// per place (additionalProperties false), so editors flag them too.
    /// </summary>
    internal static class ManifestKeys
    {
        public static readonly KeyPlace Root = new KeyPlace("the top level", string.Empty,
            new[] { "widget", "locations", "settings", "tour", "dp", "advanced", "salesbot_designer", "sms", "mobile", "left_menu", "amoforms_settings" },
            new[] { "$schema", "scopes", "widgets" });

        public static readonly KeyPlace Widget = new KeyPlace("widget", "widget",
            new[] { "name", "description", "short_description", "version", "interface_version", "init_once", "locale", "installation", "support", "code", "secret_key" },
            new[] { "is_showcase", "manifest_version", "scopes", "content_security_policy", "config", "i18n", "user_message" });

        public static readonly KeyPlace Support = new KeyPlace("widget.support", "widget.support", new[] { "link", "email" }, new[] { "url" });

        public static readonly KeyPlace SettingField = new KeyPlace("a settings field", "settings.<field>",
            new[] { "name", "type", "required" }, new[] { "placeholder", "id", "default_value" });

        public static readonly KeyPlace Dp = new KeyPlace("dp", "dp", new[] { "settings", "action_multiple", "webhook_url" });

        public static readonly KeyPlace DpSettingField = new KeyPlace("a dp.settings field", "dp.settings.<field>",
            SettingField.Documented.ToArray(), SettingField.Tolerated.ToArray());

        public static readonly KeyPlace Advanced = new KeyPlace("advanced", "advanced", new[] { "title" });

        public static readonly KeyPlace SalesbotHandler = new KeyPlace("a Salesbot handler", "salesbot_designer.<handler>", new[] { "name", "settings" });

        public static readonly KeyPlace SalesbotField = new KeyPlace("a Salesbot field", "salesbot_designer.<handler>.settings.<field>",
            new[] { "name", "type", "default_value", "manual" }, new[] { "hint" });

        public static readonly KeyPlace Sms = new KeyPlace("sms", "sms", new[] { "endpoint" });

        public static readonly KeyPlace Mobile = new KeyPlace("mobile", "mobile", new[] { "frame_url", "color" });

        public static readonly KeyPlace Forms = new KeyPlace("amoforms_settings", "amoforms_settings", new[] { "title", "required", "error_text" });

        public static readonly KeyPlace LeftMenuItem = new KeyPlace("a left_menu item", "left_menu.<item>", new[] { "title", "icon", "icons", "sort", "submenu", "is_hidden" });

        public static readonly KeyPlace LeftMenuIcons = new KeyPlace("left_menu icons", "left_menu.<item>.icons", new[] { "light", "dark" });

        public static readonly KeyPlace LeftMenuSort = new KeyPlace("a left_menu item's sort", "left_menu.<item>.sort", new[] { "after" });

        public static readonly KeyPlace SubmenuItem = new KeyPlace("a submenu item", "left_menu.<item>.submenu.<sub>", new[] { "title", "sort" });

        public static readonly KeyPlace Tour = new KeyPlace("tour", "tour", new[] { "is_tour", "tour_images", "tour_description" });

        /// <summary>Every place, in the order a misplaced key's home is looked for (the first that documents it wins).</summary>
        public static readonly IReadOnlyList<KeyPlace> Places = new[]
        {
            Root, Widget, Support, Dp, Tour, Advanced, Sms, Mobile, Forms, SettingField, DpSettingField, SalesbotHandler, SalesbotField,
            LeftMenuItem, LeftMenuIcons, LeftMenuSort, SubmenuItem,
        };

        public static void KeyUnknown(ManifestContext m)
        {
            if (m.Root is not JsonObject root)
            {
                return;
            }

            bool repeats = m.Document.DuplicateKeys.Count > 0;
            Check(m, root, Root);
            if (root["widget"] is JsonObject widget)
            {
                Check(m, widget, Widget);
                Each(m, widget, "support", Support);
            }

            foreach (JsonObject field in Children(root["settings"], repeats))
            {
                Check(m, field, SettingField);
            }

            if (root["dp"] is JsonObject dp)
            {
                Check(m, dp, Dp);
                foreach (JsonObject field in Children(dp["settings"], repeats))
                {
                    Check(m, field, DpSettingField);
                }
            }

            Each(m, root, "advanced", Advanced);
            Each(m, root, "sms", Sms);
            Each(m, root, "mobile", Mobile);
            Each(m, root, "amoforms_settings", Forms);
            Each(m, root, "tour", Tour);
            if (root["salesbot_designer"] is JsonObject designer)
            {
                foreach (JsonObject handler in Children(designer, repeats).Where(h => h != designer["logo"]))
                {
                    Check(m, handler, SalesbotHandler);
                    foreach (JsonObject field in Children(handler["settings"], repeats))
                    {
                        Check(m, field, SalesbotField);
                    }
                }
            }

            foreach (JsonObject item in Children(root["left_menu"], repeats))
            {
                Check(m, item, LeftMenuItem);
                Each(m, item, "icons", LeftMenuIcons);
                Each(m, item, "sort", LeftMenuSort);
                foreach (JsonObject sub in Children(item["submenu"], repeats))
                {
                    Check(m, sub, SubmenuItem);
                }
            }
        }

        /// <summary>The documented key a key is a near-miss of: the same letters in another case or with other separators, or a typo or two away.</summary>
        internal static string? NearMiss(string key, IEnumerable<string> documented)
        {
            string probe = Normalize(key);
            string? best = null;
            int bestDistance = int.MaxValue;
            foreach (string candidate in documented)
            {
                string normal = Normalize(candidate);
                int distance = normal == probe ? 0 : AmoLocationCatalog.Distance(probe, normal);
                int shorter = Math.Min(probe.Length, normal.Length);
                int allowed = shorter >= 8 ? 2 : shorter >= 4 ? 1 : 0;
                if (distance <= allowed && distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }

            return best;
        }

        private static void Check(ManifestContext m, JsonObject obj, KeyPlace place)
        {
            bool repeats = m.Document.DuplicateKeys.Count > 0;
            foreach (JsonProperty property in obj.Properties)
            {
                string key = property.Key;
                // A repeated key is reported once, at the value readers keep (the last).
                if (place.Documents(key) || (repeats && !ReferenceEquals(obj.GetProperty(key), property)))
                {
                    continue;
                }

                string? near = NearMiss(key, place.Documented);
                string where = place == Root ? "a top-level key" : $"a key of {place.Name}";
                if (near != null && !obj.ContainsKey(near))
                {
                    Report(m, property, $"\"{key}\" is not {where}; amoCRM ignores it.", DidYouMean(obj, near));
                    continue;
                }

                if (place.Tolerates(key) || key.StartsWith("_", StringComparison.Ordinal))
                {
                    continue;
                }

                KeyPlace? home = Places.FirstOrDefault(p => p != place && p.Documents(key));
                if (home != null)
                {
                    Report(m, property, $"\"{key}\" is not {where}: it belongs in {home.Name}, so amoCRM ignores it here.",
                        $"Move it to {home.Path(key)}.");
                }
                else
                {
                    Report(m, property, $"\"{key}\" is not {where}; amoCRM ignores it.",
                        near != null ? DidYouMean(obj, near) : $"The documented keys of {place.Name} are {string.Join(", ", place.Documented)}.");
                }
            }
        }

        private static string DidYouMean(JsonObject obj, string near) =>
            obj.Parent == null ? $"Did you mean \"{near}\"?" : $"Did you mean \"{near}\" ({ManifestSchema.Display(obj.Pointer + "/" + JsonPointer.Escape(near))})?";

        private static void Report(ManifestContext m, JsonProperty property, string message, string suggestion) =>
            m.Run.Add("AmoKeyUnknown", m.File, message, suggestion, null, property.Line, property.Column, property.Pointer);

        private static void Each(ManifestContext m, JsonObject parent, string key, KeyPlace place)
        {
            if (parent[key] is JsonObject obj)
            {
                Check(m, obj, place);
            }
        }

        /// <summary>The object values of an object's keys (the last of a repeated key, as readers keep).</summary>
        private static List<JsonObject> Children(JsonNode? node, bool repeats)
        {
            var children = new List<JsonObject>();
            if (node is JsonObject obj)
            {
                foreach (JsonProperty property in obj.Properties)
                {
                    if (property.Value is JsonObject child && (!repeats || ReferenceEquals(obj.GetProperty(property.Key), property)))
                    {
                        children.Add(child);
                    }
                }
            }

            return children;
        }

        private static string Normalize(string name) => new string(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
    }
}
