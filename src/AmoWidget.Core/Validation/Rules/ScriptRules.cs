using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
    /// <summary>script.js: present, parses as JavaScript, and defines every callback the widget's locations need.</summary>
    internal static class ScriptRules
    {
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        public static void CheckAll(ValidationRun run, WidgetSource source, ManifestContext? m)
        {
            if (!source.Exists("script.js"))
            {
                ScriptMissing(run, source);
                return;
            }

            string display = source.Describe("script.js");
            byte[]? data = source.Read("script.js", AmoReadLimits.TextBytes, run.Report, AmoSeverity.Warning);
            if (data == null)
            {
                return;
            }

            JsonRules.CheckBom(run, display, JsonRules.HasBom(data));
            string code;
            try
            {
                code = StrictUtf8.GetString(data, JsonRules.HasBom(data) ? 3 : 0, data.Length - (JsonRules.HasBom(data) ? 3 : 0));
            }
            catch (DecoderFallbackException)
            {
                run.Add(RuleNames.AmoScriptSyntax, display, "script.js is not valid UTF-8; save it as UTF-8 without BOM.");
                return;
            }

            ScriptFacts facts = ScriptAnalyzer.Analyze(code);
            if (facts.SyntaxError != null)
            {
                run.Add(RuleNames.AmoScriptSyntax, display, $"script.js does not parse: {facts.SyntaxError}.", line: facts.Line, column: facts.Column);
                return;
            }

            if (m != null)
            {
                CallbackMissing(run, display, m, facts);
            }
        }

        public static void ScriptMissing(ValidationRun run, WidgetSource source)
        {
            bool amoCrm = run.Platform == AmoPlatform.AmoCrm;
            run.Add(RuleNames.AmoScriptMissing, source.Describe("script.js"),
                amoCrm ? "script.js is missing; amoCRM requires it." : "script.js is missing; amoCRM requires it (Kommo does not).",
                "New-AmoWidget writes one with every callback the locations need.", amoCrm ? AmoSeverity.Error : (AmoSeverity?)null);
        }

        /// <summary>Callbacks every widget needs, then each location's own, with the location that needs it.</summary>
        public static IEnumerable<(string Callback, string? Location)> RequiredCallbacks(ManifestContext m)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string callback in AmoLocationCatalog.BaseCallbacks)
            {
                if (seen.Add(callback))
                {
                    yield return (callback, null);
                }
            }

            foreach (LocationEntry entry in m.Locations.Where(e => e.Info != null))
            {
                foreach (string callback in entry.Info!.RequiredCallbacks)
                {
                    if (seen.Add(callback))
                    {
                        yield return (callback, entry.Value);
                    }
                }
            }
        }

        private static string Snippet(string callback)
        {
            int dot = callback.IndexOf('.');
            return dot < 0
                ? callback + ": function () { return true; }"
                : callback.Substring(0, dot) + ": { " + callback.Substring(dot + 1) + ": function () { return true; } }";
        }

        public static void CallbackMissing(ValidationRun run, string display, ManifestContext m, ScriptFacts facts)
        {
            if (!facts.FoundCallbacks)
            {
                run.Add(RuleNames.AmoCallbackMissing, display,
                    "No callbacks object found in script.js (this.callbacks = {...} or callbacks: {...}); the callbacks cannot be checked.",
                    "If the script is bundled, check the source that defines the callbacks.", AmoSeverity.Warning);
                return;
            }

            foreach ((string callback, string? location) in RequiredCallbacks(m))
            {
                if (!facts.Callbacks.Contains(callback))
                {
                    run.Add(RuleNames.AmoCallbackMissing, display,
                        location == null ? $"callbacks.{callback} is missing; every widget needs it." : $"callbacks.{callback} is missing; the {location} location needs it.",
                        $"Add {Snippet(callback)} to the callbacks object.", line: facts.CallbacksLine, column: facts.CallbacksColumn);
                }
            }
        }
    }
}
