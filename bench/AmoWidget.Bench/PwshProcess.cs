using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace AmoWidget.Bench
{
    /// <summary>
    /// A fresh pwsh as a user starts it on a machine with only the .NET SDK: <c>dotnet pwsh</c>, the PowerShell the
    /// repository pins as a dotnet local tool (dotnet-tools.json; <c>dotnet tool restore</c> first), run from the
    /// repository root so that the tool manifest is found. Its wall time includes the dotnet host resolving the tool.
    /// </summary>
    public static class PwshProcess
    {
        public static ProcessStartInfo StartInfo(string root, string command)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = root,
            };
            foreach (string a in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", command })
            {
                start.ArgumentList.Add(a);
            }

            return start;
        }

        /// <summary>
        /// Runs a command in a fresh pwsh and returns the figures it printed as one line of <c>name=value</c> pairs
        /// starting with <c>ms=</c>, with the wall time of the whole process; InvalidOperationException when it fails.
        /// </summary>
        public static (Dictionary<string, double> Figures, double WallMs) Run(string root, string command)
        {
            ProcessStartInfo start = StartInfo(root, command);
            var clock = Stopwatch.StartNew();
            using Process process = Process.Start(start)!;
            System.Threading.Tasks.Task<string> error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            clock.Stop();
            string? line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("ms=", StringComparison.Ordinal));
            if (process.ExitCode != 0 || line == null)
            {
                throw new InvalidOperationException($"pwsh failed ({process.ExitCode}): {error.Result.Trim()} {output.Trim()}");
            }

            var figures = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (string pair in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                figures[pair.Substring(0, eq)] = double.Parse(pair.Substring(eq + 1), CultureInfo.InvariantCulture);
            }

            return (figures, clock.Elapsed.TotalMilliseconds);
        }

        /// <summary>A PowerShell single-quoted string literal.</summary>
        public static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
    }
}
