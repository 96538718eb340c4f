using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using AmoWidget.Validation;
using AmoWidget.Validation.Rules;
using AmoWidget.Widget;

namespace AmoWidget.Bench
{
    /// <summary>
    /// Where a moderation check's time goes on one widget folder: the steps of the moderation pass (ModerationRules)
    /// done one kind at a time over the widget's files and timed apart, beside the whole plain and moderation checks.
    /// Each figure is the median (and the least) of the rounds, after three rounds of warm-up; the steps are the core's
    /// own (the folder reader, the code sorting, the parse, the rules' walk), only their grouping is the bench's.
    /// </summary>
    public static class ModerationSplit
    {
        public static int Run(string[] args)
        {
            string folder = args[1];
            int rounds = args.Length > 3 && args[2] == "--rounds" ? int.Parse(args[3]) : 31;
            var times = new Dictionary<string, List<double>>();
            void Add(string step, double ms)
            {
                if (!times.TryGetValue(step, out List<double>? list))
                {
                    times[step] = list = new List<double>();
                }

                list.Add(ms);
            }

            var plain = new AmoValidationOptions();
            var moderation = new AmoValidationOptions { Moderation = true };
            long codeBytes = 0;
            int handWritten = 0;
            for (int round = 0; round < rounds + 3; round++)
            {
                var watch = Stopwatch.StartNew();
                AmoValidator.ValidateWidget(folder, plain);
                double plainMs = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                AmoValidator.ValidateWidget(folder, moderation);
                double moderationMs = watch.Elapsed.TotalMilliseconds;

                using var source = new FolderSource(folder);
                watch.Restart();
                List<string> files = source.AllFiles().ToList();
                double list = watch.Elapsed.TotalMilliseconds;

                watch.Restart();
                var code = new List<(string Name, byte[] Data)>();
                foreach (string name in files)
                {
                    string extension = ModerationRules.Extension(name);
                    if (ModerationTextRules.TextExtensions.Contains(extension) && source.Read(name, AmoReadLimits.TextBytes, _ => { }) is byte[] data && extension == ".js")
                    {
                        code.Add((name, data));
                    }
                }

                double read = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                foreach (string name in files.Where(n => ModerationImageRules.IsImage(ModerationRules.Extension(n))))
                {
                    source.ReadPrefix(name, ModerationImageRules.ChunkPrefixBytes);
                }

                double images = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                var own = new List<(string Name, string Code)>();
                foreach ((string name, byte[] data) in code)
                {
                    if (ModerationRules.IsVendoredByName(name))
                    {
                        continue;
                    }

                    (int lines, int longest) = ModerationRules.Lines(data);
                    if (data.Length > ModerationRules.MinifiedMinimumLength && (data.Length / Math.Max(1, lines) > ModerationRules.MinifiedAverageLine || longest > ModerationRules.MinifiedLongestLine))
                    {
                        continue;
                    }

                    string text = Encoding.UTF8.GetString(data);
                    if (ModerationRules.Classify(name, text) == CodeKind.HandWritten)
                    {
                        own.Add((name, text));
                    }
                }

                double sort = watch.Elapsed.TotalMilliseconds;
                double parse = 0, walk = 0;
                watch.Restart();
                ScriptAnalyzer.OnParserStack(() => { });
                double thread = watch.Elapsed.TotalMilliseconds;
                ScriptAnalyzer.OnParserStack(() =>
                {
                    foreach ((string name, string text) in own)
                    {
                        var step = Stopwatch.StartNew();
                        ScriptTree? tree = ScriptAnalyzer.ParseTreeHere(text, new ScriptFacts());
                        parse += step.Elapsed.TotalMilliseconds;
                        step.Restart();
                        if (tree != null)
                        {
                            ModerationScriptRules.Check(new ValidationRun(moderation), name, tree, _ => true);
                        }

                        walk += step.Elapsed.TotalMilliseconds;
                    }
                });

                codeBytes = own.Sum(o => (long)Encoding.UTF8.GetByteCount(o.Code));
                handWritten = own.Count;
                if (round < 3)
                {
                    continue;
                }

                Add("plain check", plainMs);
                Add("moderation check", moderationMs);
                Add("list every file", list);
                Add("read text files", read);
                Add("image headers", images);
                Add("sort code (measure, decode)", sort);
                Add("parser thread start", thread);
                Add("parse hand-written .js", parse);
                Add("rules' walk (+ comments)", walk);
            }

            Console.WriteLine($"widget: {folder}; {handWritten} hand-written .js files, {codeBytes / 1024} KB (script.js included)");
            foreach (KeyValuePair<string, List<double>> step in times)
            {
                List<double> sorted = step.Value.OrderBy(v => v).ToList();
                Console.WriteLine($"{step.Key,-30} median {sorted[sorted.Count / 2],7:F2} ms   least {sorted[0],7:F2} ms");
            }

            double leastParse = times["parse hand-written .js"].Min();
            Console.WriteLine($"parse speed (least time): {codeBytes / 1024.0 / leastParse:F1} KB/ms; load average: {System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b)}");
            return 0;
        }
    }
}
