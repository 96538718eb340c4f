using System;
using System.Collections.Generic;
using System.Text;

namespace AmoWidget.Widget
{
    /// <summary>One central-directory record as written in the archive, before any library interprets it.</summary>
    internal sealed class ZipRawEntry
    {
        public ZipRawEntry(string name, long compressedSize, long uncompressedSize)
        {
            Name = name;
            CompressedSize = compressedSize;
            UncompressedSize = uncompressedSize;
        }

        /// <summary>The name exactly as stored (separators not normalized).</summary>
        public string Name { get; }

        public long CompressedSize { get; }

        /// <summary>The size the entry declares it inflates to.</summary>
        public long UncompressedSize { get; }
    }

    /// <summary>
    /// Reads a zip's central directory from the raw bytes: the entry names as stored, the declared sizes (so a bomb
    /// is refused before anything is inflated) and every Zip64 marker (end record, locator, extra field 0x0001).
    /// Own code because SharpZipLib gives none of these: it decodes names, folds Zip64 into plain sizes, and sizes
    /// its entry table from the count the end record declares before anything could check that count.
    /// </summary>
    internal sealed class ZipDirectory
    {
        private const uint EndSignature = 0x06054b50;
        private const uint Zip64EndSignature = 0x06064b50;
        private const uint Zip64LocatorSignature = 0x07064b50;
        private const uint CentralSignature = 0x02014b50;
        private const uint LocalSignature = 0x04034b50;
        private const ushort Zip64ExtraId = 0x0001;

        private ZipDirectory(List<ZipRawEntry> entries, bool zip64)
        {
            Entries = entries;
            UsesZip64 = zip64;
        }

        public IReadOnlyList<ZipRawEntry> Entries { get; }

        /// <summary>True when any Zip64 record or extra field is present.</summary>
        public bool UsesZip64 { get; }

        /// <summary>Parses the directory; a structural problem is an <see cref="AmoException"/> ArchiveInvalid naming the archive.</summary>
        public static ZipDirectory Read(byte[] data, string archive)
        {
            int end = FindEnd(data);
            if (end < 0)
            {
                throw Invalid(archive, "no zip end-of-central-directory record");
            }

            bool zip64 = end >= 20 && U32(data, end - 20) == Zip64LocatorSignature;
            long count = U16(data, end + 10);
            long directorySize = U32(data, end + 12);
            long directoryOffset = U32(data, end + 16);
            if (zip64)
            {
                long recordOffset = (long)U64(data, end - 20 + 8);
                if (recordOffset < 0 || recordOffset + 56 > data.Length || U32(data, (int)recordOffset) != Zip64EndSignature)
                {
                    throw Invalid(archive, "a Zip64 locator points at no Zip64 end record");
                }

                count = (long)U64(data, (int)recordOffset + 32);
                directorySize = (long)U64(data, (int)recordOffset + 40);
                directoryOffset = (long)U64(data, (int)recordOffset + 48);
            }
            else if (count == 0xFFFF || directorySize == 0xFFFFFFFF || directoryOffset == 0xFFFFFFFF)
            {
                throw Invalid(archive, "Zip64 sizes without a Zip64 locator");
            }

            if (directoryOffset < 0 || directorySize < 0 || directoryOffset > data.Length || directorySize > data.Length || directoryOffset + directorySize > data.Length)
            {
                throw Invalid(archive, "the central directory lies outside the file");
            }

            if (count < 0 || count > directorySize / 46)
            {
                throw Invalid(archive, $"the end record declares {count} entries in a directory of {directorySize} bytes");
            }

            var entries = new List<ZipRawEntry>();
            int pos = (int)directoryOffset;
            for (long i = 0; i < count; i++)
            {
                if (pos + 46 > data.Length || U32(data, pos) != CentralSignature)
                {
                    throw Invalid(archive, $"central directory record {i + 1} is damaged");
                }

                int flags = U16(data, pos + 8);
                long compressed = U32(data, pos + 20);
                long uncompressed = U32(data, pos + 24);
                int nameLength = U16(data, pos + 28);
                int extraLength = U16(data, pos + 30);
                int commentLength = U16(data, pos + 32);
                long localOffset = U32(data, pos + 42);
                int next = pos + 46 + nameLength + extraLength + commentLength;
                if (next > data.Length)
                {
                    throw Invalid(archive, $"central directory record {i + 1} runs past the end of the file");
                }

                string name = DecodeName(data, pos + 46, nameLength, (flags & 0x0800) != 0);
                bool entryZip64 = false;
                foreach ((ushort id, int start, int length) in ExtraFields(data, pos + 46 + nameLength, extraLength))
                {
                    if (id != Zip64ExtraId)
                    {
                        continue;
                    }

                    entryZip64 = true;
                    int p = start;
                    if (uncompressed == 0xFFFFFFFF && p + 8 <= start + length)
                    {
                        uncompressed = (long)U64(data, p);
                        p += 8;
                    }

                    if (compressed == 0xFFFFFFFF && p + 8 <= start + length)
                    {
                        compressed = (long)U64(data, p);
                        p += 8;
                    }

                    if (localOffset == 0xFFFFFFFF && p + 8 <= start + length)
                    {
                        localOffset = (long)U64(data, p);
                    }
                }

                entryZip64 |= LocalHeaderHasZip64(data, localOffset);
                zip64 |= entryZip64;
                entries.Add(new ZipRawEntry(name, compressed, uncompressed < 0 ? long.MaxValue : uncompressed));
                pos = next;
            }

            return new ZipDirectory(entries, zip64);
        }

