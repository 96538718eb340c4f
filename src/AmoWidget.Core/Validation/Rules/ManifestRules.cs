using System;
using System.Collections.Generic;
using System.Linq;
using AmoWidget.Json;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
    /// <summary>The manifest rules a schema cannot say, one function per rule; <see cref="CheckAll"/> runs them in catalog order.</summary>
    internal static class ManifestRules
    {
        public static void CheckAll(ManifestContext m)
        {
            PlatformJudged(m);
            SchemaRules.Check(m);
            ManifestKeys.KeyUnknown(m);
            SupportMissing(m);
            SupportInvalid(m);
            LegacyCodeSecret(m);
            PlaceholderUrl(m);
            LocaleUnknown(m);
            LocationUnknown(m);
            LocationSuffixNotAllowed(m);
            LocationConflict(m);
            LocationDuplicate(m);
            CardSdkWithoutCard(m);
            LocationWithoutBlock(m);
            BlockWithoutLocation(m);
            DpWebhookUrl(m);
            SettingsBlockMissing(m);
            SalesbotFieldDefaultMissing(m);
            LeftMenuItem(m);
        }

        /// <summary>
        /// Without a chosen platform, judges the one the manifest is written for before any rule that depends on it
        /// runs (the manifest's rules come first in a widget's check), and tells the caller which and why, so a pass or
        /// a failure is never read as another platform's.
        /// </summary>
        public static void PlatformJudged(ManifestContext m)
        {
            if (!m.Run.Options.DetectPlatform)
            {
                return;
            }

            JsonRef widget = m.Widget;
            JsonRef support = widget["support"];
            (AmoPlatform platform, string reason) = AmoPlatformTarget.Infer(
                m.Locales.Select(l => l.Value), m.Locations.Select(l => l.Value), support["link"].AsString(), support["email"].AsString());
            m.Run.Platform = platform;
            m.Run.Options.PlatformJudged?.Invoke(platform, reason);
        }

        /// <summary>
        /// Kommo's manifest table asks for "a valid working URL" as support.link and an address as support.email
        /// (https://developers.kommo.com/docs/manifest-json): a link that is no http(s) address (a javascript: one
        /// runs in the user's page) or an e-mail without a domain sends the widget's users nowhere.
        /// </summary>
        public static void SupportInvalid(ManifestContext m)
        {
            JsonRef support = m.Widget["support"];
            if (support["link"].AsString() is string link && !AmoManifestEditor.IsSupportLink(link))
            {
                m.At(RuleNames.AmoSupportInvalid, "/widget/support/link", $"widget.support.link \"{link}\" is not an http(s) address.",
                    "Give the widget's support page, https://...");
            }

            if (support["email"].AsString() is string email && !AmoManifestEditor.IsSupportEmail(email))
            {
                m.At(RuleNames.AmoSupportInvalid, "/widget/support/email", $"widget.support.email \"{email}\" is not an e-mail address.",
                    "Give the address users write to, name@domain.");
            }
        }

        /// <summary>
        /// amoCRM has required widget.support with link and email since November 2018 (its requirements page), so with
        /// -Platform AmoCrm a missing support or field is an Error. Kommo's manifest table asks for a working link, or
        /// an e-mail when there is no link, and marks support optional: a Warning with Kommo and Any.
        /// </summary>
        public static void SupportMissing(ManifestContext m)
        {
            JsonRef widget = m.Widget;
            if (!widget.IsObject)
            {
                return;
            }

            JsonRef support = widget["support"];
            bool amoCrm = m.Run.Platform == AmoPlatform.AmoCrm;
            string asks = m.Run.Platform switch
            {
                AmoPlatform.AmoCrm => "amoCRM requires both link (the support page) and email (technical support) since November 2018",
                AmoPlatform.Kommo => "Kommo asks for link (a working support page), or email when there is no link",
                _ => "amoCRM requires both link and email; Kommo asks for link, or email when there is no link",
            };
            string example = "Add \"support\": { \"link\": \"https://...\", \"email\": \"...\" } to widget (Set-AmoManifest -SupportLink -SupportEmail).";
            AmoSeverity? severity = amoCrm ? AmoSeverity.Error : (AmoSeverity?)null;
            if (!support.Exists)
            {
                m.At(RuleNames.AmoSupportMissing, "/widget/support", $"widget.support is missing: {asks}.", example, severity);
                return;
            }

            if (!support.IsObject)
            {
                return;
            }

            bool noLink = string.IsNullOrWhiteSpace(support["link"].AsString());
            bool noEmail = string.IsNullOrWhiteSpace(support["email"].AsString());
            if ((noLink && noEmail) || (amoCrm && (noLink || noEmail)))
            {
                string[] missing = noLink && noEmail ? new[] { "link", "email" } : new[] { noLink ? "link" : "email" };
                string lacks = missing.Length == 2 ? "neither a link nor an e-mail" : "no " + missing[0];
                m.At(RuleNames.AmoSupportMissing, "/widget/support", $"widget.support has {lacks}: {asks}.",
                    $"Add {string.Join(" and ", missing.Select(k => "support." + k))} (Set-AmoManifest {string.Join(" ", missing.Select(k => k == "link" ? "-SupportLink" : "-SupportEmail"))}).", severity);
            }
        }

        private static readonly string[] LegacyKeys = { "code", "secret_key" };

        /// <summary>Where AmoPlaceholderUrl looks: every place at a fixed path with address keys, as the keys leading to it, and the pointer of each address key.</summary>
        private static readonly (string[] Path, (string Key, string Pointer)[] Addresses)[] AddressPlaces = FixedAddressPlaces().ToArray();

        private static IEnumerable<(string[] Path, (string Key, string Pointer)[] Addresses)> FixedAddressPlaces()
        {
            foreach (AmoBlockInfo block in AmoBlockCatalog.All)
            {
                foreach (KeyPlace top in block.Places)
                {
                    foreach ((string[] path, KeyPlace place) in FixedPlaces(new[] { block.Key }, top))
                    {
                        if (place.AddressKeys.Count > 0)
                        {
                            string pointer = "/" + string.Join("/", path.Select(JsonPointer.Escape));
                            yield return (path, place.AddressKeys.Select(k => (k, pointer + "/" + JsonPointer.Escape(k))).ToArray());
                        }
                    }
                }
            }
        }

        /// <summary>A place and those below it that sit at a fixed path (no member chosen by the author on the way), with that path.</summary>
        private static IEnumerable<(string[] Path, KeyPlace Place)> FixedPlaces(string[] parent, KeyPlace place)
        {
            if (place.Route.Contains(KeyPlace.AnyMember))
            {
                yield break;
            }

            string[] path = parent.Concat(place.Route).ToArray();
            yield return (path, place);
            foreach (KeyPlace child in place.Children)
            {
                foreach ((string[] Path, KeyPlace Place) below in FixedPlaces(path, child))
                {
                    yield return below;
                }
            }
        }

        public static void LegacyCodeSecret(ManifestContext m)
        {
            foreach (string key in LegacyKeys)
            {
                if (m.Widget.ContainsKey(key))
                {
                    m.At(RuleNames.AmoLegacyCodeSecret, "/widget/" + key,
                        $"widget.{key} is a legacy field: new integrations get their code at upload; keep it only to update an old widget not yet converted.",
                        key == "secret_key" ? "Remove the secret key from the manifest (and from source control) unless this upload updates an unconverted widget." : null);
                }
            }
        }

        public static void PlaceholderUrl(ManifestContext m)
        {
            foreach ((string[] path, (string Key, string Pointer)[] addresses) in AddressPlaces)
            {
                // The place is looked up once for all of its address keys.
                JsonRef place = m.Block(path[0]);
                for (int i = 1; i < path.Length && place.Exists; i++)
                {
                    place = place[path[i]];
                }

                foreach ((string key, string pointer) in addresses)
                {
                    string? value = place[key].AsString();
                    if (value != null && IsExampleAddress(value))
                    {
                        m.At(RuleNames.AmoPlaceholderUrl, pointer, $"{JsonPointer.Display(pointer)} is the documentation's placeholder \"{value}\".",
                            "Use the widget's own working address.");
                    }
                }
            }
        }

        internal static bool IsExampleAddress(string value)
        {
            // Most values name no example host at all: only text with "example" in it, or with an escape or non-ASCII
            // letter that a URL parser could turn into it, needs parsing.
            if (IsPlainAsciiWithoutExample(value))
            {
                return false;
            }

            string? host = AmoPlatformTarget.HostOf(value);
            return host != null && IsExampleHost(host);
        }

        private static readonly string[] ExampleHosts = { "example.com", "example.org", "example.net" };

        /// <summary>A host of the documentation's examples, or under one (a loop, not a lambda: the closure would be made on every call).</summary>
        private static bool IsExampleHost(string host)
        {
            foreach (string e in ExampleHosts)
            {
                if (host == e || host.EndsWith("." + e, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True for text of ASCII characters other than '%' that does not hold "example" in any case: one pass, where a
        /// culture-free IndexOf with OrdinalIgnoreCase cost more than the rest of the rule.
        /// </summary>
        private static bool IsPlainAsciiWithoutExample(string value)
        {
            const string Word = "example";
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c >= 0x80 || c == '%')
                {
                    return false;
                }

                if ((c | 0x20) == 'e' && i + Word.Length <= value.Length)
                {
                    int k = 1;
                    while (k < Word.Length && (value[i + k] | 0x20) == Word[k])
                    {
                        k++;
                    }

                    if (k == Word.Length)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        public static void LocaleUnknown(ManifestContext m)
        {
            JsonRef array = m.Widget["locale"];
            if (!array.IsArray)
            {
                return;
            }

            IReadOnlyList<string> known = AmoPlatformLanguages.Of(m.Run.Platform);
            int index = -1;
            foreach (JsonRef item in array)
            {
                index++;
                if (item.AsString() is not string value || Lists(known, value))
                {
                    continue;
                }

                string? nearest = NearestLocale(known, value);
                bool elsewhere = Lists(AmoPlatformLanguages.Of(AmoPlatform.Any), value);
                m.At(RuleNames.AmoLocaleUnknown, $"/widget/locale/{index}",
                    elsewhere
                        ? $"widget.locale \"{value}\" is not a language of {AmoPlatformLanguages.PlatformName(m.Run.Platform)} (it has {string.Join(", ", known)})."
                        : $"widget.locale \"{value}\" is not a language of {AmoPlatformLanguages.PlatformName(m.Run.Platform)}: use {string.Join(", ", known)}.",
                    nearest != null ? $"Did you mean \"{nearest}\"?" : null);
            }
        }

        private static bool Lists(IReadOnlyList<string> locales, string value)
        {
            for (int i = 0; i < locales.Count; i++)
            {
                if (string.Equals(locales[i], value, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The language an unknown locale is a regional form or another case of ("en_US", "EN"), or null.</summary>
        private static string? NearestLocale(IReadOnlyList<string> known, string value)
        {
            foreach (string k in known)
            {
                if (value.StartsWith(k + "_", StringComparison.OrdinalIgnoreCase) || value.StartsWith(k + "-", StringComparison.OrdinalIgnoreCase) || string.Equals(value, k, StringComparison.OrdinalIgnoreCase))
                {
                    return k;
                }
            }

            return null;
        }

        public static void LocationUnknown(ManifestContext m)
        {
            foreach (LocationEntry entry in m.Locations)
            {
                if (entry.Info == null)
                {
                    // Past the rule's cap the finding is only counted: no suggestion is worked out for it.
                    if (!m.Run.Lists(RuleNames.AmoLocationUnknown, m.File))
                    {
                        m.Run.Omit(RuleNames.AmoLocationUnknown, m.File);
                        continue;
                    }

                    IReadOnlyList<string> suggestions = AmoLocationCatalog.Suggestions(entry.Value);
                    m.At(RuleNames.AmoLocationUnknown, entry.Pointer, $"\"{entry.Value}\" is not a documented location.",
                        suggestions.Count > 0 ? $"Did you mean {string.Join(" or ", suggestions.Select(s => "\"" + s + "\""))}?" : "Get-AmoLocation lists the known locations.");
                }
                else if (!entry.Info.IsOn(m.Run.Platform))
                {
                    m.At(RuleNames.AmoLocationUnknown, entry.Pointer,
                        $"\"{entry.Value}\" is not a {AmoPlatformLanguages.PlatformName(m.Run.Platform)} location (it exists on {(entry.Info.Platforms == AmoPlatforms.AmoCrm ? "amoCRM" : "Kommo")} only).");
                }
            }
        }

        public static void LocationSuffixNotAllowed(ManifestContext m)
        {
            foreach (LocationEntry entry in m.Locations)
            {
                if (entry.Info == null || entry.Suffix == null)
                {
                    continue;
                }

                if (!entry.Info.TakesSuffix)
                {
                    m.At(RuleNames.AmoLocationSuffixNotAllowed, entry.Pointer, $"\"{entry.Value}\": {entry.Name} takes no -0/-1 suffix (only card and list areas do).",
                        $"Use \"{entry.Name}\".");
                }
                else if (entry.Suffix != 0 && entry.Suffix != 1)
                {
                    m.At(RuleNames.AmoLocationSuffixNotAllowed, entry.Pointer, $"\"{entry.Value}\": the suffix is -1 (uses the right column) or -0 (does not).",
                        $"Use \"{entry.Name}-1\" or \"{entry.Name}-0\".");
                }
            }
        }

        public static void LocationConflict(ManifestContext m)
        {
            if (m.Locations.Count < 2)
            {
                return;
            }

            // Each card or list area in order of its first entry, and in it every later entry with another suffix (as a
            // GroupBy by name would give them, without building the groups).
            List<LocationEntry> entries = m.Locations;
            for (int i = 0; i < entries.Count; i++)
            {
                LocationEntry first = entries[i];
                if (!InSuffixedArea(first) || FirstOfArea(entries, i) != i)
                {
                    continue;
                }

                for (int j = i + 1; j < entries.Count; j++)
                {
                    LocationEntry entry = entries[j];
                    if (InSuffixedArea(entry) && entry.Name == first.Name && entry.Value != first.Value)
                    {
                        m.At(RuleNames.AmoLocationConflict, entry.Pointer,
                            $"\"{entry.Value}\" conflicts with \"{first.Value}\" at locations[{first.Index}]: one area takes one suffix (a bare name means -1).",
                            $"Keep one of {first.Value} and {entry.Value}.");
                    }
                }
            }
        }

        /// <summary>An entry of a card or list area with no suffix, -0 or -1 (the entries LocationConflict compares).</summary>
        private static bool InSuffixedArea(LocationEntry e) => e.Info?.TakesSuffix == true && (e.Suffix == null || e.Suffix <= 1);

        /// <summary>The index of the first such entry of the same area as entry <paramref name="i"/>.</summary>
        private static int FirstOfArea(List<LocationEntry> entries, int i)
        {
            for (int k = 0; k < i; k++)
            {
                if (InSuffixedArea(entries[k]) && entries[k].Name == entries[i].Name)
                {
                    return k;
                }
            }

            return i;
        }

        public static void LocationDuplicate(ManifestContext m)
        {
            if (m.Locations.Count < 2)
            {
                return;
            }

            // A handful of entries: comparing each with those before it costs less than a table; a long (hostile) list
            // gets the table, so that 100,000 entries are not 5 billion comparisons.
            List<LocationEntry> entries = m.Locations;
            Dictionary<string, LocationEntry>? first = entries.Count > 32 ? new Dictionary<string, LocationEntry>(StringComparer.Ordinal) : null;
            for (int i = 0; i < entries.Count; i++)
            {
                LocationEntry entry = entries[i];
                LocationEntry? earlier = null;
                if (first != null)
                {
                    if (!first.TryGetValue(entry.Value, out earlier))
                    {
                        first[entry.Value] = entry;
                    }
                }
                else
                {
                    for (int k = 0; k < i && earlier == null; k++)
                    {
                        earlier = string.Equals(entries[k].Value, entry.Value, StringComparison.Ordinal) ? entries[k] : null;
                    }
                }

                if (earlier != null)
                {
                    m.At(RuleNames.AmoLocationDuplicate, entry.Pointer, $"\"{entry.Value}\" is listed again (first at locations[{earlier.Index}]).", "Remove the repeated entry.");
                }
            }
        }

        public static void CardSdkWithoutCard(ManifestContext m)
        {
            foreach (LocationEntry entry in m.Locations)
            {
                if (entry.Info?.RequiresLocationArea is not string area || entry.Suffix != null)
                {
                    continue;
                }

                if (!Covers(m.Locations, area))
                {
                    m.At(RuleNames.AmoCardSdkWithoutCard, entry.Pointer, $"{entry.Value} works only in the cards the widget is in, and no card location is listed.",
                        "Add lcard-0, ccard-0 or comcard-0 (Add-AmoLocation).");
                }
            }
        }

        /// <summary>Whether a location of the area is listed (one that needs no other area itself).</summary>
        private static bool Covers(List<LocationEntry> entries, string area)
        {
            foreach (LocationEntry o in entries)
            {
                if (o.Info != null && o.Info.Area == area && o.Info.RequiresLocationArea == null)
                {
                    return true;
                }
            }

            return false;
        }

        public static void LocationWithoutBlock(ManifestContext m)
        {
            foreach (LocationEntry entry in m.Locations)
            {
                if (entry.Info?.RequiresBlock is not string block || entry.Suffix != null)
                {
                    continue;
                }

                if (!m.Block(block).Exists)
                {
                    m.At(RuleNames.AmoLocationWithoutBlock, entry.Pointer, $"{entry.Value} needs the \"{block}\" block, which the manifest lacks.", $"{AmoBlockCatalog.CmdletFor(block)} adds it.");
                }
            }
        }

        public static void BlockWithoutLocation(ManifestContext m)
        {
            foreach (AmoBlockInfo block in AmoBlockCatalog.LocationBlocksInLocationOrder)
            {
                if (!m.Block(block.Key).Exists)
                {
                    continue;
                }

                IReadOnlyList<string> owners = block.Locations;
                if (!Owned(m.Locations, owners))
                {
                    m.At(RuleNames.AmoBlockWithoutLocation, "/" + JsonPointer.Escape(block.Key),
                        $"The \"{block.Key}\" block is ignored: its location {string.Join(" / ", owners)} is not in locations.",
                        $"Add {owners[0]} to locations, or remove the block.");
                }
            }
        }

        /// <summary>Whether one of the owners is listed.</summary>
        private static bool Owned(List<LocationEntry> entries, IReadOnlyList<string> owners)
        {
            foreach (LocationEntry e in entries)
            {
                if (e.Info != null && owners.Contains(e.Info.Name))
                {
                    return true;
                }
            }

            return false;
        }

        public static void DpWebhookUrl(ManifestContext m)
        {
            if (m.Block("dp")["webhook_url"].AsString() is not string url)
            {
                return;
            }

            bool ok = Uri.TryCreate(url.Trim(), UriKind.Absolute, out Uri? uri) && (uri.Scheme == "https" || uri.Scheme == "http") && uri.Host.Length > 0 && url.Trim() == url;
            if (!ok)
            {
                m.At(RuleNames.AmoDpWebhookUrl, "/dp/webhook_url", $"dp.webhook_url \"{url}\" is not an absolute http(s) URL.", "Use a full address such as https://your-server/dp.");
            }
        }

        /// <summary>
        /// Kommo's uploader refuses a manifest that lists the settings location or sets widget.installation without a
        /// settings object ("\"settings\" field is required in manifest.json"); an empty object passes.
        /// </summary>
        public static void SettingsBlockMissing(ManifestContext m)
        {
            if (!m.Root.IsObject || m.Block("settings").Exists)
            {
                return;
            }

            LocationEntry? location = m.Locations.FirstOrDefault(e => e.Info?.Name == "settings");
            if (location != null)
            {
                m.At(RuleNames.AmoSettingsBlockMissing, location.Pointer, $"{location.Value} is listed but the manifest has no settings object: the uploader refuses it.",
                    "Add \"settings\": {} (Add-AmoSetting adds a field).");
            }
            else if (m.Widget["installation"].Value is true)
            {
                m.At(RuleNames.AmoSettingsBlockMissing, "/widget/installation", "widget.installation is true but the manifest has no settings object: the uploader refuses it.",
                    "Add \"settings\": {} (Add-AmoSetting adds a field).");
            }
        }

        /// <summary>
        /// A Salesbot field without default_value leaves the designer's Save button disabled until the user fills it;
        /// every example of https://developers.kommo.com/docs/salesbot-sdk gives one. Without the salesbot_designer
        /// location the block is ignored (AmoBlockWithoutLocation says so), and so are its fields.
        /// </summary>
        public static void SalesbotFieldDefaultMissing(ManifestContext m)
        {
            JsonRef designer = m.Block("salesbot_designer");
            if (!designer.IsObject || !m.HasLocation("salesbot_designer"))
            {
                return;
            }

            foreach (JsonRef handler in designer)
            {
                if (!handler.IsLastOfKey || handler.Key == "logo" || !handler["settings"].IsObject)
                {
                    continue;
                }

                foreach (JsonRef field in handler["settings"])
                {
                    if (field.IsLastOfKey && field.IsObject && !field.ContainsKey("default_value"))
                    {
                        m.At(RuleNames.AmoSalesbotDefaultMissing, field.Pointer,
                            $"{JsonPointer.Display(field.Pointer)} has no default_value: the Salesbot designer keeps Save disabled until the field is filled.",
                            "Add \"default_value\": \"\" or a default (Add-AmoSalesbotHandler -Field @{ key = ...; default_value = ... }).");
                    }
                }
            }
        }

        /// <summary>
        /// https://www.amocrm.ru/developers/content/web_sdk/left_menu: is_hidden hides a system section (all but
        /// settings); an item of the widget's own shows a title and an icon.
        /// </summary>
        public static void LeftMenuItem(ManifestContext m)
        {
            JsonRef menu = m.Block("left_menu");
            if (!menu.IsObject)
            {
                return;
            }

            foreach (JsonRef item in menu)
            {
                string code = item.Key!;
                if (!item.IsLastOfKey || !item.IsObject)
                {
                    continue;
                }

                bool section = AmoManifestEditor.LeftMenuSections.Contains(code, StringComparer.Ordinal);
                JsonRef hidden = item["is_hidden"];
                if (hidden.Exists && !section)
                {
                    m.At(RuleNames.AmoLeftMenuItemInvalid, hidden.Pointer,
                        $"{JsonPointer.Display(item.Pointer)} has is_hidden, but \"{code}\" is no system section: is_hidden hides only {string.Join(", ", AmoManifestEditor.LeftMenuHideableSections)}.",
                        "Remove is_hidden, or use the code of the system section to hide.");
                    continue;
                }

                if (hidden.Value is true && !AmoManifestEditor.LeftMenuHideableSections.Contains(code, StringComparer.Ordinal))
                {
                    m.At(RuleNames.AmoLeftMenuItemInvalid, hidden.Pointer,
                        $"{JsonPointer.Display(item.Pointer)} hides \"{code}\", which cannot be hidden: is_hidden hides only {string.Join(", ", AmoManifestEditor.LeftMenuHideableSections)}.",
                        "Remove is_hidden from this item.");
                    continue;
                }

                if (section)
                {
                    continue;
                }

                var missing = new List<string>();
                if (!item["title"].Exists)
                {
                    missing.Add("title");
                }

                if (!item["icon"].Exists && !item["icons"].Exists)
                {
                    missing.Add("icon");
                }

                if (missing.Count > 0)
                {
                    m.At(RuleNames.AmoLeftMenuItemInvalid, item.Pointer,
                        $"{JsonPointer.Display(item.Pointer)} is an item of the widget's own without {string.Join(" and ", missing.Select(k => k == "icon" ? "an icon (icon or icons)" : "a title"))}.",
                        $"Add {string.Join(" and ", missing)} (Add-AmoLeftMenuItem -Code {code} {string.Join(" ", missing.Select(k => k == "icon" ? "-Icon images/menu.svg" : "-Title left_menu." + code))}).");
                }
            }
        }
    }
}
