using System;
using System.Collections.Generic;
using System.Linq;

namespace AmoWidget
{
    /// <summary>One top-level block of manifest.json: its key, the places of keys inside it, the locations that need it, and the cmdlet that writes it.</summary>
    internal sealed class AmoBlockInfo
    {
        public AmoBlockInfo(string key, string? cmdlet, string[] locations, params KeyPlace[] places)
        {
            Key = key;
            Cmdlet = cmdlet;
            Locations = locations;
            Places = places;
        }

        /// <summary>The top-level key: dp, advanced, left_menu...</summary>
        public string Key { get; }

        /// <summary>The cmdlet that writes the block, named in warnings and findings; null for a block no cmdlet writes.</summary>
        public string? Cmdlet { get; }

        /// <summary>
        /// The locations that need the block (digital_pipeline needs dp): without one of them the platform ignores the
        /// block, and each of them without the block does not work. Empty for a block that stands on its own.
        /// </summary>
        public IReadOnlyList<string> Locations { get; }

        /// <summary>
        /// The places reached from the block's object, in the order they are visited: its own keys (a place with an empty
        /// route), or its members (settings.&lt;field&gt;), each with the places below it.
        /// </summary>
        public IReadOnlyList<KeyPlace> Places { get; }

        /// <summary>The script.js callbacks the block's locations call.</summary>
        public IEnumerable<string> Callbacks =>
            Locations.SelectMany(l => AmoLocationCatalog.Find(l)?.RequiredCallbacks ?? Array.Empty<string>()).Distinct();

        public override string ToString() => Key;
    }

    /// <summary>
    /// Every top-level block of manifest.json, in the order the manifest pages list them, each with every key place
    /// inside it. The unknown-key, i18n, placeholder-address and location-block rules, the editor, the scaffolder and
    /// the location catalog read their facts about a block here, so adding a block is one entry here plus its cmdlet.
    /// Sources: https://developers.kommo.com/docs/manifest-json (the manifest table),
    /// https://www.amocrm.ru/developers/content/integrations/structure (amoCRM's manifest),
    /// https://developers.kommo.com/docs/field-types (settings fields), https://developers.kommo.com/docs/widgets-dp,
    /// https://developers.kommo.com/docs/salesbot-sdk, https://www.amocrm.ru/developers/content/integrations/system/sms,
    /// https://www.amocrm.ru/developers/content/integrations/amoforms-widgets, https://developers.kommo.com/docs/left-menu.
    /// The undocumented keys tolerated in a place are the ones accepted public widgets carry there.
    /// </summary>
    internal static class AmoBlockCatalog
    {
        private static readonly KeyPlace Support = new KeyPlace("widget.support", "widget.support", new[] { "link", "email" }, new[] { "url" })
        {
            Route = new[] { "support" },
            AddressKeys = new[] { "link", "email" },
        };

        public static readonly KeyPlace Widget = new KeyPlace("widget", "widget",
            new[] { "name", "description", "short_description", "version", "interface_version", "init_once", "locale", "installation", "support", "code", "secret_key" },
            new[] { "is_showcase", "manifest_version", "scopes", "content_security_policy", "config", "i18n", "user_message" })
        {
            I18nKeys = new[] { "name", "description", "short_description" },
            Children = new[] { Support },
        };

        private static readonly string[] FieldKeys = { "name", "type", "required" };

        private static readonly string[] FieldTolerated = { "placeholder", "id", "default_value" };

        public static readonly KeyPlace SettingField = new KeyPlace("a settings field", "settings.<field>", FieldKeys, FieldTolerated)
        {
            Route = new[] { KeyPlace.AnyMember },
            I18nKeys = new[] { "name" },
        };

        public static readonly KeyPlace Tour = new KeyPlace("tour", "tour", new[] { "is_tour", "tour_images", "tour_description" })
        {
            I18nKeys = new[] { "tour_description" },
        };

        private static readonly KeyPlace DpSettingField = new KeyPlace("a dp.settings field", "dp.settings.<field>", FieldKeys, FieldTolerated)
        {
            Route = new[] { "settings", KeyPlace.AnyMember },
            I18nKeys = new[] { "name" },
        };

        public static readonly KeyPlace Dp = new KeyPlace("dp", "dp", new[] { "settings", "action_multiple", "webhook_url" })
        {
            AddressKeys = new[] { "webhook_url" },
            Children = new[] { DpSettingField },
        };

        public static readonly KeyPlace Advanced = new KeyPlace("advanced", "advanced", new[] { "title" })
        {
            I18nKeys = new[] { "title" },
        };

        private static readonly KeyPlace SalesbotField = new KeyPlace("a Salesbot field", "salesbot_designer.<handler>.settings.<field>",
            new[] { "name", "type", "default_value", "manual", "required" }, new[] { "hint" })
        {
            Route = new[] { "settings", KeyPlace.AnyMember },
            I18nKeys = new[] { "name" },
            I18nOrTextKeys = new[] { "default_value" },
        };

        public static readonly KeyPlace SalesbotHandler = new KeyPlace("a Salesbot handler", "salesbot_designer.<handler>", new[] { "name", "settings" })
        {
            Route = new[] { KeyPlace.AnyMember },

            // salesbot_designer.logo is the step's icon, not a handler.
            NotMembers = new[] { "logo" },
            I18nKeys = new[] { "name" },
            Children = new[] { SalesbotField },
        };

        public static readonly KeyPlace Sms = new KeyPlace("sms", "sms", new[] { "endpoint" })
        {
            AddressKeys = new[] { "endpoint" },
        };

