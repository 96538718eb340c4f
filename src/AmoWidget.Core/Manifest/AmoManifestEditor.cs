using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AmoWidget.Json;

namespace AmoWidget
{
    /// <summary>Settings field types a manifest's settings and dp.settings take (https://www.amocrm.ru/developers/content/integrations/fields, https://developers.kommo.com/docs/field-types).</summary>
    public enum AmoSettingType
    {
        Text,
        Pass,
        Users,
        UsersLp,
        Custom,
    }

    /// <summary>Field types of a Salesbot handler's settings (https://developers.kommo.com/docs/salesbot-sdk).</summary>
    public enum AmoSalesbotFieldType
    {
        Text,
        Numeric,
        Url,
    }

    /// <summary>The part of "major.minor.patch" to raise.</summary>
    public enum AmoVersionPart
    {
        Major,
        Minor,
        Patch,
    }

    /// <summary>One field of a Salesbot handler.</summary>
    public sealed class AmoSalesbotField
    {
        public AmoSalesbotField(string key, AmoSalesbotFieldType type = AmoSalesbotFieldType.Text, string? name = null, string? defaultValue = null, bool? manual = null, bool? required = null)
        {
            Key = key;
            Type = type;
            Name = name;
            DefaultValue = defaultValue;
            Manual = manual;
            Required = required;
        }

        public string Key { get; }

        public AmoSalesbotFieldType Type { get; }

        public string? Name { get; }

        public string? DefaultValue { get; }

        public bool? Manual { get; }

        /// <summary>The user must fill the field; null: not written.</summary>
        public bool? Required { get; }
    }

    /// <summary>What New-AmoManifest writes.</summary>
    public sealed class AmoManifestOptions
    {
        public string Name { get; set; } = "widget.name";

        public string Description { get; set; } = "widget.description";

        public string ShortDescription { get; set; } = "widget.short_description";

        public string Version { get; set; } = "1.0.0";

        public IReadOnlyList<string> Locale { get; set; } = new[] { "ru", "en" };

        public bool InitOnce { get; set; }

        public bool Installation { get; set; } = true;

        public string? SupportLink { get; set; }

        public string? SupportEmail { get; set; }
    }

    /// <summary>
    /// The edits the cmdlets make. Each keeps everything it does not change, adds no duplicate, and returns the
    /// warnings a user should see (a location without its companion block, and the cmdlet that adds it).
    /// </summary>
    public static partial class AmoManifestEditor
    {
        public static string SettingTypeName(AmoSettingType type) => type == AmoSettingType.UsersLp ? "users_lp" : type.ToString().ToLowerInvariant();

        /// <summary>A new manifest: interface_version 2, init_once, locale, installation, locations, settings {}.</summary>
        public static AmoManifest New(AmoManifestOptions options)
        {
            var widget = new JsonObject();
            widget.Add("name", JsonValue.String(options.Name));
            widget.Add("description", JsonValue.String(options.Description));
            widget.Add("short_description", JsonValue.String(options.ShortDescription));
            widget.Add("version", JsonValue.String(options.Version));
            widget.Add("interface_version", JsonValue.Number(2));
            widget.Add("init_once", JsonValue.Boolean(options.InitOnce));
            widget.Add("locale", JsonFactory.InlineArray(options.Locale.Select(JsonValue.String)));
            widget.Add("installation", JsonValue.Boolean(options.Installation));
            if (options.SupportLink != null || options.SupportEmail != null)
            {
                widget.Add("support", SupportObject(options.SupportLink, options.SupportEmail));
            }

            var root = new JsonObject();
            root.Add("widget", widget);
            root.Add("locations", new JsonArray());
            root.Add("settings", new JsonObject());
            return AmoManifest.Create(root);
        }

