using System;
using System.Collections.Generic;
using System.Linq;
using AmoWidget.Json;

namespace AmoWidget
{
    /// <summary>Which products have a location (or a locale): amoCRM, Kommo, or both.</summary>
    [Flags]
    public enum AmoPlatforms
    {
        None = 0,
        AmoCrm = 1,
        Kommo = 2,
        Both = AmoCrm | Kommo,
    }

    /// <summary>The platform a check is made for; Any accepts what either platform accepts.</summary>
    public enum AmoPlatform
    {
        Any,
        AmoCrm,
        Kommo,
    }

    /// <summary>What the documentation says of one location (https://developers.kommo.com/docs/widget-locations, https://www.amocrm.ru/developers/content/integrations/areas).</summary>
    public sealed class AmoLocationInfo
    {
        private string? requiresBlock;
        private bool blockResolved;

        internal AmoLocationInfo(string name, string area, string description, bool takesSuffix, AmoPlatforms platforms,
            string? requiresLocationArea = null, params string[] requiredCallbacks)
        {
            Name = name;
            Area = area;
            Description = description;
            TakesSuffix = takesSuffix;
            Platforms = platforms;
            RequiresLocationArea = requiresLocationArea;
            RequiredCallbacks = requiredCallbacks;
        }

        public string Name { get; }

        /// <summary>Card, List, Tasks, Settings, Pipeline, Catalog, Menu, Messaging, Forms, Mobile, Salesbot, AI, Everywhere.</summary>
        public string Area { get; }

        public string Description { get; }

        /// <summary>Whether the location takes the right-column suffix (-1 / -0): card and list areas only.</summary>
        public bool TakesSuffix { get; }

        public AmoPlatforms Platforms { get; }

        /// <summary>The top-level manifest block the location needs (dp, advanced, salesbot_designer, ...), or null; from <see cref="AmoBlockCatalog"/>.</summary>
        public string? RequiresBlock
        {
            get
            {
                // Looked up on first use, not in the constructor: the block catalog's places use this catalog's Normalize.
                if (!blockResolved)
                {
                    requiresBlock = AmoBlockCatalog.ForLocation(Name)?.Key;
                    blockResolved = true;
                }

                return requiresBlock;
            }
        }

        /// <summary>An area another location must cover for this one to work (card_sdk needs a card), or null.</summary>
        public string? RequiresLocationArea { get; }

        /// <summary>script.js callbacks the location needs beyond the ones every widget has.</summary>
        public IReadOnlyList<string> RequiredCallbacks { get; }

        public bool IsOn(AmoPlatform platform) => platform switch
        {
            AmoPlatform.AmoCrm => (Platforms & AmoPlatforms.AmoCrm) != 0,
            AmoPlatform.Kommo => (Platforms & AmoPlatforms.Kommo) != 0,
            _ => true,
        };

        public override string ToString() => Name;
    }

    /// <summary>Every documented widget location, from the amoCRM and Kommo developer pages.</summary>
    public static class AmoLocationCatalog
    {
        private const string Card = "Card";
        private const string List = "List";

        /// <summary>Callbacks every widget's script.js has, whatever its locations (https://developers.kommo.com/docs/script-js, https://www.amocrm.ru/developers/content/integrations/script_js).</summary>
        public static readonly IReadOnlyList<string> BaseCallbacks = new[] { "render", "init", "bind_actions", "settings", "onSave", "destroy" };

