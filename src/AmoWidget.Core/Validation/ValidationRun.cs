using System;
using System.Collections.Generic;
using AmoWidget.Json;
using AmoWidget.Widget;

namespace AmoWidget.Validation
{
    /// <summary>
    /// One validation: the options and the findings so far, with the helpers that place a finding in its file. Each
    /// rule lists at most <see cref="AmoReadLimits.FindingsPerRuleAndFile"/> findings in one file; the rest are
    /// counted in one more finding of the same rule, so a hostile file cannot make a million findings.
    /// </summary>
    internal sealed class ValidationRun
    {
        private readonly HashSet<string>? excluded;
        private readonly List<AmoDiagnostic> diagnostics = new List<AmoDiagnostic>();
        /// <summary>Made with the first finding (most manifests of a corpus have few or none).</summary>
        private Dictionary<(string Rule, string File), Tally>? tallies;

        private static readonly Dictionary<(string Rule, string File), Tally> Empty = new Dictionary<(string, string), Tally>();

        public ValidationRun(AmoValidationOptions options)
        {
            Options = options;
            Platform = options.Platform;
            excluded = options.ExcludeRules.Count == 0 ? null : new HashSet<string>(options.ExcludeRules, StringComparer.OrdinalIgnoreCase);
        }

        public AmoValidationOptions Options { get; }

        /// <summary>The platform judged: the option's, or with <see cref="AmoValidationOptions.DetectPlatform"/> the one the manifest targets (set by the manifest rules, which run first).</summary>
        public AmoPlatform Platform { get; set; }

        /// <summary>The findings in the order they were made, each capped group followed by its count of the rest.</summary>
        public IReadOnlyList<AmoDiagnostic> Diagnostics
        {
            get
            {
                foreach (KeyValuePair<(string Rule, string File), Tally> pair in tallies ?? Empty)
                {
                    Tally tally = pair.Value;
                    if (tally.Omitted > 0)
                    {
                        AmoRuleInfo info = AmoRuleCatalog.Get(pair.Key.Rule);
                        diagnostics[tally.SummaryIndex] = new AmoDiagnostic(info.Name, tally.OmittedSeverity,
                            $"{tally.Omitted} more {info.Name} finding{(tally.Omitted == 1 ? string.Empty : "s")} in this file {(tally.Omitted == 1 ? "is" : "are")} not listed (the first {AmoReadLimits.FindingsPerRuleAndFile} are).")
                        {
                            File = pair.Key.File.Length == 0 ? null : pair.Key.File,
                            Suggestion = "Fix the ones listed and check again.",
                            HelpUri = info.HelpUri,
                            Platform = Platform,
                        };
                    }
                }

                return diagnostics;
            }
        }

        public bool IsEnabled(string rule) => excluded == null || !excluded.Contains(rule);

        /// <summary>A finding about a whole file, or at a known line and column.</summary>
        public void Add(string rule, string? file, string message, string? suggestion = null, AmoSeverity? severity = null, int? line = null, int? column = null, string? pointer = null)
        {
            if (Admit(rule, file, severity, out AmoRuleInfo? info, out AmoSeverity level))
            {
                Append(info!, level, file, message, suggestion, line, column, pointer);
            }
        }

        /// <summary>
        /// A finding at a JSON pointer of a document: line and column of the node, or for a pointer that names a
        /// missing key, of the nearest ancestor that exists (looked up only for a finding that is listed).
        /// </summary>
        /// <summary>The finding of a widget file that is not read (blocked, or past its cap).</summary>
        public void Report(SourceProblem problem) => Add(problem.Rule, problem.Display, problem.Message, problem.Suggestion, problem.Severity);

        public void At(string rule, string? file, JsonDocument document, string pointer, string message, string? suggestion = null, AmoSeverity? severity = null)
        {
            if (Admit(rule, file, severity, out AmoRuleInfo? info, out AmoSeverity level))
            {
                (int line, int column) = Position(document, pointer);
                Append(info!, level, file, message, suggestion, line, column, pointer);
            }
        }

        /// <summary>The same over a document read for checking (<see cref="JsonIndex"/>).</summary>
        public void At(string rule, string? file, JsonIndex document, string pointer, string message, string? suggestion = null, AmoSeverity? severity = null)
        {
            if (Admit(rule, file, severity, out AmoRuleInfo? info, out AmoSeverity level))
            {
                (int line, int column) = Position(document, pointer);
                Append(info!, level, file, message, suggestion, line, column, pointer);
            }
        }

