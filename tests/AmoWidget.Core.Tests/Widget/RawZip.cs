using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace AmoWidget.Tests
{
    /// <summary>
    /// Writes zip bytes by hand (stored entries), for archives no library writes on purpose: Zip64 records on a tiny
    /// archive, or a directory that declares sizes the data does not have (a zip bomb's signature).
    /// </summary>
    internal sealed class RawZip
    {
        private readonly List<(string Name, byte[] Data, long? DeclaredSize)> entries = new List<(string, byte[], long?)>();

        public bool Zip64 { get; set; }

        public RawZip Add(string name, byte[] data, long? declaredUncompressedSize = null)
        {
            entries.Add((name, data, declaredUncompressedSize));
            return this;
        }

        public RawZip Add(string name, string text) => Add(name, new UTF8Encoding(false).GetBytes(text));

        public byte[] ToArray()
        {
            using var output = new MemoryStream();
            var writer = new BinaryWriter(output);
            var offsets = new List<long>();
            foreach ((string name, byte[] data, _) in entries)
            {
                offsets.Add(output.Position);
                byte[] nameBytes = Encoding.UTF8.GetBytes(name);
                writer.Write(0x04034b50u);
                writer.Write((ushort)20);
                writer.Write((ushort)0x0800);
                writer.Write((ushort)0);
                writer.Write(0u);
                writer.Write(Crc(data));
                writer.Write((uint)data.Length);
                writer.Write((uint)data.Length);
                writer.Write((ushort)nameBytes.Length);
                writer.Write((ushort)0);
                writer.Write(nameBytes);
                writer.Write(data);
            }

            long directoryStart = output.Position;
            for (int i = 0; i < entries.Count; i++)
            {
                (string name, byte[] data, long? declared) = entries[i];
                byte[] nameBytes = Encoding.UTF8.GetBytes(name);
                bool big = Zip64 || declared > uint.MaxValue;
                byte[] extra = big ? Zip64Extra(declared ?? data.Length, data.Length) : new byte[0];
                writer.Write(0x02014b50u);
                writer.Write((ushort)45);
                writer.Write((ushort)(big ? 45 : 20));
                writer.Write((ushort)0x0800);
                writer.Write((ushort)0);
                writer.Write(0u);
                writer.Write(Crc(data));
                writer.Write(big ? uint.MaxValue : (uint)data.Length);
                writer.Write(big ? uint.MaxValue : (uint)(declared ?? data.Length));
                writer.Write((ushort)nameBytes.Length);
                writer.Write((ushort)extra.Length);
                writer.Write((ushort)0);
                writer.Write((ushort)0);
                writer.Write((ushort)0);
                writer.Write(0u);
                writer.Write((uint)offsets[i]);
                writer.Write(nameBytes);
                writer.Write(extra);
            }

            long directoryEnd = output.Position;
            if (Zip64)
            {
                long record = output.Position;
                writer.Write(0x06064b50u);
                writer.Write(44UL);
                writer.Write((ushort)45);
                writer.Write((ushort)45);
                writer.Write(0u);
                writer.Write(0u);
                writer.Write((ulong)entries.Count);
                writer.Write((ulong)entries.Count);
                writer.Write((ulong)(directoryEnd - directoryStart));
                writer.Write((ulong)directoryStart);
                writer.Write(0x07064b50u);
                writer.Write(0u);
                writer.Write((ulong)record);
                writer.Write(1u);
            }

            writer.Write(0x06054b50u);
            writer.Write((ushort)0);
            writer.Write((ushort)0);
            writer.Write((ushort)entries.Count);
            writer.Write((ushort)entries.Count);
            writer.Write((uint)(directoryEnd - directoryStart));
            writer.Write((uint)directoryStart);
            writer.Write((ushort)0);
            writer.Flush();
            return output.ToArray();
        }

        private static byte[] Zip64Extra(long uncompressed, long compressed)
        {
            using var extra = new MemoryStream();
            var writer = new BinaryWriter(extra);
            writer.Write((ushort)0x0001);
            writer.Write((ushort)16);
            writer.Write((ulong)uncompressed);
            writer.Write((ulong)compressed);
            writer.Flush();
            return extra.ToArray();
        }

        private static uint Crc(byte[] data)
        {
            uint crc = 0xFFFFFFFF;
            foreach (byte b in data)
            {
                crc ^= b;
                for (int k = 0; k < 8; k++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }

            return ~crc;
        }

        /// <summary>A zip written by System.IO.Compression with entry names exactly as given.</summary>
        public static byte[] WithNames(params (string Name, string Text)[] files)
        {
            using var output = new MemoryStream();
            using (var zip = new ZipArchive(output, ZipArchiveMode.Create, true))
            {
                foreach ((string name, string text) in files)
                {
                    using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                    writer.Write(text);
                }
            }

            return output.ToArray();
        }
    }
}
