using System;
using System.Collections.Generic;
using System.Linq;
using AmoWidget.Json;

namespace AmoWidget.Validation
{
    /// <summary>The manifest rules a schema cannot say, one function per rule; <see cref="CheckAll"/> runs them in catalog order.</summary>
    internal static class ManifestRules
    {
        private static readonly string[] AmoCrmLocales = { "ru", "en" };
        private static readonly string[] KommoLocales = { "en", "es", "pt", "tr", "id" };

        /// <summary>Blocks that belong to a location, from the catalog (dp, advanced, salesbot_designer, sms, mobile, left_menu, amoforms_settings).</summary>
        private static readonly string[] LocationBlocks =
            AmoLocationCatalog.All.Where(l => l.RequiresBlock != null).Select(l => l.RequiresBlock!).Distinct().ToArray();

        public static void CheckAll(ManifestContext m)
        {
            ManifestSchema.Check(m);
            ManifestKeys.KeyUnknown(m);
            SupportMissing(m);
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
        }

        /// <summary>The languages of a platform (Any: all of them).</summary>
        public static IReadOnlyList<string> LocalesOf(AmoPlatform platform) => platform switch
        {
            AmoPlatform.AmoCrm => AmoCrmLocales,
            AmoPlatform.Kommo => KommoLocales,
            _ => AmoCrmLocales.Concat(KommoLocales).Distinct().ToArray(),
        };

        public static string PlatformName(AmoPlatform platform) => platform == AmoPlatform.AmoCrm ? "amoCRM" : platform == AmoPlatform.Kommo ? "Kommo" : "amoCRM or Kommo";

        /// <summary>
        /// amoCRM has required widget.support with link and email since November 2018 (its requirements page), so with
        /// -Platform AmoCrm a missing support or field is an Error. Kommo's manifest table asks for a working link, or
        /// an e-mail when there is no link, and marks support optional: a Warning with Kommo and Any.
        /// </summary>
        public static void SupportMissing(ManifestContext m)
        {
            JsonObject? widget = m.Widget;
            if (widget == null)
            {
                return;
            }

            JsonNode? support = widget["support"];
            bool amoCrm = m.Run.Platform == AmoPlatform.AmoCrm;
            string asks = m.Run.Platform switch
            {
                AmoPlatform.AmoCrm => "amoCRM requires both link (the support page) and email (technical support) since November 2018",
                AmoPlatform.Kommo => "Kommo asks for link (a working support page), or email when there is no link",
                _ => "amoCRM requires both link and email; Kommo asks for link, or email when there is no link",
            };
            string example = "Add \"support\": { \"link\": \"https://...\", \"email\": \"...\" } to widget (Set-AmoManifest -SupportLink -SupportEmail).";
            AmoSeverity? severity = amoCrm ? AmoSeverity.Error : (AmoSeverity?)null;
            if (support == null)
            {
                m.At("AmoSupportMissing", "/widget/support", $"widget.support is missing: {asks}.", example, severity);
                return;
            }

            if (support is not JsonObject obj)
            {
                return;
            }

            string[] missing = new[] { "link", "email" }.Where(k => string.IsNullOrWhiteSpace((obj[k] as JsonValue)?.AsString())).ToArray();
            if (missing.Length == 2 || (amoCrm && missing.Length == 1))
            {
                string lacks = missing.Length == 2 ? "neither a link nor an e-mail" : "no " + missing[0];
                m.At("AmoSupportMissing", "/widget/support", $"widget.support has {lacks}: {asks}.",
                    $"Add {string.Join(" and ", missing.Select(k => "support." + k))} (Set-AmoManifest {string.Join(" ", missing.Select(k => k == "link" ? "-SupportLink" : "-SupportEmail"))}).", severity);
            }
        }

        public static void LegacyCodeSecret(ManifestContext m)
        {
            foreach (string key in new[] { "code", "secret_key" })
            {
                if (m.Widget?.ContainsKey(key) == true)
                {
                    m.At("AmoLegacyCodeSecret", "/widget/" + key,
                        $"widget.{key} is a legacy field: new integrations get their code at upload; keep it only to update an old widget not yet converted.",
                        key == "secret_key" ? "Remove the secret key from the manifest (and from source control) unless this upload updates an unconverted widget." : null);
                }
            }
        }

