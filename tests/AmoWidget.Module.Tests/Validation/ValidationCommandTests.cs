using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace AmoWidget.Tests.Validation
{
    /// <summary>Test-AmoManifest, Test-AmoWidget and Get-AmoRule in the engine, as a user runs them.</summary>
    [Collection("Engine")]
    public sealed class ValidationCommandTests
    {
        private static PsResult Run(string script, string folder) =>
            PsRunner.Run(script, new Dictionary<string, object?> { ["w"] = folder, ["root"] = Path.GetDirectoryName(folder) });

        private static string Docs(TempDir t, string name = "widget") => DocsWidget.Write(t.Combine(name));

        [Fact]
        public void TestAmoWidgetReturnsTrueForTheDocsWidgetEvenWithStrict()
        {
            using var t = new TempDir();
            PsResult r = Run("Test-AmoWidget $w; Test-AmoWidget -Path $w -Strict; @(Test-AmoWidget $w -Detailed).Count", Docs(t)).ShouldSucceed();
            Assert.Equal(new object[] { true, true, 0 }, r.Objects);
        }

        [Fact]
        public void TestAmoWidgetDetailedEmitsDiagnosticsWithLineAndColumn()
        {
            using var t = new TempDir();
            string w = Docs(t);
            DocsWidget.Edit(w, "manifest.json", "\"init_once\": false", "\"init_once\": \"Y\"");
            PsResult r = Run("Test-AmoWidget $w; Test-AmoWidget $w -Detailed", w).ShouldSucceed();
            Assert.Equal(false, r.Objects[0]);
            PSObject d = Assert.Single(r.Output.Skip(1));
            Assert.Equal("AmoWidget.AmoDiagnostic", d.TypeNames[0]);
            Assert.Equal("AmoFieldType", d.Properties["RuleName"].Value);
            Assert.Equal("Error", d.Properties["Severity"].Value.ToString());
            Assert.Equal("/widget/init_once", d.Properties["Path"].Value);
            Assert.Equal(8, d.Properties["Line"].Value);
            Assert.Equal(18, d.Properties["Column"].Value);
        }

        [Fact]
        public void WarningsFailOnlyWithStrictAndExcludeRuleTakesWildcards()
        {
            using var t = new TempDir();
            string w = Docs(t);
            DocsWidget.Edit(w, "manifest.json", "\"link\": \"https://support.my-widget.ru\",\n      \"email\": \"help@my-widget.ru\"", "\"url\": \"x\"");
            PsResult r = Run("Test-AmoWidget $w; Test-AmoWidget $w -Strict; Test-AmoWidget $w -Strict -ExcludeRule AmoSupportMissing; Test-AmoWidget $w -Strict -ExcludeRule 'amosupport*'", w).ShouldSucceed();
            Assert.Equal(new object[] { true, false, true, true }, r.Objects);
        }

        [Fact]
        public void AnUnknownExcludeRuleNameStopsTheCommand()
        {
            using var t = new TempDir();
            Run("Test-AmoWidget $w -ExcludeRule AmoNoSuchRule", Docs(t)).ShouldFailWith("RuleNotFound");
        }

        [Fact]
        public void PlatformChangesTheVerdict()
        {
            using var t = new TempDir();
            string w = Docs(t);
            File.Delete(Path.Combine(w, "script.js"));
            PsResult r = Run("Test-AmoWidget $w; Test-AmoWidget $w -Platform AmoCrm; (Test-AmoWidget $w -Platform Kommo -Detailed).Where{ $_.RuleName -eq 'AmoScriptMissing' }.Severity.ToString()", w).ShouldSucceed();
            Assert.Equal(new object[] { true, false, "Warning" }, r.Objects);
        }

        [Fact]
        public void AMissingPathIsAnErrorAndTheNextPathGoesOn()
        {
            using var t = new TempDir();
            string w = Docs(t);
            PsResult r = Run("Test-AmoWidget ([IO.Path]::Combine($root, 'nope')), $w", w);
            r.ShouldFailWith("PathNotFound");
            Assert.Equal(new object[] { true }, r.Objects);
        }

        [Fact]
        public void WildcardsExpandAndLiteralPathTakesThemAsWritten()
        {
            using var t = new TempDir();
            Docs(t, "w1");
            Docs(t, "w2");
            string odd = Docs(t, "w[3]");
            PsResult r = Run("@(Test-AmoWidget ([IO.Path]::Combine($root, 'w?'))).Count; Test-AmoWidget -LiteralPath $w", odd).ShouldSucceed();
            Assert.Equal(new object[] { 2, true }, r.Objects);
        }

        [Fact]
        public void FolderObjectsBindFromThePipelineByProperty()
        {
            using var t = new TempDir();
            Docs(t, "w1");
            Docs(t, "w2");
            PsResult r = Run("[IO.Directory]::GetDirectories($root).ForEach{ [IO.DirectoryInfo]::new($_) } | Test-AmoWidget", t.Combine("w1")).ShouldSucceed();
            Assert.Equal(new object[] { true, true }, r.Objects);
        }

        [Fact]
        public void TestAmoWidgetReadsAZipAndReportsItsLayout()
        {
            using var t = new TempDir();
            string w = Docs(t);
            DocsWidget.Zip(w, t.Combine("good.zip"));
            DocsWidget.Zip(w, t.Combine("nested.zip"), "widget/");
            PsResult r = Run("Test-AmoWidget ([IO.Path]::Combine($root, 'good.zip')); (Test-AmoWidget ([IO.Path]::Combine($root, 'nested.zip')) -Detailed).RuleName", w).ShouldSucceed();
            Assert.Equal(new object[] { true, "AmoArchiveNested" }, r.Objects);
        }

        [Fact]
        public void AZipBombIsRefusedAsAnError()
        {
            using var t = new TempDir();
            string w = Docs(t);
            byte[] bomb = new RawZipForModule().Bomb();
            File.WriteAllBytes(t.Combine("bomb.zip"), bomb);
            PsResult r = Run("Test-AmoWidget ([IO.Path]::Combine($root, 'bomb.zip')); 'next'", w);
            Assert.Equal(ErrorCategory.LimitsExceeded, r.ShouldFailWith("WidgetArchiveTooLarge").CategoryInfo.Category);
            Assert.Equal(new object[] { "next" }, r.Objects);
        }

        [Fact]
        public void AFileThatIsNotAZipIsAnError()
        {
            using var t = new TempDir();
            string w = Docs(t);
            File.WriteAllText(t.Combine("notes.zip"), "not a zip");
            Run("Test-AmoWidget ([IO.Path]::Combine($root, 'notes.zip'))", w).ShouldFailWith("WidgetArchiveInvalid");
        }

        [Fact]
        public void TestAmoManifestChecksFilesFoldersAndInvalidJsonAsFindings()
        {
            using var t = new TempDir();
            string w = Docs(t);
            File.WriteAllText(t.Combine("broken.json"), "{ \"widget\": ");
            PsResult r = Run("Test-AmoManifest ([IO.Path]::Combine($w, 'manifest.json')); Test-AmoManifest $w; $b = [IO.Path]::Combine($root, 'broken.json'); Test-AmoManifest $b; (Test-AmoManifest -LiteralPath $b -Detailed).RuleName", w).ShouldSucceed();
            Assert.Equal(new object[] { true, true, false, "AmoJsonInvalid" }, r.Objects);
        }

        [Fact]
        public void TestAmoManifestTakesDocumentsFromThePipeline()
        {
            using var t = new TempDir();
            string w = Docs(t);
            string text = File.ReadAllText(Path.Combine(w, "manifest.json")).Replace("\"interface_version\": 2", "\"interface_version\": 1");
            PsResult r = PsRunner.Run("$m = [AmoWidget.AmoManifest]::Parse($text, 'x/manifest.json'); $m | Test-AmoManifest -Detailed; Test-AmoManifest $m", "text", text).ShouldSucceed();
            Assert.Equal(false, r.Objects[1]);
            PSObject d = r.Output[0];
            Assert.Equal("AmoInterfaceVersion", d.Properties["RuleName"].Value);
            Assert.Equal("x/manifest.json", d.Properties["File"].Value);
        }

        [Fact]
        public void TestAmoManifestMissingPathIsAnError()
        {
            using var t = new TempDir();
            Run("Test-AmoManifest -LiteralPath ([IO.Path]::Combine($root, 'nope.json'))", Docs(t)).ShouldFailWith("PathNotFound");
        }

        [Fact]
        public void GetAmoRuleListsFiltersAndReportsUnknownNames()
        {
            PsResult r = PsRunner.Run("@(Get-AmoRule).Count; (Get-AmoRule AmoImage*).Name; (Get-AmoRule amoscriptmissing).Severity.ToString()").ShouldSucceed();
            Assert.True((int)r.Objects[0] >= 34);
            Assert.Equal(new object[] { "AmoImageMissing", "AmoImageSize", "AmoImageTooLarge", "AmoImageNotPng", "Warning" }, r.Objects.Skip(1).ToArray());
            PsRunner.Run("Get-AmoRule AmoNoSuchRule").ShouldFailWith("RuleNotFound");
        }

        [Fact]
        public void RuleNamesComplete()
        {
            List<(string Text, string Tip)> excluded = Completion.Complete("Test-AmoWidget ./w -ExcludeRule AmoArchiveZ");
            Assert.Equal("AmoArchiveZip64", Assert.Single(excluded).Text);
            Assert.Contains("Zip64", excluded[0].Tip);
            Assert.Contains("AmoImageSize", Completion.Texts("Get-AmoRule -Name AmoImage"));
            Assert.Contains("AmoJsonInvalid", Completion.Texts("Test-AmoManifest ./m.json -ExcludeRule "));
        }

        [Fact]
        public void DiagnosticsHaveAListViewAndRulesATableView()
        {
            using var t = new TempDir();
            string w = Docs(t);
            DocsWidget.Edit(w, "manifest.json", "\"init_once\": false", "\"init_once\": \"Y\"");
            (int code, string stdout, string stderr) = AmoWidget.Tests.Host.HostProcess.Run("-Command", $"Test-AmoWidget '{w}' -Detailed");
            Assert.True(code == 0, stderr);
            Assert.Matches(@"RuleName\s+: AmoFieldType", stdout);
            Assert.Matches(@"File\s+: \S*manifest\.json:8:18", stdout);
            (_, string rules, _) = AmoWidget.Tests.Host.HostProcess.Run("-Command", "Get-AmoRule AmoImage*");
            Assert.Contains("Area: Images", rules);
            Assert.Matches(@"Name\s+Severity\s+Description", rules);
            Assert.Contains("AmoImageSize", rules);
        }
    }

    /// <summary>A zip whose directory declares an 8 GB entry (a bomb's signature), written by hand.</summary>
    internal sealed class RawZipForModule
    {
        public byte[] Bomb()
        {
            using var output = new MemoryStream();
            var w = new BinaryWriter(output);
            byte[] name = System.Text.Encoding.ASCII.GetBytes("bomb.bin");
            w.Write(0x04034b50u); w.Write((ushort)45); w.Write((ushort)0); w.Write((ushort)0); w.Write(0u); w.Write(0u);
            w.Write(0u); w.Write(0u); w.Write((ushort)name.Length); w.Write((ushort)0); w.Write(name);
            long directory = output.Position;
            w.Write(0x02014b50u); w.Write((ushort)45); w.Write((ushort)45); w.Write((ushort)0); w.Write((ushort)0); w.Write(0u); w.Write(0u);
            w.Write(uint.MaxValue); w.Write(uint.MaxValue); w.Write((ushort)name.Length); w.Write((ushort)20); w.Write((ushort)0);
            w.Write((ushort)0); w.Write((ushort)0); w.Write(0u); w.Write(0u); w.Write(name);
            w.Write((ushort)1); w.Write((ushort)16); w.Write(8UL * 1024 * 1024 * 1024); w.Write(100UL);
            long end = output.Position;
            w.Write(0x06054b50u); w.Write((ushort)0); w.Write((ushort)0); w.Write((ushort)1); w.Write((ushort)1);
            w.Write((uint)(end - directory)); w.Write((uint)directory); w.Write((ushort)0);
            w.Flush();
            return output.ToArray();
        }
    }
}
