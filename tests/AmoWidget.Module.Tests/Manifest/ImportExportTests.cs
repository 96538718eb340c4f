using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Management.Automation;
using Xunit;
using static AmoWidget.Tests.ManifestScripts;

namespace AmoWidget.Tests
{
    [Collection("Engine")]
    public sealed class ImportExportTests
    {
        private const string Small = "{\n  \"widget\": {\"name\": \"a\", \"version\": \"1.0.0\"},\n  \"locations\": [\"lcard-1\"]\n}\n";

        [Fact]
        public void AMissingPathIsPathNotFoundAndTheNextPathGoesOn()
        {
            using var t = new TempDir();
            Write(t.Combine("b", "manifest.json"), Small);
            PsResult r = RunIn(t.Path, "(Import-AmoManifest ./missing.json, ./b).Name");
            ErrorRecord e = r.ShouldFailWith("PathNotFound");
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
            Assert.Null(r.Terminating);
            Assert.Equal(new[] { "a" }, r.Output.Select(o => o.ToString()));

            PsResult literal = RunIn(t.Path, "Import-AmoManifest -LiteralPath ./missing.json");
            literal.ShouldFailWith("PathNotFound");
        }

        [Fact]
        public void AFolderWithoutManifestIsManifestNotFound()
        {
            using var t = new TempDir();
            Directory.CreateDirectory(t.Combine("empty"));
            RunIn(t.Path, "Import-AmoManifest ./empty").ShouldFailWith("ManifestNotFound");
        }

        [Fact]
        public void InvalidJsonIsManifestJsonInvalidWithLineAndColumnAndTheNextPathGoesOn()
        {
            using var t = new TempDir();
            Write(t.Combine("bad", "manifest.json"), "{\n  \"widget\": {\n    \"name\": \"a\",\n  }\n}\n");
            Write(t.Combine("good", "manifest.json"), Small);
            PsResult r = RunIn(t.Path, "(Import-AmoManifest ./bad, ./good).Name");
            ErrorRecord e = r.ShouldFailWith("ManifestJsonInvalid");
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
            Assert.Contains("manifest.json:4:3", e.Exception.Message);
            Assert.Equal(new[] { "a" }, r.Output.Select(o => o.ToString()));
        }

        [Fact]
        public void AZipThatIsNotAZipIsArchiveInvalid()
        {
            using var t = new TempDir();
            Write(t.Combine("widget.zip"), "this is not a zip");
            RunIn(t.Path, "Import-AmoManifest ./widget.zip").ShouldFailWith("ArchiveInvalid");
        }

        [Fact]
        public void AManifestFromAZipIsReadOnlyUntilExportedToAPath()
        {
            using var t = new TempDir();
            using (ZipArchive zip = ZipFile.Open(t.Combine("widget.zip"), ZipArchiveMode.Create))
            {
                using StreamWriter w = new StreamWriter(zip.CreateEntry("manifest.json").Open());
                w.Write(Small);
            }

            PsResult r = RunIn(t.Path, "Import-AmoManifest ./widget.zip | Add-AmoLocation settings | Export-AmoManifest");
            Assert.Equal(ErrorCategory.InvalidOperation, r.ShouldFailWith("ManifestReadOnly").CategoryInfo.Category);

            PsResult copy = RunIn(t.Path, "(Import-AmoManifest ./widget.zip | Export-AmoManifest ./copy -PassThru).Path").ShouldSucceed();
            Assert.Equal(t.Combine("copy", "manifest.json"), copy.Output.Single().ToString());
            Assert.Equal(Small, Read(t.Combine("copy", "manifest.json")));
        }

        [Fact]
        public void ANewManifestNeedsAPath()
        {
            PsResult r = PsRunner.Run("New-AmoManifest | Export-AmoManifest");
            Assert.Equal(ErrorCategory.InvalidArgument, r.ShouldFailWith("ExportPathRequired").CategoryInfo.Category);
        }

