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
            new AmoException(ErrorIds.FileNotRegular, AmoErrorKind.ReadError, $"'{path}' is {facts.Describe()}, not a regular file; it is not opened.", path)
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
            return ReadCapped(stream, cap, tooLarge, facts.Length);
        }

        /// <summary>At most <paramref name="count"/> bytes from the start of a regular file.</summary>
        public static byte[] ReadPrefix(string path, int count)
        {
            RequireRegular(path);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            return ReadUpTo(stream, count);
        }

        /// <summary>Reads a stream to its end, throwing <paramref name="tooLarge"/> as soon as it passes <paramref name="cap"/> bytes.</summary>
        public static byte[] ReadCapped(Stream stream, long cap, Func<long, AmoException> tooLarge, long expected = -1)
        {
            byte[] data = ReadUpTo(stream, (int)Math.Min(int.MaxValue - 64, cap + 1), expected);
            if (data.Length > cap)
            {
                throw tooLarge(data.Length);
            }

            return data;
        }

        /// <summary>
        /// At most <paramref name="count"/> bytes. With the length the stream should have (<paramref name="expected"/>,
        /// from stat or a zip directory) the buffer is that size from the start, so a file of that length is read into
        /// one array of its size and nothing is copied (peak memory near the file's size, not three times it); without
        /// it, or when the stream turns out longer, the buffer grows as data comes, so a short stream costs little and
        /// a lying one is still stopped at <paramref name="count"/>.
        /// </summary>
        public static byte[] ReadUpTo(Stream stream, int count, long expected = -1)
        {
            bool known = expected > 0 && expected < count;
            var buffer = new byte[known ? (int)expected : Math.Min(count, 81920)];
            int total = 0;
            while (total < count)
            {
                if (total == buffer.Length)
                {
                    // Full at the expected length: one more byte says whether that was all.
                    int more = known && total == expected ? stream.ReadByte() : 0;
                    if (more < 0)
                    {
                        return buffer;
                    }

                    Array.Resize(ref buffer, (int)Math.Min(count, Math.Max(81920, (long)buffer.Length * 2)));
                    if (known && total == expected)
                    {
                        buffer[total++] = (byte)more;
                        continue;
                    }
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
