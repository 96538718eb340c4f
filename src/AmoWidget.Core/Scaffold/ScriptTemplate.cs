using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AmoWidget.Scaffold
{
    /// <summary>
    /// Writes a new widget's script.js: a readable AMD module whose callbacks object has every callback the widget's
    /// locations need (https://developers.kommo.com/docs/script-js, https://www.amocrm.ru/developers/content/integrations/script_js), each returning what the docs ask for: true, or a resolved Promise for the
    /// Card SDK ones. Dotted callbacks (leads.selected) become nested objects, as amoCRM looks them up.
    /// </summary>
    internal static class ScriptTemplate
    {
        private sealed class Callback
        {
            public Callback(string parameters, string why, string body)
            {
                Parameters = parameters;
                Why = why;
                Body = body;
            }

            public string Parameters { get; }

            public string Why { get; }

            public string Body { get; }
        }

        private const string True = "return true;";

        private static readonly Dictionary<string, Callback> Known = new Dictionary<string, Callback>
        {
            ["render"] = new Callback("", "Draws the widget in the current area. Anything but true stops the widget from loading.", True),
            ["init"] = new Callback("", "Runs after render (once a session when widget.init_once is true).", True),
            ["bind_actions"] = new Callback("", "Attaches event handlers; must return true.", True),
            ["settings"] = new Callback("$modal_body", "Runs when the settings modal opens; $modal_body is its jQuery body.", True),
            ["onSave"] = new Callback("", "Runs when the settings are saved: true (or a resolved Promise) lets the save go on.", True),
            ["destroy"] = new Callback("", "Runs when the widget is switched off or its area is left: undo what render and bind_actions added.", True),
            ["selected"] = new Callback("", "Runs when the widget is picked from the list's selection menu; the widget's list_selected() gives the rows.", True),
            ["advancedSettings"] = new Callback("", "Builds the widget's own page in Settings; the widget owns that page.", True),
            ["dpSettings"] = new Callback("", "Draws the widget's options in the Digital Pipeline trigger settings.", True),
            ["onAddAsSource"] = new Callback("pipeline_id", "Runs when the widget is added to a pipeline as a lead source.", True),
            ["loadCatalogElement"] = new Callback("catalog_element", "Opens a list (catalog) element in the widget's own card.", True),
            ["initMenuPage"] = new Callback("params", "Draws the widget's left-menu page; params name the item and sub-item opened.", True),
            ["onSalesbotDesignerSave"] = new Callback("handler_code, params",
                "Turns the Salesbot step's settings into the bot steps it runs, as JSON text; an empty list adds none.", "return JSON.stringify([]);"),
            ["salesbotDesignerSettings"] = new Callback("$body, renderRow, params", "Draws the Salesbot step's settings form.", True),
            ["loadPreloadedData"] = new Callback("", "Card SDK: the items the tab shows when it opens.", "return Promise.resolve([]);"),
            ["loadElements"] = new Callback("type, id", "Card SDK: the items linked to this card.", "return Promise.resolve([]);"),
            ["linkCard"] = new Callback("links", "Card SDK: saves the links the user made.", "return Promise.resolve();"),
            ["searchDataInCard"] = new Callback("query, type, id", "Card SDK: what the tab's search box finds.", "return Promise.resolve([]);"),
        };

        public static string Build(string widgetName, IEnumerable<string> callbacks)
        {
            var text = new StringBuilder();
            text.Append("/*\n");
            text.Append(" * ").Append(Comment(widgetName)).Append(": script.js, started by New-AmoWidget.\n");
            text.Append(" * amoCRM and Kommo load it as an AMD module and call the functions of this.callbacks;\n");
            text.Append(" * the locations in manifest.json decide which of them run.\n");
            text.Append(" */\n");
            text.Append("define(['jquery'], function ($) {\n");
            text.Append("  'use strict';\n\n");
            text.Append("  var CustomWidget = function () {\n");
            text.Append("    this.callbacks = {\n");

            var groups = new List<KeyValuePair<string, List<string>>>();
            foreach (string name in callbacks.Distinct())
            {
                int dot = name.IndexOf('.');
                string head = dot < 0 ? name : name.Substring(0, dot);
                string? member = dot < 0 ? null : name.Substring(dot + 1);
                int index = groups.FindIndex(g => g.Key == head);
                if (index < 0)
                {
                    groups.Add(new KeyValuePair<string, List<string>>(head, new List<string>()));
                    index = groups.Count - 1;
                }

                if (member != null)
                {
                    groups[index].Value.Add(member);
                }
            }

            for (int g = 0; g < groups.Count; g++)
            {
                if (g > 0)
                {
                    text.Append('\n');
                }

                string head = groups[g].Key;
                List<string> members = groups[g].Value;
                bool last = g == groups.Count - 1;
                if (members.Count == 0)
                {
                    AppendFunction(text, "      ", head, head, last);
                }
                else
                {
                    text.Append("      ").Append(head).Append(": {\n");
                    for (int m = 0; m < members.Count; m++)
                    {
                        AppendFunction(text, "        ", members[m], head + "." + members[m], m == members.Count - 1);
                    }

                    text.Append("      }").Append(last ? "\n" : ",\n");
                }
            }

            text.Append("    };\n\n");
            text.Append("    return this;\n");
            text.Append("  };\n\n");
            text.Append("  return CustomWidget;\n");
            text.Append("});\n");
            return text.ToString();
        }

        private static void AppendFunction(StringBuilder text, string indent, string key, string fullName, bool last)
        {
            int dot = fullName.IndexOf('.');
            string member = dot < 0 ? fullName : fullName.Substring(dot + 1);
            Callback callback = Known.TryGetValue(member, out Callback? known)
                ? known
                : new Callback("", "Needed by one of the widget's locations (" + fullName + ").", True);
            text.Append(indent).Append("// ").Append(callback.Why).Append('\n');
            text.Append(indent).Append(key).Append(": function (").Append(callback.Parameters).Append(") {\n");
            text.Append(indent).Append("  ").Append(callback.Body).Append('\n');
            text.Append(indent).Append('}').Append(last ? "\n" : ",\n");
        }

        private static string Comment(string text) => text.Replace("*/", "* /").Replace("\r", " ").Replace("\n", " ");
    }
}