        [Fact]
        public void AFolderPathMeansItsManifestJsonAndMissingFoldersAreCreated()
        {
            using var t = new TempDir();
            Directory.CreateDirectory(t.Combine("existing"));
            PsResult r = RunIn(t.Path, @"
$m = New-AmoManifest
Export-AmoManifest $m ./existing
Export-AmoManifest $m ./new/deep/
$m | Export-AmoManifest ./fresh -PassThru | ForEach-Object Path").ShouldSucceed();
            Assert.True(File.Exists(t.Combine("existing", "manifest.json")));
            Assert.True(File.Exists(t.Combine("new", "deep", "manifest.json")));
            Assert.Equal(t.Combine("fresh", "manifest.json"), r.Output.Single().ToString());
        }

        [Fact]
        public void AnExistingOtherFileNeedsForceAndNoClobberRefusesEvenWithForce()
        {
            using var t = new TempDir();
            string target = Write(t.Combine("w", "manifest.json"), "keep me");
            PsResult r = RunIn(t.Path, "New-AmoManifest | Export-AmoManifest ./w");
            ErrorRecord e = r.ShouldFailWith("FileExists");
            Assert.Equal(ErrorCategory.ResourceExists, e.CategoryInfo.Category);
            Assert.Equal("keep me", Read(target));

            RunIn(t.Path, "New-AmoManifest | Export-AmoManifest ./w -Force -NoClobber").ShouldFailWith("FileExists");
            Assert.Equal("keep me", Read(target));

            RunIn(t.Path, "New-AmoManifest | Export-AmoManifest ./w -Force").ShouldSucceed();
            Assert.Contains("\"interface_version\": 2", Read(target));
        }

        [Fact]
        public void TheOwnSourceIsOverwrittenWithoutForceButNotWithNoClobber()
        {
            using var t = new TempDir();
            string target = Write(t.Combine("w", "manifest.json"), Small);
            RunIn(t.Path, "Import-AmoManifest ./w | Step-AmoManifestVersion | Export-AmoManifest").ShouldSucceed();
            Assert.Contains("1.0.1", Read(target));
            RunIn(t.Path, "Import-AmoManifest ./w | Step-AmoManifestVersion | Export-AmoManifest -NoClobber").ShouldFailWith("FileExists");
            Assert.Contains("1.0.1", Read(target));
        }

        [Fact]
        public void AReadOnlyFileNeedsForceAndStaysReadOnly()
        {
            using var t = new TempDir();
            string target = Write(t.Combine("w", "manifest.json"), Small);
            File.SetAttributes(target, FileAttributes.ReadOnly);
            PsResult r = RunIn(t.Path, "Import-AmoManifest ./w | Step-AmoManifestVersion | Export-AmoManifest");
            Assert.Equal(ErrorCategory.PermissionDenied, r.ShouldFailWith("FileReadOnly").CategoryInfo.Category);
            Assert.Equal(Small, Read(target));

            RunIn(t.Path, "Import-AmoManifest ./w | Step-AmoManifestVersion | Export-AmoManifest -Force").ShouldSucceed();
            Assert.Contains("1.0.1", Read(target));
            Assert.True((File.GetAttributes(target) & FileAttributes.ReadOnly) != 0);
            File.SetAttributes(target, FileAttributes.Normal);
        }

        [Fact]
        public void WhatIfWritesNothing()
        {
            using var t = new TempDir();
            string own = Write(t.Combine("w", "manifest.json"), Small);
            PsResult r = RunIn(t.Path, "New-AmoManifest | Export-AmoManifest ./new/manifest.json -WhatIf -PassThru; Import-AmoManifest ./w | Step-AmoManifestVersion | Export-AmoManifest -WhatIf").ShouldSucceed();
            Assert.Empty(r.Output);
            Assert.False(Directory.Exists(t.Combine("new")));
            Assert.Equal(Small, Read(own));
            Assert.Single(Directory.GetFiles(t.Combine("w")));
        }

        [Fact]
        public void TheWriteLeavesNoTemporaryFileAndTheManifestPointsAtTheWrittenFile()
        {
            using var t = new TempDir();
            PsResult r = RunIn(t.Path, "$m = New-AmoManifest; 1..3 | ForEach-Object { $m | Export-AmoManifest ./w -Force }; $m.Path").ShouldSucceed();
            Assert.Equal(t.Combine("w", "manifest.json"), r.Output.Single().ToString());
            Assert.Equal(new[] { "manifest.json" }, Directory.GetFileSystemEntries(t.Combine("w")).Select(Path.GetFileName));
        }

        [Fact]
        public void ABomIsReadAndWrittenBackWithoutIt()
        {
            using var t = new TempDir();
            string file = t.Combine("w", "manifest.json");
            Directory.CreateDirectory(t.Combine("w"));
            File.WriteAllBytes(file, new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(Small)).ToArray());
            RunIn(t.Path, "Import-AmoManifest ./w | Export-AmoManifest").ShouldSucceed();
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(Small), File.ReadAllBytes(file));
        }

