using System.IO;
using System.Linq;
using AmoWidget.Json;
using Xunit;

namespace AmoWidget.Tests.Manifest
{
    public sealed class CorpusEditTests
    {
        /// <summary>
        /// An edit of the locations array of a real manifest changes that array and nothing else: every byte before
        /// and after it stays, and the array keeps the author's indentation and line endings.
        /// </summary>
        [CorpusFact]
        public void AddingALocationToARealManifestRewritesOnlyTheLocationsArray()
        {
            int edited = 0;
            foreach (string file in Directory.GetFiles(Repo.Corpus!, "manifest.json", SearchOption.AllDirectories))
            {
                AmoManifest m;
                try
                {
                    m = AmoManifest.Parse(File.ReadAllBytes(file), file);
                }
                catch (AmoException)
                {
                    continue;
                }

                if (m.Document.Root is not JsonObject root || root["locations"] is not JsonArray before || before.Count == 0 || m.Document.HadBom)
                {
                    continue;
                }

                string original = m.Document.Text!;
                int start = before.Offset;
                int end = original.IndexOf(']', start) + 1;
                string name = m.Locations.Any(l => l.Name == "tlist") ? "tcalendar" : "tlist";
                AmoManifestEditor.AddLocation(m, name, name == "tlist" ? false : (bool?)null);
                string after = m.ToJson();

                Assert.True(after.StartsWith(original.Substring(0, start), System.StringComparison.Ordinal), file + Difference(original, after));
                Assert.True(after.EndsWith(original.Substring(end), System.StringComparison.Ordinal), file + Difference(original, after));
                string newArray = after.Substring(start, after.Length - start - (original.Length - end));
                string expectedItem = name == "tlist" ? "\"tlist-0\"" : "\"tcalendar\"";
                Assert.EndsWith(expectedItem, newArray.TrimEnd(']', ' ', '\t', '\r', '\n'));
                Assert.Equal(AmoManifest.Parse(after).Locations.Length, m.Locations.Length);
                if (original.Contains("\r\n"))
                {
                    Assert.DoesNotContain("\n", newArray.Replace("\r\n", string.Empty));
                }

                edited++;
            }

            Assert.True(edited >= 80, $"only {edited} corpus manifests were edited");
        }

        private static string Difference(string a, string b)
        {
            int i = 0;
            while (i < a.Length && i < b.Length && a[i] == b[i])
            {
                i++;
            }

            string Around(string s) => s.Substring(System.Math.Max(0, i - 30), System.Math.Min(60, s.Length - System.Math.Max(0, i - 30))).Replace("\n", "\\n").Replace("\r", "\\r");
            return $": first difference at {i}: was [{Around(a)}], now [{Around(b)}]";
        }
    }
}
