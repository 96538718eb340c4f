using System;
using System.Collections.Generic;
using System.IO;

namespace AmoWidget.Bench
{
    /// <summary>
    /// Goal 2: in fresh pwsh processes, alternately, Import-Module + the first Test-AmoWidget on the corpus widget with
    /// the most files, and Test-ModuleManifest on the module's psd1; the time each command takes in the process (the
    /// engine's own start is outside both), and the per-round ratio.
    /// </summary>
    internal static class ColdStart
    {
        private const string Timed = "$sw = [Diagnostics.Stopwatch]::StartNew(); {0}; $ms = $sw.Elapsed.TotalMilliseconds; [Console]::Out.WriteLine('ms=' + $ms.ToString([cultureinfo]::InvariantCulture))";

        public static void Run(string root, string corpus, string psd1, int rounds, bool loads)
        {
            string widget = Repo.LargestWidget(corpus);
            string test = string.Format(Timed, $"Import-Module {PwshProcess.Quote(psd1)}; $null = Test-AmoWidget -LiteralPath {PwshProcess.Quote(widget)}");
            string manifest = string.Format(Timed, $"$null = Test-ModuleManifest -Path {PwshProcess.Quote(psd1)}");
            Console.WriteLine();
            Console.WriteLine($"(2) cold start: fresh `dotnet pwsh` processes, {rounds} rounds, A then B in each; widget {Path.GetFileName(widget)}");
            PwshProcess.Run(root, manifest);

            var a = new List<double>();
            var b = new List<double>();
            var ratio = new List<double>();
            var wallA = new List<double>();
            var wallB = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                (Dictionary<string, double> fa, double wa) = PwshProcess.Run(root, test);
                (Dictionary<string, double> fb, double wb) = PwshProcess.Run(root, manifest);
                a.Add(fa["ms"]);
                b.Add(fb["ms"]);
                wallA.Add(wa);
                wallB.Add(wb);
                ratio.Add(fa["ms"] / fb["ms"]);
            }

            Console.WriteLine($"    A Import-Module AmoWidget + first Test-AmoWidget, ms in the command: {Spread.Of(a).Show("0")}");
            Console.WriteLine($"    B Test-ModuleManifest AmoWidget.psd1, ms in the command:             {Spread.Of(b).Show("0")}");
            Console.WriteLine($"    whole process (dotnet host + engine + command), ms: A {Spread.Of(wallA).Show("0")}; B {Spread.Of(wallB).Show("0")}");
            Console.WriteLine($"    ratio A / B per round: {Spread.Of(ratio).Show("0.00")}   (goal: <= 3, stretch 1)");
            if (loads)
            {
                Loads(root, psd1, widget);
            }
        }

        /// <summary>The assemblies Import-Module loads, then those the first Test-AmoWidget adds, in load order.</summary>
        private static void Loads(string root, string psd1, string widget)
        {
            string command =
                "$seen = @{}; foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies()) { $seen[$a.FullName] = 1 }; " +
                "function Show($label) { foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies()) { if (-not $seen[$a.FullName]) { $seen[$a.FullName] = 1; [Console]::Out.WriteLine($label + ' ' + $a.GetName().Name) } } }; " +
                $"Import-Module {PwshProcess.Quote(psd1)}; Show 'import:'; $null = Test-AmoWidget -LiteralPath {PwshProcess.Quote(widget)}; Show 'first Test-AmoWidget:'; [Console]::Out.WriteLine('ms=0')";
            System.Diagnostics.ProcessStartInfo start = PwshProcess.StartInfo(root, command);
            using System.Diagnostics.Process process = System.Diagnostics.Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Console.WriteLine("    assemblies loaded (not loaded by the engine before Import-Module):");
            foreach (string line in output.Split('\n'))
            {
                if (line.Contains(':', StringComparison.Ordinal) && !line.StartsWith("ms=", StringComparison.Ordinal))
                {
                    Console.WriteLine("      " + line.Trim());
                }
            }
        }
    }
}
