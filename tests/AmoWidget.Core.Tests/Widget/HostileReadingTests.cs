using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using AmoWidget.IO;
using AmoWidget.Packaging;
using AmoWidget.Validation;
using Xunit;
using AmoWidget.Widget;
using static AmoWidget.Tests.ValidationAssert;

namespace AmoWidget.Tests
{
    /// <summary>The reader's defences: file types and caps before reading, links, zip headers, capped findings, deep scripts.</summary>
    public sealed class HostileReadingTests
    {
        private static string DocsZip(TempDir t, Func<string, string>? rename = null)
        {
            string folder = DocsWidget.Write(t.Combine("src"));
            string zip = t.Combine("widget.zip");
            using (ZipArchive archive = ZipFile.Open(zip, ZipArchiveMode.Create))
            {
                foreach (string file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                {
                    string name = Compat.RelativePath(folder, file).Replace('\\', '/');
                    archive.CreateEntryFromFile(file, rename?.Invoke(name) ?? name);
                }
            }

            return zip;
        }

        /// <summary>(central-directory offset, local-header offset) of the named entry.</summary>
        private static (int Central, int Local) Headers(byte[] zip, string name)
        {
            int end = zip.Length - 22;
            int count = BitConverter.ToUInt16(zip, end + 10);
            int p = (int)BitConverter.ToUInt32(zip, end + 16);
            for (int i = 0; i < count; i++)
            {
                int nameLength = BitConverter.ToUInt16(zip, p + 28);
                if (Encoding.UTF8.GetString(zip, p + 46, nameLength) == name)
                {
                    return (p, (int)BitConverter.ToUInt32(zip, p + 42));
                }

                p += 46 + nameLength + BitConverter.ToUInt16(zip, p + 30) + BitConverter.ToUInt16(zip, p + 32);
            }

            throw new InvalidOperationException(name + " is not in the zip");
        }

        private static string Patch(string zip, Action<byte[]> change)
        {
            byte[] bytes = File.ReadAllBytes(zip);
            change(bytes);
            File.WriteAllBytes(zip, bytes);
            return zip;
        }

        private static void MakeFifo(string path)
        {
            using var process = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false })!;
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
        }

        [Fact]
        public void ZipsThatRealWritersMakeHaveNoHeaderOrDuplicateFinding()
        {
            using var t = new TempDir();
            IReadOnlyList<AmoDiagnostic> d = CheckWidget(DocsZip(t));
            Silent(d, "AmoArchiveHeaderMismatch");
            Silent(d, "AmoArchiveDuplicateEntry");

            string packed = t.Combine("out", "widget.zip");
            Directory.CreateDirectory(t.Combine("out"));
            AmoWidgetPacker.WriteFile(t.Combine("src"), packed, false);
            Clean(CheckWidget(packed));
        }

        [Fact]
        public void ALocalHeaderNameThatDisagreesIsAFindingAndTheEntryIsNotRead()
        {
            using var t = new TempDir();
            string zip = Patch(DocsZip(t), bytes =>
            {
                (_, int local) = Headers(bytes, "script.js");
                Encoding.ASCII.GetBytes("evil/x.js").CopyTo(bytes, local + 30);
            });
            IReadOnlyList<AmoDiagnostic> d = CheckWidget(zip);
            AmoDiagnostic f = Fires(d, "AmoArchiveHeaderMismatch");
            Assert.Equal(zip + "!script.js", f.File);
            Assert.Contains("name mismatch", f.Message);
            Assert.Single(d, x => x.RuleName == "AmoArchiveHeaderMismatch");
            Silent(d, "AmoScriptMissing");
        }