        /// <summary>
        /// A warning for each of <paramref name="locales"/> that is a language of neither platform (amoCRM: ru, en;
        /// Kommo: en, es, pt, tr, id; https://developers.kommo.com/docs/manifest-json, widget.locale), the text Test-AmoManifest's AmoLocaleUnknown
        /// would give. The value is still written: an edit cmdlet sets what it is told, the validator judges it.
        /// </summary>
        public static IEnumerable<string> LocaleWarnings(IEnumerable<string> locales)
        {
            IReadOnlyList<string> known = AmoPlatformLanguages.Of(AmoPlatform.Any);
            foreach (string locale in locales)
            {
                if (!known.Contains(locale, StringComparer.Ordinal))
                {
                    yield return $"widget.locale \"{locale}\" is not a language of amoCRM or Kommo (they have {string.Join(", ", known)}): Test-AmoManifest reports AmoLocaleUnknown.";
                }
            }
        }

        /// <summary>local@domain.tld with no space: the shape, not the mailbox (which only a message can prove).</summary>
        private static readonly System.Text.RegularExpressions.Regex EmailShape =
            new System.Text.RegularExpressions.Regex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>Whether widget.support.link is an http(s) address with a host: what Test-AmoManifest's AmoSupportInvalid asks.</summary>
        public static bool IsSupportLink(string link) =>
            Uri.TryCreate(link.Trim(), UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0;

        /// <summary>Whether widget.support.email has an e-mail's shape: what Test-AmoManifest's AmoSupportInvalid asks.</summary>
        public static bool IsSupportEmail(string email) => EmailShape.IsMatch(email.Trim());

        /// <summary>
        /// A warning for a support link or e-mail that Test-AmoManifest would report as AmoSupportInvalid; the value is
        /// still written, as <see cref="LocaleWarnings"/> says of languages.
        /// </summary>
        public static IEnumerable<string> SupportWarnings(string? link, string? email)
        {
            if (link != null && !IsSupportLink(link))
            {
                yield return $"widget.support.link \"{link}\" is not an http(s) address: Test-AmoManifest reports AmoSupportInvalid.";
            }

            if (email != null && !IsSupportEmail(email))
            {
                yield return $"widget.support.email \"{email}\" is not an e-mail address: Test-AmoManifest reports AmoSupportInvalid.";
            }
        }

        /// <summary>Sets widget.support.link / email, keeping the other one and any other key of support.</summary>
        public static void SetSupport(AmoManifest manifest, string? link, string? email)
        {
            if (link == null && email == null)
            {
                return;
            }

            JsonObject support = AmoManifest.EnsureObject(AmoManifest.EnsureObject(manifest.Root, "widget"), "support");
            SetString(support, "link", link);
            SetString(support, "email", email);
        }

        /// <summary>
        /// Adds a location, or changes the suffix of one already there. Card and list areas are written with a
        /// suffix (-1 unless <paramref name="rightColumn"/> is false); other locations never take one. A name written
        /// with its suffix (lcard-0) says the same as <paramref name="rightColumn"/>: the suffix is kept, and one that
        /// contradicts <paramref name="rightColumn"/> is AmoException RightColumnConflict. A suffix, or
        /// <paramref name="rightColumn"/>, on a location that takes none is RightColumnNotSupported (the areas page,
        /// https://developers.kommo.com/docs/widget-locations: card and list areas take 1 or 0 after the name, everywhere takes none).
        /// </summary>
        public static IReadOnlyList<string> AddLocation(AmoManifest manifest, string name, bool? rightColumn)
        {
            AmoLocationInfo info = Resolve(name);
            int? suffix = AmoLocationCatalog.Split(name).Suffix;
            if ((rightColumn != null || suffix != null) && !info.TakesSuffix)
            {
                throw new AmoException(ErrorIds.RightColumnNotSupported, AmoErrorKind.InvalidArgument,
                    $"The location '{info.Name}' takes no right-column suffix: only card and list areas ({string.Join(", ", AmoLocationCatalog.All.Where(l => l.TakesSuffix).Select(l => l.Name))}) do. "
                        + (suffix != null ? $"Write '{info.Name}' without '-{suffix}'." : "Leave -RightColumn out."),
                    name);
            }

            if (suffix != null)
            {
                if (rightColumn != null && rightColumn != (suffix == 1))
                {
                    throw new AmoException(ErrorIds.RightColumnConflict, AmoErrorKind.InvalidArgument,
                        $"'{name}' says the right column is {(suffix == 1 ? "on" : "off")}, -RightColumn ${(rightColumn == true ? "true" : "false")} says the opposite: give the bare name '{info.Name}' with -RightColumn, or the name with its suffix alone.",
                        name);
                }

                rightColumn = suffix == 1;
            }

            JsonArray locations = EnsureLocations(manifest);
            int[] present = IndexesOf(locations, info.Name);
            if (present.Length == 0)
            {
                locations.Add(JsonValue.String(Format(info, rightColumn ?? true)));
            }
            else
            {
                if (rightColumn != null || present.Length > 1)
                {
                    bool right = rightColumn ?? AmoLocation.FromValue(((JsonValue)locations[present[0]]).AsString()!, present[0]).RightColumn ?? true;
                    string wanted = Format(info, right);
                    if (((JsonValue)locations[present[0]]).AsString() != wanted)
                    {
                        locations[present[0]] = JsonValue.String(wanted);
                    }

                    for (int i = present.Length - 1; i >= 1; i--)
                    {
                        locations.RemoveAt(present[i]);
                    }
                }
            }

            return CompanionWarnings(manifest, info);
        }

        /// <summary>Removes every entry of a location (with any suffix); false when there was none.</summary>
        public static bool RemoveLocation(AmoManifest manifest, string name)
        {
            (string bare, _) = AmoLocationCatalog.Split(name);
            if (AmoManifest.Existing<JsonArray>(manifest.Root, "locations") is not JsonArray locations)
            {
                return false;
            }

            int[] present = IndexesOf(locations, bare);
            for (int i = present.Length - 1; i >= 0; i--)
            {
                locations.RemoveAt(present[i]);
            }

            return present.Length > 0;
        }

        /// <summary>Adds or updates settings.&lt;key&gt; (name, type, required), keeping any other key of the field.</summary>
        public static void AddSetting(AmoManifest manifest, string key, AmoSettingType type, string? name, bool required) =>
            AddField(AmoManifest.EnsureObject(manifest.Root, "settings"), key, type, name, required);

        /// <summary>Removes settings.&lt;key&gt;; false when there was none.</summary>
        public static bool RemoveSetting(AmoManifest manifest, string key) =>
            AmoManifest.Existing<JsonObject>(manifest.Root, "settings") is JsonObject settings && settings.Remove(key);

        /// <summary>Adds the digital_pipeline location and the dp block (settings, action_multiple, webhook_url).</summary>
        public static IReadOnlyList<string> SetDigitalPipeline(AmoManifest manifest, Uri? webhookUrl, bool? actionMultiple)
        {
            if (webhookUrl != null && (!webhookUrl.IsAbsoluteUri || (webhookUrl.Scheme != Uri.UriSchemeHttps && webhookUrl.Scheme != Uri.UriSchemeHttp)))
            {
                throw new AmoException(ErrorIds.WebhookUrlInvalid, AmoErrorKind.InvalidArgument,
                    $"The webhook URL '{webhookUrl.OriginalString}' is not an absolute http(s) URL; amoCRM posts Digital Pipeline events to it.", webhookUrl.OriginalString);
            }

            JsonObject dp = AmoManifest.EnsureObject(manifest.Root, "dp");
            AmoManifest.EnsureObject(dp, "settings");
            if (actionMultiple != null || dp["action_multiple"] == null)
            {
                SetBoolean(dp, "action_multiple", actionMultiple ?? false);
            }

            if (webhookUrl != null)
            {
                SetString(dp, "webhook_url", webhookUrl.OriginalString);
            }

            return AddLocation(manifest, "digital_pipeline", null);
        }

        /// <summary>Adds or updates dp.settings.&lt;key&gt;; the dp block is created when absent.</summary>
        public static IReadOnlyList<string> AddDpSetting(AmoManifest manifest, string key, AmoSettingType type, string? name, bool required)
        {
            JsonObject dp = AmoManifest.EnsureObject(manifest.Root, "dp");
            AddField(AmoManifest.EnsureObject(dp, "settings"), key, type, name, required);
            if (dp["action_multiple"] == null)
            {
                SetBoolean(dp, "action_multiple", false);
            }

            return manifest.Locations.Any(l => l.Name == "digital_pipeline")
                ? Array.Empty<string>()
                : new[] { "The dp block works only with the digital_pipeline location: add it with Set-AmoDigitalPipeline or Add-AmoLocation digital_pipeline." };
        }

        /// <summary>Adds the advanced_settings location and advanced.title.</summary>
        public static IReadOnlyList<string> SetAdvancedSettings(AmoManifest manifest, string title)
        {
            SetString(AmoManifest.EnsureObject(manifest.Root, "advanced"), "title", title);
            return AddLocation(manifest, "advanced_settings", null);
        }

        /// <summary>Adds (or replaces) a Salesbot handler and the salesbot_designer location.</summary>
        public static IReadOnlyList<string> AddSalesbotHandler(AmoManifest manifest, string code, string? name, IEnumerable<AmoSalesbotField> fields)
        {
            if (code.Length == 0 || code == "logo")
            {
                throw new AmoException(ErrorIds.SalesbotHandlerInvalid, AmoErrorKind.InvalidArgument,
                    $"'{code}' cannot be a handler code: it must be a non-empty key other than 'logo'.", code);
            }

            JsonObject designer = AmoManifest.EnsureObject(manifest.Root, "salesbot_designer");
            JsonObject handler = AmoManifest.EnsureObject(designer, code);
            SetString(handler, "name", name ?? "salesbot." + code);
            JsonObject settings = AmoManifest.EnsureObject(handler, "settings");
            foreach (AmoSalesbotField field in fields)
            {
                if (string.IsNullOrEmpty(field.Key))
                {
                    throw new AmoException(ErrorIds.SalesbotFieldInvalid, AmoErrorKind.InvalidArgument, $"A field of the Salesbot handler '{code}' has no key.", code);
                }

                JsonObject entry = AmoManifest.EnsureObject(settings, field.Key);
                SetString(entry, "name", field.Name ?? "salesbot." + field.Key);
                SetString(entry, "type", field.Type.ToString().ToLowerInvariant());
                SetString(entry, "default_value", field.DefaultValue);
                if (field.Manual != null)
                {
                    SetBoolean(entry, "manual", field.Manual.Value);
                }

                if (field.Required != null)
                {
                    SetBoolean(entry, "required", field.Required.Value);
                }
            }

            return AddLocation(manifest, "salesbot_designer", null);
        }

        /// <summary>Raises widget.version; a version that is absent becomes 1.0.0.</summary>
        public static string StepVersion(AmoManifest manifest, AmoVersionPart part)
        {
            string? current = manifest.Version;
            string next;
            if (string.IsNullOrEmpty(current))
            {
                next = "1.0.0";
            }
            else
            {
                string[] parts = current!.Split('.');
                var numbers = new long[Math.Max(3, parts.Length)];
                for (int i = 0; i < parts.Length; i++)
                {
                    if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
                    {
                        throw new AmoException(ErrorIds.VersionInvalid, AmoErrorKind.InvalidData,
                            parts[i].Length > 0 && parts[i].All(c => c >= '0' && c <= '9')
                                ? $"widget.version '{current}' has the number {parts[i]}, larger than the {long.MaxValue} a version part may be; set it with Set-AmoManifest -Version."
                                : $"widget.version '{current}' is not made of numbers separated by dots; set it with Set-AmoManifest -Version.", current);
                    }
                }

                int index = part == AmoVersionPart.Major ? 0 : part == AmoVersionPart.Minor ? 1 : 2;
                if (numbers[index] == long.MaxValue)
                {
                    throw new AmoException(ErrorIds.VersionInvalid, AmoErrorKind.InvalidData,
                        $"widget.version '{current}' cannot be raised: its {part.ToString().ToLowerInvariant()} number is already {long.MaxValue}; set it with Set-AmoManifest -Version.", current);
                }

                numbers[index]++;
                for (int i = index + 1; i < numbers.Length; i++)
                {
                    numbers[i] = 0;
                }

                next = string.Join(".", numbers.Select(n => n.ToString(CultureInfo.InvariantCulture)));
            }

            manifest.Version = next;
            return next;
        }

        /// <summary>The catalog entry for a name (a -0/-1 suffix is ignored); an unknown name is an error naming the nearest one.</summary>
        public static AmoLocationInfo Resolve(string name)
        {
            (string bare, _) = AmoLocationCatalog.Split(name);
            AmoLocationInfo? info = AmoLocationCatalog.Find(bare);
            if (info != null)
            {
                return info;
            }

            string? nearest = AmoLocationCatalog.Nearest(name);
            throw new AmoException(ErrorIds.LocationUnknown, AmoErrorKind.InvalidArgument,
                nearest != null
                    ? $"'{name}' is not a widget location. Did you mean '{nearest}'? Get-AmoLocation lists them all."
                    : $"'{name}' is not a widget location. Get-AmoLocation lists them all.",
                name)
            { RecommendedAction = nearest != null ? $"Use '{nearest}'." : "Run Get-AmoLocation to see the known locations." };
        }

        /// <summary>What a location still lacks in this manifest, as warnings that name the cmdlet that adds it.</summary>
        public static IReadOnlyList<string> CompanionWarnings(AmoManifest manifest, AmoLocationInfo info)
        {
            var warnings = new List<string>();
            if (info.RequiresBlock != null && manifest.Root[info.RequiresBlock] == null)
            {
                warnings.Add($"The {info.Name} location needs the '{info.RequiresBlock}' block: {AmoBlockCatalog.CmdletFor(info.RequiresBlock)} adds it.");
            }

            if (info.RequiresLocationArea != null && !manifest.Locations.Any(l => l.Area == info.RequiresLocationArea && l.Name != info.Name))
            {
                string[] names = AmoLocationCatalog.All.Where(l => l.Area == info.RequiresLocationArea && l.TakesSuffix).Select(l => l.Name).ToArray();
                warnings.Add($"The {info.Name} location works only in the cards listed with it: add one with Add-AmoLocation {string.Join(", ", names)}.");
            }

            return warnings;
        }

        private static string Format(AmoLocationInfo info, bool rightColumn) =>
            info.TakesSuffix ? info.Name + (rightColumn ? "-1" : "-0") : info.Name;

        private static JsonArray EnsureLocations(AmoManifest manifest)
        {
            JsonNode? node = manifest.Root["locations"];
            if (node is JsonArray array)
            {
                return array;
            }

            if (node != null)
            {
                throw new AmoException(ErrorIds.ManifestShapeInvalid, AmoErrorKind.InvalidData,
                    $"'locations' at /locations is {AmoManifest.KindWithArticle(node)}, not an array; fix it by hand first.", "locations");
            }

            var created = new JsonArray();
            manifest.Root["locations"] = created;
            return created;
        }

        private static int[] IndexesOf(JsonArray locations, string bare)
        {
            var found = new List<int>();
            for (int i = 0; i < locations.Count; i++)
            {
                if (locations[i] is JsonValue { Value: string s } && AmoLocationCatalog.Split(s).Name == bare)
                {
                    found.Add(i);
                }
            }

            return found.ToArray();
        }

        private static void AddField(JsonObject container, string key, AmoSettingType type, string? name, bool required)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new AmoException(ErrorIds.SettingKeyInvalid, AmoErrorKind.InvalidArgument, "A setting needs a non-empty key.", key);
            }

            JsonObject field = AmoManifest.EnsureObject(container, key);
            SetString(field, "name", name ?? "settings." + key);
            SetString(field, "type", SettingTypeName(type));
            SetBoolean(field, "required", required);
        }

        private static JsonObject SupportObject(string? link, string? email)
        {
            var support = new JsonObject();
            if (link != null)
            {
                support.Add("link", JsonValue.String(link));
            }

            if (email != null)
            {
                support.Add("email", JsonValue.String(email));
            }

            return support;
        }

        private static void SetString(JsonObject obj, string key, string? value)
        {
            if (value != null && !(obj[key] is JsonValue { Value: string old } && old == value))
            {
                obj[key] = JsonValue.String(value);
            }
        }

        private static void SetBoolean(JsonObject obj, string key, bool value)
        {
            if (!(obj[key] is JsonValue { Value: bool old } && old == value))
            {
                obj[key] = JsonValue.Boolean(value);
            }
        }
    }
}
