using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.IO;
using ICSharpCode.SharpZipLib.Zip;
using AmoWidget.Widget;

namespace AmoWidget.Packaging
{
    /// <summary>One file of a widget folder as it goes into the archive.</summary>
    public sealed class AmoPackageEntry
    {
        public AmoPackageEntry(string name, string fullPath)
        {
            Name = name;
            FullPath = fullPath;
        }

        /// <summary>The entry name: relative to the folder, '/' separators, Unicode NFC.</summary>
        public string Name { get; }

        public string FullPath { get; }

        public override string ToString() => Printable.Escape(Name);
    }

    /// <summary>
    /// Packs a widget folder into widget.zip, deterministically: the same files give the same bytes on any OS and
    /// runtime. Entries sit at the archive root with '/' separators, sorted ordinally; every entry has the timestamp
    /// 1980-01-01 00:00 (the earliest a zip can hold), no attributes, no extra fields, no data descriptors, and
    /// SharpZipLib's DEFLATE at level 9 (or stored, when that is not smaller): pure managed code, so Windows
    /// PowerShell 5.1 and PowerShell 7, whose zlib builds differ, write the same archive. Zip64 is never written: an
    /// archive that would need it is refused. Sources are read as <see cref="AmoReadLimits.PackedFileBytes"/> allows;
    /// a FIFO, device or socket stops the pack (FileNotRegular), and a link whose target lies outside the folder is
    /// left out with a warning.
    /// </summary>
    public static class AmoWidgetPacker
    {
        /// <summary>The name amoCRM's upload expects.</summary>
        public const string DefaultFileName = "widget.zip";

        /// <summary>MS-DOS date of 1980-01-01: year 0 since 1980, month 1, day 1.</summary>
        internal const ushort FixedDosDate = (0 << 9) | (1 << 5) | 1;

        private static readonly DateTime FixedTime = new DateTime(1980, 1, 1, 0, 0, 0);

        /// <summary>
        /// The files of a widget folder that go into the archive, in archive order. A link whose target lies outside
        /// the folder (or cannot be resolved) is left out, and <paramref name="leftOut"/> hears its path and why; a FIFO, device or
        /// socket is FileNotRegular.
        /// </summary>
        public static IReadOnlyList<AmoPackageEntry> Collect(string folder, Action<string, string>? leftOut = null)
        {
            string root = Path.GetFullPath(folder);
            if (!Directory.Exists(root))
            {
                throw new AmoException(ErrorIds.PathNotFound, AmoErrorKind.ObjectNotFound, $"Cannot find the widget folder '{folder}': it does not exist or is not a folder.", folder);
            }

            var entries = new List<AmoPackageEntry>();
            Walk(new DirectoryInfo(root), FileProbe.RealPath(root), string.Empty, entries, leftOut ?? ((_, _) => { }));
            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            for (int i = 1; i < entries.Count; i++)
            {
                if (entries[i].Name == entries[i - 1].Name)
                {
                    throw new AmoException(ErrorIds.ArchiveNameClash, AmoErrorKind.InvalidData,
                        $"'{entries[i - 1].FullPath}' and '{entries[i].FullPath}' would both be stored as '{entries[i].Name}'; rename one of them.", entries[i].FullPath);
                }
            }

            return entries;
        }

        /// <summary>
        /// Writes the archive of a folder to a stream; <paramref name="leftOut"/> hears of each link left out.
        /// <paramref name="replace"/> gives the bytes of entries that go in instead of the folder's file of that name
        /// (or in addition, when the folder has none), such as the loader script.js of Compress-AmoWidget -DevLoader.
        /// </summary>
        public static void Write(string folder, Stream output, Action<string, string>? leftOut = null, IReadOnlyDictionary<string, byte[]>? replace = null)
        {
            var contents = new SortedDictionary<string, Func<byte[]>>(StringComparer.Ordinal);
            string? realRoot = FileProbe.RealPath(Path.GetFullPath(folder));
            foreach (AmoPackageEntry entry in Collect(folder, leftOut))
            {
                contents[entry.Name] = () => ReadSource(entry.FullPath, realRoot);
            }

            foreach (KeyValuePair<string, byte[]> given in replace ?? new Dictionary<string, byte[]>())
            {
                byte[] bytes = given.Value;
                contents[given.Key] = () => bytes;
            }

            WriteEntries(contents.Select(c => (c.Key, c.Value)), output);
        }

        /// <summary>
        /// Writes the archive of a folder to a file: into a temporary file beside the destination, then moved into
        /// place, so a failure leaves the old file (or none) and never half an archive. A replaced archive keeps its
        /// mode, owner and links; a destination that is a FIFO or device is refused (PathNotRegularFile).
        /// </summary>
        public static FileInfo WriteFile(string folder, string destination, bool overwrite, Action<string, string>? leftOut = null, IReadOnlyDictionary<string, byte[]>? replace = null)
        {
            if (Directory.Exists(destination))
            {
                throw new AmoException(ErrorIds.DestinationIsFolder, AmoErrorKind.InvalidArgument, $"The destination '{destination}' is a folder; give a file name such as {DefaultFileName}.", destination);
            }

            AtomicFile.Resolve(destination);
            string target = Path.GetFullPath(destination);

            if (File.Exists(target) && !overwrite)
            {
                throw new AmoException(ErrorIds.FileExists, AmoErrorKind.ResourceExists, $"The file '{target}' already exists. Use -Force to replace it.", target);
            }

            // A missing destination folder is made (AtomicFile.Write), as Export-AmoManifest and Out-File's
            // callers expect of a build's ./dist/widget.zip. The temporary file has a dot name, so it stays out of the archive when the destination is inside the folder.
            AtomicFile.Write(target, stream => Write(folder, stream, leftOut, replace), ErrorIds.ArchiveWriteFailed);

            return new FileInfo(target);
        }