        [Fact]
        public void ALocalHeaderSizeOrFlagsThatDisagreeIsAFinding()
        {
            using var t = new TempDir();
            string sizes = Patch(DocsZip(t), bytes =>
            {
                (_, int local) = Headers(bytes, "manifest.json");
                bytes[local + 22]++;
            });
            Assert.Equal(sizes + "!manifest.json", Fires(CheckWidget(sizes), "AmoArchiveHeaderMismatch").File);

            using var u = new TempDir();
            string flags = Patch(DocsZip(u), bytes =>
            {
                (_, int local) = Headers(bytes, "i18n/ru.json");
                bytes[local + 7] ^= 0x04;
            });
            Assert.Contains("flags", Fires(CheckWidget(flags), "AmoArchiveHeaderMismatch").Message);
        }

        [Fact]
        public void DuplicateAndCaseVariantEntriesAreErrors()
        {
            using var t = new TempDir();
            byte[] zip = RawZip.WithNames(("manifest.json", DocsWidget.Manifest), ("manifest.json", "{}"), ("a.js", "1"), ("A.JS", "2"), ("i18n/", ""), ("i18n/", ""));
            string path = t.Combine("dup.zip");
            File.WriteAllBytes(path, zip);
            List<AmoDiagnostic> d = CheckWidget(path).Where(x => x.RuleName == "AmoArchiveDuplicateEntry").ToList();
            Assert.Equal(2, d.Count);
            Assert.All(d, x => Assert.Equal(AmoSeverity.Error, x.Severity));
            Assert.Contains(d, x => x.Message.Contains("stored 2 times"));
            Assert.Contains(d, x => x.Message.Contains("\"a.js\", \"A.JS\" differ only in case"));
        }

        [Fact]
        public void AnEncryptedEntryIsNamedAndNotRead()
        {
            using var t = new TempDir();
            string zip = Patch(DocsZip(t), bytes =>
            {
                (int central, int local) = Headers(bytes, "script.js");
                bytes[local + 6] |= 1;
                bytes[central + 8] |= 1;
            });
            IReadOnlyList<AmoDiagnostic> d = CheckWidget(zip);
            Assert.Equal(zip + "!script.js", Fires(d, "AmoArchiveEncrypted").File);
            Silent(d, "AmoScriptMissing");
            Silent(d, "AmoScriptSyntax");
        }

        [Theory]
        [InlineData("script.js\0.txt")]
        [InlineData("script.js\u0001")]
        [InlineData("i18n/\u001Fen.json")]
        public void ControlCharactersInANameAreUnsafe(string name)
        {
            using var t = new TempDir();
            string zip = DocsZip(t, n => n == "script.js" ? name : n);
            IReadOnlyList<AmoDiagnostic> d = CheckWidget(zip);
            AmoDiagnostic f = Fires(d, "AmoArchiveUnsafePath");
            Assert.DoesNotContain('\0', f.File ?? string.Empty);
            Silent(d, "AmoArchiveHeaderMismatch");
            if (name.Contains('\0'))
            {
                Silent(d, "AmoScriptMissing");
            }
        }

        [Fact]
        public void AnEntryIsJudgedByItsDeclaredSizeBeforeItIsInflated()
        {
            using var t = new TempDir();
            byte[] zip = new RawZip().Add("manifest.json", DocsWidget.Manifest).Add("script.js", new string('/', AmoReadLimits.TextBytes + 1)).ToArray();
            string path = t.Combine("big.zip");
            File.WriteAllBytes(path, zip);
            AmoDiagnostic f = Fires(CheckWidget(path), "AmoFileTooLarge");
            Assert.Equal(path + "!script.js", f.File);
            Assert.Equal(AmoSeverity.Warning, f.Severity);

            byte[] manifest = new RawZip().Add("manifest.json", "{" + new string(' ', AmoReadLimits.ManifestBytes) + "}").ToArray();
            File.WriteAllBytes(path, manifest);
            Assert.Equal(AmoSeverity.Error, Fires(CheckWidget(path), "AmoFileTooLarge").Severity);
            Assert.Equal("ManifestTooLarge", Assert.Throws<AmoException>(() => ManifestFiles.Load(path)).ErrorId);
        }

