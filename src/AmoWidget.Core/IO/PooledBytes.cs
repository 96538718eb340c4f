using System;
using System.Buffers;

namespace AmoWidget.IO
{
    /// <summary>
    /// A file's bytes in a buffer that may be rented from <see cref="Pool"/>: the first <see cref="Count"/> bytes of
    /// <see cref="Array"/>. Dispose gives a rented buffer back. A file read only to be measured (a 600 KB committed
    /// build the moderation pass judges minified by its lines) then leaves nothing on the large-object heap, whose
    /// arrays only a full collection frees: measured, a check of such a widget ran a full collection every six checks.
    /// </summary>
    internal sealed class PooledBytes : IDisposable
    {
        /// <summary>
        /// A pool of our own, not ArrayPool.Shared: the shared pool keeps returned arrays per thread first, and the
        /// moderation pass runs on a thread of its own each check, so its buffers died with the thread. Buffers up to
        /// twice the text cap (a rent rounds up to a power of two), at most two of a size: a few MB held at worst.
        /// </summary>
        public static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(2 * AmoReadLimits.TextBytes + 2, 2);

        private readonly bool rented;
        private byte[]? array;

        public PooledBytes(byte[] array, int count, bool rented)
        {
            this.array = array;
            Count = count;
            this.rented = rented;
        }

        public byte[] Array => array ?? throw new ObjectDisposedException(nameof(PooledBytes));

        public int Count { get; }

        public ReadOnlySpan<byte> Span => new ReadOnlySpan<byte>(Array, 0, Count);

        public void Dispose()
        {
            if (rented && array != null)
            {
                Pool.Return(array);
            }

            array = null;
        }
    }
}
