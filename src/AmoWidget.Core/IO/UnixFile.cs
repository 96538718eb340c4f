using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;

namespace AmoWidget.IO
{
    /// <summary>What kind of file-system object a path names (the S_IFMT part of a Unix mode).</summary>
    public enum FileKind
    {
        Unknown,
        Regular,
        Directory,
        SymbolicLink,
        Fifo,
        CharacterDevice,
        BlockDevice,
        Socket,
    }

    /// <summary>The facts of one file that a rewrite must keep: its kind, permission bits and owner.</summary>
    public readonly struct UnixFileStatus
    {
        public UnixFileStatus(FileKind kind, int mode, uint userId, uint groupId)
        {
            Kind = kind;
            Mode = mode;
            UserId = userId;
            GroupId = groupId;
        }

        public FileKind Kind { get; }

        /// <summary>Permission bits with set-user-ID, set-group-ID and sticky (07777).</summary>
        public int Mode { get; }

        public uint UserId { get; }

        public uint GroupId { get; }
    }

    /// <summary>
    /// Unix file facts that netstandard2.0 has no API for: a file's kind (FIFO, device, socket), its mode and its
    /// owner, and setting mode and owner. Every member is safe to call on Windows and on any runtime: where the facts
    /// cannot be had, it says so (false, null) instead of throwing.
    /// </summary>
    /// <remarks>
    /// Why native calls: .NET 7 added File.GetUnixFileMode/SetUnixFileMode, but no .NET has an API for a file's kind
    /// or owner, and this assembly targets netstandard2.0 to serve Windows PowerShell 5.1 too. stat() itself cannot be
    /// called portably (its struct differs between Linux x64, Linux arm64 and macOS, and older glibc exports it only as
    /// __xstat), so the stat and chmod calls go through libSystem.Native, the shim every .NET (Core) runtime on Unix
    /// ships for its own FileStream: its FileStatus struct has begun with Flags, Mode, Uid, Gid (four 32-bit fields)
    /// since .NET Core 1.0, and only those are read, from a buffer larger than any version's struct. chown has no shim,
    /// and its signature (path, uid_t, gid_t; 32-bit ids) is the same in every libc. Symbolic links are resolved with the
    /// runtime's own FileSystemInfo.ResolveLinkTarget (.NET 6, PowerShell 7.2), found by reflection.
    /// </remarks>
    public static class UnixFile
    {
        private const string SystemNative = "libSystem.Native";
        private const string LibC = "libc";

        // The S_IFMT values of System.Native's FileStatus.Mode (POSIX's, which the shim asserts).
        private const int TypeMask = 0xF000;
        private const int TypeFifo = 0x1000;
        private const int TypeCharacterDevice = 0x2000;
        private const int TypeDirectory = 0x4000;
        private const int TypeBlockDevice = 0x6000;
        private const int TypeRegular = 0x8000;
        private const int TypeSymbolicLink = 0xA000;
        private const int TypeSocket = 0xC000;

        /// <summary>Larger than FileStatus of any runtime so far (about 130 bytes), so the shim never writes past it.</summary>
        private const int StatusBufferSize = 512;

        private static readonly MethodInfo? ResolveLinkTargetMethod =
            typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", BindingFlags.Public | BindingFlags.Instance, null, new[] { typeof(bool) }, null);

        private static bool nativeMissing;

        /// <summary>True on Linux, macOS and the BSDs: the platforms where the calls below mean something.</summary>
        public static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>
        /// The status of <paramref name="path"/>, following a symbolic link when <paramref name="followLinks"/>; null on
        /// Windows, when the path does not exist or cannot be examined, or when the runtime lacks the shim.
        /// </summary>
        public static UnixFileStatus? TryGetStatus(string path, bool followLinks)
        {
            if (!IsUnix || nativeMissing)
            {
                return null;
            }

            var buffer = new byte[StatusBufferSize];
            try
            {
                int result = followLinks ? Stat(NativePath(path), buffer) : LStat(NativePath(path), buffer);
                if (result != 0)
                {
                    return null;
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                nativeMissing = true;
                return null;
            }

            int mode = BitConverter.ToInt32(buffer, 4);
            return new UnixFileStatus(KindOf(mode), mode & 0xFFF, BitConverter.ToUInt32(buffer, 8), BitConverter.ToUInt32(buffer, 12));
        }

        /// <summary>Sets the permission bits (07777); false where that is not possible.</summary>
        public static bool TrySetMode(string path, int mode)
        {
            if (!IsUnix || nativeMissing)
            {
                return false;
            }

            try
            {
                return ChMod(NativePath(path), mode & 0xFFF) == 0;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                nativeMissing = true;
                return false;
            }
        }

        /// <summary>Sets the owner and group; false where the OS refuses (only root may give a file away) or cannot.</summary>
        public static bool TrySetOwner(string path, uint userId, uint groupId)
        {
            if (!IsUnix)
            {
                return false;
            }

            try
            {
                return ChOwn(NativePath(path), userId, groupId) == 0;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return false;
            }
        }

        /// <summary>
        /// The path a symbolic link finally points to (through every link of a chain, relative targets resolved), or
        /// <paramref name="path"/> itself when it is no link or the runtime cannot resolve links (.NET Framework).
        /// A link loop is an IOException, as opening it would be.
        /// </summary>
        public static string ResolveLinks(string path)
        {
            if (ResolveLinkTargetMethod == null || !IsLink(path))
            {
                return path;
            }

            try
            {
                return ResolveLinkTargetMethod.Invoke(new FileInfo(path), new object[] { true }) is FileSystemInfo final ? final.FullName : path;
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }

        /// <summary>Whether the path is a symbolic link (or another reparse point), dangling or not; false when it does not exist.</summary>
        private static bool IsLink(string path)
        {
            try
            {
                return (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0;
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return false;
            }
        }

        /// <summary>A path as the C functions take it: UTF-8, NUL-terminated (netstandard2.0 has no UTF-8 string marshalling).</summary>
        private static byte[] NativePath(string path)
        {
            byte[] bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
            Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
            return bytes;
        }

        private static FileKind KindOf(int mode) => (mode & TypeMask) switch
        {
            TypeRegular => FileKind.Regular,
            TypeDirectory => FileKind.Directory,
            TypeSymbolicLink => FileKind.SymbolicLink,
            TypeFifo => FileKind.Fifo,
            TypeCharacterDevice => FileKind.CharacterDevice,
            TypeBlockDevice => FileKind.BlockDevice,
            TypeSocket => FileKind.Socket,
            _ => FileKind.Unknown,
        };

        [DllImport(SystemNative, EntryPoint = "SystemNative_Stat", SetLastError = true)]
        private static extern int Stat(byte[] path, byte[] status);

        [DllImport(SystemNative, EntryPoint = "SystemNative_LStat", SetLastError = true)]
        private static extern int LStat(byte[] path, byte[] status);

        [DllImport(SystemNative, EntryPoint = "SystemNative_ChMod", SetLastError = true)]
        private static extern int ChMod(byte[] path, int mode);

        [DllImport(LibC, EntryPoint = "chown", SetLastError = true)]
        private static extern int ChOwn(byte[] path, uint userId, uint groupId);
    }
}
