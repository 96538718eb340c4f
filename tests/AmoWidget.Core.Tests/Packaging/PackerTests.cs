using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using AmoWidget.Packaging;
using Xunit;

namespace AmoWidget.Tests.Package
{
    public sealed class PackerTests
    {
        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(1000)]
        [InlineData(70000)]
        [InlineData(300000)]
        public void DeflateOutputInflatesBackAndIsTheSameEveryTime(int length)
        {
            var random = new Random(length);
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++)
            {
                // Runs, repeats far back and noise, so literals, short and long matches and far distances all occur.
                data[i] = i % 5000 < 2000 ? (byte)random.Next(256) : i % 7 == 0 ? (byte)'x' : data[i - 1800];
            }

            byte[] first = ZipDeflate.Compress(data);
            Assert.Equal(data, PngCheck.Inflate(first));
            Assert.Equal(first, ZipDeflate.Compress(data));
        }

        [Fact]
        public void TextCompressesWell()
        {
            byte[] text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("render: function () { return true; },\n", 200)));
            byte[] deflated = ZipDeflate.Compress(text);
            Assert.Equal(text, PngCheck.Inflate(deflated));
            Assert.True(deflated.Length < text.Length / 10, $"{deflated.Length} of {text.Length}");
        }

        [Fact]
        public void JunkIsLeftOutAndEntriesAreSortedWithSlashes()
        {
            using var t = new TempDir();
            Write(t, "manifest.json", "{}");
            Write(t, "script.js", "x");
            Write(t, "i18n/en.json", "{}");
            Write(t, "images/sub/deep.png", "p");
            Write(t, "Zeta.txt", "z");
            Write(t, ".DS_Store", "junk");
            Write(t, ".hidden", "junk");
            Write(t, "__MACOSX/x", "junk");
            Write(t, "node_modules/x/index.js", "junk");
            Write(t, ".git/config", "junk");
            Write(t, "old.zip", "junk");
            Write(t, "images/.DS_Store", "junk");
            Write(t, "images/old.ZIP", "junk");

            string[] names = AmoWidgetPacker.Collect(t.Path).Select(e => e.Name).ToArray();
            Assert.Equal(new[] { "Zeta.txt", "i18n/en.json", "images/sub/deep.png", "manifest.json", "script.js" }, names);
        }

        [Fact]
        public void TheArchiveHasFixedHeadersAndNoExtrasAndReadsBack()
        {
            using var t = new TempDir();
            Write(t, "manifest.json", "{\"widget\": {}}");
            Write(t, "script.js", string.Concat(Enumerable.Repeat("define([], function () {});\n", 50)));
            Write(t, "i18n/ru.json", "{\"widget\": {\"name\": \"Виджет\"}}");
            File.WriteAllBytes(t.Combine("images.bin"), new byte[] { 1 });
            File.SetLastWriteTimeUtc(t.Combine("manifest.json"), new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc));

            var stream = new MemoryStream();
            AmoWidgetPacker.Write(t.Path, stream);
            byte[] zip = stream.ToArray();

            var entries = ZipCheck.Read(zip);
            Assert.Equal(new[] { "i18n/ru.json", "images.bin", "manifest.json", "script.js" }, entries.Select(e => e.Name));
            foreach (RawZipEntry e in entries)
            {
                Assert.Equal(AmoWidgetPacker.FixedDosDate, e.Date);
                Assert.Equal(0x21, e.Date);
                Assert.Equal(0, e.Time);
                Assert.Equal(entries[0].VersionMadeBy, e.VersionMadeBy);
                Assert.Equal(0u, e.ExternalAttributes);
                Assert.Equal(0, e.ExtraLength);
                Assert.Equal(0, e.LocalExtraLength);
                Assert.Equal(0, e.Flags & 0x0008);
                Assert.DoesNotContain('\\', e.Name);
            }

            Assert.Equal(8, entries.Single(e => e.Name == "script.js").Method);
            Assert.Equal(0, entries.Single(e => e.Name == "images.bin").Method);

            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            foreach (ZipArchiveEntry entry in archive.Entries)
            {
                using var content = new MemoryStream();
                using (Stream s = entry.Open())
                {
                    s.CopyTo(content);
                }

                Assert.Equal(File.ReadAllBytes(t.Combine(entry.FullName.Split('/'))), content.ToArray());
                Assert.Equal(new DateTime(1980, 1, 1), entry.LastWriteTime.DateTime);
            }
        }

        [Fact]
        public void TheSameFolderGivesTheSameBytesWhateverTheFileTimes()
        {
            using var t = new TempDir();
            Write(t, "manifest.json", "{}");
            Write(t, "i18n/en.json", "{\"a\": 1}");
            using var out1 = new TempDir();
            FileInfo first = AmoWidgetPacker.WriteFile(t.Path, out1.Combine("widget.zip"), false);
            File.SetLastWriteTimeUtc(t.Combine("manifest.json"), DateTime.UtcNow.AddDays(-3));
            FileInfo second = AmoWidgetPacker.WriteFile(t.Path, out1.Combine("again.zip"), false);
            Assert.Equal(File.ReadAllBytes(first.FullName), File.ReadAllBytes(second.FullName));
            Assert.Equal(new[] { "again.zip", "widget.zip" }, Directory.GetFiles(out1.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        }

        [Fact]
        public void AnExistingDestinationNeedsOverwrite()
        {
            using var t = new TempDir();
            Write(t, "w/manifest.json", "{}");
            File.WriteAllText(t.Combine("widget.zip"), "old");
            var ex = Assert.Throws<AmoException>(() => AmoWidgetPacker.WriteFile(t.Combine("w"), t.Combine("widget.zip"), false));
            Assert.Equal("FileExists", ex.ErrorId);
            Assert.Equal("old", File.ReadAllText(t.Combine("widget.zip")));

            AmoWidgetPacker.WriteFile(t.Combine("w"), t.Combine("widget.zip"), true);
            Assert.Equal(new[] { "manifest.json" }, ZipCheck.Read(File.ReadAllBytes(t.Combine("widget.zip"))).Select(e => e.Name));
            Assert.Equal(new[] { "w", "widget.zip" }, Directory.GetFileSystemEntries(t.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        }

        [Fact]
        public void ADestinationInsideTheFolderIsNotPackedIntoItself()
        {
            using var t = new TempDir();
            Write(t, "manifest.json", "{}");
            AmoWidgetPacker.WriteFile(t.Path, t.Combine("widget.zip"), false);
            AmoWidgetPacker.WriteFile(t.Path, t.Combine("widget.zip"), true);
            Assert.Equal(new[] { "manifest.json" }, ZipCheck.Read(File.ReadAllBytes(t.Combine("widget.zip"))).Select(e => e.Name));
        }

        [Fact]
        public void AMissingFolderIsPathNotFound()
        {
            using var t = new TempDir();
            var ex = Assert.Throws<AmoException>(() => AmoWidgetPacker.Collect(t.Combine("nope")));
            Assert.Equal("PathNotFound", ex.ErrorId);
        }

        [Fact]
        public void DecomposedNamesAreStoredComposed()
        {
            using var t = new TempDir();
            string decomposed = "cafe\u0301.txt";
            Write(t, decomposed, "x");
            var stream = new MemoryStream();
            AmoWidgetPacker.Write(t.Path, stream);
            RawZipEntry entry = Assert.Single(ZipCheck.Read(stream.ToArray()));
            Assert.Equal("caf\u00e9.txt", entry.Name);
            Assert.Equal(0x0800, entry.Flags & 0x0800);
        }

        private static void Write(TempDir t, string relative, string text)
        {
            string path = t.Combine(relative.Split('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
    }
}
