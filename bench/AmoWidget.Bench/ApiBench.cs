using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using AmoWidget.TestServer;

namespace AmoWidget.Bench
{
    /// <summary>
    /// api [rounds]: Get-AmoWidgetPipeline for 100 widget codes, through the engine with the built module, against the
    /// loopback server limiting at 7 requests a second with each limiter model (token bucket, sliding window, fixed
    /// window aligned to the second), the models taken in turn in each round. Each run gets a fresh server and a fresh
    /// runspace and starts after a quiet second and a half, so every limiter starts empty.
    /// <para>
    /// The floor is what a perfect client could do against that model: with N the requests the server received
    /// (100 widgets and the pipeline list, 101), n = 7 per window of w = 1 s, and the last request sent at the
    /// earliest moment the model admits it, from the first request's arrival:
    /// token bucket (n deep, starts full): (N - n) / 7;
    /// sliding window: floor((N - 1) / n) * w;
    /// fixed window: floor((N - 1) / n) * w - phase, the phase being how far into its window the first request came.
    /// The goal: 0 HTTP 429 sent by the server and a wall time at most 1.10 times the floor, for each model.
    /// </para>
    /// </summary>
    public static class ApiBench
    {
        private const int Codes = 100;
        private const double Rate = 7;
        private const double Goal = 1.10;

        public static int Run(string[] args)
        {
            int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
            string module = FindModule();
            var models = new[] { LimiterModel.TokenBucket, LimiterModel.SlidingWindow, LimiterModel.FixedWindow };
            var results = models.ToDictionary(m => m, m => new List<Result>());
            for (int round = 0; round < rounds; round++)
            {
                foreach (LimiterModel model in models)
                {
                    results[model].Add(RunOnce(module, model));
                }
            }

            Console.WriteLine("api: Get-AmoWidgetPipeline x {0} codes, server limit {1} req/s, client -RequestsPerSecond {1}, {2} round(s)", Codes, Rate, rounds);
            Console.WriteLine("  {0,-14} {1,8} {2,9} {3,9} {4,7} {5,9} {6,9}", "model", "requests", "wall s", "floor s", "ratio", "429 sent", "surfaced");
            bool met = true;
            foreach (LimiterModel model in models)
            {
                foreach (Result r in results[model])
                {
                    Console.WriteLine("  {0,-14} {1,8} {2,9:0.000} {3,9:0.000} {4,7:0.000} {5,9} {6,9}", model, r.Requests, r.Wall, r.Floor, r.Wall / r.Floor, r.Sent429, r.Surfaced);
                    met &= r.Sent429 == 0 && r.Surfaced == 0 && r.Objects == Codes && r.Wall / r.Floor <= Goal;
                }

                if (rounds > 1)
                {
                    double[] ratios = results[model].Select(r => r.Wall / r.Floor).OrderBy(x => x).ToArray();
                    Console.WriteLine("  {0,-14} median ratio {1:0.000}", model, ratios[ratios.Length / 2]);
                }
            }

            Console.WriteLine(met ? "  goal met: 0 HTTP 429 and at most {0:0.00} x the floor for every model" : "  goal NOT met (0 HTTP 429 and at most {0:0.00} x the floor for every model)", Goal);
            return met ? 0 : 1;
        }

        private static Result RunOnce(string module, LimiterModel model)
        {
            using AmoTestServer server = AmoTestServer.StartAsync(new TestServerOptions { RateLimit = Rate, Limiter = model }).GetAwaiter().GetResult();
            InitialSessionState iss = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows())
            {
                iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            }

            iss.ImportPSModule(new[] { module });
            using Runspace runspace = RunspaceFactory.CreateRunspace(iss);
            runspace.Open();
            var token = new System.Security.SecureString();
            foreach (char c in server.AccessToken)
            {
                token.AppendChar(c);
            }

            runspace.SessionStateProxy.SetVariable("uri", server.BaseUri);
            runspace.SessionStateProxy.SetVariable("token", token);
            runspace.SessionStateProxy.SetVariable("codes", Enumerable.Range(1, Codes).Select(i => "test_widget_" + i.ToString("000", CultureInfo.InvariantCulture)).ToArray());
            Invoke(runspace, "$null = Connect-AmoAccount -BaseUri $uri -AccessToken $token");

            // A quiet second and a half: every limiter is empty (the bucket full) when the run starts.
            System.Threading.Thread.Sleep(1500);
            server.State.ResetStats();
            var clock = Stopwatch.StartNew();
            using PowerShell ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript("$codes | Get-AmoWidgetPipeline");
            Collection<PSObject> output = ps.Invoke();
            clock.Stop();

            ServerStats stats = server.State.Snapshot();
            return new Result
            {
                Requests = stats.Requests,
                Wall = clock.Elapsed.TotalSeconds,
                Floor = Floor(model, stats.Requests, stats.FirstRequestAt!.Value),
                Sent429 = stats.TooManyRequestsSent,
                Surfaced = ps.Streams.Error.Count(e => (e.FullyQualifiedErrorId ?? string.Empty).StartsWith("AmoApiRateLimited", StringComparison.Ordinal)),
                Objects = output.Count,
            };
        }

        /// <summary>The perfect client's time from the first request's arrival to the last request's send (see the type).</summary>
        private static double Floor(LimiterModel model, int requests, DateTimeOffset firstArrival)
        {
            int depth = (int)Math.Floor(Rate);
            double window = depth / Rate;
            int fullWindows = (requests - 1) / depth;
            switch (model)
            {
                case LimiterModel.TokenBucket:
                    return Math.Max(0, requests - depth) / Rate;
                case LimiterModel.SlidingWindow:
                    return fullWindows * window;
                default:
                    double seconds = firstArrival.ToUnixTimeMilliseconds() / 1000.0 / window;
                    double phase = seconds - Math.Floor(seconds);
                    return fullWindows == 0 ? 0 : (fullWindows - phase) * window;
            }
        }

        private static void Invoke(Runspace runspace, string script)
        {
            using PowerShell ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript(script);
            ps.Invoke();
            if (ps.HadErrors)
            {
                throw new InvalidOperationException(string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
            }
        }

        private static string FindModule()
        {
            for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string psd1 = Path.Combine(dir.FullName, "out", "AmoWidget", "AmoWidget.psd1");
                if (File.Exists(Path.Combine(dir.FullName, "AmoWidget.sln")) && File.Exists(psd1))
                {
                    return psd1;
                }
            }

            throw new InvalidOperationException("out/AmoWidget/AmoWidget.psd1 not found above " + AppContext.BaseDirectory + "; build the module first.");
        }

        private sealed class Result
        {
            public int Requests { get; set; }

            public double Wall { get; set; }

            public double Floor { get; set; }

            public int Sent429 { get; set; }

            public int Surfaced { get; set; }

            public int Objects { get; set; }
        }
    }
}
