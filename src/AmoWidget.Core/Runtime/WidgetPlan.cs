using System;
using System.Collections.Generic;
using System.Linq;
using AmoWidget.IO;
using AmoWidget.Widget;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Runtime
{
    /// <summary>
    /// What the host drives, read from the widget: the environment the stand-ins are built from (__amo.env), the areas
    /// in manifest order and the walk between them. Kept apart from the engine so a browser oracle drives the same walk
    /// with the same __amo.env (JSON) and __amo.enter(<see cref="AreaEnvironment"/>) calls.
    /// </summary>
    internal sealed class WidgetPlan
    {
        private WidgetPlan(JObject environment, string code, bool initOnce, IReadOnlyList<RuntimeArea> areas)
        {
            Environment = environment;
            Code = code;
            InitOnce = initOnce;
            Areas = areas;
            var walk = areas.Select(a => (a, false)).ToList();
            if (areas.Count > 0)
            {
                // Back to the first area: a handler bound again at each entry shows even for one location.
                walk.Add((areas[0], true));
            }

            Entries = walk;
        }

        /// <summary>__amo.env: code, version, initOnce, path, langId, langs, settingCodes, settings, constants, selection, pipelineId.</summary>
        public JObject Environment { get; }

        public string Code { get; }

        public bool InitOnce { get; }

        /// <summary>The declared locations the host can drive, in manifest order, each once.</summary>
        public IReadOnlyList<RuntimeArea> Areas { get; }

        /// <summary>The areas in the order they are entered; Again marks the re-entry of the first (no own callbacks).</summary>
        public IReadOnlyList<(RuntimeArea Area, bool Again)> Entries { get; }

        /// <summary>The plan for a widget source, or null when it has no readable manifest. Throws LocationNotDeclared.</summary>
        public static WidgetPlan? Read(WidgetSource source, AmoRuntimeOptions options)
        {
            JObject? manifest = WidgetHost.ReadJson(source, AmoManifest.FileName, AmoReadLimits.ManifestBytes);
            return manifest == null ? null : Read(manifest, source, options);
        }

        /// <summary>A language code as widget.locale holds them (ru, en, pt, es-MX): letters, one optional region.</summary>
        private static readonly System.Text.RegularExpressions.Regex LanguageShape =
            new System.Text.RegularExpressions.Regex("^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        public static WidgetPlan Read(JObject manifest, WidgetSource source, AmoRuntimeOptions options)
        {
            JObject widget = manifest["widget"] as JObject ?? new JObject();
            string code = widget["code"]?.Type == JTokenType.String && ((string?)widget["code"])!.Length > 0 ? (string)widget["code"]! : options.WidgetCode;
            bool initOnce = IsTrue(widget["init_once"]);
            string[] locations = (manifest["locations"] as JArray ?? widget["locations"] as JArray)?.Where(t => t.Type == JTokenType.String).Select(t => (string)t!).ToArray() ?? Array.Empty<string>();
            string language = options.Language ?? (widget["locale"] as JArray)?.FirstOrDefault(t => t.Type == JTokenType.String)?.ToString() ?? "ru";
            if (options.Language != null && (!LanguageShape.IsMatch(options.Language) || !source.Exists("i18n/" + options.Language + ".json")))
            {
                // A language the widget has no file for would run it with no texts at all, each read an absent key.
                string[] have = source.Files.Where(f => f.StartsWith("i18n/", StringComparison.Ordinal) && f.EndsWith(".json", StringComparison.Ordinal))
                    .Select(f => f.Substring(5, f.Length - 10)).ToArray();
                throw new AmoException(ErrorIds.LocaleUnknown, AmoErrorKind.InvalidArgument,
                    $"-Language '{options.Language}': the widget has no i18n/{options.Language}.json (it has {(have.Length == 0 ? "none" : string.Join(", ", have))}).", options.Language);
            }

            JObject langs = WidgetHost.ReadJson(source, "i18n/" + language + ".json", AmoReadLimits.I18nBytes) ?? new JObject();

            var environment = new JObject
            {
                ["code"] = code,
                ["version"] = widget["version"]?.ToString() ?? "0.0.1",
                ["initOnce"] = initOnce,
                ["path"] = "/widgets/" + code,
                ["langId"] = language,
                ["langs"] = langs,
                ["settingCodes"] = new JArray(((manifest["settings"] as JObject)?.Properties().Select(p => p.Name) ?? Enumerable.Empty<string>()).Cast<object>().ToArray()),
                ["settings"] = options.Settings == null ? new JObject() : JObject.FromObject(options.Settings),
                ["constants"] = options.Constants == null ? JValue.CreateNull() : JObject.FromObject(options.Constants),
                ["selection"] = Selection(options.Selection),
                ["pipelineId"] = options.PipelineId.HasValue ? new JValue(options.PipelineId.Value) : JValue.CreateNull(),
            };

            string[] declared = locations.Select(RuntimeAreas.Bare).ToArray();
            foreach (string wanted in options.Locations ?? Array.Empty<string>())
            {
                if (!declared.Contains(RuntimeAreas.Bare(wanted), StringComparer.OrdinalIgnoreCase))
                {
                    throw new AmoException(ErrorIds.LocationNotDeclared, AmoErrorKind.InvalidArgument,
                        $"The widget does not declare the location '{Printable.Escape(wanted)}'; its manifest declares: {Printable.Escape(string.Join(", ", locations))}.", wanted);
                }
            }

            List<RuntimeArea> areas = locations
                .Where(l => options.Locations == null || options.Locations.Contains(RuntimeAreas.Bare(l), StringComparer.OrdinalIgnoreCase))
                .Select(RuntimeAreas.Find).Where(a => a != null).Select(a => a!)
                .GroupBy(a => a.Location).Select(g => g.First()).ToList();
            return new WidgetPlan(environment, code, initOnce, areas);
        }

        /// <summary>What __amo.enter gets on entering an area.</summary>
        public static JObject AreaEnvironment(RuntimeArea area, string code) => new JObject
        {
            ["location"] = area.Location,
            ["area"] = area.Area,
            ["widgetsArea"] = area.WidgetsArea.Replace("{code}", code),
            ["baseEntity"] = area.BaseEntity,
            ["isCard"] = area.IsCard,
            ["isList"] = area.IsList,
            ["cardId"] = area.IsCard ? 1 : 0,
        };

        private static JArray Selection(IReadOnlyList<object?>? selection)
        {
            if (selection == null)
            {
                return new JArray(new JObject { ["id"] = 1 }, new JObject { ["id"] = 2 });
            }

            var rows = new JArray();
            foreach (object? row in selection)
            {
                JToken token = row == null ? JValue.CreateNull() : JToken.FromObject(row);
                rows.Add(token.Type == JTokenType.Object ? token : new JObject { ["id"] = token });
            }

            return rows;
        }

        private static bool IsTrue(JToken? token) =>
            token?.Type == JTokenType.Boolean ? (bool)token : token?.Type == JTokenType.String && string.Equals((string?)token, "Y", StringComparison.OrdinalIgnoreCase);
    }
}
