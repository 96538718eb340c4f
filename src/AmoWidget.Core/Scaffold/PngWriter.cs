using System;
using System.IO;
using System.Text;
using AmoWidget.Packaging;

namespace AmoWidget.Scaffold
{
    /// <summary>An RGB colour.</summary>
    internal readonly struct Rgb
    {
        public Rgb(byte r, byte g, byte b)
        {
            R = r;
            G = g;
            B = b;
        }

        public byte R { get; }

        public byte G { get; }

        public byte B { get; }
    }

    /// <summary>
    /// Writes the placeholder logos: 8-bit RGB PNGs (signature, IHDR, one IDAT, IEND) of a solid colour with a
    /// darker border and a light square in the middle, so each size is visibly a logo slot to replace. The IDAT is
    /// a zlib stream of this module's DEFLATE encoder, so the same size gives the same bytes on every runtime.
    /// </summary>
    internal static class PngWriter
    {
        private static readonly byte[] Signature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

        public static byte[] Logo(int width, int height, Rgb fill, Rgb border, Rgb mark)
        {
            int borderWidth = Math.Max(2, Math.Min(width, height) / 24);
            int side = Math.Min(width, height) / 3;
            int markLeft = (width - side) / 2;
            int markTop = (height - side) / 2;
            int stride = 1 + width * 3;
            var raw = new byte[stride * height];
            for (int y = 0; y < height; y++)
            {
                // Each scanline starts with its filter type; 0 (None) keeps the encoder simple.
                raw[y * stride] = 0;
                for (int x = 0; x < width; x++)
                {
                    bool onBorder = x < borderWidth || y < borderWidth || x >= width - borderWidth || y >= height - borderWidth;
                    bool onMark = x >= markLeft && x < markLeft + side && y >= markTop && y < markTop + side;
                    Rgb c = onBorder ? border : onMark ? mark : fill;
                    int p = y * stride + 1 + x * 3;
                    raw[p] = c.R;
                    raw[p + 1] = c.G;
                    raw[p + 2] = c.B;
                }
            }

            return Encode(width, height, raw);
        }

        /// <summary>Encodes filtered RGB scanlines (filter byte + 3 bytes a pixel per row).</summary>
        public static byte[] Encode(int width, int height, byte[] scanlines)
        {
            var png = new MemoryStream();
            png.Write(Signature, 0, Signature.Length);

            var header = new byte[13];
            PutBigEndian(header, 0, (uint)width);
            PutBigEndian(header, 4, (uint)height);
            header[8] = 8;
            header[9] = 2;
            WriteChunk(png, "IHDR", header);

            byte[] zlib = ZipDeflate.CompressZlib(scanlines);
            WriteChunk(png, "IDAT", zlib);
            WriteChunk(png, "IEND", Array.Empty<byte>());
            return png.ToArray();
        }

        private static void WriteChunk(Stream png, string type, byte[] data)
        {
            var length = new byte[4];
            PutBigEndian(length, 0, (uint)data.Length);
            png.Write(length, 0, 4);

            var typed = new byte[4 + data.Length];
            Encoding.ASCII.GetBytes(type, 0, 4, typed, 0);
            Buffer.BlockCopy(data, 0, typed, 4, data.Length);
            png.Write(typed, 0, typed.Length);

            var crc = new byte[4];
            PutBigEndian(crc, 0, System.IO.Hashing.Crc32.HashToUInt32(typed));
            png.Write(crc, 0, 4);
        }

        private static void PutBigEndian(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)(value >> 24);
            buffer[offset + 1] = (byte)(value >> 16);
            buffer[offset + 2] = (byte)(value >> 8);
            buffer[offset + 3] = (byte)value;
        }
    }
}