        public static void PlaceholderUrl(ManifestContext m)
        {
            foreach (string pointer in new[] { "/widget/support/link", "/widget/support/email", "/dp/webhook_url", "/sms/endpoint", "/mobile/frame_url" })
            {
                string? value = m.StringAt(pointer);
                if (value != null && IsExampleAddress(value))
                {
                    m.At("AmoPlaceholderUrl", pointer, $"{ManifestSchema.Display(pointer)} is the documentation's placeholder \"{value}\".",
                        "Use the widget's own working address.");
                }
            }
        }

        internal static bool IsExampleAddress(string value)
        {
            string host = value.Trim();
            int at = host.LastIndexOf('@');
            if (at >= 0 && !host.Contains("://"))
            {
                host = host.Substring(at + 1);
            }
            else if (Uri.TryCreate(host, UriKind.Absolute, out Uri? uri))
            {
                host = uri.Host;
            }
            else
            {
                return false;
            }

            host = host.ToLowerInvariant().TrimEnd('.');
            return new[] { "example.com", "example.org", "example.net" }.Any(e => host == e || host.EndsWith("." + e, StringComparison.Ordinal));
        }

        public static void LocaleUnknown(ManifestContext m)
        {
            IReadOnlyList<string> known = LocalesOf(m.Run.Platform);
            foreach ((int index, string value) in m.Locales)
            {
                if (known.Contains(value, StringComparer.Ordinal))
                {
                    continue;
                }

                string? nearest = known.FirstOrDefault(k => value.StartsWith(k + "_", StringComparison.OrdinalIgnoreCase) || value.StartsWith(k + "-", StringComparison.OrdinalIgnoreCase) || string.Equals(value, k, StringComparison.OrdinalIgnoreCase));
                bool elsewhere = LocalesOf(AmoPlatform.Any).Contains(value, StringComparer.Ordinal);
                m.At("AmoLocaleUnknown", $"/widget/locale/{index}",
                    elsewhere
                        ? $"widget.locale \"{value}\" is not a language of {PlatformName(m.Run.Platform)} (it has {string.Join(", ", known)})."
                        : $"widget.locale \"{value}\" is not a language of {PlatformName(m.Run.Platform)}: use {string.Join(", ", known)}.",
                    nearest != null ? $"Did you mean \"{nearest}\"?" : null);
            }
        }