        [Fact]
        public void ImportAndTestGiveOneErrorIdForOneBrokenArchive()
        {
            using var t = new TempDir();
            string path = t.Combine("broken.zip");
            File.WriteAllBytes(path, new byte[] { 0x50, 0x4B, 3, 4, 0, 0, 0, 0 });
            Assert.Equal("ArchiveInvalid", Assert.Throws<AmoException>(() => ManifestFiles.Load(path)).ErrorId);
            Assert.Equal("ArchiveInvalid", Assert.Throws<AmoException>(() => AmoValidator.ValidateWidget(path)).ErrorId);
            Assert.Equal("ArchiveInvalid", Assert.Throws<AmoException>(() => AmoValidator.ValidateManifestPath(path)).ErrorId);
        }

        [Fact]
        public void AnEndRecordThatDeclaresMoreEntriesThanItsDirectoryHoldsIsInvalid()
        {
            using var t = new TempDir();
            string zip = Patch(DocsZip(t), bytes =>
            {
                bytes[bytes.Length - 22 + 8] = 0xFF;
                bytes[bytes.Length - 22 + 9] = 0xFE;
                bytes[bytes.Length - 22 + 10] = 0xFF;
                bytes[bytes.Length - 22 + 11] = 0xFE;
            });
            Assert.Equal("ArchiveInvalid", Assert.Throws<AmoException>(() => CheckWidget(zip)).ErrorId);
        }

        [Fact]
        public void FindingsOfOneRuleInOneFileAreCappedWithACountOfTheRest()
        {
            string json = "{\"widget\": {" + string.Concat(Enumerable.Repeat("\"a\": 1, ", 60)) + "\"a\": 1}}";
            IReadOnlyList<AmoDiagnostic> d = CheckManifest(json);
            List<AmoDiagnostic> dups = d.Where(x => x.RuleName == "AmoJsonDuplicateKey").ToList();
            Assert.Equal(AmoReadLimits.FindingsPerRuleAndFile + 1, dups.Count);
            Assert.StartsWith("10 more AmoJsonDuplicateKey findings in this file", dups[dups.Count - 1].Message);
            Assert.Equal(AmoSeverity.Warning, dups[dups.Count - 1].Severity);
            Assert.Null(dups[dups.Count - 1].Line);
            Assert.All(dups.Take(AmoReadLimits.FindingsPerRuleAndFile), x => Assert.NotNull(x.Line));
            Fires(d, "AmoFieldRequired");
        }