        [Fact]
        public void WildcardsResolveThroughTheProviderAndAreNotErrorsWhenNothingMatches()
        {
            using var t = new TempDir();
            Write(t.Combine("w1", "manifest.json"), Small);
            Write(t.Combine("w2", "manifest.json"), Small.Replace("\"a\"", "\"b\""));
            PsResult r = RunIn(t.Path, "(Import-AmoManifest ./w*/manifest.json).Name; Import-AmoManifest ./none*").ShouldSucceed();
            Assert.Equal(new[] { "a", "b" }, r.Output.Select(o => o.ToString()));
        }

        [Fact]
        public void LiteralPathTakesBracketsAsTheyAre()
        {
            using var t = new TempDir();
            Write(t.Combine("w[1]", "manifest.json"), Small);
            PsResult r = RunIn(t.Path, "(Import-AmoManifest -LiteralPath './w[1]').Name").ShouldSucceed();
            Assert.Equal("a", r.Output.Single().ToString());
        }

        [Fact]
        public void FileInfoObjectsAndObjectsWithPSPathPipeInByPropertyName()
        {
            using var t = new TempDir();
            string a = Write(t.Combine("w1", "manifest.json"), Small);
            string b = Write(t.Combine("w2", "manifest.json"), Small.Replace("\"a\"", "\"b\""));
            PsResult files = PsRunner.Run("([IO.FileInfo[]]@($a, $b) | Import-AmoManifest).Name", new System.Collections.Generic.Dictionary<string, object?> { ["a"] = a, ["b"] = b }).ShouldSucceed();
            Assert.Equal(new[] { "a", "b" }, files.Output.Select(o => o.ToString()));

            PsResult folders = PsRunner.Run("([IO.DirectoryInfo]$a | Import-AmoManifest).Name", "a", t.Combine("w2")).ShouldSucceed();
            Assert.Equal("b", folders.Output.Single().ToString());

            PsResult psPath = PsRunner.Run("([pscustomobject]@{ PSPath = 'Microsoft.PowerShell.Core\\FileSystem::' + $a } | Import-AmoManifest).Path", "a", a).ShouldSucceed();
            Assert.Equal(a, psPath.Output.Single().ToString());
        }

        [Fact]
        public void ExportedManifestsAreUtf8WithoutBomAndKeepNonAsciiText()
        {
            using var t = new TempDir();
            RunIn(t.Path, "New-AmoManifest -Name 'Виджет «тест» ✓' | Export-AmoManifest ./w").ShouldSucceed();
            byte[] bytes = File.ReadAllBytes(t.Combine("w", "manifest.json"));
            Assert.Equal((byte)'{', bytes[0]);
            Assert.Contains("\"name\": \"Виджет «тест» ✓\"", Read(t.Combine("w", "manifest.json")));
        }
    }
}
