using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace AmoWidget.Tests
{
    /// <summary>Every widget of ../shared/corpus through Import-AmoManifest and Export-AmoManifest, as a user runs them.</summary>
    [Collection("Engine")]
    public sealed class ManifestCorpusTests
    {
        [CorpusFact]
        public void EveryCorpusManifestExportsTheBytesItWasImportedFrom()
        {
            string[] folders = Directory.GetDirectories(Repo.Corpus!).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            Assert.True(folders.Length >= 90, $"only {folders.Length} corpus folders");
            using var t = new TempDir();
            var failures = new List<string>();
            int same = 0, bom = 0, invalid = 0;
            for (int i = 0; i < folders.Length; i++)
            {
                string name = Path.GetFileName(folders[i]);
                byte[] source = File.ReadAllBytes(Path.Combine(folders[i], "manifest.json"));
                bool hasBom = source.Length >= 3 && source[0] == 0xEF && source[1] == 0xBB && source[2] == 0xBF;
                byte[] body = hasBom ? source.Skip(3).ToArray() : source;
                bool valid = IsValidJson(body);
                string target = t.Combine(i + ".json");

                PsResult r = PsRunner.Run("Import-AmoManifest -LiteralPath $source | Export-AmoManifest -Path $target",
                    new Dictionary<string, object?> { ["source"] = folders[i], ["target"] = target });
                if (r.Terminating != null)
                {
                    failures.Add($"{name}: terminating {r.Terminating.FullyQualifiedErrorId}");
                }
                else if (!valid)
                {
                    invalid++;
                    if (r.Errors.Count != 1 || PsResult.ErrorId(r.Errors[0]) != "ManifestJsonInvalid" || File.Exists(target))
                    {
                        failures.Add($"{name}: invalid JSON, got " + string.Join(", ", r.Errors.Select(e => e.FullyQualifiedErrorId)));
                    }
                }
                else if (r.Errors.Count > 0)
                {
                    failures.Add($"{name}: " + string.Join(" | ", r.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
                }
                else if (!File.ReadAllBytes(target).SequenceEqual(body))
                {
                    failures.Add($"{name}: the exported bytes differ" + (hasBom ? " (beyond the dropped BOM)" : string.Empty));
                }
                else if (hasBom)
                {
                    bom++;
                }
                else
                {
                    same++;
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.True(bom >= 1, "the corpus has a manifest with a BOM");
            Assert.Equal(folders.Length, same + bom + invalid);
        }

        private static bool IsValidJson(byte[] utf8)
        {
            try
            {
                using System.Text.Json.JsonDocument doc = System.Text.Json.JsonDocument.Parse(utf8);
                return true;
            }
            catch (System.Text.Json.JsonException)
            {
                return false;
            }
        }
    }
}
