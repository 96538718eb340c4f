using System;
using System.IO;
using ICSharpCode.SharpZipLib.Zip.Compression;
using ICSharpCode.SharpZipLib.Zip.Compression.Streams;

namespace AmoWidget.Packaging
{
    /// <summary>
    /// DEFLATE (RFC 1951) and zlib (RFC 1950) through SharpZipLib at its best compression. System.IO.Compression
    /// cannot serve here: .NET Framework, .NET 8 and .NET 9+ ship different zlib builds whose output differs byte for
    /// byte, while SharpZipLib is managed code that gives the same bytes on every runtime.
    /// </summary>
    internal static class ZipDeflate
    {
        /// <summary>Raw DEFLATE data, as a zip entry holds it.</summary>
        public static byte[] Compress(byte[] data) => Run(data, zlib: false);

        /// <summary>
        /// Raw DEFLATE data when it is shorter than <paramref name="data"/>, in a buffer of that length (the first
        /// <paramref name="length"/> bytes); null as soon as it would not be shorter, as with data that is compressed
        /// already, so packing a file holds at most twice its size, never a growing copy on top.
        /// </summary>
        public static byte[]? CompressIfSmaller(byte[] data, out int length)
        {
            var buffer = new byte[data.Length];
            using var output = new MemoryStream(buffer, 0, buffer.Length, writable: true, publiclyVisible: true);
            try
            {
                using (var stream = new DeflaterOutputStream(output, new Deflater(Deflater.BEST_COMPRESSION, true)) { IsStreamOwner = false })
                {
                    stream.Write(data, 0, data.Length);
                }
            }
            catch (NotSupportedException)
            {
                // The fixed buffer is full: the deflated data would be as long as the data or longer.
                length = 0;
                return null;
            }

            length = (int)output.Position;
            return length < data.Length ? buffer : null;
        }

        /// <summary>A zlib stream (header, DEFLATE data, Adler-32), as a PNG's IDAT holds it.</summary>
        public static byte[] CompressZlib(byte[] data) => Run(data, zlib: true);

        private static byte[] Run(byte[] data, bool zlib)
        {
            using var buffer = new MemoryStream();
            using (var stream = new DeflaterOutputStream(buffer, new Deflater(Deflater.BEST_COMPRESSION, !zlib)) { IsStreamOwner = false })
            {
                stream.Write(data, 0, data.Length);
            }

            return buffer.ToArray();
        }
    }
}