        public static readonly IReadOnlyList<AmoLocationInfo> All = new[]
        {
            new AmoLocationInfo("lcard", Card, "Lead card", true, AmoPlatforms.Both),
            new AmoLocationInfo("ccard", Card, "Contact card", true, AmoPlatforms.Both),
            new AmoLocationInfo("comcard", Card, "Company card", true, AmoPlatforms.Both),
            new AmoLocationInfo("cucard", Card, "Customer card (amoCRM)", true, AmoPlatforms.AmoCrm),
            new AmoLocationInfo("llist", List, "Leads list: the widget opens from the list's selection menu", true, AmoPlatforms.Both, null, "leads.selected"),
            new AmoLocationInfo("clist", List, "Contacts and companies list: opens from the selection menu", true, AmoPlatforms.Both, null, "contacts.selected"),
            new AmoLocationInfo("culist", List, "Customers list (amoCRM)", true, AmoPlatforms.AmoCrm),
            new AmoLocationInfo("tlist", List, "Tasks list: opens from the selection menu", true, AmoPlatforms.Both, null, "todo.selected"),
            new AmoLocationInfo("tline", "Tasks", "Tasks kanban, used by the task-sync modal (amoCRM)", false, AmoPlatforms.AmoCrm),
            new AmoLocationInfo("tcalendar", "Tasks", "Tasks calendar, used by the task-sync modal (amoCRM)", false, AmoPlatforms.AmoCrm),
            new AmoLocationInfo("settings", "Settings", "Widget install and settings modal", false, AmoPlatforms.Both),
            new AmoLocationInfo("advanced_settings", "Settings", "The widget's own page in Settings; needs the advanced block", false, AmoPlatforms.Both, null, "advancedSettings"),
            new AmoLocationInfo("card_sdk", Card, "Card SDK tab in entity cards; needs lcard, ccard or comcard", false, AmoPlatforms.Both, Card, "loadPreloadedData", "loadElements", "linkCard", "searchDataInCard"),
            new AmoLocationInfo("catalogs", "Catalog", "Lists SDK: replaces the list element card", false, AmoPlatforms.Both, null, "loadCatalogElement"),
            new AmoLocationInfo("digital_pipeline", "Pipeline", "Digital Pipeline trigger; needs the dp block and images/logo_dp.png", false, AmoPlatforms.Both, null, "dpSettings"),
            new AmoLocationInfo("lead_sources", "Pipeline", "Lead source in pipeline settings; GET /api/v4/widgets/{code} gives its pipeline_id", false, AmoPlatforms.Both, null, "onAddAsSource"),
            new AmoLocationInfo("whatsapp_modal", "Messaging", "Modal of integrations that send WhatsApp messages (amoCRM)", false, AmoPlatforms.AmoCrm),
            new AmoLocationInfo("widget_page", "Menu", "Own item in the left menu (public integrations); needs the left_menu block", false, AmoPlatforms.Both, null, "initMenuPage"),
            new AmoLocationInfo("sms", "Messaging", "Sender of system SMS; needs the sms block with its endpoint", false, AmoPlatforms.Both),
            new AmoLocationInfo("mobile_card", "Mobile", "Widget in the mobile app; needs the mobile block", false, AmoPlatforms.Both),
            new AmoLocationInfo("amoforms", "Forms", "Widget in web forms (amoCRM); needs amoforms_settings and amoforms.js", false, AmoPlatforms.AmoCrm),
            new AmoLocationInfo("salesbot_designer", "Salesbot", "Step in the Salesbot designer; needs the salesbot_designer block", false, AmoPlatforms.Both, null, "onSalesbotDesignerSave", "salesbotDesignerSettings"),
            new AmoLocationInfo("website_chat_button", "Messaging", "Website chat button settings (Kommo)", false, AmoPlatforms.Kommo),
            new AmoLocationInfo("ai_agent", "AI", "AI agent settings block (Kommo); needs widget.ai_agent_description in every i18n file", false, AmoPlatforms.Kommo),
            new AmoLocationInfo("everywhere", "Everywhere", "Initialized on every page; never takes a right-column suffix", false, AmoPlatforms.Both),
        };

        /// <summary>The names of <see cref="All"/>, each at its place there (a KeyTable: every location of every manifest checked is looked up here).</summary>
        private static readonly KeyTable Names = new KeyTable(All.Select(l => l.Name).ToArray());

        /// <summary>Each name of <see cref="All"/> as <see cref="Nearest"/> compares it.</summary>
        private static readonly string[] Normalized = All.Select(l => Normalize(l.Name)).ToArray();

        /// <summary><see cref="Normalized"/> prepared for the distance, when the first unknown name needs them (most checks never do).</summary>
        private static readonly Lazy<EditPattern[]> Patterns = new Lazy<EditPattern[]>(() => Normalized.Select(n => new EditPattern(n)).ToArray());

        /// <summary>The locations by the length of their name, for <see cref="FindStart"/>.</summary>
        private static readonly AmoLocationInfo[][] ByLength =
            Enumerable.Range(0, All.Max(l => l.Name.Length) + 1).Select(n => All.Where(l => l.Name.Length == n).ToArray()).ToArray();

        /// <summary>The location with this exact name (no suffix), or null.</summary>
        public static AmoLocationInfo? Find(string name) => Names.IndexOf(name) is int i && i >= 0 ? All[i] : null;

        /// <summary>The location named by the first <paramref name="length"/> characters of a value ("lcard" of "lcard-1"), or null; the value is not cut.</summary>
        internal static AmoLocationInfo? FindStart(string value, int length)
        {
            if (length >= ByLength.Length)
            {
                return null;
            }

            foreach (AmoLocationInfo info in ByLength[length])
            {
                if (string.CompareOrdinal(value, 0, info.Name, 0, length) == 0)
                {
                    return info;
                }
            }

            return null;
        }

        /// <summary>Splits "lcard-1" into ("lcard", 1); a value without a -0/-1 suffix has a null suffix.</summary>
        public static (string Name, int? Suffix) Split(string value)
        {
            if (value.Length > 2 && value[value.Length - 2] == '-' && (value[value.Length - 1] == '0' || value[value.Length - 1] == '1'))
            {
                return (value.Substring(0, value.Length - 2), value[value.Length - 1] - '0');
            }

            return (value, null);
        }

