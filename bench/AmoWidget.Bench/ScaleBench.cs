using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.Packaging;
using AmoWidget.Scaffold;

namespace AmoWidget.Bench
{
    /// <summary>
    /// Goal 3: Test-AmoWidget on a folder, Compress-AmoWidget, and Test-AmoWidget on the zip, over generated widgets of
    /// 10, 100 and 1,000 files (50 KB a file on average: 0.5, 5 and 50 MB). Each measurement is one fresh pwsh that
    /// imports the module, runs the same command once on the 10-file widget (JIT and first use out of the figure),
    /// collects garbage, resets the kernel's peak-RSS mark (/proc/self/clear_refs) and then times the command: the
    /// figure is the time and the peak resident memory above the process's resident memory just before it. Sizes
    /// alternate within each round (the starting size rotates), so drift in the machine's load hits all of them.
    /// </summary>
    internal static class ScaleBench
    {
        private const int BytesPerFile = 50 * 1024;

        private static readonly int[] Sizes = { 10, 100, 1000 };

        public static void Run(string root, string psd1, int rounds)
        {
            string work = Path.Combine(Path.GetTempPath(), "amowidget-speed-" + Environment.ProcessId);
            Directory.CreateDirectory(work);
            try
            {
                Console.WriteLine();
                Console.WriteLine($"(3) scale: generated widgets in {work}, {rounds} rounds; each figure one fresh pwsh after a warm-up call on the 10-file widget");
                var widgets = Sizes.Select(n => GeneratedWidget.Make(Path.Combine(work, "w" + n), n, (long)n * BytesPerFile)).ToArray();
                foreach (GeneratedWidget w in widgets)
                {
                    AmoWidgetPacker.WriteFile(w.Folder, w.Zip, overwrite: true);
                    IReadOnlyList<AmoDiagnostic> found = AmoValidator.ValidateWidget(w.Folder);
                    Console.WriteLine($"    {w.Files,5} files, {Mb(w.Bytes),6:0.0} MB, largest file {Mb(w.Largest):0.00} MB, zip {Mb(new FileInfo(w.Zip).Length):0.0} MB; " +
                        $"{found.Count} findings ({found.Count(d => d.Severity == AmoSeverity.Error)} errors)");
                }

                string q(string s) => PwshProcess.Quote(s);
                string outZip = Path.Combine(work, "out.zip");
                var ops = new (string Name, Func<GeneratedWidget, string> Command, Func<GeneratedWidget, long> Input, Func<GeneratedWidget, long> Largest)[]
                {
                    ("Test-AmoWidget <folder>", w => $"$null = Test-AmoWidget -LiteralPath {q(w.Folder)}", w => w.Bytes, w => w.Largest),
                    ("Compress-AmoWidget", w => $"$null = Compress-AmoWidget -Path {q(w.Folder)} -DestinationPath {q(outZip)} -Force", w => w.Bytes, w => w.Largest),
                    ("Test-AmoWidget <zip>", w => $"$null = Test-AmoWidget -LiteralPath {q(w.Zip)}", w => new FileInfo(w.Zip).Length, w => new FileInfo(w.Zip).Length),
                };

                var ms = new Dictionary<(int Op, int Size), List<double>>();
                var extra = new Dictionary<(int Op, int Size), List<double>>();
                for (int r = 0; r < rounds; r++)
                {
                    for (int op = 0; op < ops.Length; op++)
                    {
                        for (int k = 0; k < Sizes.Length; k++)
                        {
                            int s = (k + r) % Sizes.Length;
                            Dictionary<string, double> f = Measure(root, psd1, ops[op].Command(widgets[0]), ops[op].Command(widgets[s]));
                            Add(ms, (op, s), f["ms"]);
                            Add(extra, (op, s), (f["peakKb"] - f["beforeKb"]) * 1024);
                        }
                    }
                }

                for (int op = 0; op < ops.Length; op++)
                {
                    Console.WriteLine($"    {ops[op].Name}");
                    Console.WriteLine("      files   input MB  largest MB  ms (median, IQR, range)                 ms per MB   peak above start MB (max)");
                    for (int s = 0; s < Sizes.Length; s++)
                    {
                        double input = Mb(ops[op].Input(widgets[s]));
                        Spread t = Spread.Of(ms[(op, s)]);
                        Spread m = Spread.Of(extra[(op, s)].Select(Mb).ToList());
                        Console.WriteLine($"      {Sizes[s],5}  {input,9:0.0}  {Mb(ops[op].Largest(widgets[s])),10:0.00}  {t.Show("0"),-40}  {t.Median / input,8:0.0}   {m.Median,6:0.0} ({m.Max:0.0})");
                    }

                    for (int s = 1; s < Sizes.Length; s++)
                    {
                        var growth = ms[(op, s)].Zip(ms[(op, s - 1)], (big, small) => big / small).ToList();
                        Console.WriteLine($"      time {Sizes[s]} / {Sizes[s - 1]} files per round (10x the files and bytes): {Spread.Of(growth).Show("0.0")}");
                    }
                }
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        private static Dictionary<string, double> Measure(string root, string psd1, string warm, string command)
        {
            string script = string.Join("; ", new[]
            {
                "$ErrorActionPreference = 'Stop'",
                $"Import-Module {PwshProcess.Quote(psd1)}",
                warm,
                "[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()",
                "function Kb([string] $name) { foreach ($l in [IO.File]::ReadAllLines('/proc/self/status')) { if ($l.StartsWith($name + ':')) { return [long]($l -replace '[^0-9]', '') } } }",
                "$before = Kb 'VmRSS'",
                "[IO.File]::WriteAllText('/proc/self/clear_refs', '5')",
                "$sw = [Diagnostics.Stopwatch]::StartNew()",
                command,
                "$ms = $sw.Elapsed.TotalMilliseconds",
                "$peak = Kb 'VmHWM'",
                "[Console]::Out.WriteLine('ms=' + $ms.ToString([cultureinfo]::InvariantCulture) + ' beforeKb=' + $before + ' peakKb=' + $peak)",
            });
            return PwshProcess.Run(root, script).Figures;
        }

        private static void Add<TKey>(Dictionary<TKey, List<double>> map, TKey key, double value)
            where TKey : notnull
        {
            if (!map.TryGetValue(key, out List<double>? list))
            {
                map[key] = list = new List<double>();
            }

            list.Add(value);
        }

        private static double Mb(long bytes) => bytes / (1024.0 * 1024);

        private static double Mb(double bytes) => bytes / (1024.0 * 1024);
    }

    /// <summary>
    /// A widget made for the scale benchmark: New-AmoWidget's files (nine for one language), then generated ones up to the file count,
    /// the largest a tenth of the total bytes (at least half a megabyte) and the rest even: PNGs of random pixels in
    /// images/ (within AmoImageTooLarge's 300 KB), scripts and templates of repetitive text in js/ and templates/,
    /// random bytes in assets/. Every file is within the per-kind read caps; the same count gives the same files.
    /// </summary>
    internal sealed class GeneratedWidget
    {
        private GeneratedWidget(string folder, int files, long bytes, long largest)
        {
            Folder = folder;
            Files = files;
            Bytes = bytes;
            Largest = largest;
        }

        public string Folder { get; }

        public string Zip => Folder + ".zip";

        public int Files { get; }

        public long Bytes { get; }

        public long Largest { get; }

        public static GeneratedWidget Make(string folder, int files, long total)
        {
            AmoWidgetScaffold scaffold = AmoWidgetScaffolder.Plan(folder, new AmoWidgetScaffoldOptions
            {
                Name = "Scale",
                Locations = new[] { "lcard-1", "llist-1" },
                Locale = new[] { "en" },
                SupportEmail = "support@scale-bench.test",
                SupportLink = "https://scale-bench.test/support",
            });
            AmoWidgetScaffolder.Write(scaffold, folder, force: true);
            var random = new Random(files);
            int generated = files - scaffold.Files.Count;
            long left = total - scaffold.Files.Sum(f => (long)f.Content.Length);
            long big = Math.Max(total / 10, 512 * 1024);
            Write(folder, "assets/media.bin", Random(random, (int)big));
            left -= big;
            for (int i = 1; i < generated; i++)
            {
                int size = (int)Math.Max(1024, left / (generated - i));
                left -= size;
                switch (i % 4)
                {
                    case 0:
                        Write(folder, $"images/pic{i}.png", Png(random, Math.Min(size, 280 * 1024)));
                        break;
                    case 1:
                        Write(folder, $"js/module{i}.js", Text(random, size, "define('module{0}', [], function () {{ return {{ value: {1}, name: 'item {1}' }}; }});\n"));
                        break;
                    case 2:
                        Write(folder, $"templates/view{i}.twig", Text(random, size, "<div class=\"row row-{0}\">{{{{ lang.item_{1} }}}}</div>\n"));
                        break;
                    default:
                        Write(folder, $"assets/data{i}.bin", Random(random, size));
                        break;
                }
            }

            string[] all = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
            return new GeneratedWidget(folder, all.Length, all.Sum(f => new FileInfo(f).Length), all.Max(f => new FileInfo(f).Length));
        }

        private static void Write(string folder, string name, byte[] content)
        {
            string path = Path.Combine(folder, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
        }

        private static byte[] Random(Random random, int size)
        {
            var data = new byte[size];
            random.NextBytes(data);
            return data;
        }

        private static byte[] Text(Random random, int size, string line)
        {
            var text = new StringBuilder(size + 200);
            while (text.Length < size)
            {
                text.AppendFormat(System.Globalization.CultureInfo.InvariantCulture, line, random.Next(1000), random.Next(100000));
            }

            return Encoding.UTF8.GetBytes(text.ToString(0, size));
        }

        /// <summary>A square RGB PNG of random pixels, about <paramref name="size"/> bytes (random pixels do not compress).</summary>
        private static byte[] Png(Random random, int size)
        {
            int side = Math.Max(8, (int)Math.Sqrt(size / 3.0));
            var scanlines = new byte[side * (1 + side * 3)];
            random.NextBytes(scanlines);
            for (int row = 0; row < side; row++)
            {
                scanlines[row * (1 + side * 3)] = 0;
            }

            return PngWriter.Encode(side, side, scanlines);
        }
    }
}
