using System;
using System.IO;
using System.Security;
using System.Text.RegularExpressions;

namespace AmoWidget.IO
{
    /// <summary>
    /// Writes that a crash cannot leave half done: the old file stays or the new one is there, whole. The file keeps
    /// what made it the user's: its mode and owner (where the OS lets a process give a file away: as root, or to a
    /// group the user is in), and a symbolic link stays a link (the file it points to is replaced). Only a regular
    /// file is ever replaced. Failures are <see cref="AmoException"/>s naming the user's path, never the temporary file.
    /// </summary>
    public static class AtomicFile
    {
        /// <summary>A temporary file older than this, which no writer holds locked, was left by a killed process.</summary>
        private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

        /// <summary>
        /// The file a write of <paramref name="target"/> replaces: the target, or the file its chain of symbolic links
        /// ends at. Throws AmoException PathInvalid (NUL or other invalid character, empty, too long, a link loop),
        /// PathIsFolder, or PathNotRegularFile (FIFO, character or block device, socket), so that a cmdlet can refuse
        /// such a target before it asks anything, -Force or not.
        /// </summary>
        public static string Resolve(string target)
        {
            string? problem = TextChecks.PathProblem(target);
            if (problem != null)
            {
                throw new AmoException(ErrorIds.PathInvalid, AmoErrorKind.InvalidArgument, $"Cannot write '{TextChecks.Shorten(target)}': {problem}.", target);
            }

            string final;
            try
            {
                final = UnixFile.ResolveLinks(Path.GetFullPath(target));
            }
            catch (Exception ex) when (ex is IOException || ex is ArgumentException || ex is NotSupportedException || ex is UnauthorizedAccessException || ex is SecurityException)
            {
                throw new AmoException(ErrorIds.PathInvalid, AmoErrorKind.InvalidArgument, $"Cannot write '{TextChecks.Shorten(target)}': {Reason(ex, null)}", target);
            }

            if (Directory.Exists(final))
            {
                throw new AmoException(ErrorIds.PathIsFolder, AmoErrorKind.InvalidArgument, $"'{TextChecks.Shorten(target)}' is a folder, not a file.", target);
            }

            FileFacts facts = FileProbe.Stat(final);
            if (facts.IsSpecial || final.StartsWith(@"\\.\", StringComparison.Ordinal))
            {
                string kind = facts.IsSpecial ? facts.Describe() : "a device";
                throw new AmoException(ErrorIds.PathNotRegularFile, AmoErrorKind.InvalidArgument,
                    $"'{TextChecks.Shorten(target)}' is {kind}, not a regular file: AmoWidget replaces only regular files, even with -Force.", target)
                { RecommendedAction = "Give the path of a regular file, or of one that does not exist yet." };
            }

            return final;
        }

        /// <summary>
        /// Writes <paramref name="target"/> through <see cref="Resolve"/>: into a temporary file beside the file
        /// replaced (named <c>.&lt;name&gt;.&lt;32 hex digits&gt;.tmp</c>, a dot name that a packer of the folder skips),
        /// which gets the old file's owner and mode before any byte is written, is flushed to disk, then renamed over
        /// the file. The temporary file is removed on every failure; one left by a killed process is removed by the
        /// next write of the same file, once it is a minute old and no writer holds it. A failure to write is an
        /// AmoException with <paramref name="failureId"/> (WriteError, or PermissionDenied when access is refused);
        /// an AmoException from <paramref name="write"/> passes through unchanged.
        /// </summary>
        public static void Write(string target, Action<Stream> write, string failureId)
        {
            string final = Resolve(target);
            string folder = Path.GetDirectoryName(final)!;
            string name = Path.GetFileName(final);
            string? temporary = null;
            try
            {
                Directory.CreateDirectory(folder);
                RemoveStaleTemporaries(folder, name);
                FileFacts existing = FileProbe.LStat(final);
                temporary = Path.Combine(folder, "." + name + "." + Guid.NewGuid().ToString("N") + ".tmp");
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    if (existing.Kind == FileKind.Regular && existing.Mode is int mode)
                    {
                        // Owner first: chown clears the set-user-ID and set-group-ID bits, which the mode then restores.
                        UnixFile.TrySetOwner(temporary, existing.UserId, existing.GroupId);
                        UnixFile.TrySetMode(temporary, mode);
                    }

                    write(stream);
                    stream.Flush(true);
                }

                Replace(temporary, final);
                temporary = null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException || ex is SecurityException)
            {
                throw Failure(target, temporary, ex, failureId);
            }
            finally
            {
                if (temporary != null)
                {
                    TryDelete(temporary);
                }
            }
        }

        public static void WriteAllBytes(string target, byte[] bytes, string failureId) =>
            Write(target, stream => stream.Write(bytes, 0, bytes.Length), failureId);

        /// <summary>Moves the written temporary file into place in one rename.</summary>
        private static void Replace(string temporary, string final)
        {
            if (!File.Exists(final))
            {
                File.Move(temporary, final);
                return;
            }

            if (UnixFile.IsUnix)
            {
                // rename(2); the temporary file already has the old file's mode and owner.
                File.Replace(temporary, final, null);
                return;
            }

            // Windows: ReplaceFile keeps the old file's attributes and security descriptor, but refuses a read-only one.
            FileAttributes attributes = File.GetAttributes(final);
            bool readOnly = (attributes & FileAttributes.ReadOnly) != 0;
            if (readOnly)
            {
                File.SetAttributes(final, attributes & ~FileAttributes.ReadOnly);
            }

            try
            {
                File.Replace(temporary, final, null);
            }
            finally
            {
                if (readOnly)
                {
                    File.SetAttributes(final, File.GetAttributes(final) | FileAttributes.ReadOnly);
                }
            }
        }

        /// <summary>
        /// Removes what killed writes of the same file left: a temporary file of this writer's name pattern, a minute
        /// old, that no writer holds (a writer keeps its temporary file locked while it writes).
        /// </summary>
        private static void RemoveStaleTemporaries(string folder, string name)
        {
            string prefix = "." + name + ".";
            foreach (string file in Directory.EnumerateFiles(folder, ".*.tmp"))
            {
                if (!IsTemporaryOf(Path.GetFileName(file), prefix) || File.GetLastWriteTimeUtc(file) > DateTime.UtcNow - StaleAfter)
                {
                    continue;
                }

                try
                {
                    using (new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.None, 1, FileOptions.DeleteOnClose))
                    {
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // Held by a writer, or not ours to remove: it stays.
                }
            }
        }

        private static bool IsTemporaryOf(string fileName, string prefix)
        {
            if (fileName.Length != prefix.Length + 32 + 4 || !fileName.StartsWith(prefix, StringComparison.Ordinal) || !fileName.EndsWith(".tmp", StringComparison.Ordinal))
            {
                return false;
            }

            for (int i = prefix.Length; i < prefix.Length + 32; i++)
            {
                char c = fileName[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                {
                    return false;
                }
            }

            return true;
        }

        private static void TryDelete(string file)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // The failure being reported matters more; a later write of the same file removes it once stale.
            }
        }

