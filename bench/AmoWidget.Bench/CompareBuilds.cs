using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Loader;

namespace AmoWidget.Bench
{
    /// <summary>
    /// `compare A B`: two builds of AmoWidget.Core (two folders, each with its AmoWidget.Core.dll and dependencies),
    /// loaded side by side in their own AssemblyLoadContexts, running AmoValidator.ValidateManifest over the corpus
    /// manifests in alternating rounds (A, B, A, B...) on one pinned core; prints each side's µs per manifest and the
    /// median of the per-round time ratios A / B (above 1: B is faster). A change's own effect, with the machine's
    /// drift cancelled out round by round.
    /// </summary>
    internal static class CompareBuilds
    {
        private const double WarmSeconds = 3;
        private const double RoundSeconds = 1;

        public static int Run(string[] args)
        {
            int rounds = 11;
            var folders = new List<string>();
            for (int i = 1; i < args.Length; i++)
            {
                if (args[i] == "--rounds" && i + 1 < args.Length && int.TryParse(args[i + 1], out int n) && n > 0)
                {
                    rounds = n;
                    i++;
                }
                else
                {
                    folders.Add(Path.GetFullPath(args[i]));
                }
            }

            if (folders.Count != 2 || folders.Any(f => !File.Exists(Path.Combine(f, "AmoWidget.Core.dll"))))
            {
                Console.Error.WriteLine("usage: compare <folder of build A> <folder of build B> [--rounds N]; each folder holds an AmoWidget.Core.dll (dotnet build src/AmoWidget.Core -c Release -o <folder>)");
                return 2;
            }

            string corpus = Repo.Corpus(Repo.Root());
            string[] files = Directory.GetFiles(corpus, "manifest.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            byte[][] texts = files.Select(File.ReadAllBytes).ToArray();
            int? pinned = CorePin.PinToOneCore(out string why);
            Console.WriteLine($"compare: {DateTime.UtcNow:u}, {files.Length} corpus manifests, {rounds} rounds of {RoundSeconds} s per side after {WarmSeconds} s of warm-up, {(pinned is int core ? $"pinned to core {core}" : $"not pinned ({why})")}, load average {SpeedBench.LoadAverage()}");
            Func<byte[], string, object> a = Load(folders[0]);
            Func<byte[], string, object> b = Load(folders[1]);
            Round(a, texts, files, WarmSeconds);
            Round(b, texts, files, WarmSeconds);
            var timesA = new List<double>();
            var timesB = new List<double>();
            var ratios = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                double x = Round(a, texts, files, RoundSeconds);
                double y = Round(b, texts, files, RoundSeconds);
                timesA.Add(x);
                timesB.Add(y);
                ratios.Add(x / y);
            }

            Console.WriteLine($"    A {folders[0]}: µs per manifest {Spread.Of(timesA).Show("0.000")}");
            Console.WriteLine($"    B {folders[1]}: µs per manifest {Spread.Of(timesB).Show("0.000")}");
            Console.WriteLine($"    time A / time B per round: {Spread.Of(ratios).Show("0.000")}   (above 1: B is faster)");
            return 0;
        }

        /// <summary>AmoValidator.ValidateManifest(byte[], string, options: null) of the build in <paramref name="folder"/>, as a compiled call.</summary>
        private static Func<byte[], string, object> Load(string folder)
        {
            var context = new AssemblyLoadContext("AmoWidget.Core at " + folder, isCollectible: false);
            context.Resolving += (loader, name) =>
            {
                string path = Path.Combine(folder, name.Name + ".dll");
                return File.Exists(path) ? loader.LoadFromAssemblyPath(path) : null;
            };
            Assembly core = context.LoadFromAssemblyPath(Path.Combine(folder, "AmoWidget.Core.dll"));
            MethodInfo validate = core.GetType("AmoWidget.AmoValidator", throwOnError: true)!.GetMethods()
                .Single(m => m.Name == "ValidateManifest" && m.GetParameters()[0].ParameterType == typeof(byte[]));
            ParameterExpression bytes = Expression.Parameter(typeof(byte[]));
            ParameterExpression file = Expression.Parameter(typeof(string));
            MethodCallExpression call = Expression.Call(validate, bytes, file, Expression.Constant(null, validate.GetParameters()[2].ParameterType));
            return Expression.Lambda<Func<byte[], string, object>>(Expression.Convert(call, typeof(object)), bytes, file).Compile();
        }

        /// <summary>Runs the corpus for about <paramref name="seconds"/> and returns the µs per manifest.</summary>
        private static double Round(Func<byte[], string, object> validate, byte[][] texts, string[] files, double seconds)
        {
            long manifests = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                for (int i = 0; i < texts.Length; i++)
                {
                    validate(texts[i], files[i]);
                }

                manifests += texts.Length;
            }

            return clock.Elapsed.TotalMilliseconds * 1000 / manifests;
        }
    }
}
