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
                catch (IOException) when (waited.Elapsed < timeout)
                {
                }
                catch (UnauthorizedAccessException) when (waited.Elapsed < timeout)
                {
                }
                catch (IOException ex)
                {
                    throw Locked(path, timeout, ex);
                }
                catch (UnauthorizedAccessException ex)
                {
                    throw Locked(path, timeout, ex);
                }

                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }

        public void Dispose() => _stream.Dispose();

        private static AmoException Locked(string path, TimeSpan timeout, Exception inner) =>
            new AmoException(AmoApiErrorIds.TokenCacheLocked, AmoErrorKind.ResourceUnavailable,
                $"The token cache lock '{path}' is held by another process for more than {timeout.TotalSeconds:0} s; try again when it is done.", path, inner);
    }
}
