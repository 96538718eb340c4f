using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace AmoWidget.Bench
{
    /// <summary>
    /// `speed`: the three speed figures (a warm manifest check against ajv, the cold first call, scale), each side measured in alternating rounds on the same machine, reported as
    /// the median of the per-round ratios with their spread.
    /// (1) manifests: warm manifests/s of the core (parse + every manifest rule, the schema included) against ajv 8
    ///     (JSON.parse + the compiled schema) in a node process, over the corpus manifests.
    /// (2) cold: in fresh pwsh processes, Import-Module + the first Test-AmoWidget on a corpus widget against
    ///     Test-ModuleManifest on the module's psd1, time in the command.
    /// (3) scale: Test-AmoWidget (folder and zip) and Compress-AmoWidget on generated widgets of 10, 100 and 1,000
    ///     files, each in a fresh pwsh after a warm-up call: time, and peak memory above the warmed-up process.
    /// usage: speed [manifests] [cold] [scale] [--rounds N] [--loads] [--core-only]
    /// --loads lists the assemblies the import and the first Test-AmoWidget load; --core-only runs (1) without ajv,
    /// for a profiler (bench/README.md).
    /// </summary>
    public static class SpeedBench
    {
        public static int Run(string[] args)
        {
            var parts = new HashSet<string>(StringComparer.Ordinal);
            int? rounds = null;
            bool loads = false;
            bool coreOnly = false;
            for (int i = 1; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "manifests":
                    case "cold":
                    case "scale":
                        parts.Add(args[i]);
                        break;
                    case "--rounds" when i + 1 < args.Length:
                        rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                        break;
                    case "--loads":
                        loads = true;
                        break;
                    case "--core-only":
                        coreOnly = true;
                        break;
                    default:
                        Console.Error.WriteLine("usage: speed [manifests] [cold] [scale] [--rounds N] [--loads] [--core-only]");
                        return 2;
                }
            }

            if (parts.Count == 0)
            {
                parts.UnionWith(new[] { "manifests", "cold", "scale" });
            }

            string root = Repo.Root();
            string corpus = Repo.Corpus(root);
            if (!Directory.Exists(corpus))
            {
                Console.Error.WriteLine("speed: the corpus is not at " + corpus + " (set AMOWIDGET_CORPUS).");
                return 2;
            }

            string psd1 = Path.Combine(root, "out", "AmoWidget", "AmoWidget.psd1");
            if (!File.Exists(psd1))
            {
                Console.Error.WriteLine($"speed: {psd1} is missing; build the solution first (dotnet build AmoWidget.sln -c Release).");
                return 2;
            }

            Console.WriteLine($"speed: {DateTime.UtcNow:u}, {Environment.ProcessorCount} cores, load average {LoadAverage()}, .NET {Environment.Version}, commit {Git(root)}");
            if (parts.Contains("manifests"))
            {
                ManifestThroughput.Run(root, corpus, rounds ?? 9, coreOnly);
            }

            if (parts.Contains("cold"))
            {
                ColdStart.Run(root, corpus, psd1, rounds ?? 9, loads);
            }

            if (parts.Contains("scale"))
            {
                ScaleBench.Run(root, psd1, rounds ?? 3);
            }

            Console.WriteLine($"speed: done, load average {LoadAverage()}");
            return 0;
        }

        /// <summary>The 1, 5 and 15 minute load averages (Linux), or "n/a".</summary>
        public static string LoadAverage()
        {
            try
            {
                return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            }
            catch (IOException)
            {
                return "n/a";
            }
            catch (UnauthorizedAccessException)
            {
                return "n/a";
            }
        }

        private static string Git(string root)
        {
            try
            {
                var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
                foreach (string a in new[] { "describe", "--always", "--dirty" })
                {
                    start.ArgumentList.Add(a);
                }

                using Process git = Process.Start(start)!;
                string text = git.StandardOutput.ReadToEnd().Trim();
                git.WaitForExit();
                return git.ExitCode == 0 ? text : "unknown";
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return "unknown";
            }
        }
    }

    /// <summary>Goal 1: the core and ajv over the same corpus manifests, one round each in turn.</summary>
    internal static class ManifestThroughput
    {
        private const double RoundSeconds = 1.5;

        /// <summary>Time each side runs before the first round: long enough for .NET's tiered JIT and V8's optimizing compiler to finish with the hot code.</summary>
        private const double WarmSeconds = 3;

        public static void Run(string root, string corpus, int rounds, bool coreOnly)
        {
            string[] files = Directory.GetFiles(corpus, "manifest.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            string schema = Path.Combine(root, "src", "AmoWidget.Core", "Schema", "manifest.schema.json");
            byte[][] texts = files.Select(File.ReadAllBytes).ToArray();
            Console.WriteLine();
            Console.WriteLine($"(1) warm manifests/s: {files.Length} corpus manifests, {WarmSeconds} s warm-up then {rounds} rounds of {RoundSeconds} s per side, core then ajv in each round");
            int? pinned = CorePin.PinToOneCore(out string why);
            Console.WriteLine(pinned is int pin
                ? $"    pinned: this process (every thread) and the node worker to core {pin} (sched_setaffinity), so the two sides take turns on one core"
                : $"    not pinned ({why}): the two sides may run on different cores; read the ratio with care");

            var first = Stopwatch.StartNew();
            int findings = 0;
            int failing = 0;
            for (int i = 0; i < texts.Length; i++)
            {
                IReadOnlyList<AmoDiagnostic> found = AmoValidator.ValidateManifest(texts[i], files[i]);
                findings += found.Count;
                failing += AmoValidator.Passes(found, strict: false) ? 0 : 1;
            }

            Console.WriteLine($"    core first pass (schema loaded, JIT): {first.Elapsed.TotalMilliseconds:0} ms; {findings} findings, {failing} manifests with errors");
            if (coreOnly)
            {
                CoreRound(texts, files, WarmSeconds);
                var alone = new List<double>();
                for (int r = 0; r < rounds; r++)
                {
                    alone.Add(CoreRound(texts, files, RoundSeconds));
                }

                Console.WriteLine($"    core alone, manifests/s: {Spread.Of(alone).Show("N0")}; {allocatedPerManifest / 1024:0.0} KB allocated per manifest, {collectionsPerThousand:0.0} collections per 1,000");
                var parsed = new List<double>();
                for (int r = 0; r < rounds; r++)
                {
                    parsed.Add(ParseRound(texts, RoundSeconds));
                }

                Console.WriteLine($"    reading alone (JSON, no rule), manifests/s: {Spread.Of(parsed).Show("N0")}; {allocatedPerManifest / 1024:0.0} KB allocated per manifest");
                return;
            }

            using AjvWorker? ajv = AjvWorker.Start(root, schema, files);
            if (ajv == null)
            {
                return;
            }

            Console.WriteLine($"    {ajv.Validator} on node {ajv.Node} (thread affinity {CorePin.Affinity(ajv.ProcessId)}): schema compiled in {ajv.CompileMs:0} ms; {ajv.Invalid} of {files.Length} rejected by the schema (or JSON.parse)");
            CoreRound(texts, files, WarmSeconds);
            ajv.Round(WarmSeconds);

            var core = new List<double>();
            var other = new List<double>();
            var ratio = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                double c = CoreRound(texts, files, RoundSeconds);
                double a = ajv.Round(RoundSeconds);
                core.Add(c);
                other.Add(a);
                ratio.Add(c / a);
            }

            Console.WriteLine($"    core (AmoValidator.ValidateManifest: UTF-8 bytes, parse, every manifest rule) manifests/s: {Spread.Of(core).Show("N0")}; {allocatedPerManifest / 1024:0.0} KB allocated per manifest, {collectionsPerThousand:0.0} collections per 1,000");
            Console.WriteLine($"    ajv  (JSON.parse + compiled schema)                            manifests/s: {Spread.Of(other).Show("N0")}");
            Console.WriteLine($"    ratio core / ajv per round: {Spread.Of(ratio).Show("0.00")}   (goal: >= 1)");
        }

        /// <summary>Bytes the core allocated per manifest in the last round (garbage the collector must then reclaim).</summary>
        private static double allocatedPerManifest;

        /// <summary>Garbage collections (any generation) per 1,000 manifests in the last round.</summary>
        private static double collectionsPerThousand;

        private static double ParseRound(byte[][] texts, double seconds)
        {
            long manifests = 0;
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                foreach (byte[] text in texts)
                {
                    // As the validator reads a manifest: the JSON rules (syntax, BOM, repeated keys) and nothing else.
                    AmoWidget.Validation.Rules.JsonRules.Parse(new AmoWidget.Validation.ValidationRun(AmoValidationOptions.Default), "manifest.json", text)?.Release();
                }

                manifests += texts.Length;
            }

            double rate = manifests / clock.Elapsed.TotalSeconds;
            allocatedPerManifest = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)manifests;
            return rate;
        }

        private static double CoreRound(byte[][] texts, string[] files, double seconds)
        {
            long manifests = 0;
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            int collections = GC.CollectionCount(0);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                for (int i = 0; i < texts.Length; i++)
                {
                    AmoValidator.ValidateManifest(texts[i], files[i]);
                }

                manifests += texts.Length;
            }

            double rate = manifests / clock.Elapsed.TotalSeconds;
            allocatedPerManifest = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)manifests;
            collectionsPerThousand = (GC.CollectionCount(0) - collections) * 1000.0 / manifests;
            return rate;
        }
    }

    /// <summary>bench/ajv/bench.js as a long-lived node process that runs a timed round on each request.</summary>
    internal sealed class AjvWorker : IDisposable
    {
        private readonly Process node;

        private AjvWorker(Process node, JsonElement ready)
        {
            this.node = node;
            Validator = ready.GetProperty("validator").GetString()!;
            Node = ready.GetProperty("node").GetString()!;
            Invalid = ready.GetProperty("invalid").GetInt32();
            CompileMs = ready.GetProperty("compileMs").GetDouble();
        }

        public string Validator { get; }

        public int ProcessId => node.Id;

        public string Node { get; }

        public int Invalid { get; }

        public double CompileMs { get; }

        /// <summary>Starts the worker, running `npm ci` in bench/ajv first when ajv is not installed; null (and why) when node cannot run it.</summary>
        public static AjvWorker? Start(string root, string schema, string[] files)
        {
            string folder = Path.Combine(root, "bench", "ajv");
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "ajv")) && !NpmCi(folder))
            {
                return null;
            }

            var start = new ProcessStartInfo("node")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = folder,
            };
            start.ArgumentList.Add(Path.Combine(folder, "bench.js"));
            start.ArgumentList.Add(schema);
            foreach (string file in files)
            {
                start.ArgumentList.Add(file);
            }

            Process node;
            try
            {
                node = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                Console.WriteLine("    ajv: node cannot be started (" + ex.Message + "); skipped");
                return null;
            }

            string? line = node.StandardOutput.ReadLine();
            if (line == null)
            {
                Console.WriteLine("    ajv: failed: " + node.StandardError.ReadToEnd().Trim());
                node.WaitForExit();
                node.Dispose();
                return null;
            }

            using JsonDocument ready = JsonDocument.Parse(line);
            return new AjvWorker(node, ready.RootElement.Clone());
        }

        public double Round(double seconds)
        {
            node.StandardInput.WriteLine(seconds.ToString(CultureInfo.InvariantCulture));
            node.StandardInput.Flush();
            string line = node.StandardOutput.ReadLine() ?? throw new InvalidOperationException("ajv worker ended: " + node.StandardError.ReadToEnd());
            using JsonDocument result = JsonDocument.Parse(line);
            return result.RootElement.GetProperty("manifestsPerSecond").GetDouble();
        }

        public void Dispose()
        {
            try
            {
                node.StandardInput.WriteLine();
                node.StandardInput.Close();
                if (!node.WaitForExit(10_000))
                {
                    node.Kill();
                }
            }
            finally
            {
                node.Dispose();
            }
        }

        private static bool NpmCi(string folder)
        {
            Console.WriteLine("    ajv: not installed; running npm ci in bench/ajv");
            var start = new ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
            foreach (string a in new[] { "ci", "--no-audit", "--no-fund" })
            {
                start.ArgumentList.Add(a);
            }

            try
            {
                using Process npm = Process.Start(start)!;
                string output = npm.StandardOutput.ReadToEnd() + npm.StandardError.ReadToEnd();
                npm.WaitForExit();
                if (npm.ExitCode != 0)
                {
                    Console.WriteLine("    ajv: npm ci failed; skipped: " + output.Trim());
                    return false;
                }

                return true;
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                Console.WriteLine("    ajv: npm cannot be started (" + ex.Message + "); skipped");
                return false;
            }
        }
    }

    /// <summary>Where the repository and the corpus are.</summary>
    internal static class Repo
    {
        public static string Root()
        {
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (DirectoryInfo? dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "AmoWidget.sln")))
                    {
                        return dir.FullName;
                    }
                }
            }

            throw new InvalidOperationException("AmoWidget.sln not found above the current folder.");
        }

        public static string Corpus(string root) =>
            Path.GetFullPath(Environment.GetEnvironmentVariable("AMOWIDGET_CORPUS") ?? Path.Combine(root, "..", "shared", "corpus"));

        /// <summary>The corpus widget with the most files (the cold-start input; corpus widgets carry no script.js).</summary>
        public static string LargestWidget(string corpus) =>
            Directory.GetDirectories(corpus)
                .OrderByDescending(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories).Length)
                .ThenBy(d => d, StringComparer.Ordinal)
                .First();
    }
}
