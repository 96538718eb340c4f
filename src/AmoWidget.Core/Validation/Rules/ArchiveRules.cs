using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
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

        /// <summary>The name amoCRM's upload page gives the archive: it "must necessarily be called widget.zip" (https://www.amocrm.com.kz/developers/content/integrations/upload).</summary>
        public const string UploadName = "widget.zip";

        public static void ArchiveName(ValidationRun run, string archive)
        {
            string? message = ArchiveNameMessage(archive);
            if (message != null)
            {
                run.Add(RuleNames.AmoArchiveName, archive, message, $"Rename it to {UploadName} before uploading.");
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
        public static void ArchiveUnsafePath(ValidationRun run, string archive, ZipDirectory directory)
        {
            foreach (ZipRawEntry entry in directory.Entries.Where(e => ArchiveNames.IsUnsafe(e.Name)))
            {
                string shown = ArchiveNames.Printable(entry.Name);
                bool control = entry.Name.Any(char.IsControl);
                run.Add(RuleNames.AmoArchiveUnsafePath, archive + "!" + shown,
                    control
                        ? $"Entry \"{shown}\" has a NUL or control character in its name; extractors cut or rewrite such names (\"script.js\\0.txt\" becomes script.js for some)."
                        : $"Entry \"{shown}\" points outside the archive (absolute path or '..').",
                    "Rebuild the archive from the widget folder (Compress-AmoWidget).");
            }
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
                List<string> names = group.Select(e => ArchiveNames.Printable(e.Name)).ToList();
                bool sameName = names.Distinct(StringComparer.Ordinal).Count() == 1;
                run.Add(RuleNames.AmoArchiveDuplicateEntry, archive.Path + "!" + names[0],
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
                run.Report(ArchiveNames.HeaderMismatchProblem(archive, entry, string.Empty));
            }
        }

        public static void ArchiveEncrypted(ValidationRun run, WidgetArchive archive)
        {
            foreach (ArchiveEntry entry in archive.Entries.Where(e => e.IsEncrypted))
            {
                run.Report(ArchiveNames.EncryptedProblem(archive, entry, string.Empty));
            }
        }

        public static void ArchiveBackslash(ValidationRun run, string archive, ZipDirectory directory)
        {
            List<ZipRawEntry> entries = directory.Entries.Where(e => e.Name.IndexOf('\\') >= 0).ToList();
            if (entries.Count > 0)
            {
                run.Add(RuleNames.AmoArchiveBackslash, archive,
                    $"{entries.Count} entr{(entries.Count == 1 ? "y uses" : "ies use")} '\\' as the folder separator (first: \"{entries[0].Name}\"); the zip format uses '/'.",
                    "Windows PowerShell 5.1's Compress-Archive writes '\\'; use Compress-AmoWidget or PowerShell 7.");
            }
        }

        public static void ArchiveJunk(ValidationRun run, string archive, ZipDirectory directory)
        {
            List<ZipRawEntry> mac = directory.Entries.Where(e => e.Name.Replace('\\', '/').Split('/')[0] == "__MACOSX").ToList();
            if (mac.Count > 0)
            {
                run.Add(RuleNames.AmoArchiveJunk, archive + "!__MACOSX/", $"{mac.Count} entr{(mac.Count == 1 ? "y" : "ies")} under __MACOSX/: macOS resource forks, not part of the widget.",
                    "Remove the folder (Compress-AmoWidget leaves it out).");
            }

            foreach (ZipRawEntry entry in directory.Entries.Except(mac))
            {
                string leaf = entry.Name.Replace('\\', '/').Split('/').Last();
                if (leaf == ".DS_Store" || leaf == "Thumbs.db")
                {
                    run.Add(RuleNames.AmoArchiveJunk, archive + "!" + entry.Name, $"\"{entry.Name}\" is operating-system clutter, not part of the widget.",
                        "Remove it (Compress-AmoWidget leaves such files out).");
                }
            }
        }

        public static void ArchiveZip64(ValidationRun run, string archive, ZipDirectory directory)
        {
            if (directory.UsesZip64)
            {
                run.Add(RuleNames.AmoArchiveZip64, archive, "The archive uses Zip64 records; Kommo's own packer writes plain zip.",
                    "Rebuild it without Zip64 (Compress-AmoWidget never writes Zip64).");
            }
        }
    }
}