        [Fact]
        public void ExactlyTheCapListsNoCount()
        {
            string json = "{" + string.Concat(Enumerable.Repeat("\"a\": 1, ", AmoReadLimits.FindingsPerRuleAndFile)) + "\"a\": 1}";
            Assert.Equal(AmoReadLimits.FindingsPerRuleAndFile, CheckManifest(json).Count(x => x.RuleName == "AmoJsonDuplicateKey"));
        }

#if !NETFRAMEWORK
        // Not in the net472 leg: Acornima stops a parse that nests too deep when RuntimeHelpers.EnsureSufficientExecutionStack
        // throws, which .NET Framework does (https://learn.microsoft.com/dotnet/api/system.runtime.compilerservices.runtimehelpers.ensuresufficientexecutionstack)
        // but Mono, the leg's runtime, never does: there the deep script overflows the stack and ends the test process.
        [Fact]
        public void ScriptNestedTooDeepIsASyntaxErrorWhereTheNestingWentTooDeep()
        {
            string code = "var a = " + new string('[', 300_000) + "1" + new string(']', 300_000) + ";";
            ScriptFacts facts = ScriptAnalyzer.Analyze(code);
            Assert.Contains("nesting too deep", facts.SyntaxError);
            Assert.Equal(1, facts.Line);
            Assert.InRange(facts.Column, 1000, 300_010);

            ScriptFacts shallow = ScriptAnalyzer.Analyze("var a = " + new string('(', 500) + "1" + new string(')', 500) + ";");
            Assert.Null(shallow.SyntaxError);
        }
#endif

#if !NETFRAMEWORK
        // Not in the net472 leg: FIFOs and links on a Unix file system seen through .NET Framework's API is a pairing no
        // host has (Windows PowerShell 5.1 runs on Windows, where these tests return at once). Under Mono on Linux,
        // FileProbe has no System.Native (the .NET runtime's library it asks stat(2) through), and its FileSystemInfo
        // fallback cannot tell a FIFO from a file, so the packer would open the FIFO and wait for a writer.
        [Fact]
        public void FileProbeTellsTypesWithoutOpening()
        {
            if (Compat.IsWindows)
            {
                return;
            }

            using var t = new TempDir();
            string fifo = t.Combine("pipe");
            MakeFifo(fifo);
            File.WriteAllText(t.Combine("file"), "abc");
            Compat.Symlink(t.Combine("link"), "/dev/null");
            Assert.Equal(FileKind.Fifo, FileProbe.Stat(fifo).Kind);
            Assert.Equal(FileKind.Regular, FileProbe.Stat(t.Combine("file")).Kind);
            Assert.Equal(3, FileProbe.Stat(t.Combine("file")).Length);
            Assert.Equal(FileKind.Directory, FileProbe.Stat(t.Path).Kind);
            Assert.Equal(FileKind.SymbolicLink, FileProbe.LStat(t.Combine("link")).Kind);
            Assert.Equal(FileKind.CharacterDevice, FileProbe.Stat(t.Combine("link")).Kind);
            Assert.Equal(FileKind.Missing, FileProbe.Stat(t.Combine("none")).Kind);
            Assert.Equal(FileKind.Missing, FileProbe.Stat(t.Combine("file") + "\0x").Kind);
            Assert.Equal("FileNotRegular", Assert.Throws<AmoException>(() => SafeFile.ReadAll(fifo, 10, _ => new AmoException("X", AmoErrorKind.LimitsExceeded, "x"))).ErrorId);
        }

        [Fact]
        public void AFolderWithAFifoALinkOutAndASparseFileIsCheckedWithoutOpeningThem()
        {
            if (Compat.IsWindows)
            {
                return;
            }

            using var t = new TempDir();
            string folder = DocsWidget.Write(t.Combine("w"));
            File.Delete(Path.Combine(folder, "i18n", "en.json"));
            MakeFifo(Path.Combine(folder, "i18n", "en.json"));
            Compat.Symlink(Path.Combine(folder, "notes.txt"), "/etc/hostname");
            Compat.Symlink(Path.Combine(folder, "style.css"), Path.Combine(folder, "images", "logo.png"));
            using (FileStream script = File.Open(Path.Combine(folder, "script.js"), FileMode.Truncate))
            {
                script.SetLength(3L * 1024 * 1024 * 1024);
            }

            IReadOnlyList<AmoDiagnostic> d = CheckWidget(folder);
            Assert.Equal(Path.Combine(folder, "i18n", "en.json"), Fires(d, "AmoFileNotRegular").File);
            AmoDiagnostic link = Fires(d, "AmoLinkOutsideWidget");
            Assert.Equal(Path.Combine(folder, "notes.txt"), link.File);
            Assert.Equal(AmoSeverity.Warning, link.Severity);
            Assert.Single(d, x => x.RuleName == "AmoLinkOutsideWidget");
            Assert.Equal(Path.Combine(folder, "script.js"), Fires(d, "AmoFileTooLarge").File);
            Silent(d, "AmoI18nFileMissing");
        }

