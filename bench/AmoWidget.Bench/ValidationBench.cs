using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AmoWidget.Bench
{
    /// <summary>
    /// `validate`: manifests per second through the core (parse + every manifest rule, the schema included) over the
    /// corpus manifests, next to ajv validating the same files against the same schema file (node bench/ajv/bench.js),
    /// both measured in this run; then the cold cost, in fresh pwsh processes, of Import-Module plus the first
    /// Test-AmoWidget, next to the engine's own Test-ModuleManifest on the module's psd1.
    /// </summary>
    public static class ValidationBench
    {
        private const double Seconds = 3;
        private const int ColdRuns = 7;

        public static int Run(string[] args)
        {
            string root = FindRoot();
            string corpus = Path.GetFullPath(Environment.GetEnvironmentVariable("AMOWIDGET_CORPUS") ?? Path.Combine(root, "..", "shared", "corpus"));
            if (!Directory.Exists(corpus))
            {
                Console.Error.WriteLine("validate: the corpus is not at " + corpus + " (set AMOWIDGET_CORPUS).");
                return 2;
            }

            string[] files = Directory.GetFiles(corpus, "manifest.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            string schema = Path.Combine(root, "src", "AmoWidget.Core", "Schema", "manifest.schema.json");
            Console.WriteLine($"validate: {files.Length} corpus manifests, {Seconds:0} s per side, {Environment.ProcessorCount} cores");

            double core = CoreThroughput(files);
            Console.WriteLine($"  core (AmoValidator.ValidateManifest: parse + all manifest rules): {core,10:N0} manifests/s");
            double? ajv = AjvThroughput(root, schema, files);
            if (ajv is double a)
            {
                Console.WriteLine($"  ratio ajv / core: {a / core:0.0}x");
            }

            ColdStart(root, corpus);
            return 0;
        }

        private static double CoreThroughput(string[] files)
        {
            byte[][] texts = files.Select(File.ReadAllBytes).ToArray();
            int findings = 0;
            var first = Stopwatch.StartNew();
            for (int i = 0; i < texts.Length; i++)
            {
                findings += AmoValidator.ValidateManifest(texts[i], files[i]).Count;
            }

            Console.WriteLine($"  core first pass (schema parsed once, JIT): {first.Elapsed.TotalMilliseconds:0} ms, {findings} findings");
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed.TotalSeconds < 0.5)
            {
                Pass(texts, files);
            }

            long rounds = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < Seconds)
            {
                Pass(texts, files);
                rounds++;
            }

            return rounds * texts.Length / clock.Elapsed.TotalSeconds;
        }

        private static void Pass(byte[][] texts, string[] files)
        {
            for (int i = 0; i < texts.Length; i++)
            {
                AmoValidator.ValidateManifest(texts[i], files[i]);
            }
        }

        private static double? AjvThroughput(string root, string schema, string[] files)
        {
            string script = Path.Combine(root, "bench", "ajv", "bench.js");
            if (!Directory.Exists(Path.Combine(root, "bench", "ajv", "node_modules", "ajv")))
            {
                Console.WriteLine("  ajv: not installed (run `npm ci` in bench/ajv); skipped");
                return null;
            }

            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(schema);
            start.ArgumentList.Add(Seconds.ToString(CultureInfo.InvariantCulture));
            foreach (string file in files)
            {
                start.ArgumentList.Add(file);
            }

            using Process node = Process.Start(start)!;
            string output = node.StandardOutput.ReadToEnd();
            string error = node.StandardError.ReadToEnd();
            node.WaitForExit();
            if (node.ExitCode != 0)
            {
                Console.WriteLine("  ajv: failed: " + error.Trim());
                return null;
            }

            using System.Text.Json.JsonDocument result = System.Text.Json.JsonDocument.Parse(output);
            System.Text.Json.JsonElement r = result.RootElement;
            double rate = r.GetProperty("manifestsPerSecond").GetDouble();
            Console.WriteLine($"  {r.GetProperty("validator").GetString()} (JSON.parse + schema, node {NodeVersion()}):{rate,17:N0} manifests/s " +
                $"(schema compile {r.GetProperty("compileMs").GetDouble():0} ms, {r.GetProperty("invalid").GetInt32()} of {r.GetProperty("files").GetInt32()} rejected)");
            return rate;
        }

        private static string NodeVersion()
        {
            var start = new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false };
            using Process node = Process.Start(start)!;
            string version = node.StandardOutput.ReadToEnd().Trim();
            node.WaitForExit();
            return version;
        }

        private static void ColdStart(string root, string corpus)
        {
            string psd1 = Path.Combine(root, "out", "AmoWidget", "AmoWidget.psd1");
            if (!File.Exists(psd1))
            {
                Console.WriteLine($"  cold start: {psd1} is missing; build the solution first");
                return;
            }

            string widget = Directory.GetDirectories(corpus).OrderByDescending(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories).Length).ThenBy(d => d, StringComparer.Ordinal).First();

            string timed(string body) => "$sw = [Diagnostics.Stopwatch]::StartNew(); " + body + "; [Console]::Out.WriteLine('ms=' + $sw.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture))";
            (double InProcess, double Wall) test = Median(root, timed($"Import-Module '{psd1}'; $null = Test-AmoWidget -LiteralPath '{widget}'"));
            (double InProcess, double Wall) manifest = Median(root, timed($"$null = Test-ModuleManifest -Path '{psd1}'"));
            (double InProcess, double Wall) bare = Median(root, timed("$null = 0"));
            Console.WriteLine($"  cold start, fresh dotnet pwsh process each, median of {ColdRuns} (widget: {Path.GetFileName(widget)}):");
            Console.WriteLine($"    Import-Module AmoWidget + first Test-AmoWidget: {test.InProcess,7:0} ms in the command, {test.Wall,6:0} ms whole process");
            Console.WriteLine($"    Test-ModuleManifest AmoWidget.psd1:              {manifest.InProcess,7:0} ms in the command, {manifest.Wall,6:0} ms whole process");
            Console.WriteLine($"    empty command (engine start):                   {bare.InProcess,7:0} ms in the command, {bare.Wall,6:0} ms whole process");
            Console.WriteLine($"    ratio (import + first Test-AmoWidget) / Test-ModuleManifest: {test.InProcess / manifest.InProcess:0.0}x in the command, {test.Wall / manifest.Wall:0.00}x whole process");
        }

        private static (double InProcess, double Wall) Median(string root, string command)
        {
            var inside = new List<double>();
            var wall = new List<double>();
            for (int i = 0; i < ColdRuns; i++)
            {
                ProcessStartInfo start = PwshProcess.StartInfo(root, command);
                var clock = Stopwatch.StartNew();
                using Process process = Process.Start(start)!;
                string output = process.StandardOutput.ReadToEnd();
                string error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                clock.Stop();
                string? line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("ms=", StringComparison.Ordinal));
                if (process.ExitCode != 0 || line == null)
                {
                    throw new InvalidOperationException($"pwsh failed ({process.ExitCode}): {error.Trim()} {output.Trim()}");
                }

                inside.Add(double.Parse(line.Substring(3), CultureInfo.InvariantCulture));
                wall.Add(clock.Elapsed.TotalMilliseconds);
            }

            return (MedianOf(inside), MedianOf(wall));
        }

        private static double MedianOf(List<double> values)
        {
            values.Sort();
            return values[values.Count / 2];
        }

        private static string FindRoot()
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
    }
}
