using System;
using System.IO;
using System.Linq;
using AmoWidget.Json;
using AmoWidget.Validation;
using Xunit;
using Xunit.Abstractions;

namespace AmoWidget.Tests
{
    public sealed class ScratchAlloc
    {
        private readonly ITestOutputHelper output;
        public ScratchAlloc(ITestOutputHelper output) => this.output = output;

        [Fact]
        public void Measure()
        {
            string[] files = Directory.GetFiles(Repo.Corpus!, "manifest.json", SearchOption.AllDirectories);
            byte[][] texts = files.Select(File.ReadAllBytes).ToArray();
            var names = new[] { "parse", "schema", "SupportMissing", "LegacyCodeSecret", "PlaceholderUrl", "LocaleUnknown", "LocationUnknown", "LocationSuffixNotAllowed", "LocationConflict", "LocationDuplicate", "CardSdkWithoutCard", "LocationWithoutBlock", "BlockWithoutLocation", "DpWebhookUrl", "run", "diag", "whole" };
            var totals = new long[names.Length];
            var ticks = new long[names.Length];
            for (int pass = 0; pass < 400; pass++)
            {
                for (int f = 0; f < texts.Length; f++)
                {
                    int k = 0;
                    long a0 = GC.GetAllocatedBytesForCurrentThread();
                    long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                    void Mark()
                    {
                        long a1 = GC.GetAllocatedBytesForCurrentThread();
                        long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
                        if (pass >= 200) { totals[k] += a1 - a0; ticks[k] += t1 - t0; }
                        k++;
                        a0 = GC.GetAllocatedBytesForCurrentThread();
                        t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                    }
                    var run = new ValidationRun(AmoValidationOptions.Default);
                    JsonDocument? doc = JsonRules.Parse(run, files[f], texts[f]);
                    Mark();
                    if (doc == null) continue;
                    var m = new ManifestContext(run, files[f], doc);
                    ManifestSchema.Check(m); Mark();
                    ManifestRules.SupportMissing(m); Mark();
                    ManifestRules.LegacyCodeSecret(m); Mark();
                    ManifestRules.PlaceholderUrl(m); Mark();
                    ManifestRules.LocaleUnknown(m); Mark();
                    ManifestRules.LocationUnknown(m); Mark();
                    ManifestRules.LocationSuffixNotAllowed(m); Mark();
                    ManifestRules.LocationConflict(m); Mark();
                    ManifestRules.LocationDuplicate(m); Mark();
                    ManifestRules.CardSdkWithoutCard(m); Mark();
                    ManifestRules.LocationWithoutBlock(m); Mark();
                    ManifestRules.BlockWithoutLocation(m); Mark();
                    ManifestRules.DpWebhookUrl(m); Mark();
                    new ValidationRun(AmoValidationOptions.Default); Mark();
                    _ = run.Diagnostics; Mark();
                    AmoValidator.ValidateManifest(texts[f], files[f]); Mark();
                }
            }
            int n = texts.Length * 200;
            for (int i = 0; i < names.Length; i++)
                output.WriteLine($"{names[i],-26} {totals[i] / (double)n,8:0} B  {ticks[i] * 1e6 / System.Diagnostics.Stopwatch.Frequency / n,8:0.00} us");
        }
    }
}
