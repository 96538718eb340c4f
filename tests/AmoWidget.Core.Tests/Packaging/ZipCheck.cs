using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Xunit;

namespace AmoWidget.Tests.Package
{
    /// <summary>The raw fields of one central-directory record, read byte by byte rather than through ZipArchive.</summary>
    internal sealed class RawZipEntry
    {
        public string Name { get; set; } = "";

        public int VersionMadeBy { get; set; }

        public int Flags { get; set; }

        public int Method { get; set; }

        public int Time { get; set; }

        public int Date { get; set; }

        public uint Crc { get; set; }

        public uint CompressedSize { get; set; }

        public uint Size { get; set; }

        public int ExtraLength { get; set; }

        public uint ExternalAttributes { get; set; }

        public uint LocalOffset { get; set; }

        public int LocalExtraLength { get; set; }
    }

    internal static class ZipCheck
    {
        /// <summary>Reads the end record and the central directory; fails on Zip64 records or a comment.</summary>
        public static List<RawZipEntry> Read(byte[] zip)
        {
            int end = zip.Length - 22;
            Assert.Equal(0x06054b50u, U32(zip, end));
            Assert.Equal(0, U16(zip, end + 20));
            int count = U16(zip, end + 10);
            uint size = U32(zip, end + 12);
            uint offset = U32(zip, end + 16);
            Assert.Equal((long)zip.Length - 22, offset + size);
            var entries = new List<RawZipEntry>();
            int p = (int)offset;
            for (int i = 0; i < count; i++)
            {
                Assert.Equal(0x02014b50u, U32(zip, p));
                int nameLength = U16(zip, p + 28);
                var entry = new RawZipEntry
                {
                    VersionMadeBy = U16(zip, p + 4),
                    Flags = U16(zip, p + 8),
                    Method = U16(zip, p + 10),
                    Time = U16(zip, p + 12),
                    Date = U16(zip, p + 14),
                    Crc = U32(zip, p + 16),
                    CompressedSize = U32(zip, p + 20),
                    Size = U32(zip, p + 24),
                    ExtraLength = U16(zip, p + 30) + U16(zip, p + 32),
                    ExternalAttributes = U32(zip, p + 38),
                    LocalOffset = U32(zip, p + 42),
                    Name = Encoding.UTF8.GetString(zip, p + 46, nameLength),
                };
                int local = (int)entry.LocalOffset;
                Assert.Equal(0x04034b50u, U32(zip, local));
                entry.LocalExtraLength = U16(zip, local + 28);
                entries.Add(entry);
                p += 46 + nameLength + U16(zip, p + 30) + U16(zip, p + 32);
            }

            Assert.Equal((int)(offset + size), p);
            return entries;
        }

        private static int U16(byte[] b, int o) => b[o] | (b[o + 1] << 8);

        private static uint U32(byte[] b, int o) => (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24));
    }
}
