using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;
using static AmoWidget.Tests.ValidationAssert;

namespace AmoWidget.Tests
{
    /// <summary>The widget.zip rules, read in memory, and the caps that refuse a bomb before inflating it.</summary>
    public sealed class ArchiveRuleTests
    {
        private static string WriteZip(TempDir t, byte[] bytes)
        {
            string path = t.Combine("widget.zip");
            File.WriteAllBytes(path, bytes);
            return path;
        }

        private static byte[] DocsZip(TempDir t, string prefix = "")
        {
            string folder = DocsWidget.Write(t.Combine("src"));
            string zip = t.Combine("docs.zip");
            DocsWidget.Zip(folder, zip, prefix);
            return File.ReadAllBytes(zip);
        }

        [Fact]
        public void TheDocsWidgetZippedAtTheRootHasNoFinding()
        {
            using var t = new TempDir();
            Clean(CheckWidget(WriteZip(t, DocsZip(t))));
        }

        [Fact]
        public void FindingsInAZipNameTheArchiveAndTheEntry()
        {
            using var t = new TempDir();
            byte[] zip = DocsZip(t);
            string path = WriteZip(t, zip);
            Clean(AmoValidator.ValidateManifestPath(path));
            using var edit = new TempDir();
            string folder = DocsWidget.Write(edit.Path);
            DocsWidget.Edit(folder, "manifest.json", "\"init_once\": false", "\"init_once\": \"Y\"");
            string bad = t.Combine("bad.zip");
            DocsWidget.Zip(folder, bad);
            AmoDiagnostic f = Fires(CheckWidget(bad), "AmoFieldType");
            Assert.Equal(bad + "!manifest.json", f.File);
            Assert.Equal(8, f.Line);
        }

        [Fact]
        public void AmoArchiveNestedFiresAndTheRestIsStillChecked()
        {
            using var t = new TempDir();
            IReadOnlyList<AmoDiagnostic> d = CheckWidget(WriteZip(t, DocsZip(t, "widget/")));
            AmoDiagnostic f = Fires(d, "AmoArchiveNested");
            Assert.EndsWith("!widget/manifest.json", f.File);
            Assert.Single(d);
        }

        [Fact]
        public void AmoArchiveNestedIgnoresARootManifest()
        {
            using var t = new TempDir();
            Silent(CheckWidget(WriteZip(t, DocsZip(t))), "AmoArchiveNested");
        }

        [Fact]
        public void AmoArchiveBackslashFires()
        {
            using var t = new TempDir();
            byte[] zip = RawZip.WithNames(("manifest.json", DocsWidget.Manifest), ("i18n\\ru.json", DocsWidget.RussianI18n), ("i18n\\en.json", DocsWidget.EnglishI18n));
            IReadOnlyList<AmoDiagnostic> d = CheckWidget(WriteZip(t, zip));
            Assert.Contains("2 entries", Fires(d, "AmoArchiveBackslash").Message);
            Silent(d, "AmoI18nFileMissing");
        }

        [Fact]
        public void AmoArchiveBackslashIgnoresSlashes()
        {
            using var t = new TempDir();
            byte[] zip = RawZip.WithNames(("manifest.json", DocsWidget.Manifest), ("i18n/ru.json", DocsWidget.RussianI18n));
            Silent(CheckWidget(WriteZip(t, zip)), "AmoArchiveBackslash");
        }

        [Fact]
        public void AmoArchiveJunkFiresOnMacFoldersAndDsStore()
        {
            using var t = new TempDir();
            byte[] zip = RawZip.WithNames(("manifest.json", DocsWidget.Manifest), ("__MACOSX/._manifest.json", "x"), ("__MACOSX/images/._logo.png", "x"), ("images/.DS_Store", "x"));
            IReadOnlyList<AmoDiagnostic> d = CheckWidget(WriteZip(t, zip));
            Assert.Equal(2, d.Count(x => x.RuleName == "AmoArchiveJunk"));
            Assert.Equal(AmoSeverity.Warning, Fires(d, "AmoArchiveJunk").Severity);
        }

        [Fact]
        public void AmoArchiveJunkIgnoresWidgetFiles()
        {
            using var t = new TempDir();
            Silent(CheckWidget(WriteZip(t, DocsZip(t))), "AmoArchiveJunk");
        }

