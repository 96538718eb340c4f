using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace AmoWidget.IO
{
    /// <summary>
    /// What a rewrite of a file needs beyond <see cref="FileProbe"/>: setting a file's mode and owner, and the file a
    /// symbolic link finally points to. Safe on Windows and on any runtime: where a call cannot be made, it says so
    /// (false) or leaves the path as it is, instead of throwing.
    /// </summary>
    /// <remarks>
    /// Why native calls: .NET 7 added File.SetUnixFileMode, but no .NET has an API for a file's owner, and this assembly
    /// targets netstandard2.0 to serve Windows PowerShell 5.1 too. chmod goes through libSystem.Native, the shim every
    /// .NET (Core) runtime on Unix ships for its own FileStream (as <see cref="FileProbe"/>'s stat does); chown has no
    /// shim, and its signature (path, uid_t, gid_t; 32-bit ids) is the same in every libc. A link's final target comes
    /// from the runtime's own FileSystemInfo.ResolveLinkTarget (.NET 6, PowerShell 7.2), found by reflection, because
    /// realpath(3) fails on a dangling link, which a write through the link should create.
    /// </remarks>
    internal static class UnixFile
    {
        private const string SystemNative = "libSystem.Native";
        private const string LibC = "libc";
        private const int PermissionMask = 0xFFF;

        private static readonly MethodInfo? ResolveLinkTargetMethod =
            typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", BindingFlags.Public | BindingFlags.Instance, null, new[] { typeof(bool) }, null);

        private static bool chmodMissing;

        /// <summary>True on Linux, macOS and the BSDs: the platforms where mode and owner mean something.</summary>
        public static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Sets the permission bits (07777); false where that is not possible.</summary>
        public static bool TrySetMode(string path, int mode)
        {
            if (!IsUnix || chmodMissing)
            {
                return false;
            }

            try
            {
                return ChMod(FileProbe.Utf8z(path), mode & PermissionMask) == 0;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                chmodMissing = true;
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
                return ChOwn(FileProbe.Utf8z(path), userId, groupId) == 0;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return false;
            }
        }

        /// <summary>
        /// The path a symbolic link finally points to (through every link of a chain, relative targets resolved, a
        /// dangling link's missing target included), or <paramref name="path"/> itself when it is no link or the
        /// runtime cannot resolve links (.NET Framework). A link loop is an IOException, as opening it would be.
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

        [DllImport(SystemNative, EntryPoint = "SystemNative_ChMod", SetLastError = true)]
        private static extern int ChMod(byte[] path, int mode);

        [DllImport(LibC, EntryPoint = "chown", SetLastError = true)]
        private static extern int ChOwn(byte[] path, uint userId, uint groupId);
    }
}
