using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using AmoWidget.TestServer;
using Xunit;

namespace AmoWidget.Tests.Api
{
    /// <summary>One loopback server for the class; its faults and counters are reset before each test.</summary>
    public sealed class ApiServerFixture : IDisposable
    {
        public ApiServerFixture() => Server = AmoTestServer.StartAsync(new TestServerOptions { RateLimit = 7 }).GetAwaiter().GetResult();

        public AmoTestServer Server { get; }

        public void Dispose() => Server.Dispose();
    }

    /// <summary>The account API cmdlets in the engine, with the built module, against the real loopback server.</summary>
    [Collection("Engine")]
    public sealed class ApiCmdletTests : IClassFixture<ApiServerFixture>
    {
        private const string Connect = "$c = Connect-AmoAccount -BaseUri $uri -AccessToken $token\n";
        private readonly AmoTestServer _server;

        public ApiCmdletTests(ApiServerFixture fixture)
        {
            _server = fixture.Server;
            _server.State.ClearFaults();
            _server.State.ResetStats();
        }

        internal static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (char c in text)
            {
                s.AppendChar(c);
            }

            return s;
        }

        private PsResult Run(string script, string? token = null) => PsRunner.Run(script, new Dictionary<string, object?>
        {
            ["uri"] = _server.BaseUri,
            ["token"] = Secure(token ?? _server.AccessToken),
        });

        private static object? Prop(PSObject o, string name) => o.Properties[name]?.Value;

        [Fact]
        public void WidgetPipelinesByValueAndByPropertyName()
        {
            PsResult r = Run(Connect + "'test_widget_003','amo_dropbox' | Get-AmoWidgetPipeline\n[pscustomobject]@{ Code = 'test_widget_009' } | Get-AmoWidgetPipeline").ShouldSucceed();
            Assert.Equal(3, r.Output.Count);
            PSObject bound = r.Output[0];
            Assert.Equal("test_widget_003", Prop(bound, "Code"));
            Assert.Equal(true, Prop(bound, "IsLeadSource"));
            Assert.Equal(3177727L, Prop(bound, "PipelineId"));
            Assert.Equal("Воронка", Prop(bound, "PipelineName"));
            PSObject notSource = r.Output[1];
            Assert.Equal(false, Prop(notSource, "IsLeadSource"));
            Assert.Null(Prop(notSource, "PipelineId"));
            Assert.Null(Prop(notSource, "PipelineName"));
            Assert.Equal("test_widget_009", Prop(r.Output[2], "Code"));
            Assert.Equal(1, _server.State.Snapshot().ByRoute["GET /api/v4/leads/pipelines"]);
        }

        [Fact]
        public void AnUnknownWidgetIsAnErrorAndThePipelineGoesOn()
        {
            PsResult r = Run(Connect + "'nope','test_widget_006' | Get-AmoWidgetPipeline");
            ErrorRecord e = r.ShouldFailWith("AmoApiNotFound");
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
            Assert.Equal("nope", e.TargetObject);
            Assert.Equal("test_widget_006", Prop(r.Output.Last(), "Code"));
        }

        [Fact]
        public void GetAmoWidgetPagesFiltersAndMatchesWildcards()
        {
            PsResult r = Run(Connect + "$all = Get-AmoWidget; $all.Count\n(Get-AmoWidget -InstalledOnly).Count -eq $all.Where{ $_.IsActiveInAccount }.Count\n(Get-AmoWidget 'amo_*').Code -join ','").ShouldSucceed();
            Assert.Equal(300, r.Output[0].BaseObject);
            Assert.Equal(true, r.Output[1].BaseObject);
            Assert.Equal("amo_dropbox,amo_mailchimp,amo_asterisk", r.Output[2].BaseObject);
            // Three listings (all, installed, wildcard), each two pages of 250.
            Assert.Equal(6, _server.State.Snapshot().ByRoute["GET /api/v4/widgets"]);
        }

        [Fact]
        public void LenientFieldsArriveAsSent()
        {
            PsResult r = Run(Connect + "$w = Get-AmoWidget amo_dropbox; $w.Rating; $null -eq $w.PipelineId; $w.GetType().FullName").ShouldSucceed();
            Assert.Equal("2,8", r.Output[0].BaseObject);
            Assert.Equal(true, r.Output[1].BaseObject);
            Assert.Equal("AmoWidget.AmoWidgetInfo", r.Output[2].BaseObject);
        }