        /// <summary>The known location nearest to an unknown name (case, separators, typos), or null when none is close.</summary>
        public static string? Nearest(string unknown)
        {
            string probe = Normalize(Split(unknown).Name);
            string? best = null;
            int bestDistance = int.MaxValue;
            int allowed = Math.Max(2, probe.Length / 2);
            for (int k = 0; k < All.Count; k++)
            {
                AmoLocationInfo info = All[k];
                string candidate = Normalized[k];
                int distance;
                if (candidate == probe)
                {
                    distance = 0;
                }
                else if (probe.Length >= 3 && (candidate.StartsWith(probe, StringComparison.Ordinal) || probe.StartsWith(candidate, StringComparison.Ordinal)))
                {
                    // One is the start of the other: counted as one edit (two different names are at least one apart).
                    distance = 1;
                }
                else
                {
                    // The distance is at least the difference in length: a name further apart than allowed, or than the
                    // best so far, can change nothing, so its distance is not worked out.
                    int apart = Math.Abs(candidate.Length - probe.Length);
                    if (apart > allowed || apart >= bestDistance)
                    {
                        continue;
                    }

                    distance = Patterns.Value[k].Distance(probe.AsSpan(), Math.Min(allowed, bestDistance - 1));
                }

                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = info.Name;
                }
            }

            return bestDistance <= allowed ? best : null;
        }

        /// <summary>
        /// What to suggest for a value that is no location: the nearest name, found from the whole value or from what
        /// stands before its last '-', written the way it is valid. A card or list area keeps a -1/-0 suffix the user
        /// gave and otherwise offers both ("lcard-compact": lcard-1 or lcard-0); other locations come bare. Empty when
        /// nothing is near.
        /// </summary>
        public static IReadOnlyList<string> Suggestions(string value)
        {
            int dash = value.LastIndexOf('-');
            string? nearest = Nearest(value) ?? (dash > 0 ? Nearest(value.Substring(0, dash)) : null);
            AmoLocationInfo? info = nearest != null ? Find(nearest) : null;
            if (info == null)
            {
                return Array.Empty<string>();
            }

            if (!info.TakesSuffix)
            {
                return new[] { info.Name };
            }

            string tail = dash > 0 ? value.Substring(dash + 1) : string.Empty;
            return tail == "1" || tail == "0" ? new[] { info.Name + "-" + tail } : new[] { info.Name + "-1", info.Name + "-0" };
        }

        /// <summary>A name as near-miss suggestions compare it: its letters and digits, lower case.</summary>
        internal static string Normalize(string name)
        {
            var kept = new System.Text.StringBuilder(name.Length);
            foreach (char c in name)
            {
                if (char.IsLetterOrDigit(c))
                {
                    kept.Append(char.ToLowerInvariant(c));
                }
            }

            return kept.ToString();
        }

        /// <summary>The same into a buffer at least as long as the name: the letters and digits kept, lower case.</summary>
        internal static ReadOnlySpan<char> Normalize(string name, Span<char> buffer)
        {
            int length = 0;
            foreach (char c in name)
            {
                if (char.IsLetterOrDigit(c))
                {
                    buffer[length++] = char.ToLowerInvariant(c);
                }
            }

            return buffer.Slice(0, length);
        }

        /// <summary>Optimal string alignment distance (Levenshtein with transpositions).</summary>
        internal static int Distance(string a, string b) => Distance(a.AsSpan(), b.AsSpan());

        /// <summary>The same over spans.</summary>
        internal static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b) => Distance(a, b, int.MaxValue - 1);

        /// <summary>
        /// The distance when it is at most <paramref name="limit"/>, otherwise <paramref name="limit"/> + 1 (worked out
        /// only as far as needed: a row's smallest value never shrinks in the rows below it, since every cell is reached
        /// from the row above, or from the one above that through a transposition that the row above also reaches at no
        /// more cost; so once a whole row is past the limit, so is the distance).
        /// </summary>
        internal static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int limit)
        {
            // Three rows of the table (the one before last, the last, this one) are all the recurrence reads; short
            // names (every key and location) keep them on the stack.
            int width = b.Length + 1;
            Span<int> rows = width <= 128 ? stackalloc int[3 * width] : new int[3 * width];
            int before = 0;
            int last = width;
            int row = 2 * width;
            for (int j = 0; j < width; j++)
            {
                rows[last + j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                rows[row] = i;
                int smallest = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    int d = Math.Min(Math.Min(rows[last + j] + 1, rows[row + j - 1] + 1), rows[last + j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        d = Math.Min(d, rows[before + j - 2] + 1);
                    }

                    rows[row + j] = d;
                    smallest = Math.Min(smallest, d);
                }

                if (smallest > limit)
                {
                    return limit + 1;
                }

                int free = before;
                before = last;
                last = row;
                row = free;
            }

            return Math.Min(rows[last + b.Length], limit + 1);
        }
    }
}
