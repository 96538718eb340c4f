namespace AmoWidget.Packaging
{
    /// <summary>The two checksums the zip and PNG formats use: CRC-32 (zip entries, PNG chunks) and Adler-32 (zlib streams).</summary>
    internal static class Checksums
    {
        private static readonly uint[] CrcTable = BuildCrcTable();

        public static uint Crc32(byte[] data) => Crc32(data, 0, data.Length);

        public static uint Crc32(byte[] data, int offset, int count)
        {
            uint crc = 0xFFFFFFFFu;
            for (int i = offset; i < offset + count; i++)
            {
                crc = CrcTable[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            }

            return crc ^ 0xFFFFFFFFu;
        }

        public static uint Adler32(byte[] data)
        {
            const uint Modulus = 65521;
            uint a = 1;
            uint b = 0;
            int i = 0;
            while (i < data.Length)
            {
                // 5552 bytes is the longest run whose sums cannot overflow 32 bits before the modulo (zlib's NMAX).
                int end = System.Math.Min(data.Length, i + 5552);
                for (; i < end; i++)
                {
                    a += data[i];
                    b += a;
                }

                a %= Modulus;
                b %= Modulus;
            }

            return (b << 16) | a;
        }

        private static uint[] BuildCrcTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
