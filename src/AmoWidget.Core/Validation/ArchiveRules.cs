using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AmoWidget.Validation
{
    /// <summary>Caps that refuse a zip bomb from its directory alone, before any entry is inflated.</summary>
    internal static class ArchiveLimits
    {
        /// <summary>Largest archive file read (widgets are a few hundred KB).</summary>
        public const long MaxArchiveBytes = 64L * 1024 * 1024;

        /// <summary>Largest total of the sizes the entries declare.</summary>
        public const long MaxTotalUncompressed = 256L * 1024 * 1024;

        public const int MaxEntries = 10000;

        /// <summary>Largest inflate ratio of an entry that declares more than <see cref="RatioFloor"/> bytes.</summary>
        public const long MaxRatio = 200;

        public const long RatioFloor = 1024 * 1024;

        public static void Check(string archive, ZipDirectory directory)
        {
            if (directory.Entries.Count > MaxEntries)
            {
                throw TooLarge(archive, $"it holds {directory.Entries.Count} entries (at most {MaxEntries} are read)");
            }

            long total = 0;
            foreach (ZipRawEntry entry in directory.Entries)
            {
                total = entry.UncompressedSize > MaxTotalUncompressed ? MaxTotalUncompressed + 1 : total + entry.UncompressedSize;
                if (total > MaxTotalUncompressed)
                {
                    throw TooLarge(archive, $"its entries declare more than {MaxTotalUncompressed / (1024 * 1024)} MB uncompressed");
                }

                if (entry.UncompressedSize > RatioFloor && entry.UncompressedSize > MaxRatio * Math.Max(1, entry.CompressedSize))
                {
                    throw TooLarge(archive, $"entry {entry.Name} inflates {entry.CompressedSize} bytes to {entry.UncompressedSize} (more than {MaxRatio}:1)");
                }
            }
        }

        public static AmoException TooLarge(string archive, string why) =>
            new AmoException("WidgetArchiveTooLarge", AmoErrorKind.LimitsExceeded, $"{archive} is refused before it is inflated: {why}.", archive)
            {
                RecommendedAction = "A widget.zip is a few hundred KB; check that the archive is the widget and not a build folder.",
            };
    }

    /// <summary>The layout rules of a widget.zip, judged from the names as stored.</summary>
    internal static class ArchiveRules
    {
        public static void CheckAll(ValidationRun run, string archive, ZipDirectory directory)
        {
            ArchiveUnsafePath(run, archive, directory);
            ArchiveBackslash(run, archive, directory);
            ArchiveJunk(run, archive, directory);
            ArchiveZip64(run, archive, directory);
            ArchiveName(run, archive);
        }

        /// <summary>The name amoCRM's upload page gives the archive: it "must necessarily be called widget.zip" (A-UPL).</summary>
        public const string UploadName = "widget.zip";

        public static void ArchiveName(ValidationRun run, string archive)
        {
            string? message = ArchiveNameMessage(archive);
            if (message != null)
            {
                run.Add("AmoArchiveName", archive, message, $"Rename it to {UploadName} before uploading.");
            }
        }

        /// <summary>The finding's words for an archive path not named widget.zip, or null; Compress-AmoWidget warns with them too.</summary>
        public static string? ArchiveNameMessage(string archive)
        {
            string name = Path.GetFileName(archive);
            return string.Equals(name, UploadName, StringComparison.Ordinal)
                ? null
                : $"The archive is named \"{name}\"; amoCRM's upload page says it must be called {UploadName}.";
        }

        public static bool IsUnsafe(string name)
        {
            string normal = name.Replace('\\', '/');
            return normal.StartsWith("/", StringComparison.Ordinal)
                || (normal.Length >= 2 && normal[1] == ':' && char.IsLetter(normal[0]))
                || normal.Split('/').Any(part => part == "..");
        }

        public static void ArchiveUnsafePath(ValidationRun run, string archive, ZipDirectory directory)
        {
            foreach (ZipRawEntry entry in directory.Entries.Where(e => IsUnsafe(e.Name)))
            {
                run.Add("AmoArchiveUnsafePath", archive + "!" + entry.Name, $"Entry \"{entry.Name}\" points outside the archive (absolute path or '..').",
                    "Rebuild the archive from the widget folder (Compress-AmoWidget).");
            }
        }

        public static void ArchiveBackslash(ValidationRun run, string archive, ZipDirectory directory)
        {
            List<ZipRawEntry> entries = directory.Entries.Where(e => e.Name.IndexOf('\\') >= 0).ToList();
            if (entries.Count > 0)
            {
                run.Add("AmoArchiveBackslash", archive,
                    $"{entries.Count} entr{(entries.Count == 1 ? "y uses" : "ies use")} '\\' as the folder separator (first: \"{entries[0].Name}\"); the zip format uses '/'.",
                    "Windows PowerShell 5.1's Compress-Archive writes '\\'; use Compress-AmoWidget or PowerShell 7.");
            }
        }

        public static void ArchiveJunk(ValidationRun run, string archive, ZipDirectory directory)
        {
            List<ZipRawEntry> mac = directory.Entries.Where(e => e.Name.Replace('\\', '/').Split('/')[0] == "__MACOSX").ToList();
            if (mac.Count > 0)
            {
                run.Add("AmoArchiveJunk", archive + "!__MACOSX/", $"{mac.Count} entr{(mac.Count == 1 ? "y" : "ies")} under __MACOSX/: macOS resource forks, not part of the widget.",
                    "Remove the folder (Compress-AmoWidget leaves it out).");
            }

            foreach (ZipRawEntry entry in directory.Entries.Except(mac))
            {
                string leaf = entry.Name.Replace('\\', '/').Split('/').Last();
                if (leaf == ".DS_Store" || leaf == "Thumbs.db")
                {
                    run.Add("AmoArchiveJunk", archive + "!" + entry.Name, $"\"{entry.Name}\" is operating-system clutter, not part of the widget.",
                        "Remove it (Compress-AmoWidget leaves such files out).");
                }
            }
        }

        public static void ArchiveZip64(ValidationRun run, string archive, ZipDirectory directory)
        {
            if (directory.UsesZip64)
            {
                run.Add("AmoArchiveZip64", archive, "The archive uses Zip64 records; Kommo's own packer writes plain zip.",
                    "Rebuild it without Zip64 (Compress-AmoWidget never writes Zip64).");
            }
        }

        /// <summary>The folder inside the archive that holds manifest.json: "" at the root, else the shallowest one.</summary>
        public static string? FindRoot(ZipDirectory directory)
        {
            string? best = null;
            foreach (ZipRawEntry entry in directory.Entries)
            {
                string name = entry.Name.Replace('\\', '/');
                if (IsUnsafe(name) || name.Split('/')[0] == "__MACOSX" || (name != "manifest.json" && !name.EndsWith("/manifest.json", StringComparison.Ordinal)))
                {
                    continue;
                }

                string prefix = name.Substring(0, name.Length - "manifest.json".Length);
                if (best == null || prefix.Count(c => c == '/') < best.Count(c => c == '/'))
                {
                    best = prefix;
                }
            }

            return best;
        }

        internal static byte[] ReadArchive(string path)
        {
            var info = new FileInfo(path);
            if (info.Length > ArchiveLimits.MaxArchiveBytes)
            {
                throw ArchiveLimits.TooLarge(path, $"the file is {info.Length / (1024 * 1024)} MB (at most {ArchiveLimits.MaxArchiveBytes / (1024 * 1024)} MB are read)");
            }

            return File.ReadAllBytes(path);
        }
    }
}
