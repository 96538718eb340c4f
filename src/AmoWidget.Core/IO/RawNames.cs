using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace AmoWidget.IO
{
    /// <summary>
    /// File names that are not valid UTF-8. Linux allows any bytes in a name but '/' and NUL; .NET decodes the names a
    /// folder lists as UTF-8 with U+FFFD for each invalid sequence, so such a file is listed under a name that opens
    /// nothing. Such a name is told by a U+FFFD that is not really
    /// there (the listed path does not exist), and shown with its bytes read from the folder (readdir(3), https://man7.org/linux/man-pages/man3/readdir.3.html), each byte
    /// that is not UTF-8 as \xNN, the form bash's $'...' quoting takes.
    /// </summary>
    internal static class RawNames
    {
        private const string LibC = "libc";

        /// <summary>Offset of d_name in Linux's 64-bit struct dirent (glibc and musl): d_ino, d_off (8 bytes each), d_reclen (2), d_type (1).</summary>
        private const int DirentNameOffset = 19;

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        private static bool readdirMissing = !RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || IntPtr.Size != 8;

        /// <summary>Whether <paramref name="fullPath"/>, as a folder listing gave it, is a name .NET could not decode: it holds U+FFFD and does not exist under that name.</summary>
        public static bool IsUndecodable(string fullPath) =>
            Path.GetFileName(fullPath).IndexOf('\uFFFD') >= 0 && FileProbe.LStat(fullPath).Kind == FileKind.Missing;

        /// <summary>
        /// The names in <paramref name="directory"/> that are not valid UTF-8, escaped (<see cref="Escape"/>); where the
        /// bytes cannot be read (not Linux, no libc), the names as .NET lists them, each U+FFFD shown as \uFFFD.
        /// </summary>
        public static IReadOnlyList<string> Undecodable(string directory)
        {
            var names = new List<string>();
            List<byte[]>? raw = ReadNames(directory);
            if (raw != null)
            {
                foreach (byte[] name in raw)
                {
                    if (!IsUtf8(name))
                    {
                        names.Add(Escape(name));
                    }
                }

                if (names.Count > 0)
                {
                    names.Sort(StringComparer.Ordinal);
                    return names;
                }
            }

            foreach (string entry in Directory.EnumerateFileSystemEntries(directory))
            {
                if (IsUndecodable(entry))
                {
                    names.Add(Path.GetFileName(entry).Replace("\uFFFD", "\\uFFFD"));
                }
            }

            names.Sort(StringComparer.Ordinal);
            return names;
        }

        /// <summary>The undecodable name <paramref name="fullPath"/> as <see cref="Undecodable"/> shows it (the first of its folder's that decodes to it).</summary>
        public static string Shown(string fullPath)
        {
            string directory = Path.GetDirectoryName(fullPath) ?? ".";
            string leaf = Path.GetFileName(fullPath);
            List<byte[]>? raw = ReadNames(directory);
            if (raw != null)
            {
                foreach (byte[] name in raw)
                {
                    if (!IsUtf8(name) && Encoding.UTF8.GetString(name) == leaf)
                    {
                        return Path.Combine(directory, Escape(name));
                    }
                }
            }

            return Path.Combine(directory, leaf.Replace("\uFFFD", "\\uFFFD"));
        }

        /// <summary>The name as text: its UTF-8 as it is, every other byte and every control character as \xNN.</summary>
        public static string Escape(byte[] name)
        {
            var text = new StringBuilder(name.Length + 8);
            int i = 0;
            while (i < name.Length)
            {
                byte b = name[i];
                int length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
                string? decoded = null;
                if (length > 0 && i + length <= name.Length)
                {
                    try
                    {
                        decoded = StrictUtf8.GetString(name, i, length);
                    }
                    catch (DecoderFallbackException)
                    {
                        decoded = null;
                    }
                }

                if (decoded == null || (length == 1 && (b < 0x20 || b == 0x7F)))
                {
                    text.Append("\\x").Append(b.ToString("X2", CultureInfo.InvariantCulture));
                    i++;
                }
                else
                {
                    text.Append(decoded);
                    i += length;
                }
            }

            return text.ToString();
        }

        private static bool IsUtf8(byte[] name)
        {
            try
            {
                StrictUtf8.GetString(name);
                return true;
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }

        /// <summary>The names of a folder's entries as bytes (without . and ..), or null where they cannot be read.</summary>
        private static List<byte[]>? ReadNames(string directory)
        {
            if (readdirMissing)
            {
                return null;
            }

            try
            {
                IntPtr dir = OpenDir(FileProbe.Utf8z(directory));
                if (dir == IntPtr.Zero)
                {
                    return null;
                }

                try
                {
                    var names = new List<byte[]>();
                    IntPtr entry;
                    while ((entry = ReadDir(dir)) != IntPtr.Zero)
                    {
                        var bytes = new List<byte>();
                        for (int offset = DirentNameOffset; offset < DirentNameOffset + 256; offset++)
                        {
                            byte b = Marshal.ReadByte(entry, offset);
                            if (b == 0)
                            {
                                break;
                            }

                            bytes.Add(b);
                        }

                        byte[] name = bytes.ToArray();
                        if (!(name.Length == 1 && name[0] == (byte)'.') && !(name.Length == 2 && name[0] == (byte)'.' && name[1] == (byte)'.'))
                        {
                            names.Add(name);
                        }
                    }

                    return names;
                }
                finally
                {
                    _ = CloseDir(dir);
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                readdirMissing = true;
                return null;
            }
        }

        [DllImport(LibC, EntryPoint = "opendir", SetLastError = true)]
        private static extern IntPtr OpenDir(byte[] path);

        [DllImport(LibC, EntryPoint = "readdir", SetLastError = true)]
        private static extern IntPtr ReadDir(IntPtr dir);

        [DllImport(LibC, EntryPoint = "closedir")]
        private static extern int CloseDir(IntPtr dir);
    }
}
