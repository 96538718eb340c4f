using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Management.Automation;
using AmoWidget.Tests.Package;
using Xunit;

namespace AmoWidget.Tests
{
    [Collection("Engine")]
    public sealed class PackageCmdletTests
    {
        /// <summary>Addresses for the blocks that need one, so that nothing is a placeholder.</summary>
        private const string Addresses = "-SupportEmail dev@amowidget.test -SmsEndpoint https://widgets.amowidget.test/sms -MobileFrameUrl https://widgets.amowidget.test/mobile";

        /// <summary>Every location of the module's catalog with its platforms, read through the engine.</summary>
        public static IEnumerable<object[]> EveryLocation =>
            PsRunner.Run("[AmoWidget.AmoLocationCatalog]::All.ForEach{ '{0}|{1}' -f $_.Name, $_.Platforms }").ShouldSucceed()
                .Output.Select(o => o.ToString().Split('|')).Select(p => new object[] { p[0], p[1] });

        [Theory]
        [MemberData(nameof(EveryLocation))]
        public void EachLocationRoundTripsThroughCompressAndTest(string location, string platforms)
        {
            string locale = platforms == "Kommo" ? "en, es, pt, tr, id" : "ru, en";
            string platform = platforms == "Kommo" ? "Kommo" : platforms == "AmoCrm" ? "AmoCrm" : "Any";
            using var t = new TempDir();
            PsResult r = PsRunner.Run($@"
$w = [IO.Path]::Combine($root, 'w')
$null = New-AmoWidget $w -Location {location} -Locale {locale} {Addresses}
$zip = Compress-AmoWidget $w
$zip.FullName
Test-AmoWidget $w -Strict -Platform {platform}
Test-AmoWidget $zip.FullName -Strict -Platform {platform}
@(Test-AmoWidget $zip.FullName -Detailed -Platform {platform}).Where{{ $_.Severity -ne 'Information' }}.ForEach{{ $_.ToString() }}
", "root", t.Path).ShouldSucceed();

            Assert.Equal(t.Combine("widget.zip"), r.Output[0].ToString());
            Assert.True(r.Output.Count == 3 && (bool)r.Output[1].BaseObject && (bool)r.Output[2].BaseObject, r.AllText());
            // card_sdk alone gets lcard-0 added, and says so; nothing else warns.
            Assert.Equal(location == "card_sdk" ? 1 : 0, r.Warnings.Count);
        }

        [Fact]
        public void TheIssuesExampleGivesAZipThatPassesStrictly()
        {
            using var t = new TempDir();
            PsResult r = PsRunner.Run(@"
$null = $ExecutionContext.SessionState.Path.SetLocation($root)
$null = New-AmoWidget ./w -Location lcard,llist,digital_pipeline,advanced_settings,catalogs,lead_sources,settings -SupportEmail dev@amowidget.test
$zip = Compress-AmoWidget ./w
Test-AmoWidget $zip.FullName -Strict
", "root", t.Path).ShouldSucceed();
            Assert.Equal(true, r.Output.Last().BaseObject);
            Assert.True(File.Exists(t.Combine("widget.zip")));
        }

        [Fact]
        public void TwoCompressionsOfOneFolderGiveIdenticalBytes()
        {
            using var t = new TempDir();
            PsRunner.Run(@"
$w = [IO.Path]::Combine($root, 'w')
$null = New-AmoWidget $w -Location lcard, digital_pipeline, widget_page -SupportEmail dev@amowidget.test
$null = Compress-AmoWidget $w ([IO.Path]::Combine($root, 'a.zip'))
[IO.File]::SetLastWriteTimeUtc([IO.Path]::Combine($w, 'script.js'), [datetime]::UtcNow.AddDays(-2))
$null = Compress-AmoWidget $w ([IO.Path]::Combine($root, 'b.zip'))
", "root", t.Path).ShouldSucceed();

            byte[] a = File.ReadAllBytes(t.Combine("a.zip"));
            byte[] b = File.ReadAllBytes(t.Combine("b.zip"));
            Assert.True(a.Length > 1000);
            Assert.Equal(a, b);
        }

        [Fact]
        public void EntriesSitAtTheRootWithSlashesAndJunkIsLeftOut()
        {
            using var t = new TempDir();
            PsRunner.Run(@"
$w = [IO.Path]::Combine($root, 'w')
$null = New-AmoWidget $w -SupportEmail dev@amowidget.test
foreach ($junk in '.DS_Store', '__MACOSX/x', 'node_modules/x/index.js', '.git/config', 'old.zip', '.hidden', 'images/.DS_Store') {
    $file = [IO.Path]::Combine($w, $junk)
    $null = [IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($file))
    [IO.File]::WriteAllText($file, 'junk')
}
$null = Compress-AmoWidget $w
", "root", t.Path).ShouldSucceed();

            using ZipArchive zip = ZipFile.OpenRead(t.Combine("widget.zip"));
            string[] names = zip.Entries.Select(e => e.FullName).ToArray();
            Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
            Assert.Contains("manifest.json", names);
            Assert.Contains("images/logo_main.png", names);
            Assert.Contains("i18n/ru.json", names);
            Assert.All(names, n => Assert.DoesNotContain('\\', n));
            Assert.All(names, n => Assert.DoesNotContain(n.Split('/'), part => part.StartsWith('.') || part == "__MACOSX" || part == "node_modules" || part.EndsWith(".zip")));
            Assert.Equal(9, names.Length);
        }

        [Fact]
        public void AFolderWithAnInvalidManifestIsRefusedAndNoZipIsWritten()
        {
            using var t = new TempDir();
            PsResult r = PsRunner.Run(@"
$w = [IO.Path]::Combine($root, 'w')
$null = New-AmoWidget $w -SupportEmail dev@amowidget.test
$manifest = [IO.Path]::Combine($w, 'manifest.json')
[IO.File]::WriteAllText($manifest, [IO.File]::ReadAllText($manifest).Replace('""interface_version"": 2', '""interface_version"": 1').Replace('""lcard-1""', '""lcrad""'))
Compress-AmoWidget $w
", "root", t.Path);

            r.ShouldFailWith("WidgetInvalid");
            Assert.True(r.Errors.Count >= 2, r.AllText());
            Assert.All(r.Errors, e => Assert.Equal("WidgetInvalid", PsResult.ErrorId(e)));
            Assert.Empty(r.Output);
            Assert.False(File.Exists(t.Combine("widget.zip")));
            Assert.Empty(Directory.GetFiles(t.Path));
        }

        [Fact]
        public void SkipValidationPacksAnInvalidFolder()
        {
            using var t = new TempDir();
            Directory.CreateDirectory(t.Combine("w"));
            Directory.CreateDirectory(t.Combine("out"));
            File.WriteAllText(t.Combine("w", "manifest.json"), "{ not json");
            PsRunner.Run("Compress-AmoWidget ([IO.Path]::Combine($root, 'w'))", "root", t.Path).ShouldFailWith("WidgetInvalid");

            PsResult r = PsRunner.Run("Compress-AmoWidget ([IO.Path]::Combine($root, 'w')) ([IO.Path]::Combine($root, 'out')) -SkipValidation", "root", t.Path).ShouldSucceed();
            Assert.Equal(t.Combine("out", "widget.zip"), ((FileInfo)r.Output.Single().BaseObject).FullName);
            using ZipArchive zip = ZipFile.OpenRead(t.Combine("out", "widget.zip"));
            Assert.Equal("manifest.json", Assert.Single(zip.Entries).FullName);
        }

        [Fact]
        public void AnExistingZipNeedsForce()
        {
            using var t = new TempDir();
            File.WriteAllText(t.Combine("widget.zip"), "old");
            PsResult r = PsRunner.Run(@"
$w = [IO.Path]::Combine($root, 'w')
$null = New-AmoWidget $w -SupportEmail dev@amowidget.test
Compress-AmoWidget $w
", "root", t.Path);
            r.ShouldFailWith("FileExists");
            Assert.Equal("old", File.ReadAllText(t.Combine("widget.zip")));

            PsRunner.Run("Compress-AmoWidget ([IO.Path]::Combine($root, 'w')) -Force", "root", t.Path).ShouldSucceed();
            Assert.Equal((byte)'P', File.ReadAllBytes(t.Combine("widget.zip"))[0]);
        }

        [Fact]
        public void ANonEmptyFolderIsRefusedWithoutForce()
        {
            using var t = new TempDir();
            File.WriteAllText(t.Combine("notes.txt"), "mine");
            PsRunner.Run("New-AmoWidget $root", "root", t.Path).ShouldFailWith("FolderNotEmpty");
            Assert.Equal(new[] { t.Combine("notes.txt") }, Directory.GetFileSystemEntries(t.Path));

            PsResult r = PsRunner.Run("New-AmoWidget $root -Force -SupportEmail dev@amowidget.test", "root", t.Path).ShouldSucceed();
            Assert.Equal(t.Path, ((DirectoryInfo)r.Output.Single().BaseObject).FullName);
            Assert.Equal("mine", File.ReadAllText(t.Combine("notes.txt")));
            Assert.True(File.Exists(t.Combine("manifest.json")));
        }

        [Fact]
        public void WhatIfWritesNothing()
        {
            using var t = new TempDir();
            PsResult r = PsRunner.Run(@"
$w = [IO.Path]::Combine($root, 'w')
New-AmoWidget $w -Location lcard, digital_pipeline -WhatIf
$null = New-AmoWidget ([IO.Path]::Combine($root, 'real')) -SupportEmail dev@amowidget.test
Compress-AmoWidget ([IO.Path]::Combine($root, 'real')) -WhatIf
", "root", t.Path).ShouldSucceed();
            Assert.Empty(r.Output);
            Assert.False(Directory.Exists(t.Combine("w")));
            Assert.False(File.Exists(t.Combine("widget.zip")));
            Assert.Equal(new[] { t.Combine("real") }, Directory.GetFileSystemEntries(t.Path));
        }

        [Fact]
        public void EveryPngHasItsDocumentedSizeAndDecodes()
        {
            using var t = new TempDir();
            PsRunner.Run("$null = New-AmoWidget $root -Location digital_pipeline -SupportEmail dev@amowidget.test", "root", t.Path).ShouldSucceed();
            var expected = new Dictionary<string, (int, int)>
            {
                ["logo.png"] = (130, 100),
                ["logo_main.png"] = (400, 272),
                ["logo_medium.png"] = (240, 84),
                ["logo_min.png"] = (84, 84),
                ["logo_small.png"] = (108, 108),
                ["logo_dp.png"] = (174, 109),
            };
            string[] files = Directory.GetFiles(t.Combine("images")).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;
            Assert.Equal(expected.Keys.OrderBy(n => n, StringComparer.Ordinal), files);
            foreach ((string name, (int w, int h) size) in expected)
            {
                byte[] png = File.ReadAllBytes(t.Combine("images", name));
                Assert.True(png.Length < 300 * 1024);
                (int width, int height, _) = PngCheck.Decode(png);
                Assert.Equal(size, (width, height));
            }
        }

        [Fact]
        public void NewAmoWidgetEmitsTheFolderWhichPipesIntoCompress()
        {
            using var t = new TempDir();
            PsResult r = PsRunner.Run("New-AmoWidget ([IO.Path]::Combine($root, 'w')) -SupportEmail dev@amowidget.test | Compress-AmoWidget", "root", t.Path).ShouldSucceed();
            var zip = (FileInfo)r.Output.Single().BaseObject;
            Assert.Equal(t.Combine("widget.zip"), zip.FullName);
        }

        [Fact]
        public void BadRequestsAreRefusedBeforeAnythingIsWritten()
        {
            using var t = new TempDir();
            string w = t.Combine("w");
            PsRunner.Run("New-AmoWidget $w -Location lcrad", "w", w).ShouldFailWith("LocationUnknown");
            PsRunner.Run("New-AmoWidget $w -Location everywhere-1", "w", w).ShouldFailWith("RightColumnNotSupported");
            PsRunner.Run("New-AmoWidget $w -Locale de", "w", w).ShouldFailWith("ParameterArgumentValidationError");
            PsRunner.Run("Compress-AmoWidget $w", "w", w).ShouldFailWith("PathNotFound");
            Assert.False(Directory.Exists(w));
        }

        [Fact]
        public void PlaceholdersAndMissingSupportAreWarnings()
        {
            using var t = new TempDir();
            File.WriteAllText(t.Combine("empty.gitconfig"), string.Empty);
            PsResult r = WithGitConfig(t.Combine("empty.gitconfig"), () => PsRunner.Run("$null = New-AmoWidget \"$root/w\" -Location sms, card_sdk", "root", t.Path)).ShouldSucceed();
            Assert.Equal(3, r.Warnings.Count);
            Assert.Contains(r.Warnings, w => w.Contains("-SmsEndpoint"));
            Assert.Contains(r.Warnings, w => w.Contains("lcard-0"));
            Assert.Contains(r.Warnings, w => w.Contains("AmoSupportMissing"));
        }

        [Fact]
        public void WithoutASupportContactTheGitIdentityIsTakenAndSaid()
        {
            using var t = new TempDir();
            File.WriteAllText(t.Combine("dev.gitconfig"), "[user]\n\temail = dev@my-widget.ru\n");
            PsResult r = WithGitConfig(t.Combine("dev.gitconfig"), () => PsRunner.Run("$null = New-AmoWidget \"$root/w\"; (Import-AmoManifest \"$root/w\").SupportEmail", "root", t.Path)).ShouldSucceed();
            Assert.Equal("dev@my-widget.ru", r.Output.Single().ToString());
            Assert.Contains(r.Warnings, w => w.Contains("git user.email"));
            PsResult given = PsRunner.Run("$null = New-AmoWidget \"$root/v\" -SupportLink https://my-widget.ru/help; (Import-AmoManifest \"$root/v\").SupportEmail", "root", t.Path).ShouldSucceed();
            Assert.Null(given.Output.Single());
        }

        /// <summary>Runs with git reading only the given global config file, so the machine's own identity does not leak into a test.</summary>
        private static PsResult WithGitConfig(string file, Func<PsResult> run)
        {
            string? global = Environment.GetEnvironmentVariable("GIT_CONFIG_GLOBAL");
            string? noSystem = Environment.GetEnvironmentVariable("GIT_CONFIG_NOSYSTEM");
            Environment.SetEnvironmentVariable("GIT_CONFIG_GLOBAL", file);
            Environment.SetEnvironmentVariable("GIT_CONFIG_NOSYSTEM", "1");
            try
            {
                return run();
            }
            finally
            {
                Environment.SetEnvironmentVariable("GIT_CONFIG_GLOBAL", global);
                Environment.SetEnvironmentVariable("GIT_CONFIG_NOSYSTEM", noSystem);
            }
        }

        [Fact]
        public void LocationNamesComplete()
        {
            List<(string CompletionText, string ToolTip)> found = Completion.Complete("New-AmoWidget ./w -Location digital_");
            (string text, string tip) = Assert.Single(found);
            Assert.Equal("digital_pipeline", text);
            Assert.Contains("Digital Pipeline", tip);
        }
    }
}
