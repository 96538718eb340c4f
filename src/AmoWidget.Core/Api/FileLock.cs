using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AmoWidget.Api
{
    /// <summary>
    /// A lock other processes honour: a lock file beside the token cache, opened with FileShare.None (LockFileEx on
    /// Windows, flock on Unix). The file is left in place when released, since deleting it would let a waiter and a
    /// newcomer each lock a different file.
    /// </summary>
    internal sealed class FileLock : IDisposable
    {
        private readonly FileStream _stream;

        private FileLock(FileStream stream) => _stream = stream;

        public static async Task<FileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var waited = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
                }
                catch (Exception ex) when ((ex is IOException || ex is UnauthorizedAccessException) && !CannotName(ex))
                {
                    if (waited.Elapsed >= timeout)
                    {
                        throw Locked(path, timeout, ex);
                    }
                }

                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }

        public void Dispose() => _stream.Dispose();

        /// <summary>A path that names no file that can be created: waiting would never free it, so it is not a lock held.</summary>
        private static bool CannotName(Exception ex) =>
            ex is PathTooLongException || ex is DirectoryNotFoundException || ex is FileNotFoundException;

        private static AmoException Locked(string path, TimeSpan timeout, Exception inner) =>
            new AmoException(ErrorIds.AmoTokenCacheLocked, AmoErrorKind.ResourceUnavailable,
                $"The token cache lock '{path}' is held by another process for more than {timeout.TotalSeconds:0} s; try again when it is done.", path, inner);
    }
}