        /// <summary>Writes entries (name, content) in the given order.</summary>
        internal static void WriteEntries(IEnumerable<(string Name, Func<byte[]> Read)> entries, Stream output)
        {
            using var zip = new ZipOutputStream(output, StringCodec.FromEncoding(new UTF8Encoding(false))) { IsStreamOwner = false, UseZip64 = UseZip64.Off };
            long offset = 0;
            int count = 0;
            foreach ((string name, Func<byte[]> read) in entries)
            {
                byte[] data = read();
                byte[]? deflated = ZipDeflate.CompressIfSmaller(data, out int deflatedLength);
                bool store = deflated == null;
                int nameLength = Encoding.UTF8.GetByteCount(name);
                count++;
                offset += 30 + 46 + 2L * nameLength + (store ? data.Length : deflatedLength);
                if (count > ushort.MaxValue || offset > uint.MaxValue - 22)
                {
                    throw new AmoException(ErrorIds.ArchiveTooLarge, AmoErrorKind.LimitsExceeded,
                        $"'{name}' would make the archive need Zip64 (more than 65535 entries or 4 GB), which amoCRM's uploader is not known to read.", name);
                }

                var entry = new ZipEntry(name)
                {
                    DateTime = FixedTime,
                    IsUnicodeText = name.Any(c => c > 0x7F),
                    Size = data.Length,
                    Crc = System.IO.Hashing.Crc32.HashToUInt32(data),
                    CompressedSize = store ? data.Length : deflatedLength,
                    CompressionMethod = store ? CompressionMethod.Stored : CompressionMethod.Deflated,
                };
                if (store)
                {
                    zip.PutNextEntry(entry);
                    zip.Write(data, 0, data.Length);
                }
                else
                {
                    // The data is deflated already (to choose stored or deflated), so it goes in as it is.
                    zip.PutNextPassthroughEntry(entry);
                    zip.Write(deflated!, 0, deflatedLength);
                }

                zip.CloseEntry();
            }

            zip.Finish();
        }

        /// <summary>
        /// A source file, whole, opened first and then judged (SafeFile.OpenInside), so a file swapped for a link out of
        /// the folder after <see cref="Collect"/> looked at it is FileOutsideWidget, never packed. FileNotRegular,
        /// FileTooLarge (over the packing cap) or FileUnreadable naming it otherwise.
        /// </summary>
        internal static byte[] ReadSource(string path, string? realRoot)
        {
            try
            {
                return SafeFile.ReadAllInside(path, realRoot, AmoReadLimits.PackedFileBytes, length => new AmoException(ErrorIds.FileTooLarge, AmoErrorKind.LimitsExceeded,
                    $"'{path}' is {length / (1024 * 1024)} MB or more; at most {AmoReadLimits.PackedFileBytes / (1024 * 1024)} MB of one file are packed.", path));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new AmoException(ErrorIds.FileUnreadable, AmoErrorKind.ReadError, $"Cannot read '{path}' to pack it: {ex.Message}", path, ex);
            }
        }

        private static void Walk(DirectoryInfo directory, string? realRoot, string prefix, List<AmoPackageEntry> entries, Action<string, string> leftOut)
        {
            foreach (FileSystemInfo item in directory.EnumerateFileSystemInfos())
            {
                // A name that is not UTF-8 is listed with U+FFFD and opens nothing under that name: name it, escaped.
                if (RawNames.IsUndecodable(item.FullName))
                {
                    string shown = RawNames.Shown(item.FullName);
                    throw new AmoException(ErrorIds.FileNameInvalid, AmoErrorKind.InvalidData,
                        $"'{shown}' has a name that is not valid UTF-8 (each byte that is not is shown as \\xNN); a zip entry name is UTF-8, so it cannot be packed. Rename it to a UTF-8 name, or delete it.", shown);
                }

                FileFacts self = FileProbe.LStat(item.FullName);
                bool isDirectory = self.Kind == FileKind.Directory || (self.Kind == FileKind.SymbolicLink && item is DirectoryInfo);
                if (PackedNames.IsExcluded(item.Name, isDirectory))
                {
                    continue;
                }

                // macOS stores names decomposed (NFD); NFC makes the same folder give the same entry names everywhere.
                string name = prefix + item.Name.Normalize(NormalizationForm.FormC);
                if (self.Kind == FileKind.SymbolicLink)
                {
                    if (FileProbe.LeadsOutside(realRoot, item.FullName, out string? target))
                    {
                        leftOut(item.FullName, $"'{item.FullName}' is a link to {target ?? "a target that cannot be resolved"}, outside the widget folder; it is left out of the archive.");
                        continue;
                    }

                    // A linked folder inside could loop back on itself; its files are packed where they really live.
                    if (item is DirectoryInfo)
                    {
                        continue;
                    }

                    self = FileProbe.Stat(item.FullName);
                }

                if (self.Kind == FileKind.Directory)
                {
                    Walk((DirectoryInfo)item, realRoot, name + "/", entries, leftOut);
                }
                else if (self.IsSpecial)
                {
                    throw SafeFile.NotRegular(item.FullName, self);
                }
                else
                {
                    entries.Add(new AmoPackageEntry(name, item.FullName));
                }
            }
        }
    }
}
