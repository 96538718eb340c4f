using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AmoWidget.Bench
{
    /// <summary>
    /// `manifest`: (a) module import time, in a fresh runspace and in a fresh pwsh process; (b) the
    /// per-object cost of a three-stage edit pipeline over 10,000 manifests already parsed in memory.
    /// </summary>
    public static class ManifestBench
    {
        private const int Manifests = 10_000;
        private const int Rounds = 5;

        private const string Template = @"
$template = (New-AmoManifest -Locale ru, en -SupportEmail dev@example.com -Location llist, settings | Add-AmoSetting api_key -Type pass -Required).ToJson()
function New-ManifestSet([int] $count) { , [AmoWidget.AmoManifest[]]@(foreach ($i in 1..$count) { [AmoWidget.AmoManifest]::Parse($template) }) }";

        private static readonly (string Name, string Script)[] Pipelines =
        {
            ("Add-AmoLocation lcard", "$null = $set | Add-AmoLocation lcard"),
            ("Set-AmoDigitalPipeline -WebhookUrl", "$null = $set | Set-AmoDigitalPipeline -WebhookUrl https://example.com/dp"),
            ("Step-AmoManifestVersion", "$null = $set | Step-AmoManifestVersion"),
            ("all three stages", "$null = $set | Add-AmoLocation lcard | Set-AmoDigitalPipeline -WebhookUrl https://example.com/dp | Step-AmoManifestVersion"),
            ("(baseline: ForEach-Object { $_ })", "$null = $set | ForEach-Object { $_ }"),
        };

        public static int Run(string[] args)
        {
            string root = FindRoot();
            string module = Path.Combine(root, "out", "AmoWidget", "AmoWidget.psd1");
            if (!File.Exists(module))
            {
                Console.Error.WriteLine($"{module} is missing: build the module first (dotnet build src/AmoWidget).");
                return 1;
            }

            Console.WriteLine($"AmoWidget manifest benchmark - {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:u}");
            Console.WriteLine();
            ImportInRunspace(module);
            ImportInPwshProcess(root, module);
            EditPipeline(module);
            return 0;
        }

        private static void ImportInRunspace(string module)
        {
            TimeSpan Open(bool withModule)
            {
                var watch = Stopwatch.StartNew();
                InitialSessionState iss = InitialSessionState.CreateDefault2();
                if (withModule)
                {
                    iss.ImportPSModule(new[] { module });
                    iss.ThrowOnRunspaceOpenError = true;
                }

                using Runspace runspace = RunspaceFactory.CreateRunspace(iss);
                runspace.Open();
                return watch.Elapsed;
            }

            TimeSpan first = Open(true);
            var plain = new List<double>();
            var with = new List<double>();
            for (int i = 0; i < 9; i++)
            {
                plain.Add(Open(false).TotalMilliseconds);
                with.Add(Open(true).TotalMilliseconds);
            }

            Console.WriteLine("(a) Module import, fresh runspace (InitialSessionState.CreateDefault2 + ImportPSModule of the built psd1), 9 runs:");
            Console.WriteLine($"    first in this process (cold: assembly load, JIT) {first.TotalMilliseconds,8:F1} ms");
            Console.WriteLine($"    open with the module, median                     {Median(with),8:F1} ms");
            Console.WriteLine($"    open without it, median                          {Median(plain),8:F1} ms");
            Console.WriteLine($"    import cost (difference of medians)              {Median(with) - Median(plain),8:F1} ms");
        }

        private static void ImportInPwshProcess(string root, string module)
        {
            double Time(string command)
            {
                var watch = Stopwatch.StartNew();
                using Process process = Process.Start(PwshProcess.StartInfo(root, command))!;
                process.StandardOutput.ReadToEnd();
                string error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"dotnet pwsh -Command '{command}' exited with {process.ExitCode}: {error.Trim()}");
                }

                return watch.Elapsed.TotalMilliseconds;
            }

            string import = $"Import-Module '{module}'";
            Time(import);
            var imported = Enumerable.Range(0, 5).Select(_ => Time(import)).ToList();
            var used = Enumerable.Range(0, 5).Select(_ => Time(import + "; $null = New-AmoManifest -Location lcard")).ToList();
            Console.WriteLine("    fresh process, dotnet pwsh -Command 'Import-Module <psd1>', median of 5:");
            Console.WriteLine($"                                                     {Median(imported),8:F1} ms");
            Console.WriteLine($"    the same running New-AmoManifest -Location lcard {Median(used),8:F1} ms");
            Console.WriteLine();
        }

        private static void EditPipeline(string module)
        {
            InitialSessionState iss = InitialSessionState.CreateDefault2();
            iss.ImportPSModule(new[] { module });
            iss.ThrowOnRunspaceOpenError = true;
            using Runspace runspace = RunspaceFactory.CreateRunspace(iss);
            runspace.Open();
            Invoke(runspace, Template);

            Console.WriteLine($"(b) Edit pipeline over {Manifests:N0} manifests parsed beforehand from a template; median of {Rounds} rounds, each on fresh copies:");
            double parse = Median(Enumerable.Range(0, Rounds).Select(_ => Invoke(runspace, $"$set = New-ManifestSet {Manifests}")));
            Console.WriteLine($"    {"(setup, not in the figures below: parsing)",-48} {parse,8:F1} ms  {parse * 1000 / Manifests,7:F2} µs/manifest");

            foreach ((string name, string script) in Pipelines)
            {
                Invoke(runspace, "$set = New-ManifestSet 1000");
                Invoke(runspace, script);
                var times = new List<double>();
                for (int round = 0; round < Rounds; round++)
                {
                    Invoke(runspace, $"$set = New-ManifestSet {Manifests}");
                    times.Add(Invoke(runspace, script));
                }

                double total = Median(times);
                string perStage = name == "all three stages" ? $"  {total * 1000 / Manifests / 3,7:F2} µs/manifest/stage" : string.Empty;
                Console.WriteLine($"    {name,-48} {total,8:F1} ms  {total * 1000 / Manifests,7:F2} µs/manifest{perStage}");
            }

            Invoke(runspace, "$set = New-ManifestSet 3; $null = $set | Add-AmoLocation lcard | Set-AmoDigitalPipeline -WebhookUrl https://example.com/dp | Step-AmoManifestVersion");
            using PowerShell check = PowerShell.Create();
            check.Runspace = runspace;
            string result = check.AddScript("'{0} {1}' -f $set[2].Version, ($set[2].Locations.Value -join ',')").Invoke().Single().ToString();
            Console.WriteLine($"    check: the last manifest reads {result}");
        }

        /// <summary>Runs a script and returns its time in ms; any error stops the benchmark.</summary>
        private static double Invoke(Runspace runspace, string script)
        {
            using PowerShell ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript(script);
            var watch = Stopwatch.StartNew();
            ps.Invoke();
            watch.Stop();
            if (ps.HadErrors)
            {
                throw new InvalidOperationException(string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
            }

            return watch.Elapsed.TotalMilliseconds;
        }

        private static double Median(IEnumerable<double> values)
        {
            double[] sorted = values.OrderBy(v => v).ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        private static string FindRoot()
        {
            for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AmoWidget.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("AmoWidget.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
