using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using Xunit;

namespace AmoWidget.Tests.Package
{
    /// <summary>An independent PNG reader for the tests: checks every chunk's CRC, reads IHDR, inflates the IDAT data.</summary>
    internal static class PngCheck
    {
        public static (int Width, int Height, byte[] Scanlines) Decode(byte[] png)
        {
            byte[] signature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
            Assert.True(png.Length > 8 && png.AsSpan(0, 8).SequenceEqual(signature), "PNG signature");
            int width = 0;
            int height = 0;
            var idat = new MemoryStream();
            bool sawEnd = false;
            int offset = 8;
            while (offset < png.Length)
            {
                int length = (int)BigEndian(png, offset);
                string type = Encoding.ASCII.GetString(png, offset + 4, 4);
                uint crc = BigEndian(png, offset + 8 + length);
                Assert.Equal(Crc(png, offset + 4, length + 4), crc);
                if (type == "IHDR")
                {
                    Assert.Equal(8, offset);
                    width = (int)BigEndian(png, offset + 8);
                    height = (int)BigEndian(png, offset + 12);
                    Assert.Equal(8, png[offset + 16]);
                    Assert.Equal(2, png[offset + 17]);
                }
                else if (type == "IDAT")
                {
                    idat.Write(png, offset + 8, length);
                }
                else if (type == "IEND")
                {
                    sawEnd = true;
                    Assert.Equal(png.Length, offset + 12);
                }

                offset += 12 + length;
            }

            Assert.True(sawEnd, "IEND chunk");
            byte[] zlib = idat.ToArray();
            Assert.Equal(0, ((zlib[0] << 8) | zlib[1]) % 31);
            Assert.Equal(8, zlib[0] & 0x0F);
            byte[] raw = Inflate(zlib.AsSpan(2, zlib.Length - 6).ToArray());
            Assert.Equal(Adler(raw), BigEndian(zlib, zlib.Length - 4));
            Assert.Equal(height * (1 + width * 3), raw.Length);
            return (width, height, raw);
        }

        public static byte[] Inflate(byte[] deflated)
        {
            using var input = new DeflateStream(new MemoryStream(deflated), CompressionMode.Decompress);
            var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }

        public static uint Crc(byte[] data, int offset, int count)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = offset; i < offset + count; i++)
            {
                crc ^= data[i];
                for (int k = 0; k < 8; k++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }

            return ~crc;
        }

        private static uint Adler(byte[] data)
        {
            uint a = 1;
            uint b = 0;
            foreach (byte x in data)
            {
                a = (a + x) % 65521;
                b = (b + a) % 65521;
            }

            return (b << 16) | a;
        }

        private static uint BigEndian(byte[] data, int offset) =>
            (uint)((data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3]);
    }
}
