using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmoWidget.TestServer;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AmoWidget.Tests.Api
{
    /// <summary>
    /// Refresh-token rotation across real OS processes: each one is the engine host (AmoWidget.Host) running
    /// Connect-AmoAccount on a shared token cache, as two scheduled scripts on one machine would.
    /// </summary>
    [Collection("Engine")]
    public sealed class TokenRotationProcessTests
    {
        private const string Script =
            "$s = [Net.NetworkCredential]::new('', 'amowidget-test-secret').SecurePassword\n"
            + "$r = [Net.NetworkCredential]::new('', 'only-used-without-a-cache').SecurePassword\n"
            + "$c = Connect-AmoAccount -BaseUri {0} -ClientId amowidget-test-client -ClientSecret $s -RedirectUri https://example.com/oauth -RefreshToken $r -TokenCachePath '{1}'\n"
            + "'pipeline=' + (Get-AmoWidgetPipeline test_widget_003).PipelineName";

        private static string HostDll
        {
            get
            {
                string config = AppContext.BaseDirectory.Contains(Path.DirectorySeparatorChar + "Release" + Path.DirectorySeparatorChar) ? "Release" : "Debug";
                return Path.Combine(Repo.Root, "src", "AmoWidget.Host", "bin", config, "net10.0", "AmoWidget.Host.dll");
            }
        }

        private static Process Start(AmoTestServer server, string cache, int saveDelayMs)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(HostDll);
            info.ArgumentList.Add("-Module");
            info.ArgumentList.Add(Repo.ModuleManifest);
            info.ArgumentList.Add("-Command");
            info.ArgumentList.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, Script, server.BaseUri.ToString().TrimEnd('/'), cache));
            info.Environment["AMOWIDGET_TEST_TOKEN_SAVE_DELAY_MS"] = saveDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Process.Start(info)!;
        }

        private static (int Code, string Out, string Err) Finish(Process p)
        {
            Task<string> output = p.StandardOutput.ReadToEndAsync();
            Task<string> error = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(120000), "the host did not finish");
            return (p.ExitCode, output.Result, error.Result);
        }

        /// <summary>A cache holding a pair the server has issued, whose access token the server no longer accepts.</summary>
        private static string SeedCache(AmoTestServer server, TempDir temp)
        {
            (string access, string refresh) = server.State.IssueTokenPair();
            server.State.ExpireAccessTokens();
            string cache = temp.Combine("tokens.json");
            File.WriteAllText(cache, new JObject
            {
                ["access_token"] = access,
                ["refresh_token"] = refresh,
                ["expires_at"] = DateTimeOffset.UtcNow.AddHours(12).ToUnixTimeSeconds(),
            }.ToString());
            return cache;
        }

        [Fact]
        public async Task TwoProcessesRefreshingAtOnceKeepAWorkingPair()
        {
            await using AmoTestServer server = await AmoTestServer.StartAsync(new TestServerOptions { RateLimit = 0, RefreshTokenReuse = RefreshTokenReuse.Strict });
            using var temp = new TempDir();
            string cache = SeedCache(server, temp);

            // The save delay keeps the first refresher inside the lock while the second one's 401 arrives.
            Process[] processes = { Start(server, cache, 1500), Start(server, cache, 1500) };
            (int Code, string Out, string Err)[] results = processes.Select(Finish).ToArray();

            foreach ((int code, string output, string error) in results)
            {
                Assert.True(code == 0, "host failed: " + output + error);
                Assert.Contains("pipeline=Воронка", output);
            }

            ServerStats stats = server.State.Snapshot();
            Assert.Equal(0, stats.RevokedTokenReuses);
            Assert.Equal(1, stats.TokenExchanges);
            string refresh = (string)JObject.Parse(File.ReadAllText(cache))["refresh_token"]!;
            Assert.True(server.State.IsRefreshTokenUsable(refresh), "the cached refresh token must still work");
            Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
        }

        [Fact]
        public async Task ACrashBetweenReceivingAndSavingLosesNothing()
        {
            await using AmoTestServer server = await AmoTestServer.StartAsync(new TestServerOptions { RateLimit = 0, RefreshTokenReuse = RefreshTokenReuse.UntilSuccessorUsed });
            using var temp = new TempDir();
            string cache = SeedCache(server, temp);
            string before = File.ReadAllText(cache);

            using (Process doomed = Start(server, cache, 60000))
            {
                var clock = Stopwatch.StartNew();
                while (server.State.Snapshot().TokenExchanges == 0 && clock.Elapsed < TimeSpan.FromSeconds(60))
                {
                    Thread.Sleep(20);
                }

                Assert.Equal(1, server.State.Snapshot().TokenExchanges);
                doomed.Kill(true);
                doomed.WaitForExit();
            }

            // The server rotated, the process died before saving: the cache still holds the old pair, which still works.
            Assert.Equal(before, File.ReadAllText(cache));
            (int code, string output, string error) = Finish(Start(server, cache, 0));
            Assert.True(code == 0, "host failed: " + output + error);
            Assert.Contains("pipeline=Воронка", output);
            string saved = (string)JObject.Parse(File.ReadAllText(cache))["refresh_token"]!;
            Assert.True(server.State.IsRefreshTokenUsable(saved));
            Assert.Equal(0, server.State.Snapshot().RevokedTokenReuses);
        }
    }
}
