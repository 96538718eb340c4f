using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AmoWidget.Json;

namespace AmoWidget
{
    /// <summary>One sub-item of a left-menu item: <c>left_menu.&lt;item&gt;.submenu.&lt;code&gt;</c> (https://www.amocrm.ru/developers/content/web_sdk/left_menu, https://developers.kommo.com/docs/left-menu).</summary>
    public sealed class AmoLeftMenuSubItem
    {
        public AmoLeftMenuSubItem(string code, string? title = null, long? sort = null)
        {
            Code = code;
            Title = title;
            Sort = sort;
        }

        public string Code { get; }

        /// <summary>i18n key of the label; null: <c>left_menu.&lt;code&gt;</c> for a new sub-item, the present one otherwise.</summary>
        public string? Title { get; }

        /// <summary>Position among the sub-items (Kommo orders them by this number only); null: left as it is.</summary>
        public long? Sort { get; }
    }

    /// <summary>The blocks that belong to one location: sms, mobile, amoforms_settings, left_menu, and the tour.</summary>
    public static partial class AmoManifestEditor
    {
        /// <summary>System sections of the left menu that an item may follow (sort.after) or a widget may extend (https://www.amocrm.ru/developers/content/web_sdk/left_menu).</summary>
        public static readonly IReadOnlyList<string> LeftMenuSections = new[] { "dashboard", "leads", "customers", "tasks", "catalogs", "mail", "stats", "settings" };

        /// <summary>The system sections a widget may hide with is_hidden: every one but settings (https://www.amocrm.ru/developers/content/web_sdk/left_menu).</summary>
        public static readonly IReadOnlyList<string> LeftMenuHideableSections = LeftMenuSections.Where(s => s != "settings").ToArray();

        private static readonly Regex HexColor = new Regex("^#[0-9A-Fa-f]{6}$", RegexOptions.CultureInvariant);

        /// <summary>
        /// Adds the sms location and sms.endpoint, the address amoCRM posts each SMS to (form fields text, phone and a
        /// JWT token); it must answer when the archive is uploaded (https://www.amocrm.ru/developers/content/integrations/system/sms). Errors: UrlInvalid.
        /// </summary>
        public static IReadOnlyList<string> SetSms(AmoManifest manifest, Uri endpoint)
        {
            string address = HttpAddress(endpoint, "The SMS endpoint", "amoCRM posts every message to it");
            SetString(AmoManifest.EnsureObject(manifest.Root, "sms"), "endpoint", address);
            return AddLocation(manifest, "sms", null);
        }

        /// <summary>
        /// Adds the mobile_card location and the mobile block: frame_url, the page the mobile app opens, and color,
        /// the #rrggbb background under the block headers (https://developers.kommo.com/docs/manifest-json). A color not given stays as it is.
        /// Errors: UrlInvalid, ColorInvalid.
        /// </summary>
        public static IReadOnlyList<string> SetMobileCard(AmoManifest manifest, Uri frameUrl, string? color)
        {
            string address = HttpAddress(frameUrl, "The frame URL", "the mobile app opens it");
            if (color != null && !HexColor.IsMatch(color))
            {
                throw new AmoException(ErrorIds.ColorInvalid, AmoErrorKind.InvalidArgument,
                    $"The color '{color}' is not a HEX colour of the form #rrggbb, such as #ffff00.", color);
            }

            JsonObject mobile = AmoManifest.EnsureObject(manifest.Root, "mobile");
            SetString(mobile, "frame_url", address);
            SetString(mobile, "color", color);
            return AddLocation(manifest, "mobile_card", null);
        }