        private static AmoException Failure(string target, string? temporary, Exception ex, string failureId)
        {
            string shown = TextChecks.Shorten(target);
            switch (ex)
            {
                case PathTooLongException _:
                    return new AmoException(ErrorIds.PathInvalid, AmoErrorKind.InvalidArgument, $"Cannot write '{shown}': the path is too long for the file system.", target);
                case ArgumentOutOfRangeException _:
                    // How the runtime reports EFBIG: the file outgrew the file system or the process's file size limit.
                    return new AmoException(failureId, AmoErrorKind.WriteError, $"Cannot write '{shown}': the file would be larger than the file system or the file size limit allows.", target);
                case UnauthorizedAccessException _:
                case SecurityException _:
                    return new AmoException(failureId, AmoErrorKind.PermissionDenied, $"Cannot write '{shown}': {Reason(ex, temporary)}", target);
                default:
                    return new AmoException(failureId, AmoErrorKind.WriteError, $"Cannot write '{shown}': {Reason(ex, temporary)}", target);
            }
        }

        /// <summary>
        /// The runtime's words for a failure without the temporary file's name in them ("Access to the path is
        /// denied.", "No space left on device"): the message is about the user's file, which it names itself. The
        /// inner exception is not kept, because its message names the temporary file.
        /// </summary>
        private static string Reason(Exception ex, string? temporary)
        {
            string message = ex.Message;
            if (temporary != null)
            {
                message = Regex.Replace(message, @"\s*:?\s*'?" + Regex.Escape(temporary) + "'?", string.Empty).Trim();
            }

            return message.Length == 0 ? ex.GetType().Name : TextChecks.Shorten(message, 500);
        }
    }
}
