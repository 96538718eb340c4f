namespace AmoWidget.Widget
{
    /// <summary>What the first bytes of an image file say: its format and, for a PNG, the pixel size in the IHDR chunk.</summary>
    internal readonly struct ImageHeader
    {
        /// <summary>Enough bytes for the PNG signature, the IHDR chunk header and its width and height.</summary>
        public const int PrefixLength = AmoReadLimits.ImageHeaderBytes;

        private static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

        private ImageHeader(string format, int width, int height)
        {
            Format = format;
            Width = width;
            Height = height;
        }

        /// <summary>PNG, JPEG, GIF, SVG or unknown.</summary>
        public string Format { get; }

        public bool IsPng => Format == "PNG";

        /// <summary>Pixel width; 0 unless a PNG with a readable IHDR.</summary>
        public int Width { get; }

        public int Height { get; }

        public bool HasSize => Width > 0 && Height > 0;

        public static ImageHeader Read(byte[] prefix)
        {
            if (StartsWith(prefix, PngSignature))
            {
                // The PNG spec puts IHDR first: length (4), "IHDR" (4), then big-endian width and height.
                bool ihdr = prefix.Length >= PrefixLength && prefix[12] == (byte)'I' && prefix[13] == (byte)'H' && prefix[14] == (byte)'D' && prefix[15] == (byte)'R';
                return ihdr ? new ImageHeader("PNG", BigEndian(prefix, 16), BigEndian(prefix, 20)) : new ImageHeader("PNG", 0, 0);
            }

            if (prefix.Length >= 3 && prefix[0] == 0xFF && prefix[1] == 0xD8 && prefix[2] == 0xFF)
            {
                return new ImageHeader("JPEG", 0, 0);
            }

            if (prefix.Length >= 4 && prefix[0] == (byte)'G' && prefix[1] == (byte)'I' && prefix[2] == (byte)'F' && prefix[3] == (byte)'8')
            {
                return new ImageHeader("GIF", 0, 0);
            }

            string start = System.Text.Encoding.ASCII.GetString(prefix).TrimStart();
            if (start.StartsWith("<svg", System.StringComparison.OrdinalIgnoreCase) || start.StartsWith("<?xml", System.StringComparison.OrdinalIgnoreCase))
            {
                return new ImageHeader("SVG", 0, 0);
            }

            return new ImageHeader("unknown", 0, 0);
        }

        private static bool StartsWith(byte[] data, byte[] prefix)
        {
            if (data.Length < prefix.Length)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (data[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static int BigEndian(byte[] data, int offset)
        {
            uint value = ((uint)data[offset] << 24) | ((uint)data[offset + 1] << 16) | ((uint)data[offset + 2] << 8) | data[offset + 3];
            return value > int.MaxValue ? 0 : (int)value;
        }
    }
}
