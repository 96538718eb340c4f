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

        [Fact]
        public void EveryExportedCmdletExists()
        {
            PsResult r = PsRunner.Run("(Get-Module AmoWidget).ExportedCmdlets.Keys").ShouldSucceed();
            Assert.NotEmpty(r.Output);
        }
    }
}