        [Fact]
        public void PipelinesAndAnUnknownId()
        {
            PsResult r = Run(Connect + "(Get-AmoPipeline).Name -join ','\n(Get-AmoPipeline 3177727).Statuses.Count\nGet-AmoPipeline 999");
            Assert.Equal("Воронка,Партнёры", r.Output[0].BaseObject);
            Assert.Equal(5, r.Output[1].BaseObject);
            Assert.Equal(ErrorCategory.ObjectNotFound, r.ShouldFailWith("AmoApiNotFound").CategoryInfo.Category);
        }

        [Fact]
        public void AccountAndConnectionObjects()
        {
            PsResult r = Run(Connect + "Get-AmoAccount\n$c.GetType().FullName\n$c.AccountName").ShouldSucceed();
            Assert.Equal(12345678L, Prop(r.Output[0], "Id"));
            Assert.Equal("AmoWidget.AmoConnection", r.Output[1].BaseObject);
            Assert.Equal("example", r.Output[2].BaseObject);
        }

        [Fact]
        public void WithoutAConnectionItSaysToConnect()
        {
            ErrorRecord e = Run("Get-AmoWidget amo_dropbox").ShouldFailWith("AmoNotConnected");
            Assert.Equal(ErrorCategory.InvalidOperation, e.CategoryInfo.Category);
        }

        [Fact]
        public void AWrongTokenIsUnauthorizedAndNeverPrinted()
        {
            PsResult r = Run(Connect + "'unreached'", "secret-token-text-123");
            ErrorRecord e = r.ShouldFailWith("AmoApiUnauthorized");
            Assert.Equal(ErrorCategory.AuthenticationError, e.CategoryInfo.Category);
            Assert.DoesNotContain("secret-token-text-123", r.AllText());
        }

        [Fact]
        public void NoTokenTextInAnyStream()
        {
            _server.State.AddFault(new Fault { Kind = FaultKind.TooManyRequestsJson, PathPrefix = "/api/v4/widgets/", RetryAfterBody = 0 });
            PsResult r = Run(Connect + "$c; $c.ToString(); Get-AmoWidgetPipeline amo_dropbox, nope -Verbose -Debug\nGet-AmoAccount | Out-String\n$c | Out-String").ShouldFailWithAndReturn("AmoApiNotFound");
            Assert.NotEmpty(r.Verbose);
            Assert.DoesNotContain(_server.AccessToken, r.AllText());
            Assert.DoesNotContain(_server.AccessToken, string.Join("\n", r.Output.Select(o => o.BaseObject.ToString())));
        }

        [Fact]
        public void ConnectionTargetsAreValidated()
        {
            Assert.Equal(ErrorCategory.InvalidArgument, Run("Connect-AmoAccount -Subdomain 'evil.com/x' -AccessToken $token").ShouldFailWith("AmoSubdomainInvalid").CategoryInfo.Category);
            Assert.Equal(ErrorCategory.SecurityError, Run("Connect-AmoAccount -BaseUri http://example.amocrm.ru -AccessToken $token").ShouldFailWith("AmoBaseUriInsecure").CategoryInfo.Category);
            Run("Connect-AmoAccount -AccessToken $token").ShouldFailWith("AmoConnectionTargetInvalid");
            Run("Connect-AmoAccount -BaseUri 'http://127.0.0.1:1/x?y' -AccessToken $token").ShouldFailWith("AmoBaseUriInvalid");
        }

        [Fact]
        public void DisconnectClosesTheConnection()
        {
            PsResult r = Run(Connect + "Disconnect-AmoAccount\n$c.IsConnected\nGet-AmoAccount -Connection $c");
            Assert.Equal(false, r.Output.Last().BaseObject);
            r.ShouldFailWith("AmoConnectionClosed");
            Run("Disconnect-AmoAccount").ShouldSucceed();
        }

        [Theory]
        [InlineData(FaultKind.TooManyRequestsJson)]
        [InlineData(FaultKind.TooManyRequestsHtml)]
        [InlineData(FaultKind.BadGateway)]
        [InlineData(FaultKind.ServiceUnavailable)]
        [InlineData(FaultKind.GatewayTimeout)]
        [InlineData(FaultKind.Drop)]
        public void TransientFaultsAreRetriedAndNotSurfaced(FaultKind kind)
        {
            _server.State.AddFault(new Fault { Kind = kind, PathPrefix = "/api/v4/widgets/", RetryAfterBody = 0 });
            PsResult r = Run(Connect + "Get-AmoWidgetPipeline test_widget_003 -Verbose").ShouldSucceed();
            Assert.Equal("Воронка", Prop(r.Output.Last(), "PipelineName"));
            Assert.Contains(r.Verbose, v => v.Contains("retry 1 of"));
            Assert.Equal(2, _server.State.Snapshot().ByRoute["GET /api/v4/widgets/{code}"]);
        }

