using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using AmoWidget.IO;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.Zip;

namespace AmoWidget.Widget
{
    /// <summary>One entry of a widget .zip: the name as stored, the declared sizes, and what stops it from being read.</summary>
    internal sealed class ArchiveEntry
    {
        public ArchiveEntry(ZipRawEntry raw, ZipEntry library)
        {
            Name = raw.Name;
            Size = raw.UncompressedSize;
            IsDirectory = raw.Name.EndsWith("/", StringComparison.Ordinal) || raw.Name.EndsWith("\\", StringComparison.Ordinal);
            IsEncrypted = library.IsCrypted;
            Library = library;
        }

        /// <summary>The name exactly as stored in the central directory.</summary>
        public string Name { get; }

        /// <summary>The size the central directory says the entry inflates to.</summary>
        public long Size { get; }

        public bool IsDirectory { get; }

        /// <summary>Password-protected (general purpose flag bit 0): nothing can check its content.</summary>
        public bool IsEncrypted { get; }

        /// <summary>How the local header disagrees with the central directory (name, sizes, flags, method, CRC), or null.</summary>
        public string? HeaderMismatch { get; set; }

        internal ZipEntry Library { get; }
    }

    /// <summary>
    /// A widget .zip opened for reading, the same way for Import-AmoManifest, Test-AmoManifest and Test-AmoWidget, so
    /// one archive gives one ErrorId everywhere: ArchiveInvalid (not a readable zip) or ArchiveTooLarge (a bomb, refused
    /// before anything is inflated). The file is read whole (at most <see cref="AmoReadLimits.ArchiveBytes"/>); its
    /// central directory is first checked by <see cref="ZipDirectory"/> (own code: the names as stored, Zip64 markers,
    /// and the entry count and declared sizes judged before SharpZipLib sizes its tables from them); then SharpZipLib
    /// compares every local header with the central directory and inflates entries on request, never past their
    /// declared size.
    /// </summary>
    internal sealed class WidgetArchive : IDisposable
    {
        private readonly ZipFile zip;

        private WidgetArchive(string path, ZipDirectory directory, ZipFile zip, List<ArchiveEntry> entries)
        {
            Path = path;
            Directory = directory;
            this.zip = zip;
            Entries = entries;
        }

        /// <summary>The archive's full path.</summary>
        public string Path { get; }

        public ZipDirectory Directory { get; }

        /// <summary>Every central-directory record, in directory order.</summary>
        public IReadOnlyList<ArchiveEntry> Entries { get; }

        /// <summary>Opens and checks an archive; ArchiveInvalid, ArchiveTooLarge or FileNotRegular when it cannot be read.</summary>
        public static WidgetArchive Open(string path)
        {
            string full = System.IO.Path.GetFullPath(path);
            byte[] data = SafeFile.ReadAll(full, AmoReadLimits.ArchiveBytes, length =>
                ArchiveLimits.TooLarge(full, $"the file is {length / (1024 * 1024)} MB or more (at most {AmoReadLimits.ArchiveBytes / (1024 * 1024)} MB are read)"));
            ZipDirectory directory = ZipDirectory.Read(data, full);
            ArchiveLimits.Check(full, directory);

            ZipFile zip;
            try
            {
                zip = new ZipFile(new MemoryStream(data, false), false, StringCodec.FromEncoding(new UTF8Encoding(false, false)));
            }
            catch (Exception ex) when (IsArchiveFault(ex))
            {
                throw Invalid(full, ex.Message, ex);
            }

            if (zip.Count != directory.Entries.Count)
            {
                ((IDisposable)zip).Dispose();
                throw Invalid(full, $"two end records disagree ({directory.Entries.Count} entries or {zip.Count})", null);
            }

            var entries = new List<ArchiveEntry>(directory.Entries.Count);
            for (int i = 0; i < directory.Entries.Count; i++)
            {
                entries.Add(new ArchiveEntry(directory.Entries[i], zip[i]));
            }

            var archive = new WidgetArchive(full, directory, zip, entries);
            archive.TestLocalHeaders();
            return archive;
        }

        /// <summary>
        /// At most <paramref name="limit"/> bytes of an entry (the caller caps it at the declared size and the kind's cap).
        /// ArchiveTooLarge when the entry inflates past its declared size, ArchiveInvalid when its data is damaged.
        /// </summary>
        public byte[] Read(ArchiveEntry entry, long limit)
        {
            try
            {
                using Stream stream = zip.GetInputStream(entry.Library);
                byte[] data = SafeFile.ReadUpTo(stream, (int)Math.Min(limit, entry.Size) + (limit > entry.Size ? 1 : 0), entry.Size);
                if (data.Length > entry.Size)
                {
                    throw new AmoException(ErrorIds.ArchiveTooLarge, AmoErrorKind.LimitsExceeded,
                        $"{Path}!{entry.Name} inflates to more than the {entry.Size} bytes its header declares; the archive is refused.", Path);
                }

                return data;
            }
            catch (Exception ex) when (IsArchiveFault(ex))
            {
                throw Invalid(Path, $"entry {entry.Name} cannot be read: {ex.Message}", ex);
            }
        }

        public void Dispose() => ((IDisposable)zip).Dispose();

        internal static AmoException Invalid(string archive, string what, Exception? inner) =>
            new AmoException(ErrorIds.ArchiveInvalid, AmoErrorKind.InvalidData, $"{archive} is not a readable zip archive: {what.TrimEnd('.')}.", archive, inner);

        /// <summary>What a damaged archive makes SharpZipLib throw (it reads offsets and lengths as the file gives them).</summary>
        private static bool IsArchiveFault(Exception ex) =>
            ex is SharpZipBaseException || ex is IOException || ex is InvalidDataException || ex is ArgumentException
            || ex is IndexOutOfRangeException || ex is OverflowException || ex is NotSupportedException || ex is NotImplementedException;

        private void TestLocalHeaders()
        {
            // Only the headers (testData: false): the data is inflated later, one capped entry at a time.
            zip.TestArchive(false, TestStrategy.FindAllErrors, (status, message) =>
            {
                // "Name is invalid" is SharpZipLib's last header test, reached only when the headers agree: an unsafe
                // name, which AmoArchiveUnsafePath reports, not a mismatch.
                if (message != null && status.Entry != null && status.Entry.ZipFileIndex >= 0 && status.Entry.ZipFileIndex < Entries.Count
                    && !Clean(message).Equals("Name is invalid", StringComparison.Ordinal))
                {
                    ArchiveEntry entry = Entries[(int)status.Entry.ZipFileIndex];
                    entry.HeaderMismatch ??= Clean(message);
                }
            });
        }

        private static string Clean(string message)
        {
            const string Prefix = "Exception during test - '";
            return message.StartsWith(Prefix, StringComparison.Ordinal) && message.EndsWith("'", StringComparison.Ordinal)
                ? message.Substring(Prefix.Length, message.Length - Prefix.Length - 1)
                : message;
        }
    }
}