        [Fact]
        public void ALinkedFolderAndALinkDeeperInTheWidgetThatLeadOutAreReportedOnceEach()
        {
            if (Compat.IsWindows)
            {
                return;
            }

            using var t = new TempDir();
            string folder = DocsWidget.Write(t.Combine("w"));
            Directory.CreateDirectory(t.Combine("outside"));
            Compat.Symlink(Path.Combine(folder, "up"), t.Combine("outside"));
            Directory.CreateDirectory(Path.Combine(folder, "js"));
            Compat.Symlink(Path.Combine(folder, "js", "passwd.js"), "/etc/passwd");
            Compat.Symlink(Path.Combine(folder, "js", "inside.js"), Path.Combine(folder, "script.js"));
            Compat.Symlink(Path.Combine(folder, "node_modules"), t.Combine("outside"));

            IReadOnlyList<AmoDiagnostic> d = CheckWidget(folder);
            AmoDiagnostic[] links = d.Where(x => x.RuleName == "AmoLinkOutsideWidget").OrderBy(x => x.File, StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { Path.Combine(folder, "js", "passwd.js"), Path.Combine(folder, "up") }, links.Select(x => x.File));
            Assert.All(links, x => Assert.Equal(AmoSeverity.Warning, x.Severity));
            Assert.Contains("up/ is a link to a folder outside the widget", links[1].Message);
        }

        [Fact]
        public void ThePackerLeavesOutLinksThatPointOutAndRefusesAFifo()
        {
            if (Compat.IsWindows)
            {
                return;
            }

            using var t = new TempDir();
            string folder = DocsWidget.Write(t.Combine("w"));
            Compat.Symlink(Path.Combine(folder, "passwd.txt"), "/etc/passwd");
            Compat.Symlink(Path.Combine(folder, "etc"), "/etc");
            Compat.Symlink(Path.Combine(folder, "copy.js"), Path.Combine(folder, "script.js"));
            var leftOut = new List<string>();
            var names = AmoWidgetPacker.Collect(folder, (path, _) => leftOut.Add(Path.GetFileName(path))).Select(e => e.Name).ToList();
            Assert.DoesNotContain("passwd.txt", names);
            Assert.DoesNotContain(names, n => n.StartsWith("etc/", StringComparison.Ordinal));
            Assert.Contains("copy.js", names);
            Assert.Equal(new[] { "etc", "passwd.txt" }, leftOut.OrderBy(n => n, StringComparer.Ordinal));

            MakeFifo(Path.Combine(folder, "pipe.js"));
            AmoException ex = Assert.Throws<AmoException>(() => AmoWidgetPacker.Collect(folder));
            Assert.Equal("FileNotRegular", ex.ErrorId);
            Assert.Equal(Path.Combine(folder, "pipe.js"), ex.Target);
        }
#endif

        [Fact]
        public void APackedSourceThatCannotBeReadIsFileUnreadableNamingIt()
        {
            using var t = new TempDir();
            string folder = t.Combine("w");
            Directory.CreateDirectory(folder);
            var stream = new MemoryStream();
            AmoException ex = Assert.Throws<AmoException>(() =>
                AmoWidgetPacker.WriteEntries(new[] { ("manifest.json", (Func<byte[]>)(() => AmoWidgetPacker.ReadSource(folder, FileProbe.RealPath(folder)))) }, stream));
            Assert.Equal("FileUnreadable", ex.ErrorId);
            Assert.Equal(AmoErrorKind.ReadError, ex.Kind);
            Assert.Equal(folder, ex.Target);
        }

        [Fact]
        public void ThePackerWritesTheSameBytesTwiceAndSharpZipLibFindsNoHeaderProblem()
        {
            using var t = new TempDir();
            string folder = DocsWidget.Write(t.Combine("w"));
            var first = new MemoryStream();
            var second = new MemoryStream();
            AmoWidgetPacker.Write(folder, first);
            AmoWidgetPacker.Write(folder, second);
            Assert.Equal(first.ToArray(), second.ToArray());
            string zip = t.Combine("w.zip");
            File.WriteAllBytes(zip, first.ToArray());
            using WidgetArchive archive = WidgetArchive.Open(zip);
            Assert.All(archive.Entries, e => Assert.Null(e.HeaderMismatch));
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "script.js")), archive.Read(archive.Entries.Single(e => e.Name == "script.js"), 1 << 20));
        }
    }
}