        /// <summary>
        /// Adds the amoforms location and amoforms_settings: title (an i18n key, required: a present one stays, a
        /// missing one becomes amoforms.title), required (the client must press the widget's button before Send) and
        /// error_text (i18n key) when given (https://www.amocrm.ru/developers/content/integrations/amoforms-widgets). The widget also needs amoforms.js beside script.js.
        /// </summary>
        public static IReadOnlyList<string> SetFormsSettings(AmoManifest manifest, string? title, bool? required, string? errorText)
        {
            JsonObject forms = AmoManifest.EnsureObject(manifest.Root, "amoforms_settings");
            if (title != null || forms["title"] == null)
            {
                SetString(forms, "title", title ?? "amoforms.title");
            }

            if (required != null)
            {
                SetBoolean(forms, "required", required.Value);
            }

            SetString(forms, "error_text", errorText);
            return AddLocation(manifest, "amoforms", null);
        }

        /// <summary>
        /// Adds (or updates) left_menu.&lt;code&gt; and the widget_page location, written as https://www.amocrm.ru/developers/content/web_sdk/left_menu shows it:
        /// title, icon, sort.after, submenu. A value not given stays as it is; a new item of the widget's own gets the
        /// title left_menu.&lt;code&gt;. An item's icons (light/dark) are kept. Returns warnings (no icon, not an SVG).
        /// Errors: LeftMenuItemInvalid, ManifestShapeInvalid.
        /// </summary>
        public static IReadOnlyList<string> AddLeftMenuItem(AmoManifest manifest, string code, string? title, string? icon, string? after, IEnumerable<AmoLeftMenuSubItem> submenu)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                throw new AmoException(ErrorIds.LeftMenuItemInvalid, AmoErrorKind.InvalidArgument, "A left-menu item needs a non-empty code.", code);
            }

            AmoLeftMenuSubItem[] subItems = submenu.ToArray();
            AmoLeftMenuSubItem? nameless = subItems.FirstOrDefault(s => string.IsNullOrWhiteSpace(s.Code));
            if (nameless != null)
            {
                throw new AmoException(ErrorIds.LeftMenuItemInvalid, AmoErrorKind.InvalidArgument, $"A sub-item of the left-menu item '{code}' has no code.", code);
            }

            bool section = LeftMenuSections.Contains(code, StringComparer.Ordinal);
            JsonObject item = AmoManifest.EnsureObject(AmoManifest.EnsureObject(manifest.Root, "left_menu"), code);
            if (title != null || (item["title"] == null && !section))
            {
                SetString(item, "title", title ?? "left_menu." + code);
            }

            SetString(item, "icon", icon);
            if (after != null)
            {
                SetString(AmoManifest.EnsureObject(item, "sort"), "after", after);
            }

            if (subItems.Length > 0)
            {
                JsonObject sub = AmoManifest.EnsureObject(item, "submenu");
                foreach (AmoLeftMenuSubItem subItem in subItems)
                {
                    JsonObject entry = AmoManifest.EnsureObject(sub, subItem.Code);
                    if (subItem.Title != null || entry["title"] == null)
                    {
                        SetString(entry, "title", subItem.Title ?? "left_menu." + subItem.Code);
                    }

                    if (subItem.Sort != null && !(entry["sort"] is JsonValue { Value: long old } && old == subItem.Sort.Value))
                    {
                        entry["sort"] = JsonValue.Number(subItem.Sort.Value);
                    }
                }
            }

            var warnings = new List<string>(AddLocation(manifest, "widget_page", null));
            string? iconPath = (item["icon"] as JsonValue)?.AsString();
            if (!section && iconPath == null && item["icons"] == null)
            {
                warnings.Add($"The left-menu item '{code}' has no icon: give one with -Icon images/<file>.svg (Kommo's checklist asks for an SVG).");
            }
            else if (icon != null && !icon.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
            {
                warnings.Add($"The icon '{icon}' of the left-menu item '{code}' is not an .svg file; Kommo's checklist asks for an SVG icon.");
            }

            return warnings;
        }

        /// <summary>Removes left_menu.&lt;code&gt;; false when there was none.</summary>
        public static bool RemoveLeftMenuItem(AmoManifest manifest, string code) =>
            AmoManifest.Existing<JsonObject>(manifest.Root, "left_menu") is JsonObject menu && menu.Remove(code);

