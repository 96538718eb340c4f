using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.Json;
using Xunit;
using Xunit.Abstractions;

namespace AmoWidget.Tests
{
    /// <summary>
    /// The folder validator over every real widget in ../shared/corpus: no exception, and every finding points at a
    /// real place (its JSON pointer resolves in its file, to the node or for a missing key to its parent; its line
    /// and column lie inside the file).
    /// </summary>
    public sealed class CorpusSweepTests
    {
        private readonly ITestOutputHelper output;

        public CorpusSweepTests(ITestOutputHelper output) => this.output = output;

        [CorpusFact]
        public void EveryCorpusWidgetValidatesAndEveryFindingPointsAtARealPlace()
        {
            var problems = new List<string>();
            var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            string[] folders = Directory.GetDirectories(Repo.Corpus!).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            Assert.True(folders.Length > 50, "the corpus has " + folders.Length + " folders");
            foreach (string folder in folders)
            {
                IReadOnlyList<AmoDiagnostic> diagnostics;
                try
                {
                    diagnostics = AmoValidator.ValidateWidget(folder);
                }
                catch (Exception ex)
                {
                    problems.Add($"{folder}: {ex.GetType().Name}: {ex.Message}");
                    continue;
                }

                foreach (AmoDiagnostic d in diagnostics)
                {
                    string key = d.RuleName + " (" + d.Severity + ")";
                    counts[key] = counts.TryGetValue(key, out int n) ? n + 1 : 1;
                    string? problem = PlaceProblem(d);
                    if (problem != null)
                    {
                        problems.Add(d + " -> " + problem);
                    }
                }
            }

            foreach (KeyValuePair<string, int> count in counts)
            {
                output.WriteLine($"{count.Value,5} {count.Key}");
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        /// <summary>Why a finding does not point at a real place, or null when it does.</summary>
        internal static string? PlaceProblem(AmoDiagnostic d)
        {
            if (d.File == null)
            {
                return "no file";
            }

            bool fileExists = File.Exists(d.File);
            if (d.Line != null)
            {
                if (!fileExists)
                {
                    return "a line in a file that does not exist";
                }

                string[] lines = File.ReadAllText(d.File, new UTF8Encoding(false)).TrimStart('\uFEFF').Split('\n');
                if (d.Line < 1 || d.Line > lines.Length)
                {
                    return $"line {d.Line} outside 1..{lines.Length}";
                }

                int length = lines[d.Line.Value - 1].TrimEnd('\r').Length;
                if (d.Column < 1 || d.Column > length + 1)
                {
                    return $"column {d.Column} outside 1..{length + 1}";
                }
            }

            if (d.Path != null)
            {
                if (!fileExists)
                {
                    return "a pointer into a file that does not exist";
                }

                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(File.ReadAllBytes(d.File));
                }
                catch (JsonParseException ex)
                {
                    return "a pointer into a file that is not JSON: " + ex.Message;
                }

                string parent = d.Path.Length == 0 ? d.Path : d.Path.Substring(0, d.Path.LastIndexOf('/'));
                if (document.Resolve(d.Path) == null && document.Resolve(parent) == null)
                {
                    return $"pointer {d.Path} resolves neither to a node nor to a parent";
                }
            }

            return null;
        }
    }
}