        public static readonly KeyPlace Mobile = new KeyPlace("mobile", "mobile", new[] { "frame_url", "color" })
        {
            AddressKeys = new[] { "frame_url" },
        };

        private static readonly KeyPlace LeftMenuIcons = new KeyPlace("left_menu icons", "left_menu.<item>.icons", new[] { "light", "dark" })
        {
            Route = new[] { "icons" },
        };

        private static readonly KeyPlace LeftMenuSort = new KeyPlace("a left_menu item's sort", "left_menu.<item>.sort", new[] { "after" })
        {
            Route = new[] { "sort" },
        };

        private static readonly KeyPlace SubmenuItem = new KeyPlace("a submenu item", "left_menu.<item>.submenu.<sub>", new[] { "title", "sort" })
        {
            Route = new[] { "submenu", KeyPlace.AnyMember },
            I18nKeys = new[] { "title" },
        };

        public static readonly KeyPlace LeftMenuItem = new KeyPlace("a left_menu item", "left_menu.<item>", new[] { "title", "icon", "icons", "sort", "submenu", "is_hidden" })
        {
            Route = new[] { KeyPlace.AnyMember },
            I18nKeys = new[] { "title" },
            Children = new[] { LeftMenuIcons, LeftMenuSort, SubmenuItem },
        };

        public static readonly KeyPlace Forms = new KeyPlace("amoforms_settings", "amoforms_settings", new[] { "title", "required", "error_text" })
        {
            I18nKeys = new[] { "title", "error_text" },
        };

        /// <summary>Every block, in the order of the manifest pages' tables.</summary>
        public static readonly IReadOnlyList<AmoBlockInfo> All = new[]
        {
            new AmoBlockInfo("widget", "Set-AmoManifest", Array.Empty<string>(), Widget),
            new AmoBlockInfo("locations", "Add-AmoLocation", Array.Empty<string>()),
            new AmoBlockInfo("settings", "Add-AmoSetting", Array.Empty<string>(), SettingField),
            new AmoBlockInfo("tour", "Set-AmoTour", Array.Empty<string>(), Tour),
            new AmoBlockInfo("dp", "Set-AmoDigitalPipeline", new[] { "digital_pipeline" }, Dp),
            new AmoBlockInfo("advanced", "Set-AmoAdvancedSettings", new[] { "advanced_settings" }, Advanced),
            new AmoBlockInfo("salesbot_designer", "Add-AmoSalesbotHandler", new[] { "salesbot_designer" }, SalesbotHandler),
            new AmoBlockInfo("sms", "Set-AmoSms", new[] { "sms" }, Sms),
            new AmoBlockInfo("mobile", "Set-AmoMobileCard", new[] { "mobile_card" }, Mobile),
            new AmoBlockInfo("left_menu", "Add-AmoLeftMenuItem", new[] { "widget_page" }, LeftMenuItem),
            new AmoBlockInfo("amoforms_settings", "Set-AmoFormsSettings", new[] { "amoforms" }, Forms),
        };

        /// <summary>The top level: the blocks' keys, and the undocumented ones real manifests carry.</summary>
        public static readonly KeyPlace Root = new KeyPlace("the top level", string.Empty, All.Select(b => b.Key).ToArray(), new[] { "$schema", "scopes", "widgets" });

        /// <summary>
        /// Every place, in the order a misplaced key's home is looked for (the first that documents it wins): the top
        /// level, then the places at a fixed path, then those under a key the author chose, each in block order.
        /// </summary>
        public static readonly IReadOnlyList<KeyPlace> Places = PlacesInSearchOrder();

        /// <summary>The blocks a location needs, in block order.</summary>
        public static readonly IReadOnlyList<AmoBlockInfo> LocationBlocks = All.Where(b => b.Locations.Count > 0).ToArray();

        /// <summary>The blocks a location needs, in the order of their first location in <see cref="AmoLocationCatalog.All"/>, as findings about locations are listed.</summary>
        public static IReadOnlyList<AmoBlockInfo> LocationBlocksInLocationOrder => InLocationOrder.Value;

        private static readonly Lazy<AmoBlockInfo[]> InLocationOrder = new Lazy<AmoBlockInfo[]>(() =>
            AmoLocationCatalog.All.Select(l => ForLocation(l.Name)).Where(b => b != null).Select(b => b!).Distinct().ToArray());

        public static AmoBlockInfo? Find(string key) => All.FirstOrDefault(b => b.Key == key);

        /// <summary>
        /// Every block, those named in <paramref name="first"/> first in that order, the others after them in catalog
        /// order: a rule that lists findings block by block keeps the order its reports have always had, and a block
        /// added to the catalog is checked without a change to the rule.
        /// </summary>
        public static AmoBlockInfo[] InOrder(params string[] first) =>
            first.Select(k => Find(k) ?? throw new ArgumentException("No block " + k, nameof(first)))
                .Concat(All.Where(b => !first.Contains(b.Key)))
                .ToArray();

        /// <summary>The block a location needs, or null.</summary>
        public static AmoBlockInfo? ForLocation(string location) => LocationBlocks.FirstOrDefault(b => b.Locations.Contains(location));

        /// <summary>The cmdlet that writes a block, named in warnings and findings.</summary>
        public static string CmdletFor(string block) =>
            Find(block)?.Cmdlet ?? throw new ArgumentException("No cmdlet writes the block " + block, nameof(block));

        private static KeyPlace[] PlacesInSearchOrder()
        {
            List<KeyPlace> every = All.SelectMany(b => b.Places).SelectMany(p => p.SelfAndDescendants()).ToList();
            return new[] { Root }.Concat(every.Where(p => p.IsFixed)).Concat(every.Where(p => !p.IsFixed)).ToArray();
        }
    }
}
