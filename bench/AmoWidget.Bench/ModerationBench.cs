using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace AmoWidget.Bench
{
    /// <summary>
    /// A moderation check of a widget against its plain check (Test-AmoWidget -Moderation against Test-AmoWidget), in
    /// one process: the two sides alternate round by round (which goes first alternates too), each round times a batch
    /// of checks, and the figure is the median of the per-round ratios with its spread. The goal is a ratio under 2.
    /// </summary>
    public static class ModerationBench
    {
        public static int Run(string[] args)
        {
            string folder = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal)
                ? args[1]
                : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/widgets/nikacrmgroup__w.aero-control__widget"));
            int rounds = Option(args, "--rounds", 15);
            int batch = Option(args, "--batch", 5);
            var plain = new AmoValidationOptions();
            var moderation = new AmoValidationOptions { Moderation = true };

            // Warm-up: JIT and the file cache for both sides.
            for (int i = 0; i < 3; i++)
            {
                AmoValidator.ValidateWidget(folder, plain);
                AmoValidator.ValidateWidget(folder, moderation);
            }

            var plainMs = new List<double>();
            var moderationMs = new List<double>();
            var ratios = new List<double>();
            var plainCpu = new List<double>();
            var moderationCpu = new List<double>();
            var cpuRatios = new List<double>();
            for (int round = 0; round < rounds; round++)
            {
                (double Wall, double Cpu) p, m;
                if (round % 2 == 0)
                {
                    p = Time(folder, plain, batch);
                    m = Time(folder, moderation, batch);
                }
                else
                {
                    m = Time(folder, moderation, batch);
                    p = Time(folder, plain, batch);
                }

                plainMs.Add(p.Wall);
                moderationMs.Add(m.Wall);
                ratios.Add(m.Wall / p.Wall);
                plainCpu.Add(p.Cpu);
                moderationCpu.Add(m.Cpu);
                cpuRatios.Add(m.Cpu / Math.Max(0.001, p.Cpu));
            }

            int findings = AmoValidator.ValidateWidget(folder, moderation).Count - AmoValidator.ValidateWidget(folder, plain).Count;
            Console.WriteLine($"widget: {folder} ({Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1024} KB on disk; {findings} moderation findings)");
            Console.WriteLine($"plain check:      {Spread.Of(plainMs).Show("F2")} ms");
            Console.WriteLine($"moderation check: {Spread.Of(moderationMs).Show("F2")} ms");
            Console.WriteLine($"ratio:            {Spread.Of(ratios).Show("F2")} (goal: under 2)");
            Console.WriteLine($"cpu, plain:       {Spread.Of(plainCpu).Show("F2")} ms");
            Console.WriteLine($"cpu, moderation:  {Spread.Of(moderationCpu).Show("F2")} ms");
            Console.WriteLine($"cpu ratio:        {Spread.Of(cpuRatios).Show("F2")}");
            Console.WriteLine($"load average:     {LoadAverage()}");
            return 0;
        }

        /// <summary>
        /// Wall-clock and processor time a check, over a batch. The processor time (every thread of the process, the
        /// moderation's parse helper too) is the work done, which other processes on a shared machine do not stretch;
        /// the wall clock is what a user waits, which they do.
        /// </summary>
        private static (double Wall, double Cpu) Time(string folder, AmoValidationOptions options, int batch)
        {
            using var self = Process.GetCurrentProcess();
            TimeSpan cpu = self.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < batch; i++)
            {
                AmoValidator.ValidateWidget(folder, options);
            }

            double wall = watch.Elapsed.TotalMilliseconds / batch;
            self.Refresh();
            return (wall, (self.TotalProcessorTime - cpu).TotalMilliseconds / batch);
        }

        /// <summary>The 1-, 5- and 15-minute load averages (Linux), written beside the figures; empty elsewhere.</summary>
        private static string LoadAverage()
        {
            try
            {
                return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : string.Empty;
            }
            catch (IOException)
            {
                return string.Empty;
            }
        }

        private static int Option(string[] args, string name, int fallback)
        {
            int at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out int value) ? value : fallback;
        }
    }
}
