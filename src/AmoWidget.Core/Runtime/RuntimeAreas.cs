using System;
using System.Collections.Generic;

namespace AmoWidget.Runtime
{
    /// <summary>
    /// What the host pretends for each manifest location: the self.system().area code, the APP.getWidgetsArea() code,
    /// APP.getBaseEntity(), whether it is a card or a list, and the location's own callbacks in the order the platform
    /// calls them (https://www.amocrm.ru/developers/content/integrations/script_js, areas, card, list, settings,
    /// digital_pipeline, left_menu; Kommo's https://developers.kommo.com/docs/widget-locations). The mapping between
    /// location and area codes is not documented (widget-runtime.md §6.17); these are the docs' examples.
    /// </summary>
    internal sealed class RuntimeArea
    {
        public RuntimeArea(string location, string area, string widgetsArea, string baseEntity, bool card = false, bool list = false, params string[] callbacks)
        {
            Location = location;
            Area = area;
            WidgetsArea = widgetsArea;
            BaseEntity = baseEntity;
            IsCard = card;
            IsList = list;
            Callbacks = callbacks;
        }

        public string Location { get; }

        public string Area { get; }

        public string WidgetsArea { get; }

        public string BaseEntity { get; }

        public bool IsCard { get; }

        public bool IsList { get; }

        public IReadOnlyList<string> Callbacks { get; }
    }

    internal static class RuntimeAreas
    {
        /// <summary>The callbacks every area runs on entering it, in the documented order; each must give true.</summary>
        public static readonly string[] Entry = { "render", "init", "bind_actions" };

        public const string Destroy = "destroy";

        private static readonly Dictionary<string, RuntimeArea> Table = Build(
            new RuntimeArea("lcard", "lcard", "leads_card", "leads", card: true),
            new RuntimeArea("ccard", "ccard", "contacts_card", "contacts", card: true),
            new RuntimeArea("comcard", "comcard", "companies_card", "companies", card: true),
            new RuntimeArea("cucard", "cucard", "customers_card", "customers", card: true),
            new RuntimeArea("llist", "llist", "leads", "leads", list: true, callbacks: "leads.selected"),
            new RuntimeArea("clist", "clist", "contacts", "contacts", list: true, callbacks: "contacts.selected"),
            new RuntimeArea("tlist", "tlist", "todo", "todo", list: true, callbacks: "todo.selected"),
            new RuntimeArea("culist", "culist", "customers", "customers", list: true),
            new RuntimeArea("tline", "tline", "todo-line", "todo"),
            new RuntimeArea("tcalendar", "tcalendar", "todo-calendar", "todo"),
            new RuntimeArea("settings", "settings", "widgetsSettings", "widgetsSettings", callbacks: new[] { "settings", "onSave" }),
            new RuntimeArea("advanced_settings", "advanced_settings", "advanced-settings:{code}", "settings", callbacks: "advancedSettings"),
            new RuntimeArea("digital_pipeline", "digital_pipeline", "leads-pipeline", "leads", callbacks: "dpSettings"),
            new RuntimeArea("lead_sources", "lead_sources", "leads-pipeline", "leads", callbacks: new[] { "onAddAsSource", "settings" }),
            new RuntimeArea("card_sdk", "lcard", "leads_card", "leads", card: true, callbacks: new[] { "loadPreloadedData", "loadElements", "linkCard" }),
            new RuntimeArea("catalogs", "catalogs", "catalogs", "catalogs", callbacks: "loadCatalogElement"),
            new RuntimeArea("salesbot_designer", "salesbot_designer", "leads-pipeline", "leads", callbacks: new[] { "salesbotDesignerSettings", "onSalesbotDesignerSave" }),
            new RuntimeArea("widget_page", "widget_page", "widget-page:{code}", "widget_page", callbacks: "initMenuPage"),
            new RuntimeArea("left_menu", "widget_page", "widget-page:{code}", "widget_page", callbacks: "initMenuPage"),
            new RuntimeArea("everywhere", "everywhere", "dashboard", "dashboard"),
            new RuntimeArea("whatsapp_modal", "whatsapp_modal", "leads", "leads"),
            new RuntimeArea("website_chat_button", "website_chat_button", "settings", "settings"),
            new RuntimeArea("ai_agent", "ai_agent", "settings", "settings"));

        /// <summary>
        /// The area for a manifest location (the -0/-1 suffix dropped), or null for locations whose code is not
        /// script.js (sms, mobile_card, amoforms, personal_page run elsewhere or not at all) or that are unknown.
        /// </summary>
        public static RuntimeArea? Find(string location)
        {
            string bare = Bare(location);
            return Table.TryGetValue(bare, out RuntimeArea? area) ? area : null;
        }

        public static string Bare(string location) =>
            location.EndsWith("-0", StringComparison.Ordinal) || location.EndsWith("-1", StringComparison.Ordinal)
                ? location.Substring(0, location.Length - 2)
                : location;

        private static Dictionary<string, RuntimeArea> Build(params RuntimeArea[] areas)
        {
            var table = new Dictionary<string, RuntimeArea>(StringComparer.Ordinal);
            foreach (RuntimeArea area in areas)
            {
                table[area.Location] = area;
            }

            return table;
        }
    }
}