        private static AmoException Invalid(string archive, string what) => WidgetArchive.Invalid(archive, what, null);

        private static int FindEnd(byte[] data)
        {
            int lowest = Math.Max(0, data.Length - 22 - 0xFFFF);
            for (int i = data.Length - 22; i >= lowest; i--)
            {
                if (U32(data, i) == EndSignature && i + 22 + U16(data, i + 20) == data.Length)
                {
                    return i;
                }
            }

            return -1;
        }

        // Some writers (streaming ones above all) mark Zip64 only in the local header.
        private static bool LocalHeaderHasZip64(byte[] data, long offset)
        {
            if (offset < 0 || offset + 30 > data.Length || U32(data, (int)offset) != LocalSignature)
            {
                return false;
            }

            int local = (int)offset;
            int nameLength = U16(data, local + 26);
            int extraLength = U16(data, local + 28);
            if (local + 30 + nameLength + extraLength > data.Length)
            {
                return false;
            }

            foreach ((ushort id, _, _) in ExtraFields(data, local + 30 + nameLength, extraLength))
            {
                if (id == Zip64ExtraId)
                {
                    return true;
                }
            }

            return false;
        }

        private static IEnumerable<(ushort Id, int Start, int Length)> ExtraFields(byte[] data, int start, int length)
        {
            int p = start;
            int end = start + length;
            while (p + 4 <= end)
            {
                ushort id = (ushort)U16(data, p);
                int size = U16(data, p + 2);
                if (p + 4 + size > end)
                {
                    yield break;
                }

                yield return (id, p + 4, size);
                p += 4 + size;
            }
        }

        private static string DecodeName(byte[] data, int start, int length, bool utf8Flag)
        {
            if (utf8Flag)
            {
                return Encoding.UTF8.GetString(data, start, length);
            }

            try
            {
                return new UTF8Encoding(false, true).GetString(data, start, length);
            }
            catch (DecoderFallbackException)
            {
                // Without the UTF-8 flag the name is in an OEM code page; the ASCII part, which is all a check needs, reads the same.
                return Encoding.GetEncoding("iso-8859-1").GetString(data, start, length);
            }
        }

        private static int U16(byte[] d, int p) => p + 2 <= d.Length && p >= 0 ? d[p] | (d[p + 1] << 8) : 0;

        private static uint U32(byte[] d, int p) =>
            p + 4 <= d.Length && p >= 0 ? (uint)(d[p] | (d[p + 1] << 8) | (d[p + 2] << 16) | (d[p + 3] << 24)) : 0;

        private static ulong U64(byte[] d, int p) => U32(d, p) | ((ulong)U32(d, p + 4) << 32);
    }
}
