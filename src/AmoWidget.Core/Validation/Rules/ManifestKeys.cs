using System;
using System.Collections.Generic;
using System.Linq;
using AmoWidget.Json;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
    /// <summary>One kind of object of a manifest and the keys it takes.</summary>
    internal sealed class KeyPlace
    {
        private readonly Lazy<EditPattern[]> patterns;
        private readonly KeyTable documented;
        private readonly KeyTable tolerated;

        /// <summary>
        /// For each tolerated key (by its place in <see cref="Tolerated"/>), the documented key it is a near-miss of, or
        /// null: both lists are fixed, so this is worked out once, when a manifest first has a tolerated key.
        /// </summary>
        private readonly Lazy<string?[]> toleratedNearMiss;

        public KeyPlace(string name, string home, string[] documented, string[]? tolerated = null)
        {
            Name = name;
            Home = home;
            Documented = documented;
            Tolerated = tolerated ?? Array.Empty<string>();
            this.documented = new KeyTable(documented);
            this.tolerated = new KeyTable(Tolerated);
            NormalizedDocumented = documented.Select(AmoLocationCatalog.Normalize).ToArray();
            patterns = new Lazy<EditPattern[]>(() => NormalizedDocumented.Select(n => new EditPattern(n)).ToArray());
            toleratedNearMiss = new Lazy<string?[]>(() => Tolerated.Select(key => ManifestKeys.NearMiss(key, this)).ToArray());
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

        /// <summary>The place of <paramref name="key"/> in <see cref="Documented"/>, or -1.</summary>
        public int DocumentedIndex(string key) => documented.IndexOf(key);

        public bool Tolerates(string key) => tolerated.Contains(key);

        /// <summary><see cref="Documented"/> as <see cref="ManifestKeys.NearMiss"/> compares them (lower case, letters and digits).</summary>
        internal string[] NormalizedDocumented { get; }

        /// <summary><see cref="NormalizedDocumented"/> prepared for the distance, when the first undocumented key needs them.</summary>
        internal EditPattern[] DocumentedPatterns => patterns.Value;

        /// <summary>The documented key an undocumented key is a near-miss of, or null.</summary>
        public string? NearMissOf(string key) =>
            tolerated.IndexOf(key) is int t && t >= 0 ? toleratedNearMiss.Value[t] : ManifestKeys.NearMiss(key, this);
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
            JsonRef root = m.Root;
            if (!root.IsObject)
            {
                return;
            }

            bool repeats = m.HasRepeatedKeys;
            Check(m, root, Root);
            JsonRef widget = m.Block("widget");
            if (widget.IsObject)
            {
                Check(m, widget, Widget);
                Each(m, widget, "support", Support);
            }

            foreach (JsonRef field in m.Block("settings").AsObject)
            {
                if (IsKeptObject(field, repeats))
                {
                    Check(m, field, SettingField);
                }
            }

            JsonRef dp = m.Block("dp");
            if (dp.IsObject)
            {
                Check(m, dp, Dp);
                foreach (JsonRef field in dp["settings"].AsObject)
                {
                    if (IsKeptObject(field, repeats))
                    {
                        Check(m, field, DpSettingField);
                    }
                }
            }

            EachBlock(m, "advanced", Advanced);
            EachBlock(m, "sms", Sms);
            EachBlock(m, "mobile", Mobile);
            EachBlock(m, "amoforms_settings", Forms);
            EachBlock(m, "tour", Tour);
            JsonRef designer = m.Block("salesbot_designer");
            if (designer.IsObject)
            {
                JsonRef logo = designer["logo"];
                foreach (JsonRef handler in designer)
                {
                    if (!IsKeptObject(handler, repeats) || (logo.Exists && handler.Id == logo.Id))
                    {
                        continue;
                    }

                    Check(m, handler, SalesbotHandler);
                    foreach (JsonRef field in handler["settings"].AsObject)
                    {
                        if (IsKeptObject(field, repeats))
                        {
                            Check(m, field, SalesbotField);
                        }
                    }
                }
            }

            foreach (JsonRef item in m.Block("left_menu").AsObject)
            {
                if (!IsKeptObject(item, repeats))
                {
                    continue;
                }

                Check(m, item, LeftMenuItem);
                Each(m, item, "icons", LeftMenuIcons);
                Each(m, item, "sort", LeftMenuSort);
                foreach (JsonRef sub in item["submenu"].AsObject)
                {
                    if (IsKeptObject(sub, repeats))
                    {
                        Check(m, sub, SubmenuItem);
                    }
                }
            }
        }

        /// <summary>The documented key of a place a key is a near-miss of: the same letters in another case or with other separators, or a typo or two away.</summary>
        internal static string? NearMiss(string key, KeyPlace place)
        {
            Span<char> buffer = key.Length <= 128 ? stackalloc char[key.Length] : new char[key.Length];
            ReadOnlySpan<char> probe = AmoLocationCatalog.Normalize(key, buffer);
            string? best = null;
            int bestDistance = int.MaxValue;
            string[] normals = place.NormalizedDocumented;
            for (int k = 0; k < normals.Length; k++)
            {
                string normal = normals[k];
                int shorter = Math.Min(probe.Length, normal.Length);
                int allowed = shorter >= 8 ? 2 : shorter >= 4 ? 1 : 0;

                // The distance is at least the difference in length: a candidate further apart than allowed is not near.
                if (Math.Abs(probe.Length - normal.Length) > allowed)
                {
                    continue;
                }

                int distance = probe.SequenceEqual(normal.AsSpan()) ? 0 : place.DocumentedPatterns[k].Distance(probe, Math.Min(allowed, bestDistance - 1));
                if (distance <= allowed && distance < bestDistance)
                {
                    best = place.Documented[k];
                    bestDistance = distance;
                }
            }

            return best;
        }

        private static void Check(ManifestContext m, JsonRef obj, KeyPlace place)
        {
            JsonIndexEntry[] entries = m.Json.Entries;
            int id = obj.Id;
            for (int member = id + 1, left = entries[id].Count; left > 0; member = entries[member].Next, left--)
            {
                // A repeated key is reported once, at the value readers keep (the last).
                string key = entries[member].Key!;
                if (place.Documents(key) || entries[member].Shadowed)
                {
                    continue;
                }

                // A key that is neither tolerated nor a comment is a finding whatever its near-miss: past the rule's cap it
                // is only counted, and no near-miss is worked out for it.
                if (!place.Tolerates(key) && !key.StartsWith("_", StringComparison.Ordinal) && !m.Run.Lists("AmoKeyUnknown", m.File))
                {
                    m.Run.Omit("AmoKeyUnknown", m.File);
                    continue;
                }

                var property = new JsonRef(m.Json, member);
                string? near = place.NearMissOf(key);
                if (near != null && !obj.ContainsKey(near))
                {
                    Report(m, property, $"\"{key}\" is not {Where(place)}; amoCRM ignores it.", DidYouMean(obj, near));
                    continue;
                }

                if (place.Tolerates(key) || key.StartsWith("_", StringComparison.Ordinal))
                {
                    continue;
                }

                KeyPlace? home = HomeOf(key, place);
                if (home != null)
                {
                    Report(m, property, $"\"{key}\" is not {Where(place)}: it belongs in {home.Name}, so amoCRM ignores it here.",
                        $"Move it to {home.Path(key)}.");
                }
                else
                {
                    Report(m, property, $"\"{key}\" is not {Where(place)}; amoCRM ignores it.",
                        near != null ? DidYouMean(obj, near) : $"The documented keys of {place.Name} are {string.Join(", ", place.Documented)}.");
                }
            }
        }

        /// <summary>The first other place that documents the key, or null (a loop, not a lambda: a closure here would be made for every key checked).</summary>
        private static KeyPlace? HomeOf(string key, KeyPlace place)
        {
            foreach (KeyPlace other in Places)
            {
                if (other != place && other.Documents(key))
                {
                    return other;
                }
            }

            return null;
        }

        /// <summary>How a message names a key of the place ("a top-level key", "a key of widget"); built only for a finding.</summary>
        private static string Where(KeyPlace place) => place == Root ? "a top-level key" : $"a key of {place.Name}";

        private static string DidYouMean(JsonRef obj, string near) =>
            !obj.Parent.Exists ? $"Did you mean \"{near}\"?" : $"Did you mean \"{near}\" ({JsonPointer.Display(obj.Pointer + "/" + JsonPointer.Escape(near))})?";

        private static void Report(ManifestContext m, JsonRef property, string message, string suggestion)
        {
            (int line, int column) = property.KeyPosition;
            m.Run.Add("AmoKeyUnknown", m.File, message, suggestion, null, line, column, property.Pointer);
        }

        private static void EachBlock(ManifestContext m, string key, KeyPlace place)
        {
            JsonRef obj = m.Block(key);
            if (obj.IsObject)
            {
                Check(m, obj, place);
            }
        }

        private static void Each(ManifestContext m, JsonRef parent, string key, KeyPlace place)
        {
            JsonRef obj = parent[key];
            if (obj.IsObject)
            {
                Check(m, obj, place);
            }
        }

        /// <summary>A member that is an object and the one readers keep (the last of a repeated key).</summary>
        private static bool IsKeptObject(JsonRef member, bool repeats) => member.IsObject && (!repeats || member.IsLastOfKey);
    }
}
