using System;
using System.Collections.Generic;
using AmoWidget.Json;

namespace AmoWidget.Validation
{
    /// <summary>One validation: the options and the findings so far, with the helpers that place a finding in its file.</summary>
    internal sealed class ValidationRun
    {
        private readonly HashSet<string> excluded;
        private readonly List<AmoDiagnostic> diagnostics = new List<AmoDiagnostic>();

        public ValidationRun(AmoValidationOptions options)
        {
            Options = options;
            excluded = new HashSet<string>(options.ExcludeRules, StringComparer.OrdinalIgnoreCase);
        }

        public AmoValidationOptions Options { get; }

        public AmoPlatform Platform => Options.Platform;

        public IReadOnlyList<AmoDiagnostic> Diagnostics => diagnostics;

        public bool IsEnabled(string rule) => !excluded.Contains(rule);

        /// <summary>A finding about a whole file, or at a known line and column.</summary>
        public void Add(string rule, string? file, string message, string? suggestion = null, AmoSeverity? severity = null, int? line = null, int? column = null, string? pointer = null)
        {
            if (!IsEnabled(rule))
            {
                return;
            }

            AmoRuleInfo info = AmoRuleCatalog.Get(rule);
            diagnostics.Add(new AmoDiagnostic(info.Name, severity ?? info.Severity, message)
            {
                File = file,
                Path = pointer,
                Line = line > 0 ? line : null,
                Column = line > 0 && column > 0 ? column : null,
                Suggestion = suggestion,
                HelpUri = info.HelpUri,
            });
        }

        /// <summary>
        /// A finding at a JSON pointer of a document: line and column of the node, or for a pointer that names a
        /// missing key, of the nearest ancestor that exists.
        /// </summary>
        public void At(string rule, string? file, JsonDocument document, string pointer, string message, string? suggestion = null, AmoSeverity? severity = null)
        {
            if (!IsEnabled(rule))
            {
                return;
            }

            (int line, int column) = Position(document, pointer);
            Add(rule, file, message, suggestion, severity, line, column, pointer);
        }

        public static (int Line, int Column) Position(JsonDocument document, string pointer)
        {
            string probe = pointer;
            while (true)
            {
                JsonNode? node = document.Resolve(probe);
                if (node != null)
                {
                    return (node.Line, node.Column);
                }

                if (probe.Length == 0)
                {
                    return (0, 0);
                }

                probe = probe.Substring(0, Math.Max(0, probe.LastIndexOf('/')));
            }
        }
    }
}
