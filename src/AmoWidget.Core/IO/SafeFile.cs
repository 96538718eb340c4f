using System;
using System.IO;

namespace AmoWidget.IO
{
    /// <summary>
    /// Reads a file the module did not write: refuses a FIFO, device or socket before opening it (an open would block
    /// or never end), checks the length against a cap before reading, and stops at the cap even when the file grows or
    /// reports a length of 0 (as /proc files do).
    /// </summary>
    internal static class SafeFile
    {
        /// <summary>The FileNotRegular failure for a path that is a FIFO, device or socket (or a link to one).</summary>
        public static AmoException NotRegular(string path, FileFacts facts) =>
            new AmoException("FileNotRegular", AmoErrorKind.ReadError, $"'{path}' is {facts.Describe()}, not a regular file; it is not opened.", path)
            {
                RecommendedAction = "Point at a regular file (a FIFO or device never ends, or blocks until something writes to it).",
            };

        /// <summary>Throws FileNotRegular unless the path (links followed) is a regular file; a missing path passes (the open reports it).</summary>
        public static FileFacts RequireRegular(string path)
        {
            FileFacts facts = FileProbe.Stat(path);
            if (facts.IsSpecial)
            {
                throw NotRegular(path, facts);
            }

            return facts;
        }

        /// <summary>
        /// The whole file when it holds at most <paramref name="cap"/> bytes; otherwise the exception <paramref name="tooLarge"/>
        /// builds from the length seen. FileNotRegular for a FIFO, device or socket; IO errors pass to the caller.
        /// </summary>
        public static byte[] ReadAll(string path, long cap, Func<long, AmoException> tooLarge)
        {
            FileFacts facts = RequireRegular(path);
            if (facts.Length > cap)
            {
                throw tooLarge(facts.Length);
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            return ReadCapped(stream, cap, tooLarge);
        }

        /// <summary>At most <paramref name="count"/> bytes from the start of a regular file.</summary>
        public static byte[] ReadPrefix(string path, int count)
        {
            RequireRegular(path);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            return ReadUpTo(stream, count);
        }

        /// <summary>Reads a stream to its end, throwing <paramref name="tooLarge"/> as soon as it passes <paramref name="cap"/> bytes.</summary>
        public static byte[] ReadCapped(Stream stream, long cap, Func<long, AmoException> tooLarge)
        {
            byte[] data = ReadUpTo(stream, (int)Math.Min(int.MaxValue - 64, cap + 1));
            if (data.Length > cap)
            {
                throw tooLarge(data.Length);
            }

            return data;
        }

        /// <summary>At most <paramref name="count"/> bytes; the buffer grows as data comes, so a short stream costs little.</summary>
        public static byte[] ReadUpTo(Stream stream, int count)
        {
            var buffer = new byte[Math.Min(count, 81920)];
            int total = 0;
            while (total < count)
            {
                if (total == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(count, (long)buffer.Length * 2));
                }

                int read = stream.Read(buffer, total, buffer.Length - total);
                if (read <= 0)
                {
                    break;
                }

                total += read;
            }

            if (total != buffer.Length)
            {
                Array.Resize(ref buffer, total);
            }

            return buffer;
        }
    }
}