        /// <summary>Whether the next finding of this rule in this file would be listed (so a caller may skip building its message).</summary>
        public bool Lists(string rule, string? file) =>
            IsEnabled(rule) && (tallies == null || !tallies.TryGetValue((AmoRuleCatalog.Get(rule).Name, file ?? string.Empty), out Tally? tally) || tally.Listed < AmoReadLimits.FindingsPerRuleAndFile);

        /// <summary>Counts a finding past the cap without building it.</summary>
        public void Omit(string rule, string? file, AmoSeverity? severity = null)
        {
            if (IsEnabled(rule))
            {
                AmoRuleInfo info = AmoRuleCatalog.Get(rule);
                Count(info.Name, file ?? string.Empty, severity ?? info.Severity);
            }
        }

        /// <summary>True when a finding of an enabled rule is to be listed (and counts it); past the cap it is only counted.</summary>
        private bool Admit(string rule, string? file, AmoSeverity? severity, out AmoRuleInfo? info, out AmoSeverity level)
        {
            info = null;
            level = default;
            if (!IsEnabled(rule))
            {
                return false;
            }

            info = AmoRuleCatalog.Get(rule);
            level = severity ?? info.Severity;
            return Count(info.Name, file ?? string.Empty, level);
        }

        private void Append(AmoRuleInfo info, AmoSeverity level, string? file, string message, string? suggestion, int? line, int? column, string? pointer) =>
            diagnostics.Add(new AmoDiagnostic(info.Name, level, message)
            {
                File = file,
                Path = pointer,
                Line = line > 0 ? line : null,
                Column = line > 0 && column > 0 ? column : null,
                Suggestion = suggestion,
                HelpUri = info.HelpUri,
                Platform = Platform,
            });

        /// <summary>True when the finding is listed; past the cap it only counts, in the finding kept for the rest.</summary>
        private bool Count(string rule, string file, AmoSeverity severity)
        {
            tallies ??= new Dictionary<(string, string), Tally>(new TallyKey());
            if (!tallies.TryGetValue((rule, file), out Tally? tally))
            {
                tally = new Tally();
                tallies[(rule, file)] = tally;
            }

            if (tally.Listed < AmoReadLimits.FindingsPerRuleAndFile)
            {
                tally.Listed++;
                return true;
            }

            if (tally.Omitted == 0)
            {
                tally.SummaryIndex = diagnostics.Count;
                tally.OmittedSeverity = severity;
                diagnostics.Add(null!);
            }
            else if (severity < tally.OmittedSeverity)
            {
                tally.OmittedSeverity = severity;
            }

            tally.Omitted++;
            return false;
        }

        public static (int Line, int Column) Position(JsonDocument document, string pointer)
        {
            string probe = pointer;
            while (true)
            {
                JsonNode? node = document.Resolve(probe);
                if (node != null)
                {
                    return node.Position;
                }

                if (probe.Length == 0)
                {
                    return (0, 0);
                }

                probe = probe.Substring(0, Math.Max(0, probe.LastIndexOf('/')));
            }
        }

        /// <summary>Line and column of the value a pointer names, or of its nearest ancestor that exists.</summary>
        public static (int Line, int Column) Position(JsonIndex document, string pointer)
        {
            string probe = pointer;
            while (true)
            {
                int id = document.Resolve(probe);
                if (id >= 0)
                {
                    return new JsonRef(document, id).Position;
                }

                if (probe.Length == 0)
                {
                    return (0, 0);
                }

                probe = probe.Substring(0, Math.Max(0, probe.LastIndexOf('/')));
            }
        }

        /// <summary>
        /// Compares (rule, file) keys ordinally and remembers the hash of the last file it hashed: a run's findings come
        /// file after file, and hashing a long path on every finding cost more than the rest of the lookup. One per run
        /// (a run is used by one thread).
        /// </summary>
        private sealed class TallyKey : IEqualityComparer<(string Rule, string File)>
        {
            private string? lastFile;
            private int lastHash;

            public bool Equals((string Rule, string File) x, (string Rule, string File) y) =>
                string.Equals(x.Rule, y.Rule, StringComparison.Ordinal) && string.Equals(x.File, y.File, StringComparison.Ordinal);

            public int GetHashCode((string Rule, string File) key)
            {
                if (!ReferenceEquals(key.File, lastFile))
                {
                    lastHash = StringComparer.Ordinal.GetHashCode(key.File);
                    lastFile = key.File;
                }

                return (StringComparer.Ordinal.GetHashCode(key.Rule) * 31) + lastHash;
            }
        }

        private sealed class Tally
        {
            public int Listed;
            public int Omitted;
            public int SummaryIndex;
            public AmoSeverity OmittedSeverity;
        }
    }
}
