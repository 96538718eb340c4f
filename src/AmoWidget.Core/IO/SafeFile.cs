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

        /// <summary>
        /// Opens a file of a folder (the folder resolved: <paramref name="realRoot"/>) for reading, then judges the file
        /// it holds, not the path: its final target must resolve inside the folder; it is opened by that resolved path
        /// without following a final link (O_NOFOLLOW), so a link swapped in after the check fails to open instead of
        /// being followed; the open file must be a regular file (fstat of the handle); and on Linux the file it holds
        /// must really live inside the folder (/proc/self/fd), which also catches a folder on the way swapped for a link.
        /// A swap between any check and the open therefore never hands out a file from outside: it is FileOutsideWidget.
        /// FileNotRegular for a FIFO, device or socket (refused before the open, which would block on a FIFO); IO
        /// errors (FileNotFoundException for a missing file) pass to the caller.
        /// </summary>
        /// <remarks>
        /// Windows has no O_NOFOLLOW for FileStream and no /proc: there, and on any runtime without the runtime's
        /// System.Native library, the path is opened as before, after the caller's link checks (FileProbe.LeadsOutside).
        /// </remarks>
        public static FileStream OpenInside(string path, string? realRoot)
        {
            if (!UnixFile.IsUnix)
            {
                RequireRegular(path);
                return OpenShared(path);
            }

            string? target = FileProbe.RealPath(path);
            if (target == null)
            {
                if (FileProbe.LStat(path).Kind == FileKind.Missing)
                {
                    throw new FileNotFoundException($"Could not find file '{path}'.", path);
                }

                throw Outside(path, null);
            }

            if (realRoot == null || !FileProbe.IsInside(realRoot, target))
            {
                throw Outside(path, target);
            }

            RequireRegular(target);
            FileStream stream;
            try
            {
                stream = FileProbe.OpenNoFollow(target) ?? OpenShared(target);
            }
            catch (LinkNotFollowedException)
            {
                throw Outside(path, "a link put in its place after it was checked");
            }

            try
            {
                FileFacts held = FileProbe.Held(stream);
                if (held.Kind == FileKind.Directory)
                {
                    // As FileStream refuses a folder where it cannot be opened as a file.
                    throw new UnauthorizedAccessException($"'{path}' is a folder, not a file.");
                }

                if (held.Kind != FileKind.Regular)
                {
                    throw NotRegular(path, held);
                }

                string? where = FileProbe.WhereHeld(stream);
                if (where != null && !FileProbe.IsInside(realRoot, where))
                {
                    throw Outside(path, where);
                }

                return stream;
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>The whole file of a folder as <see cref="ReadAll"/> reads it, opened and judged as <see cref="OpenInside"/> says.</summary>
        public static byte[] ReadAllInside(string path, string? realRoot, long cap, Func<long, AmoException> tooLarge)
        {
            using FileStream stream = OpenInside(path, realRoot);
            long length = stream.Length;
            if (length > cap)
            {
                throw tooLarge(length);
            }

            return ReadCapped(stream, cap, tooLarge, length);
        }

        /// <summary>The same as <see cref="ReadAllInside"/>, into a buffer rented from <see cref="PooledBytes.Pool"/> (the caller disposes it).</summary>
        public static PooledBytes ReadAllInsidePooled(string path, string? realRoot, long cap, Func<long, AmoException> tooLarge)
        {
            using FileStream stream = OpenInside(path, realRoot);
            long length = stream.Length;
            if (length > cap)
            {
                throw tooLarge(length);
            }

            // One byte more than the file's length, so a file that grew since its length was read is seen to.
            byte[] buffer = PooledBytes.Pool.Rent((int)length + 1);
            int total = 0;
            try
            {
                while (true)
                {
                    if (total == buffer.Length)
                    {
                        byte[] larger = PooledBytes.Pool.Rent((int)Math.Min(int.MaxValue - 64, Math.Max(cap + 1, 1L)));
                        Buffer.BlockCopy(buffer, 0, larger, 0, total);
                        PooledBytes.Pool.Return(buffer);
                        buffer = larger;
                    }

                    int read = stream.Read(buffer, total, buffer.Length - total);
                    if (read <= 0)
                    {
                        return new PooledBytes(buffer, total, rented: true);
                    }

                    total += read;
                    if (total > cap)
                    {
                        throw tooLarge(total);
                    }
                }
            }
            catch
            {
                PooledBytes.Pool.Return(buffer);
                throw;
            }
        }

        /// <summary>At most <paramref name="count"/> bytes from the start of a file of a folder, opened as <see cref="OpenInside"/> says.</summary>
        public static byte[] ReadPrefixInside(string path, string? realRoot, int count)
        {
            // The open file's length sizes the buffer: a 3 KB icon asked for its first 64 KB is one 3 KB array, not a
            // 64 KB one cut down (a copy) afterwards.
            using FileStream stream = OpenInside(path, realRoot);
            return ReadUpTo(stream, count, stream.Length);
        }

        /// <summary>The FileOutsideWidget failure: the file opened (or about to be) is not inside the folder.</summary>
        public static AmoException Outside(string path, string? where) =>
            new AmoException(ErrorIds.FileOutsideWidget, AmoErrorKind.ReadError,
                $"'{path}' leads to {where ?? "a target that cannot be resolved"}, outside the widget folder; it is not read.", path)
            {
                RecommendedAction = "Copy the file into the widget folder instead of linking to it, and do not replace files while they are read.",
            };

        private static FileStream OpenShared(string path) =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);

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
