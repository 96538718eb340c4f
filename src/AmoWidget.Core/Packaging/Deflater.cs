using System;
using System.IO;

namespace AmoWidget.Packaging
{
    /// <summary>
    /// A raw DEFLATE encoder (RFC 1951) with one fixed strategy: greedy LZ77 matching over a 32 KB window and one
    /// block of the fixed Huffman codes. System.IO.Compression cannot serve here: .NET Framework, .NET 8 and .NET 9+
    /// ship different zlib builds whose output differs byte for byte, and the packer promises the same archive on
    /// Windows PowerShell 5.1 and PowerShell 7. This encoder depends on nothing but its input.
    /// </summary>
    internal static class Deflater
    {
        private const int WindowSize = 32768;
        private const int WindowMask = WindowSize - 1;
        private const int MinMatch = 3;
        private const int MaxMatch = 258;
        private const int HashBits = 15;
        private const int HashMask = (1 << HashBits) - 1;

        /// <summary>How many earlier positions with the same 3-byte hash are tried; fixed, so the output is too.</summary>
        private const int MaxChain = 128;

        private static readonly int[] LengthBase = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
        private static readonly int[] LengthExtra = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
        private static readonly int[] DistanceBase = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 };
        private static readonly int[] DistanceExtra = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

        public static byte[] Compress(byte[] data)
        {
            var output = new BitWriter(data.Length / 2 + 16);
            output.WriteBits(1, 1);
            output.WriteBits(1, 2);

            var head = new int[1 << HashBits];
            for (int h = 0; h < head.Length; h++)
            {
                head[h] = -1;
            }

            var previous = new int[WindowSize];
            int i = 0;
            while (i < data.Length)
            {
                int bestLength = 0;
                int bestDistance = 0;
                if (i + MinMatch <= data.Length)
                {
                    int limit = Math.Min(MaxMatch, data.Length - i);
                    int candidate = head[Hash(data, i)];
                    int chain = MaxChain;
                    while (candidate >= 0 && i - candidate <= WindowSize && chain-- > 0)
                    {
                        if (data[candidate + bestLength] == data[i + bestLength])
                        {
                            int length = 0;
                            while (length < limit && data[candidate + length] == data[i + length])
                            {
                                length++;
                            }

                            if (length > bestLength)
                            {
                                bestLength = length;
                                bestDistance = i - candidate;
                                if (length == limit)
                                {
                                    break;
                                }
                            }
                        }

                        int next = previous[candidate & WindowMask];

                        // A slot reused by a newer position would send the walk forward; the chain must only go back.
                        if (next >= candidate)
                        {
                            break;
                        }

                        candidate = next;
                    }

                    Insert(data, i, head, previous);
                }

                if (bestLength >= MinMatch)
                {
                    WriteLength(output, bestLength);
                    WriteDistance(output, bestDistance);
                    for (int k = i + 1; k < i + bestLength; k++)
                    {
                        if (k + MinMatch <= data.Length)
                        {
                            Insert(data, k, head, previous);
                        }
                    }

                    i += bestLength;
                }
                else
                {
                    WriteSymbol(output, data[i]);
                    i++;
                }
            }

            WriteSymbol(output, 256);
            return output.ToArray();
        }

        private static int Hash(byte[] data, int i) => ((data[i] << 10) ^ (data[i + 1] << 5) ^ data[i + 2]) & HashMask;

        private static void Insert(byte[] data, int i, int[] head, int[] previous)
        {
            int h = Hash(data, i);
            previous[i & WindowMask] = head[h];
            head[h] = i;
        }

        /// <summary>A literal/length symbol in the fixed Huffman code of RFC 1951 §3.2.6.</summary>
        private static void WriteSymbol(BitWriter output, int symbol)
        {
            if (symbol < 144)
            {
                output.WriteCode(0x30 + symbol, 8);
            }
            else if (symbol < 256)
            {
                output.WriteCode(0x190 + symbol - 144, 9);
            }
            else if (symbol < 280)
            {
                output.WriteCode(symbol - 256, 7);
            }
            else
            {
                output.WriteCode(0xC0 + symbol - 280, 8);
            }
        }

        private static void WriteLength(BitWriter output, int length)
        {
            int code = LengthBase.Length - 1;
            while (LengthBase[code] > length)
            {
                code--;
            }

            WriteSymbol(output, 257 + code);
            output.WriteBits(length - LengthBase[code], LengthExtra[code]);
        }

        private static void WriteDistance(BitWriter output, int distance)
        {
            int code = DistanceBase.Length - 1;
            while (DistanceBase[code] > distance)
            {
                code--;
            }

            output.WriteCode(code, 5);
            output.WriteBits(distance - DistanceBase[code], DistanceExtra[code]);
        }

        private sealed class BitWriter
        {
            private readonly MemoryStream bytes;
            private uint buffer;
            private int count;

            public BitWriter(int capacity) => bytes = new MemoryStream(capacity);

            /// <summary>Extra bits and header fields go least significant bit first.</summary>
            public void WriteBits(int value, int bits)
            {
                buffer |= (uint)value << count;
                count += bits;
                while (count >= 8)
                {
                    bytes.WriteByte((byte)buffer);
                    buffer >>= 8;
                    count -= 8;
                }
            }

            /// <summary>Huffman codes go most significant bit first, so they are reversed into the bit stream.</summary>
            public void WriteCode(int code, int bits)
            {
                int reversed = 0;
                for (int b = 0; b < bits; b++)
                {
                    reversed = (reversed << 1) | ((code >> b) & 1);
                }

                WriteBits(reversed, bits);
            }

            public byte[] ToArray()
            {
                if (count > 0)
                {
                    bytes.WriteByte((byte)buffer);
                    buffer = 0;
                    count = 0;
                }

                return bytes.ToArray();
            }
        }
    }
}