        [Theory]
        [InlineData("../evil.js")]
        [InlineData("images/../../evil.js")]
        [InlineData("/etc/evil.js")]
        [InlineData("C:/evil.js")]
        [InlineData("..\\evil.js")]
        public void AmoArchiveUnsafePathFires(string name)
        {
            using var t = new TempDir();
            byte[] zip = RawZip.WithNames(("manifest.json", DocsWidget.Manifest), (name, "x"));
            Fires(CheckWidget(WriteZip(t, zip)), "AmoArchiveUnsafePath");
            Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "evil.js")));
        }

        [Fact]
        public void AmoArchiveUnsafePathIgnoresDotsInsideNames()
        {
            using var t = new TempDir();
            byte[] zip = RawZip.WithNames(("manifest.json", DocsWidget.Manifest), ("lib/a..b.js", "x"), ("..hidden", "x"));
            Silent(CheckWidget(WriteZip(t, zip)), "AmoArchiveUnsafePath");
        }

        [Fact]
        public void AmoArchiveZip64FiresOnZip64Records()
        {
            using var t = new TempDir();
            byte[] zip = new RawZip { Zip64 = true }.Add("manifest.json", DocsWidget.Manifest).ToArray();
            IReadOnlyList<AmoDiagnostic> d = CheckWidget(WriteZip(t, zip));
            Fires(d, "AmoArchiveZip64");
            Silent(d, "AmoFieldRequired");
        }

        [Fact]
        public void AmoArchiveZip64IgnoresAPlainZip()
        {
            using var t = new TempDir();
            byte[] zip = new RawZip().Add("manifest.json", DocsWidget.Manifest).ToArray();
            IReadOnlyList<AmoDiagnostic> d = CheckWidget(WriteZip(t, zip));
            Silent(d, "AmoArchiveZip64");
            Silent(d, "AmoFieldRequired");
        }

        [Fact]
        public void AZipWithoutManifestIsAFinding()
        {
            using var t = new TempDir();
            Fires(CheckWidget(WriteZip(t, RawZip.WithNames(("readme.txt", "x")))), "AmoManifestMissing");
        }

        [Fact]
        public void ADeclaredHugeEntryIsRefusedBeforeInflating()
        {
            using var t = new TempDir();
            byte[] zip = new RawZip().Add("manifest.json", DocsWidget.Manifest).Add("bomb.bin", new byte[100], 8L * 1024 * 1024 * 1024).ToArray();
            AmoException ex = Assert.Throws<AmoException>(() => CheckWidget(WriteZip(t, zip)));
            Assert.Equal("ArchiveTooLarge", ex.ErrorId);
            Assert.Equal(AmoErrorKind.LimitsExceeded, ex.Kind);
        }

        [Fact]
        public void AnEntryWithABombRatioIsRefused()
        {
            using var t = new TempDir();
            byte[] zip = new RawZip().Add("manifest.json", DocsWidget.Manifest).Add("images/logo.png", new byte[1000], 50L * 1024 * 1024).ToArray();
            Assert.Equal("ArchiveTooLarge", Assert.Throws<AmoException>(() => CheckWidget(WriteZip(t, zip))).ErrorId);
        }

        [Fact]
        public void ARealCompressibleEntryUnderTheCapsIsRead()
        {
            using var t = new TempDir();
            byte[] zip = RawZip.WithNames(("manifest.json", DocsWidget.Manifest), ("vendor.js", new string(' ', 500_000)));
            Silent(CheckWidget(WriteZip(t, zip)), "AmoJsonInvalid");
        }

        [Fact]
        public void AFileThatIsNotAZipIsAnError()
        {
            using var t = new TempDir();
            string path = t.Combine("widget.zip");
            File.WriteAllText(path, "PK not really a zip");
            Assert.Equal("ArchiveInvalid", Assert.Throws<AmoException>(() => CheckWidget(path)).ErrorId);
        }

        [Fact]
        public void AFileThatIsNeitherFolderZipNorManifestIsAnError()
        {
            using var t = new TempDir();
            string path = t.Combine("notes.txt");
            File.WriteAllText(path, "hello");
            Assert.Equal("WidgetPathInvalid", Assert.Throws<AmoException>(() => CheckWidget(path)).ErrorId);
        }
    }
}
