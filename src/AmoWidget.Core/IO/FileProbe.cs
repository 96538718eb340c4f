using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace AmoWidget.IO
{
    /// <summary>What a path is, as the file system says before anything is opened.</summary>
    internal enum FileKind
    {
        Missing,
        Regular,
        Directory,
        SymbolicLink,
        Fifo,
        CharacterDevice,
        BlockDevice,
        Socket,
        Other,
    }

    /// <summary>
    /// The type and length of a path, from stat(2) or lstat(2) on Unix and the file attributes on Windows; on Unix also
    /// its permission bits and owner, which a rewrite of the file keeps.
    /// </summary>
    internal readonly struct FileFacts
    {
        public FileFacts(FileKind kind, long length, int? mode = null, uint userId = 0, uint groupId = 0)
        {
            Kind = kind;
            Length = length;
            Mode = mode;
            UserId = userId;
            GroupId = groupId;
        }

        public FileKind Kind { get; }

        /// <summary>The length in bytes the file system reports (a sparse file's full length, 0 for a FIFO or device).</summary>
        public long Length { get; }

        /// <summary>Permission bits with set-user-ID, set-group-ID and sticky (07777); null where stat(2) was not asked (Windows).</summary>
        public int? Mode { get; }

        /// <summary>The owner's user id; meaningful only where <see cref="Mode"/> is set.</summary>
        public uint UserId { get; }

        /// <summary>The owner's group id; meaningful only where <see cref="Mode"/> is set.</summary>
        public uint GroupId { get; }

        /// <summary>A FIFO, device or socket: opening one blocks or never ends, so it is refused before it is opened.</summary>
        public bool IsSpecial => Kind == FileKind.Fifo || Kind == FileKind.CharacterDevice || Kind == FileKind.BlockDevice || Kind == FileKind.Socket || Kind == FileKind.Other;

        /// <summary>"a FIFO", "a character device"...: for messages.</summary>
        public string Describe() => Kind switch
        {
            FileKind.Fifo => "a FIFO (named pipe)",
            FileKind.CharacterDevice => "a character device",
            FileKind.BlockDevice => "a block device",
            FileKind.Socket => "a socket",
            FileKind.Directory => "a folder",
            FileKind.SymbolicLink => "a symbolic link",
            FileKind.Missing => "missing",
            FileKind.Regular => "a regular file",
            _ => "not a regular file",
        };
    }

    /// <summary>
    /// Asks the file system what a path is without opening it. FileSystemInfo cannot tell a FIFO or a device from a
    /// regular file (both read as a file of length 0), and opening a FIFO blocks until a writer comes; so on Unix this
    /// calls stat/lstat/realpath through the runtime's own System.Native library (its FileStatus layout is the
    /// runtime's, the same on every Unix and CPU, unlike libc's struct stat). Where that library is missing
    /// (.NET Framework, Mono), the answer comes from FileSystemInfo, which on Windows has no FIFOs to miss.
    /// </summary>
    internal static class FileProbe
    {
        private const string SystemNative = "libSystem.Native";
        private const int TypeMask = 0xF000;
        private const int PermissionMask = 0xFFF;
        private const int TypeFifo = 0x1000;
        private const int TypeCharacter = 0x2000;
        private const int TypeDirectory = 0x4000;
        private const int TypeBlock = 0x6000;
        private const int TypeRegular = 0x8000;
        private const int TypeLink = 0xA000;
        private const int TypeSocket = 0xC000;

        private const int PalReadOnly = 0x0000;
        private const int PalCloseOnExec = 0x0010;
        private const int PalNoFollow = 0x0200;
        private const int EInval = 22;

        private static bool nativeMissing = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>The C library's realpath(3) is tried where System.Native is missing, except on Windows, which has neither.</summary>
        private static bool libcMissing = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        private static bool noFollowMissing;

        /// <summary>What the path is, following links to their final target (a dangling link is Missing).</summary>
        public static FileFacts Stat(string path) => Probe(path, followLinks: true);

        /// <summary>What the path itself is: a link is SymbolicLink, whatever it points at.</summary>
        public static FileFacts LStat(string path) => Probe(path, followLinks: false);

        /// <summary>The absolute path with every link and '..' resolved, or null when it cannot be resolved (missing, a loop).</summary>
        public static string? RealPath(string path)
        {
            if (path.IndexOf('\0') >= 0)
            {
                return null;
            }

            if (!nativeMissing && CallRealPath(() => NativeRealPath(Utf8z(path)), NativeFree, ref nativeMissing, out string? real))
            {
                return real;
            }

            // A runtime without .NET's System.Native on a Unix system (Mono, which runs the core's net472 tests) still
            // has the C library's realpath(3), which resolves every link as System.Native's does: without it a widget
            // under a linked folder would read as outside itself.
            if (!libcMissing && CallRealPath(() => LibcRealPath(Utf8z(path), IntPtr.Zero), LibcFree, ref libcMissing, out real))
            {
                return real;
            }

            return ManagedRealPath(path);
        }

        /// <summary>
        /// Whether the link at <paramref name="path"/> leads out of the widget folder <paramref name="realRoot"/>
        /// (resolved; null when the folder itself cannot be resolved) or to nothing that resolves: the one rule the packer,
        /// the validator and the dev server follow links by. <paramref name="target"/> is the resolved target, or null.
        /// </summary>
        public static bool LeadsOutside(string? realRoot, string path, out string? target)
        {
            target = RealPath(path);
            return target == null || realRoot == null || !IsInside(realRoot, target);
        }

        /// <summary>Whether <paramref name="path"/> (resolved) lies inside <paramref name="root"/> (resolved) or is it.</summary>
        public static bool IsInside(string resolvedRoot, string resolvedPath)
        {
            string root = resolvedRoot.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            StringComparison comparison = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            return string.Equals(resolvedPath, root, comparison)
                || (resolvedPath.StartsWith(root, comparison) && resolvedPath.Length > root.Length
                    && (resolvedPath[root.Length] == Path.DirectorySeparatorChar || resolvedPath[root.Length] == Path.AltDirectorySeparatorChar));
        }

        /// <summary>
        /// Opens a file for reading without following a final symbolic link (open(2) with O_NOFOLLOW and O_CLOEXEC,
        /// through the runtime's SystemNative_Open, whose PAL flag 0x200 is O_NOFOLLOW: pal_io.h in
        /// https://github.com/dotnet/runtime/blob/main/src/native/libs/System.Native/pal_io.h). Null where that call
        /// cannot be made (Windows, .NET Framework, Mono, a runtime that does not know the flag): the caller opens the
        /// path as before. A path whose last part is a link fails to open (ELOOP), as does a missing one; the IOException
        /// or FileNotFoundException says which.
        /// </summary>
        /// <summary>ELOOP, what open(2) with O_NOFOLLOW answers for a link: 40 on Linux, 62 on macOS and the BSDs.</summary>
        private static readonly int ELoop = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux) ? 40 : 62;

        public static FileStream? OpenNoFollow(string path)
        {
            if (nativeMissing || noFollowMissing || path.IndexOf('\0') >= 0)
            {
                return null;
            }

            IntPtr fd;
            try
            {
                fd = NativeOpen(Utf8z(path), PalReadOnly | PalCloseOnExec | PalNoFollow, 0);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                noFollowMissing = true;
                return null;
            }

            if (fd == new IntPtr(-1))
            {
                int errno = Marshal.GetLastWin32Error();

                // ELOOP is the open's own answer that the name was a link: judged from it, not from a later lstat, which a
                // swap back to a regular file in between would answer otherwise.
                FileFacts self = LStat(path);
                if (errno == ELoop || self.Kind == FileKind.SymbolicLink)
                {
                    throw new LinkNotFollowedException($"'{path}' is a symbolic link; it is not followed.");
                }

                if (self.Kind == FileKind.Missing)
                {
                    throw new FileNotFoundException($"Could not find file '{path}'.", path);
                }

                if (self.Kind == FileKind.Regular && errno == EInval)
                {
                    // A runtime older than the flag refuses it (EINVAL on every Unix): open as before from now on.
                    noFollowMissing = true;
                    return null;
                }

                throw new IOException($"Cannot open '{path}' (errno {errno}).");
            }

            var handle = new SafeFileHandle(fd, ownsHandle: true);
            try
            {
                return new FileStream(handle, FileAccess.Read, 1);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }

        /// <summary>What an open file is (fstat(2) of the handle): what is read, whatever its path names now.</summary>
        public static FileFacts Held(FileStream stream)
        {
            if (!nativeMissing)
            {
                try
                {
                    return NativeFStat(stream.SafeFileHandle, out NativeFileStatus status) != 0
                        ? new FileFacts(FileKind.Other, 0)
                        : new FileFacts(KindOf(status.Mode), status.Size, status.Mode & PermissionMask, status.Uid, status.Gid);
                }
                catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
                {
                    nativeMissing = true;
                }
            }

            return new FileFacts(FileKind.Regular, stream.Length);
        }

        /// <summary>
        /// Where an open file really lives: the link /proc/self/fd/N names (Linux, proc(5):
        /// https://man7.org/linux/man-pages/man5/proc_pid_fd.5.html), resolved by the kernel from the open file, not
        /// from a path that may have changed since. Null where there is no /proc (macOS, the BSDs, Windows): there the
        /// caller relies on O_NOFOLLOW of a path with no link on it.
        /// </summary>
        public static string? WhereHeld(FileStream stream)
        {
            if (nativeMissing || !RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                return null;
            }

            string fd = stream.SafeFileHandle.DangerousGetHandle().ToInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var buffer = new byte[4096];
            try
            {
                int length = NativeReadLink(Utf8z("/proc/self/fd/" + fd), buffer, buffer.Length);
                return length <= 0 || length >= buffer.Length ? null : Encoding.UTF8.GetString(buffer, 0, length);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return null;
            }
        }

        private static FileFacts Probe(string path, bool followLinks)
        {
            if (path.IndexOf('\0') >= 0)
            {
                return new FileFacts(FileKind.Missing, 0);
            }

            if (!nativeMissing)
            {
                try
                {
                    var status = default(NativeFileStatus);
                    byte[] name = Utf8z(path);
                    int failed = followLinks ? NativeStat(name, out status) : NativeLStat(name, out status);
                    return failed != 0
                        ? new FileFacts(FileKind.Missing, 0)
                        : new FileFacts(KindOf(status.Mode), status.Size, status.Mode & PermissionMask, status.Uid, status.Gid);
                }
                catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
                {
                    nativeMissing = true;
                }
            }

            return ManagedProbe(path, followLinks);
        }

        private static FileKind KindOf(int mode) => (mode & TypeMask) switch
        {
            TypeRegular => FileKind.Regular,
            TypeDirectory => FileKind.Directory,
            TypeLink => FileKind.SymbolicLink,
            TypeFifo => FileKind.Fifo,
            TypeCharacter => FileKind.CharacterDevice,
            TypeBlock => FileKind.BlockDevice,
            TypeSocket => FileKind.Socket,
            _ => FileKind.Other,
        };

        private static FileFacts ManagedProbe(string path, bool followLinks)
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return Directory.Exists(path)
                    ? new FileFacts(!followLinks && (new DirectoryInfo(path).Attributes & FileAttributes.ReparsePoint) != 0 ? FileKind.SymbolicLink : FileKind.Directory, 0)
                    : new FileFacts(FileKind.Missing, 0);
            }

            if (!followLinks && (info.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                return new FileFacts(FileKind.SymbolicLink, 0);
            }

            return (info.Attributes & FileAttributes.Device) != 0 ? new FileFacts(FileKind.CharacterDevice, 0) : new FileFacts(FileKind.Regular, info.Length);
        }

        /// <summary>
        /// One realpath that hands back a string the library allocated: true with its answer (null: the path cannot be
        /// resolved), false when the library or its entry point is not there, which marks it missing for good.
        /// </summary>
        private static bool CallRealPath(Func<IntPtr> call, Action<IntPtr> free, ref bool missing, out string? real)
        {
            real = null;
            try
            {
                IntPtr result = call();
                if (result != IntPtr.Zero)
                {
                    try
                    {
                        real = Utf8At(result);
                    }
                    finally
                    {
                        free(result);
                    }
                }

                return true;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                missing = true;
                return false;
            }
        }

        // Without realpath(3): a path with no link on it is its own real path; one with a link cannot be proved to stay
        // inside, so it resolves to nothing and the caller treats it as pointing out.
        private static string? ManagedRealPath(string path)
        {
            string full = Path.GetFullPath(path);
            for (string? probe = full; !string.IsNullOrEmpty(probe); probe = Path.GetDirectoryName(probe))
            {
                var info = new FileInfo(probe);
                FileAttributes attributes = info.Exists ? info.Attributes : Directory.Exists(probe) ? new DirectoryInfo(probe).Attributes : (FileAttributes)(-1);
                if ((int)attributes == -1 || (attributes & FileAttributes.ReparsePoint) != 0)
                {
                    return null;
                }
            }

            return full;
        }

        /// <summary>The path as the NUL-terminated UTF-8 the native side takes (netstandard2.0 has no UTF-8 string marshalling).</summary>
        internal static byte[] Utf8z(string path)
        {
            var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
            Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
            return bytes;
        }

        private static string Utf8At(IntPtr pointer)
        {
            int length = 0;
            while (Marshal.ReadByte(pointer, length) != 0)
            {
                length++;
            }

            var bytes = new byte[length];
            Marshal.Copy(pointer, bytes, 0, length);
            return Encoding.UTF8.GetString(bytes);
        }

        [DllImport(SystemNative, EntryPoint = "SystemNative_Stat", SetLastError = true)]
        private static extern int NativeStat(byte[] path, out NativeFileStatus output);

        [DllImport(SystemNative, EntryPoint = "SystemNative_LStat", SetLastError = true)]
        private static extern int NativeLStat(byte[] path, out NativeFileStatus output);

        [DllImport(SystemNative, EntryPoint = "SystemNative_Open", SetLastError = true)]
        private static extern IntPtr NativeOpen(byte[] path, int flags, int mode);

        [DllImport(SystemNative, EntryPoint = "SystemNative_FStat", SetLastError = true)]
        private static extern int NativeFStat(SafeFileHandle fd, out NativeFileStatus output);

        [DllImport(SystemNative, EntryPoint = "SystemNative_ReadLink", SetLastError = true)]
        private static extern int NativeReadLink(byte[] path, byte[] buffer, int bufferSize);

        [DllImport(SystemNative, EntryPoint = "SystemNative_RealPath", SetLastError = true)]
        private static extern IntPtr NativeRealPath(byte[] path);

        [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
        private static extern IntPtr LibcRealPath(byte[] path, IntPtr resolved);

        [DllImport("libc", EntryPoint = "free")]
        private static extern void LibcFree(IntPtr pointer);

        [DllImport(SystemNative, EntryPoint = "SystemNative_Free")]
        private static extern void NativeFree(IntPtr pointer);

        /// <summary>
        /// The runtime's FileStatus (System.Native pal_io.h): Flags, Mode, Uid, Gid, then 64-bit Size and times. Only
        /// Mode, Uid, Gid and Size are read; the tail is padding so that a runtime whose struct grows still writes inside it.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        private struct NativeFileStatus
        {
            public int Flags;
            public int Mode;
            public uint Uid;
            public uint Gid;
            public long Size;
#pragma warning disable CS0169, IDE0051 // written by the native side only
            private long pad0, pad1, pad2, pad3, pad4, pad5, pad6, pad7, pad8, pad9, pad10, pad11, pad12, pad13, pad14, pad15, pad16, pad17, pad18, pad19;
#pragma warning restore CS0169, IDE0051
        }
    }

    /// <summary>An open refused because the name is a symbolic link (O_NOFOLLOW).</summary>
    internal sealed class LinkNotFollowedException : IOException
    {
        public LinkNotFollowedException(string message)
            : base(message)
        {
        }
    }
}
