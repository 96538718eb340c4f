using System;
using System.IO;
using System.Linq;
using AmoWidget.IO;
using AmoWidget.Json;

namespace AmoWidget.Widget
{
    /// <summary>A widget's manifest read from where the user points: a manifest.json, a widget folder, or a widget .zip.</summary>
    internal static class ManifestFiles
    {
        /// <summary>
        /// Reads a manifest.json, a widget folder's manifest.json, or the manifest of a widget .zip. Errors:
        /// PathNotFound, ManifestNotFound, FileNotRegular (a FIFO, device or socket, never opened), ManifestTooLarge
        /// (over <see cref="AmoReadLimits.ManifestBytes"/>, judged before reading), ManifestUnreadable,
        /// ManifestJsonInvalid, and for a zip ArchiveInvalid, ArchiveTooLarge, ArchiveEntryUnreadable.
        /// </summary>
        public static AmoManifest Load(string path)
        {
            FileFacts facts = FileProbe.Stat(path);
            if (facts.Kind == FileKind.Directory)
            {
                string file = System.IO.Path.Combine(path, "manifest.json");
                FileFacts inner = FileProbe.Stat(file);
                if (inner.Kind == FileKind.Missing || inner.Kind == FileKind.Directory)
                {
                    throw new AmoException(ErrorIds.ManifestNotFound, AmoErrorKind.ObjectNotFound, $"The folder '{path}' has no manifest.json.", path);
                }

                return AmoManifest.LoadFile(file);
            }

            if (facts.Kind == FileKind.Missing)
            {
                throw new AmoException(ErrorIds.PathNotFound, AmoErrorKind.ObjectNotFound, $"Cannot find the path '{path}': it does not exist.", path);
            }

            return IsZip(path) ? LoadZip(path) : AmoManifest.LoadFile(path);
        }

        /// <summary>Whether a file starts with a zip signature (a .zip name alone does not make a zip).</summary>
        public static bool IsZip(string path)
        {
            if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            // A FIFO or device is never opened here: its first bytes may never come.
            if (FileProbe.Stat(path).Kind != FileKind.Regular)
            {
                return false;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var head = new byte[4];
            return stream.Read(head, 0, 4) == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }

        /// <summary>The shallowest manifest.json of the archive, read through the same reader as Test-AmoWidget (same checks, same ErrorIds).</summary>
        private static AmoManifest LoadZip(string zip)
        {
            using WidgetArchive archive = WidgetArchive.Open(zip);
            string? root = ArchiveNames.FindRoot(archive.Directory);
            ArchiveEntry? entry = root == null ? null : archive.Entries.FirstOrDefault(e => e.Name.Replace('\\', '/') == root + "manifest.json");
            if (entry == null)
            {
                throw new AmoException(ErrorIds.ManifestNotFound, AmoErrorKind.ObjectNotFound, $"The archive '{zip}' has no manifest.json.", zip);
            }

            string where = archive.Path + "!" + entry.Name;
            if (entry.IsEncrypted || entry.HeaderMismatch != null)
            {
                throw new AmoException(ErrorIds.ArchiveEntryUnreadable, AmoErrorKind.InvalidData,
                    entry.IsEncrypted
                        ? $"{where} is encrypted (password-protected); it cannot be read."
                        : $"{where}: the local header disagrees with the central directory ({entry.HeaderMismatch}); the entry is not read.",
                    zip);
            }

            if (entry.Size > AmoManifest.MaxManifestBytes)
            {
                throw new AmoException(ErrorIds.ManifestTooLarge, AmoErrorKind.LimitsExceeded, $"{where} is {entry.Size} bytes; a manifest.json is at most {AmoManifest.MaxManifestBytes} bytes.", zip);
            }

            byte[] bytes = archive.Read(entry, AmoManifest.MaxManifestBytes);
            string prefix = RootOf(entry.Name);
            string zipPath = archive.Path;
            return AmoManifest.FromDocument(() => JsonDocument.Parse(bytes), null, archive.Path, entry.Name, new WidgetTexts(name => ReadEntry(zipPath, prefix + name)));
        }
        /// <summary>The folder of a manifest entry: "" at the archive root, else the entry's folder with its '/'; the i18n entries sit there too.</summary>
        private static string RootOf(string manifestEntry)
        {
            string entry = manifestEntry.Replace('\\', '/');
            int slash = entry.LastIndexOf('/');
            return slash < 0 ? string.Empty : entry.Substring(0, slash + 1);
        }

        /// <summary>Through the archive reader Import-AmoManifest and Test-AmoWidget use: its limits, its checks of every header.</summary>
        private static byte[]? ReadEntry(string archive, string entryName)
        {
            using WidgetArchive zip = WidgetArchive.Open(archive);
            ArchiveEntry? entry = zip.Entries.FirstOrDefault(e => !e.IsDirectory && e.Name.Replace('\\', '/') == entryName);
            if (entry == null || entry.IsEncrypted || entry.HeaderMismatch != null || entry.Size > AmoReadLimits.I18nBytes)
            {
                return null;
            }

            return zip.Read(entry, AmoReadLimits.I18nBytes);
        }
    }
}
