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
    /// api: Get-AmoWidgetPipeline for 100 widget codes, through the engine with the built module, against the loopback
    /// server enforcing 7 requests a second (answering 429 beyond it). The floor is 100/7 s; the goal is a wall time
    /// within 10% of it with no 429 reaching the user.
    /// </summary>
    public static class ApiBench
    {
        private const int Codes = 100;
        private const double Rate = 7;

        public static int Run(string[] args)
        {
            string module = FindModule();
            using AmoTestServer server = AmoTestServer.StartAsync(new TestServerOptions { RateLimit = Rate }).GetAwaiter().GetResult();
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

            // Start from a full server bucket, as a script that begins after a quiet second would.
            System.Threading.Thread.Sleep(1500);
            server.State.ResetStats();
            var clock = Stopwatch.StartNew();
            using PowerShell ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript("$codes | Get-AmoWidgetPipeline");
            Collection<PSObject> output = ps.Invoke();
            clock.Stop();

            ServerStats stats = server.State.Snapshot();
            int surfaced = ps.Streams.Error.Count(e => (e.FullyQualifiedErrorId ?? string.Empty).StartsWith("AmoApiRateLimited", StringComparison.Ordinal));
            double floor = Codes / Rate;
            double ratio = clock.Elapsed.TotalSeconds / floor;
            Console.WriteLine("api: Get-AmoWidgetPipeline x {0} codes, server limit {1} req/s (token bucket), client limiter {1} req/s", Codes, Rate);
            Console.WriteLine("  results            {0} objects, {1} errors", output.Count, ps.Streams.Error.Count);
            Console.WriteLine("  requests           {0} (widgets {1}, pipeline list {2})", stats.Requests,
                stats.ByRoute.GetValueOrDefault("GET /api/v4/widgets/{code}"), stats.ByRoute.GetValueOrDefault("GET /api/v4/leads/pipelines"));
            Console.WriteLine("  wall time          {0:0.000} s", clock.Elapsed.TotalSeconds);
            Console.WriteLine("  floor (100/7)      {0:0.000} s", floor);
            Console.WriteLine("  ratio              {0:0.000} ({1:+0.0;-0.0}% over the floor)", ratio, (ratio - 1) * 100);
            Console.WriteLine("  429 sent by server {0}", stats.TooManyRequestsSent);
            Console.WriteLine("  429 surfaced       {0}", surfaced);
            return output.Count == Codes && surfaced == 0 ? 0 : 1;
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
    }
}