        public static void LocationUnknown(ManifestContext m)
        {
            foreach (LocationEntry entry in m.Locations)
            {
                if (entry.Info == null)
                {
                    IReadOnlyList<string> suggestions = AmoLocationCatalog.Suggestions(entry.Value);
                    m.At("AmoLocationUnknown", entry.Pointer, $"\"{entry.Value}\" is not a documented location.",
                        suggestions.Count > 0 ? $"Did you mean {string.Join(" or ", suggestions.Select(s => "\"" + s + "\""))}?" : "Get-AmoLocation lists the known locations.");
                }
                else if (!entry.Info.IsOn(m.Run.Platform))
                {
                    m.At("AmoLocationUnknown", entry.Pointer,
                        $"\"{entry.Value}\" is not a {PlatformName(m.Run.Platform)} location (it exists on {(entry.Info.Platforms == AmoPlatforms.AmoCrm ? "amoCRM" : "Kommo")} only).");
                }
            }
        }

        public static void LocationSuffixNotAllowed(ManifestContext m)
        {
            foreach (LocationEntry entry in m.Locations.Where(e => e.Info != null && e.Suffix != null))
            {
                if (!entry.Info!.TakesSuffix)
                {
                    m.At("AmoLocationSuffixNotAllowed", entry.Pointer, $"\"{entry.Value}\": {entry.Name} takes no -0/-1 suffix (only card and list areas do).",
                        $"Use \"{entry.Name}\".");
                }
                else if (entry.Suffix != 0 && entry.Suffix != 1)
                {
                    m.At("AmoLocationSuffixNotAllowed", entry.Pointer, $"\"{entry.Value}\": the suffix is -1 (uses the right column) or -0 (does not).",
                        $"Use \"{entry.Name}-1\" or \"{entry.Name}-0\".");
                }
            }
        }

        public static void LocationConflict(ManifestContext m)
        {
            foreach (IGrouping<string, LocationEntry> area in m.Locations.Where(e => e.Info?.TakesSuffix == true && (e.Suffix == null || e.Suffix <= 1)).GroupBy(e => e.Name))
            {
                LocationEntry? first = null;
                foreach (LocationEntry entry in area)
                {
                    if (first == null)
                    {
                        first = entry;
                    }
                    else if (entry.Value != first.Value)
                    {
                        m.At("AmoLocationConflict", entry.Pointer,
                            $"\"{entry.Value}\" conflicts with \"{first.Value}\" at locations[{first.Index}]: one area takes one suffix (a bare name means -1).",
                            $"Keep one of {first.Value} and {entry.Value}.");
                    }
                }
            }
        }

        public static void LocationDuplicate(ManifestContext m)
        {
            var seen = new Dictionary<string, LocationEntry>(StringComparer.Ordinal);
            foreach (LocationEntry entry in m.Locations)
            {
                if (seen.TryGetValue(entry.Value, out LocationEntry? first))
                {
                    m.At("AmoLocationDuplicate", entry.Pointer, $"\"{entry.Value}\" is listed again (first at locations[{first.Index}]).", "Remove the repeated entry.");
                }
                else
                {
                    seen[entry.Value] = entry;
                }
            }
        }

        public static void CardSdkWithoutCard(ManifestContext m)
        {
            foreach (LocationEntry entry in m.Locations.Where(e => e.Info?.RequiresLocationArea != null && e.Suffix == null))
            {
                string area = entry.Info!.RequiresLocationArea!;
                bool covered = m.Locations.Any(o => o.Info != null && o.Info.Area == area && o.Info.RequiresLocationArea == null);
                if (!covered)
                {
                    m.At("AmoCardSdkWithoutCard", entry.Pointer, $"{entry.Value} works only in the cards the widget is in, and no card location is listed.",
                        "Add lcard-0, ccard-0 or comcard-0 (Add-AmoLocation).");
                }
            }
        }

        public static void LocationWithoutBlock(ManifestContext m)
        {
            foreach (LocationEntry entry in m.Locations.Where(e => e.Info?.RequiresBlock != null && e.Suffix == null))
            {
                string block = entry.Info!.RequiresBlock!;
                if (m.Root?.ContainsKey(block) != true)
                {
                    m.At("AmoLocationWithoutBlock", entry.Pointer, $"{entry.Value} needs the \"{block}\" block, which the manifest lacks.", $"{AmoManifestEditor.BlockCmdlet(block)} adds it.");
                }
            }
        }

        public static void BlockWithoutLocation(ManifestContext m)
        {
            foreach (string block in LocationBlocks)
            {
                if (m.Root?.ContainsKey(block) != true)
                {
                    continue;
                }

                string[] owners = AmoLocationCatalog.All.Where(l => l.RequiresBlock == block).Select(l => l.Name).ToArray();
                if (!m.Locations.Any(e => e.Info != null && owners.Contains(e.Info.Name)))
                {
                    m.At("AmoBlockWithoutLocation", "/" + JsonPointer.Escape(block),
                        $"The \"{block}\" block is ignored: its location {string.Join(" / ", owners)} is not in locations.",
                        $"Add {owners[0]} to locations, or remove the block.");
                }
            }
        }

        public static void DpWebhookUrl(ManifestContext m)
        {
            if (m.Block("dp")?["webhook_url"] is not JsonValue { Value: string url })
            {
                return;
            }

            bool ok = Uri.TryCreate(url.Trim(), UriKind.Absolute, out Uri? uri) && (uri.Scheme == "https" || uri.Scheme == "http") && uri.Host.Length > 0 && url.Trim() == url;
            if (!ok)
            {
                m.At("AmoDpWebhookUrl", "/dp/webhook_url", $"dp.webhook_url \"{url}\" is not an absolute http(s) URL.", "Use a full address such as https://your-server/dp.");
            }
        }
    }
}