        [Fact]
        public void ForbiddenHtmlIsPermissionDenied()
        {
            _server.State.AddFault(new Fault { Kind = FaultKind.ForbiddenHtml, PathPrefix = "/api/v4/widgets/" });
            ErrorRecord e = Run(Connect + "Get-AmoWidget amo_dropbox").ShouldFailWith("AmoApiBlocked");
            Assert.Equal(ErrorCategory.PermissionDenied, e.CategoryInfo.Category);
        }

        [Fact]
        public void RateLimitedBeyondRetriesIsLimitsExceeded()
        {
            _server.State.AddFault(new Fault { Kind = FaultKind.TooManyRequestsJson, PathPrefix = "/api/v4/widgets/", RetryAfterBody = 3600 });
            ErrorRecord e = Run(Connect + "Get-AmoWidget amo_dropbox").ShouldFailWith("AmoApiRateLimited");
            Assert.Equal(ErrorCategory.LimitsExceeded, e.CategoryInfo.Category);
        }

        [Fact]
        public void A500IsServerError()
        {
            _server.State.AddFault(new Fault { Kind = FaultKind.InternalServerError, PathPrefix = "/api/v4/widgets/" });
            Run(Connect + "Get-AmoWidget amo_dropbox").ShouldFailWith("AmoApiServerError");
        }

        [Fact]
        public void TruncatedJsonIsResponseInvalid()
        {
            _server.State.AddFault(new Fault { Kind = FaultKind.TruncatedJson, PathPrefix = "/api/v4/widgets/" });
            Run(Connect + "Get-AmoWidget amo_dropbox").ShouldFailWith("AmoApiResponseInvalid");
        }

        [Fact]
        public void ASlowAnswerTimesOut()
        {
            _server.State.AddFault(new Fault { Kind = FaultKind.Slow, PathPrefix = "/api/v4/widgets/", DelayMs = 4000 });
            ErrorRecord e = Run("$c = Connect-AmoAccount -BaseUri $uri -AccessToken $token -TimeoutSec 1\nGet-AmoWidget amo_dropbox").ShouldFailWith("AmoApiTimeout");
            Assert.Equal(ErrorCategory.OperationTimeout, e.CategoryInfo.Category);
        }

