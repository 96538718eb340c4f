using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace AmoWidget.Tests.Host
{
    /// <summary>The Host program as a user runs it: a separate process, its streams and exit code.</summary>
    public sealed class HostTests
    {
        [Fact]
        public void CommandOutputGoesThroughTheEnginesFormattingAsPlainTextWhenRedirected()
        {
            (int code, string stdout, string stderr) = HostProcess.Run("-Command", "Get-Module AmoWidget");
            Assert.Equal(0, code);
            Assert.Contains("ModuleType", stdout);
            Assert.Contains("AmoWidget", stdout);
            Assert.DoesNotContain("\u001b[", stdout);
            Assert.Equal(string.Empty, stderr.Trim());
        }

        [Fact]
        public void AFailingCommandPrintsToStandardErrorAndExitsOne()
        {
            (int code, string stdout, string stderr) = HostProcess.Run("-Command", "'before'; throw 'it broke'");
            Assert.Equal(1, code);
            Assert.Contains("before", stdout);
            Assert.Contains("it broke", stderr);
        }

        [Fact]
        public void AScriptGetsItsArgumentsAndItsExitCodeIsKept()
        {
            using var t = new TempDir();
            string script = t.Combine("s.ps1");
            File.WriteAllText(script, "param($a, $b)\n\"$a+$b\"\nexit 3\n");
            (int code, string stdout, _) = HostProcess.Run("-File", script, "x", "y");
            Assert.Equal(3, code);
            Assert.Contains("x+y", stdout);
        }

        [Fact]
        public void NoArgumentsIsAUsageError()
        {
            (int code, _, string stderr) = HostProcess.Run();
            Assert.Equal(2, code);
            Assert.Contains("-Command", stderr);
        }

        [Fact]
        public void AMissingModuleIsReportedNotThrown()
        {
            (int code, _, string stderr) = HostProcess.Run("-Module", "/nonexistent/AmoWidget.psd1", "-Command", "1");
            Assert.Equal(2, code);
            Assert.Contains("module was not found", stderr);
            Assert.DoesNotContain("   at ", stderr);
        }
    }

    /// <summary>Starts the built AmoWidget.Host of the same configuration as this test run.</summary>
    public static class HostProcess
    {
#if DEBUG
        private const string Configuration = "Debug";
#else
        private const string Configuration = "Release";
#endif

        public static string HostDll => Path.Combine(Repo.Root, "src", "AmoWidget.Host", "bin", Configuration, "net10.0", "AmoWidget.Host.dll");

        public static (int Code, string Stdout, string Stderr) Run(params string[] args)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = Repo.Root,
            };
            info.ArgumentList.Add(HostDll);
            foreach (string a in args)
            {
                info.ArgumentList.Add(a);
            }

            using Process p = Process.Start(info)!;
            p.StandardInput.Close();
            var stderrTask = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(120_000))
            {
                p.Kill(true);
                throw new TimeoutException("AmoWidget.Host did not finish within 120 s.");
            }

            return (p.ExitCode, stdout, stderrTask.Result);
        }
    }
}