        /// <summary>
        /// Adds or updates the tour block as https://developers.kommo.com/docs/manifest-json shows it: is_tour (always true, the only value accepted),
        /// tour_images (per language, the image paths: each language given replaces its list, others stay) and
        /// tour_description (a present one stays when not given, a missing one becomes widget.tour_description).
        /// Returns warnings (a language widget.locale does not list). Errors: TourImageInvalid, ManifestShapeInvalid.
        /// </summary>
        public static IReadOnlyList<string> SetTour(AmoManifest manifest, string? description, IEnumerable<KeyValuePair<string, string[]>>? images)
        {
            KeyValuePair<string, string[]>[] languages = (images ?? Enumerable.Empty<KeyValuePair<string, string[]>>()).ToArray();
            CheckTourImages(languages);
            JsonObject tour = AmoManifest.EnsureObject(manifest.Root, "tour");
            SetBoolean(tour, "is_tour", true);
            if (languages.Length > 0)
            {
                JsonObject byLanguage = AmoManifest.EnsureObject(tour, "tour_images");
                foreach (KeyValuePair<string, string[]> language in languages)
                {
                    if (byLanguage[language.Key] is JsonArray existing)
                    {
                        AmoManifest.ReplaceItems(existing, language.Value);
                    }
                    else
                    {
                        byLanguage[language.Key] = JsonFactory.InlineArray(language.Value.Select(JsonValue.String));
                    }
                }
            }

            if (description != null || tour["tour_description"] == null)
            {
                SetString(tour, "tour_description", description ?? "widget.tour_description");
            }

            string[] locale = manifest.Locale;
            return languages.Where(l => locale.Length > 0 && !locale.Contains(l.Key, StringComparer.Ordinal))
                .Select(l => $"tour_images has the language '{l.Key}', which widget.locale does not list ({string.Join(", ", locale)}).")
                .ToArray();
        }

        /// <summary>Refuses a language without a name or without image paths (TourImageInvalid), before any change.</summary>
        public static void CheckTourImages(IEnumerable<KeyValuePair<string, string[]>> images)
        {
            foreach (KeyValuePair<string, string[]> language in images)
            {
                if (string.IsNullOrWhiteSpace(language.Key) || language.Value.Length == 0 || language.Value.Any(string.IsNullOrWhiteSpace))
                {
                    throw new AmoException(ErrorIds.TourImageInvalid, AmoErrorKind.InvalidArgument,
                        $"Tour images need a language and at least one image path for it, such as @{{ en = 'images/tour_1_en.png' }}; '{language.Key}' has {(language.Value.Length == 0 ? "none" : "an empty one")}.", language.Key);
                }
            }
        }

        /// <summary>Removes the tour block; false when there was none.</summary>
        public static bool RemoveTour(AmoManifest manifest) => manifest.Root.Remove("tour");

        /// <summary>
        /// The block a location needs (dp for digital_pipeline...) when the manifest still has it although no location
        /// that needs it is listed; null otherwise. Remove-AmoLocation warns of it, and removes it with -RemoveBlock.
        /// </summary>
        public static string? LeftoverBlock(AmoManifest manifest, string location)
        {
            string? block = AmoLocationCatalog.Find(AmoLocationCatalog.Split(location).Name)?.RequiresBlock;
            if (block == null || manifest.Root[block] == null)
            {
                return null;
            }

            bool owned = manifest.Locations.Any(l => AmoLocationCatalog.Find(l.Name)?.RequiresBlock == block);
            return owned ? null : block;
        }

        private static string HttpAddress(Uri uri, string what, string why)
        {
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new AmoException(ErrorIds.UrlInvalid, AmoErrorKind.InvalidArgument,
                    $"{what} '{uri.OriginalString}' is not an absolute http(s) URL; {why}.", uri.OriginalString);
            }

            return uri.OriginalString;
        }
    }
}