        [Fact]
        public void StopProcessingCancelsTheRequestInFlight()
        {
            _server.State.AddFault(new Fault { Kind = FaultKind.Slow, PathPrefix = "/api/v4/widgets/", DelayMs = 20000 });
            using var runspace = System.Management.Automation.Runspaces.RunspaceFactory.CreateRunspace(
                System.Management.Automation.Runspaces.InitialSessionState.CreateDefault2());
            runspace.Open();
            using PowerShell ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript("Import-Module $m; Connect-AmoAccount -BaseUri $uri -AccessToken $token | Out-Null; Get-AmoWidget amo_dropbox");
            runspace.SessionStateProxy.SetVariable("m", Repo.ModuleManifest);
            runspace.SessionStateProxy.SetVariable("uri", _server.BaseUri);
            runspace.SessionStateProxy.SetVariable("token", Secure(_server.AccessToken));
            IAsyncResult running = ps.BeginInvoke();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (_server.State.Snapshot().ByRoute.GetValueOrDefault("GET /api/v4/widgets/{code}") == 0 && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                System.Threading.Thread.Sleep(20);
            }

            ps.Stop();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "stopped after " + clock.Elapsed);
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        }

        [Fact]
        public void InstallWhatIfSendsNoInstall()
        {
            PsResult r = Run(Connect + "Install-AmoWidget amo_dropbox -WhatIf\nUninstall-AmoWidget amo_dropbox -WhatIf").ShouldSucceed();
            ServerStats s = _server.State.Snapshot();
            Assert.Equal(0, s.InstallPosts);
            Assert.Equal(0, s.Deletes);
            Assert.Equal(1, s.ByRoute["GET /api/v4/widgets/{code}"]);
        }

        [Fact]
        public void MissingRequiredSettingsAreReportedBeforeAnythingIsSent()
        {
            ErrorRecord e = Run(Connect + "Install-AmoWidget amo_asterisk -Settings @{ login = 'x' } -Confirm:$false").ShouldFailWith("AmoWidgetSettingRequired");
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.Equal(0, _server.State.Snapshot().InstallPosts);
            Run(Connect + "Install-AmoWidget amo_asterisk -Settings @{ login = 'x'; password = 'p'; phones = 'not-a-map'; script_path = 'https://e.x/' } -Confirm:$false")
                .ShouldFailWith("AmoWidgetSettingInvalid");
            Assert.Equal(0, _server.State.Snapshot().InstallPosts);
        }

        [Fact]
        public void InstallShapesUsersAndUninstallDeletes()
        {
            PsResult r = Run(Connect + "$p = [Net.NetworkCredential]::new('', 'eXaMp1E').SecurePassword\n"
                + "$w = Install-AmoWidget amo_asterisk -Settings @{ login = 'example'; password = $p; phones = @{ 504141 = 1039 }; script_path = 'https://example.com/' } -Confirm:$false\n"
                + "$w.IsActiveInAccount; $w.Settings.phones.'504141'; $w.Settings.password.GetType().Name\n"
                + "Uninstall-AmoWidget amo_asterisk -Confirm:$false\n(Get-AmoWidget amo_asterisk).IsActiveInAccount").ShouldSucceed();
            Assert.Equal(new object[] { true, "1039", "SecureString", false }, r.Output.Select(o => o.BaseObject).ToArray());
            Assert.DoesNotContain("eXaMp1E", r.AllText());
            Assert.Equal(1, _server.State.Snapshot().InstallPosts);
            Assert.Equal(1, _server.State.Snapshot().Deletes);
        }

        [Theory]
        [InlineData(FaultKind.DropAfterHandling, "AmoApiConnectionFailed")]
        [InlineData(FaultKind.BadGatewayAfterHandling, "AmoApiServerError")]
        public void RetriesNeverDuplicateAnInstall(FaultKind kind, string errorId)
        {
            _server.State.AddFault(new Fault { Kind = kind, Method = "POST", Times = 5 });
            Run(Connect + "Install-AmoWidget amo_dropbox -Confirm:$false").ShouldFailWith(errorId);
            Assert.Equal(1, _server.State.Snapshot().InstallPosts);
        }

        [Fact]
        public void InvokeAmoRestMethodPagesAndTreats204AsNothing()
        {
            PsResult r = Run(Connect + "@(Invoke-AmoRestMethod GET /api/v4/widgets -All).Count\n@(Invoke-AmoRestMethod GET /api/v4/widgets -Query @{ page = 9; limit = 250 }).Count\n(Invoke-AmoRestMethod -Path api/v4/account).name").ShouldSucceed();
            Assert.Equal(new object[] { 300, 0, "example" }, r.Output.Select(o => o.BaseObject).ToArray());
        }

        [Fact]
        public void InvokeAmoRestMethodListsValidationErrors()
        {
            ErrorRecord e = Run(Connect + "Invoke-AmoRestMethod POST /api/v4/widgets/amo_asterisk -Body @{ login = 'x' } -Confirm:$false").ShouldFailWith("AmoApiValidationFailed");
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
            Assert.Contains("password", e.Exception.Message);
            Run(Connect + "Invoke-AmoRestMethod GET https://evil.example/api/v4/account").ShouldFailWith("AmoApiPathInvalid");
            Run(Connect + "Invoke-AmoRestMethod POST /api/v4/leads -All -Confirm:$false").ShouldFailWith("AmoApiAllNeedsGet");
        }

        [Fact]
        public void WidgetCodesComplete()
        {
            PsResult r = Run(Connect + "$line = 'Get-AmoWidgetPipeline -Code amo_d'\n[System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null).CompletionMatches.CompletionText").ShouldSucceed();
            Assert.Equal("amo_dropbox", r.Output.Last().BaseObject);
        }

        [Fact]
        public void EveryOutputTypeHasATableView()
        {
            PsResult r = Run("$v = [System.Management.Automation.Runspaces.Runspace]::DefaultRunspace.InitialSessionState.Formats\n"
                + "'AmoConnection','AmoAccountInfo','AmoWidgetInfo','AmoWidgetPipeline','AmoPipeline' | ForEach-Object { $n = \"AmoWidget.$_\"; [bool](Get-FormatData -TypeName $n -ErrorAction SilentlyContinue) }");
            Assert.All(r.Output.Select(o => o.BaseObject), b => Assert.Equal(true, b));
        }
    }

    internal static class PsResultExtensions
    {
        public static PsResult ShouldFailWithAndReturn(this PsResult r, string errorId)
        {
            r.ShouldFailWith(errorId);
            return r;
        }
    }
}
