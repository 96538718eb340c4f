using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.IO;

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

        public override string ToString() => Name;
    }

    /// <summary>
    /// Packs a widget folder into widget.zip, deterministically: the same files give the same bytes on any OS and
    /// runtime. Entries sit at the archive root with '/' separators, sorted ordinally; every entry has the timestamp
    /// 1980-01-01 00:00 (the earliest a zip can hold), MS-DOS as the maker, no attributes, no extra fields, no data
    /// descriptors, and the data of this module's own DEFLATE encoder (or stored, when that is smaller). Zip64 is never
    /// written: an archive that would need it is refused.
    /// </summary>
    public static class AmoWidgetPacker
    {
        /// <summary>The name amoCRM's upload expects.</summary>
        public const string DefaultFileName = "widget.zip";

        /// <summary>ErrorId of an archive that cannot be written (WriteError, or PermissionDenied).</summary>
        public const string WriteFailedId = "ArchiveWriteFailed";

        /// <summary>MS-DOS date of 1980-01-01: year 0 since 1980, month 1, day 1.</summary>
        internal const ushort FixedDosDate = (0 << 9) | (1 << 5) | 1;

        internal const ushort FixedDosTime = 0;

        private const ushort VersionNeeded = 20;
        private const ushort VersionMadeBy = 20;
        private const ushort Utf8NameFlag = 0x0800;
        private const ushort MethodStored = 0;
        private const ushort MethodDeflated = 8;

        /// <summary>Whether a file or folder name is left out of the archive: dotfiles and dot-folders (.git, .DS_Store, .env), __MACOSX, node_modules, and zips.</summary>
        public static bool IsExcluded(string name, bool isDirectory) =>
            name.StartsWith(".", StringComparison.Ordinal)
            || string.Equals(name, "__MACOSX", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "node_modules", StringComparison.OrdinalIgnoreCase)
            || (!isDirectory && name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase));

        /// <summary>The files of a widget folder that go into the archive, in archive order.</summary>
        public static IReadOnlyList<AmoPackageEntry> Collect(string folder)
        {
            string root = Path.GetFullPath(folder);
            if (!Directory.Exists(root))
            {
                throw new AmoException("PathNotFound", AmoErrorKind.ObjectNotFound, $"Cannot find the widget folder '{folder}': it does not exist or is not a folder.", folder);
            }

            var entries = new List<AmoPackageEntry>();
            Walk(new DirectoryInfo(root), string.Empty, entries);
            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            for (int i = 1; i < entries.Count; i++)
            {
                if (entries[i].Name == entries[i - 1].Name)
                {
                    throw new AmoException("ArchiveNameClash", AmoErrorKind.InvalidData,
                        $"'{entries[i - 1].FullPath}' and '{entries[i].FullPath}' would both be stored as '{entries[i].Name}'; rename one of them.", entries[i].FullPath);
                }
            }

            return entries;
        }

        /// <summary>Writes the archive of a folder to a stream.</summary>
        public static void Write(string folder, Stream output)
        {
            IReadOnlyList<AmoPackageEntry> entries = Collect(folder);
            WriteEntries(entries.Select(e => (e.Name, (Func<byte[]>)(() => File.ReadAllBytes(e.FullPath)))), output);
        }

        /// <summary>
        /// Writes the archive of a folder to a file: into a temporary file beside the destination, then moved into
        /// place, so a failure leaves the old file (or none) and never half an archive. A replaced archive keeps its
        /// mode, owner and links; a destination that is a FIFO or device is refused (PathNotRegularFile).
        /// </summary>
        public static FileInfo WriteFile(string folder, string destination, bool overwrite)
        {
            if (Directory.Exists(destination))
            {
                throw new AmoException("DestinationIsFolder", AmoErrorKind.InvalidArgument, $"The destination '{destination}' is a folder; give a file name such as {DefaultFileName}.", destination);
            }

            AtomicFile.Resolve(destination);
            string target = Path.GetFullPath(destination);

            if (File.Exists(target) && !overwrite)
            {
                throw new AmoException("FileExists", AmoErrorKind.ResourceExists, $"The file '{target}' already exists. Use -Force to replace it.", target);
            }

            string directory = Path.GetDirectoryName(target)!;
            if (!Directory.Exists(directory))
            {
                throw new AmoException("PathNotFound", AmoErrorKind.ObjectNotFound, $"Cannot write '{target}': the folder '{directory}' does not exist.", directory);
            }

            // The temporary file has a dot name, so it stays out of the archive when the destination is inside the folder.
            AtomicFile.Write(target, stream => Write(folder, stream), WriteFailedId);

            return new FileInfo(target);
        }

        /// <summary>Writes entries (name, content) in the given order.</summary>
        internal static void WriteEntries(IEnumerable<(string Name, Func<byte[]> Read)> entries, Stream output)
        {
            var central = new MemoryStream();
            var centralWriter = new BinaryWriter(central);
            var writer = new BinaryWriter(output);
            long offset = 0;
            int count = 0;
            foreach ((string name, Func<byte[]> read) in entries)
            {
                byte[] data = read();
                byte[] nameBytes = Encoding.UTF8.GetBytes(name);
                ushort flags = name.Any(c => c > 0x7F) ? Utf8NameFlag : (ushort)0;
                byte[] deflated = Deflater.Compress(data);
                bool store = deflated.Length >= data.Length;
                byte[] stored = store ? data : deflated;
                uint crc = Checksums.Crc32(data);
                count++;
                if (count > ushort.MaxValue || offset > uint.MaxValue - 1 || (long)data.Length > uint.MaxValue - 1)
                {
                    throw new AmoException("ArchiveTooLarge", AmoErrorKind.LimitsExceeded,
                        $"'{name}' would make the archive need Zip64 (more than 65535 entries or 4 GB), which amoCRM's uploader is not known to read.", name);
                }

                long localOffset = offset;
                writer.Write(0x04034b50u);
                writer.Write(VersionNeeded);
                writer.Write(flags);
                writer.Write(store ? MethodStored : MethodDeflated);
                writer.Write(FixedDosTime);
                writer.Write(FixedDosDate);
                writer.Write(crc);
                writer.Write((uint)stored.Length);
                writer.Write((uint)data.Length);
                writer.Write((ushort)nameBytes.Length);
                writer.Write((ushort)0);
                writer.Write(nameBytes);
                writer.Write(stored);
                offset += 30 + nameBytes.Length + stored.Length;

                centralWriter.Write(0x02014b50u);
                centralWriter.Write(VersionMadeBy);
                centralWriter.Write(VersionNeeded);
                centralWriter.Write(flags);
                centralWriter.Write(store ? MethodStored : MethodDeflated);
                centralWriter.Write(FixedDosTime);
                centralWriter.Write(FixedDosDate);
                centralWriter.Write(crc);
                centralWriter.Write((uint)stored.Length);
                centralWriter.Write((uint)data.Length);
                centralWriter.Write((ushort)nameBytes.Length);
                centralWriter.Write((ushort)0);
                centralWriter.Write((ushort)0);
                centralWriter.Write((ushort)0);
                centralWriter.Write((ushort)0);
                centralWriter.Write(0u);
                centralWriter.Write((uint)localOffset);
                centralWriter.Write(nameBytes);
            }

            if (offset + central.Length > uint.MaxValue - 1)
            {
                throw new AmoException("ArchiveTooLarge", AmoErrorKind.LimitsExceeded, "The archive would pass 4 GB and need Zip64, which amoCRM's uploader is not known to read.");
            }

            centralWriter.Flush();
            central.Position = 0;
            central.CopyTo(output);
            writer.Write(0x06054b50u);
            writer.Write((ushort)0);
            writer.Write((ushort)0);
            writer.Write((ushort)count);
            writer.Write((ushort)count);
            writer.Write((uint)central.Length);
            writer.Write((uint)offset);
            writer.Write((ushort)0);
            writer.Flush();
        }

        private static void Walk(DirectoryInfo directory, string prefix, List<AmoPackageEntry> entries)
        {
            foreach (FileSystemInfo item in directory.EnumerateFileSystemInfos())
            {
                bool isDirectory = item is DirectoryInfo;
                if (IsExcluded(item.Name, isDirectory))
                {
                    continue;
                }

                // macOS stores names decomposed (NFD); NFC makes the same folder give the same entry names everywhere.
                string name = prefix + item.Name.Normalize(NormalizationForm.FormC);
                if (item is DirectoryInfo sub)
                {
                    // A linked folder could loop back on itself; its files are packed where they really live.
                    if ((sub.Attributes & FileAttributes.ReparsePoint) == 0)
                    {
                        Walk(sub, name + "/", entries);
                    }
                }
                else
                {
                    entries.Add(new AmoPackageEntry(name, item.FullName));
                }
            }
        }
    }
}
