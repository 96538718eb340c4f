using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace AmoWidget.Tests
{
    [Collection("Engine")]
    public sealed class ModuleTests
    {
        [Fact]
        public void TestModuleManifestPassesInTheEngine()
        {
            PsResult r = PsRunner.Run("Test-ModuleManifest -Path $p", "p", Repo.ModuleManifest).ShouldSucceed();
            PSObject info = Assert.Single(r.Output);
            Assert.Equal("AmoWidget", info.Properties["Name"].Value);
        }

        [Fact]
        public void ModuleVersionIsStampedFromTheAssemblyVersion()
        {
            PsResult r = PsRunner.Run("$m = Get-Module AmoWidget; '{0}|{1}' -f $m.Version, [AmoWidget.ModuleInitializer].Assembly.GetName().Version").ShouldSucceed();
            string[] parts = r.Output.Single().ToString().Split('|');
            Assert.StartsWith(parts[0], parts[1]);
        }

        [Fact]
        public void ThirdPartyAssembliesShipInDependenciesOnly()
        {
            string module = Path.GetDirectoryName(Repo.ModuleManifest)!;
            string[] top = Directory.GetFiles(module, "*.dll").Select(Path.GetFileName).OrderBy(n => n).ToArray()!;
            Assert.Equal(new[] { "AmoWidget.Core.dll", "AmoWidget.dll" }, top);
            string deps = Path.Combine(module, "dependencies");
            Assert.True(File.Exists(Path.Combine(deps, "Newtonsoft.Json.dll")));
            Assert.True(File.Exists(Path.Combine(deps, "RestSharp.dll")));
            Assert.True(File.Exists(Path.Combine(deps, "NJsonSchema.dll")));
            Assert.False(File.Exists(Path.Combine(deps, "System.Management.Automation.dll")));
        }

        /// <summary>The cmdlet names of CMDLETS.md: users' scripts depend on them, so the module exports exactly these.</summary>
        private static readonly string[] ContractCmdlets =
        {
            "New-AmoManifest", "Import-AmoManifest", "Export-AmoManifest", "Set-AmoManifest", "Step-AmoManifestVersion",
            "Get-AmoLocation", "Add-AmoLocation", "Remove-AmoLocation", "Add-AmoSetting", "Remove-AmoSetting",
            "Set-AmoDigitalPipeline", "Add-AmoDpSetting", "Set-AmoAdvancedSettings", "Add-AmoSalesbotHandler",
            "Test-AmoManifest", "Test-AmoWidget", "Get-AmoRule", "New-AmoWidget", "Compress-AmoWidget",
            "Connect-AmoAccount", "Disconnect-AmoAccount", "Get-AmoAccount", "Get-AmoWidget", "Get-AmoWidgetPipeline",
            "Get-AmoPipeline", "Install-AmoWidget", "Uninstall-AmoWidget", "Invoke-AmoRestMethod",
            "Start-AmoWidgetServer", "Get-AmoWidgetServer", "Stop-AmoWidgetServer", "Send-AmoDpWebhook", "Send-AmoSalesbotRequest",
            "Send-AmoSmsRequest", "Export-AmoDiagnostic", "Assert-AmoWidget",
        };

        [Fact]
        public void TheModuleExportsExactlyTheContractsCmdlets()
        {
            PsResult r = PsRunner.Run("(Get-Command -Module AmoWidget).Name").ShouldSucceed();
            Assert.Equal(ContractCmdlets.OrderBy(n => n), r.Output.Where(o => o != null).Select(o => o.ToString()).OrderBy(n => n));
        }

        [Fact]
        public void EveryCmdletIsACompiledCmdletWithAnOutputType()
        {
            PsResult r = PsRunner.Run("Get-Command -Module AmoWidget | Where-Object { $_.CommandType -ne 'Cmdlet' -or $_.OutputType.Count -eq 0 } | ForEach-Object Name").ShouldSucceed();
            Assert.Empty(r.Output);
        }
    }
}
