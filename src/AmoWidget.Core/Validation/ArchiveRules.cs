using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AmoWidget.Validation
{
    /// <summary>Caps (<see cref="AmoReadLimits"/>) that refuse a zip bomb from its directory alone, before any entry is inflated.</summary>
    internal static class ArchiveLimits
    {
        public const long RatioFloor = 1024 * 1024;

        public static void Check(string archive, ZipDirectory directory)
        {
            if (directory.Entries.Count > AmoReadLimits.ArchiveEntries)
            {
                throw TooLarge(archive, $"it holds {directory.Entries.Count} entries (at most {AmoReadLimits.ArchiveEntries} are read)");
            }

            long total = 0;
            foreach (ZipRawEntry entry in directory.Entries)
            {
                total = entry.UncompressedSize > AmoReadLimits.ArchiveUncompressedBytes ? AmoReadLimits.ArchiveUncompressedBytes + 1 : total + entry.UncompressedSize;
                if (total > AmoReadLimits.ArchiveUncompressedBytes)
                {
                    throw TooLarge(archive, $"its entries declare more than {AmoReadLimits.ArchiveUncompressedBytes / (1024 * 1024)} MB uncompressed");
                }

                if (entry.UncompressedSize > RatioFloor && entry.UncompressedSize > AmoReadLimits.ArchiveRatio * Math.Max(1, entry.CompressedSize))
                {
                    throw TooLarge(archive, $"entry {entry.Name} inflates {entry.CompressedSize} bytes to {entry.UncompressedSize} (more than {AmoReadLimits.ArchiveRatio}:1)");
                }
            }
        }

        public static AmoException TooLarge(string archive, string why) =>
            new AmoException("ArchiveTooLarge", AmoErrorKind.LimitsExceeded, $"{archive} is refused before it is inflated: {why}.", archive)
            {
                RecommendedAction = "A widget.zip is a few hundred KB; check that the archive is the widget and not a build folder.",
            };
    }

    /// <summary>The layout rules of a widget.zip, judged from the names as stored.</summary>
    internal static class ArchiveRules
    {
        public static void CheckAll(ValidationRun run, WidgetArchive archive)
        {
            string path = archive.Path;
            ArchiveUnsafePath(run, path, archive.Directory);
            ArchiveBackslash(run, path, archive.Directory);
            ArchiveJunk(run, path, archive.Directory);
            ArchiveZip64(run, path, archive.Directory);
            ArchiveDuplicateEntry(run, archive);
            ArchiveHeaderMismatch(run, archive);
            ArchiveEncrypted(run, archive);
            ArchiveName(run, path);
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

        /// <summary>An absolute path, a drive letter, a '..' segment, or a NUL or other control character (which C-string readers cut or misread).</summary>
        public static bool IsUnsafe(string name)
        {
            string normal = name.Replace('\\', '/');
            return normal.StartsWith("/", StringComparison.Ordinal)
                || (normal.Length >= 2 && normal[1] == ':' && char.IsLetter(normal[0]))
                || normal.Split('/').Any(part => part == "..")
                || name.Any(char.IsControl);
        }

        public static void ArchiveUnsafePath(ValidationRun run, string archive, ZipDirectory directory)
        {
            foreach (ZipRawEntry entry in directory.Entries.Where(e => IsUnsafe(e.Name)))
            {
                string shown = Printable(entry.Name);
                bool control = entry.Name.Any(char.IsControl);
                run.Add("AmoArchiveUnsafePath", archive + "!" + shown,
                    control
                        ? $"Entry \"{shown}\" has a NUL or control character in its name; extractors cut or rewrite such names (\"script.js\\0.txt\" becomes script.js for some)."
                        : $"Entry \"{shown}\" points outside the archive (absolute path or '..').",
                    "Rebuild the archive from the widget folder (Compress-AmoWidget).");
            }
        }

        /// <summary>A name with its control characters written as \0, \x1F...: safe to print in a finding.</summary>
        public static string Printable(string name)
        {
            if (!name.Any(char.IsControl))
            {
                return name;
            }

            var text = new System.Text.StringBuilder(name.Length + 8);
            foreach (char c in name)
            {
                text.Append(c == '\0' ? "\\0" : char.IsControl(c) ? "\\x" + ((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture) : c.ToString());
            }

            return text.ToString();
        }

        /// <summary>Two entries with one name, or names that differ only in case: readers disagree on which one they take.</summary>
        public static void ArchiveDuplicateEntry(ValidationRun run, WidgetArchive archive)
        {
            IEnumerable<IGrouping<string, ArchiveEntry>> groups = archive.Entries
                .Where(e => !e.IsDirectory)
                .GroupBy(e => e.Name.Replace('\\', '/'), StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Count() > 1);
            foreach (IGrouping<string, ArchiveEntry> group in groups)
            {
                List<string> names = group.Select(e => Printable(e.Name)).ToList();
                bool sameName = names.Distinct(StringComparer.Ordinal).Count() == 1;
                run.Add("AmoArchiveDuplicateEntry", archive.Path + "!" + names[0],
                    sameName
                        ? $"\"{names[0]}\" is stored {names.Count} times; AmoWidget checks the first, while unzip and most extractors keep the last."
                        : $"{string.Join(", ", names.Select(n => "\"" + n + "\""))} differ only in case; on Windows and macOS they extract to one file, and which one wins depends on the tool.",
                    "Rebuild the archive from the widget folder (Compress-AmoWidget), which refuses names that clash.");
            }
        }

        /// <summary>A local header that disagrees with its central-directory record: streaming readers see another file than directory readers.</summary>
        public static void ArchiveHeaderMismatch(ValidationRun run, WidgetArchive archive)
        {
            foreach (ArchiveEntry entry in archive.Entries.Where(e => e.HeaderMismatch != null))
            {
                HeaderMismatchProblem(archive, entry, string.Empty).Report(run);
            }
        }

        public static void ArchiveEncrypted(ValidationRun run, WidgetArchive archive)
        {
            foreach (ArchiveEntry entry in archive.Entries.Where(e => e.IsEncrypted))
            {
                EncryptedProblem(archive, entry, string.Empty).Report(run);
            }
        }

        /// <summary>The AmoArchiveHeaderMismatch finding of an entry; <paramref name="relative"/> is its name below the widget root.</summary>
        public static SourceProblem HeaderMismatchProblem(WidgetArchive archive, ArchiveEntry entry, string relative) =>
            new SourceProblem(relative, archive.Path + "!" + Printable(entry.Name), "AmoArchiveHeaderMismatch",
                $"The local header of \"{Printable(entry.Name)}\" disagrees with the central directory: {entry.HeaderMismatch}. Readers that stream the archive see something else than readers of the directory; the entry is not checked.",
                "Rebuild the archive from the widget folder (Compress-AmoWidget).");

        /// <summary>The AmoArchiveEncrypted finding of an entry.</summary>
        public static SourceProblem EncryptedProblem(WidgetArchive archive, ArchiveEntry entry, string relative) =>
            new SourceProblem(relative, archive.Path + "!" + Printable(entry.Name), "AmoArchiveEncrypted",
                $"\"{Printable(entry.Name)}\" is encrypted (password-protected); amoCRM cannot read it and it is not checked.",
                "Zip the widget without a password (Compress-AmoWidget).");

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
    }
}
