using System;
using System.IO;
using System.Runtime.InteropServices;

namespace AmoWidget.Tests
{
    /// <summary>
    /// The few calls the tests make that .NET Framework 4.7.2 (the net472 leg, run under Mono) does not have: one
    /// spelling for both target frameworks, so a test reads the same on each.
    /// </summary>
    internal static class Compat
    {
        public static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Path.GetRelativePath (not in .NET Framework) for a file under <paramref name="folder"/>.</summary>
        public static string RelativePath(string folder, string file)
        {
#if NETFRAMEWORK
            string root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            string full = Path.GetFullPath(file);
            if (!full.StartsWith(root, StringComparison.Ordinal))
            {
                throw new ArgumentException(file + " is not under " + folder);
            }

            return full.Substring(root.Length);
#else
            return Path.GetRelativePath(folder, file);
#endif
        }

        /// <summary>A symbolic link to a file or a folder (the tests that make them skip on Windows).</summary>
        public static void Symlink(string link, string target)
        {
#if NETFRAMEWORK
            // .NET Framework has no call for it; Mono on Linux reaches libc's symlink(2) as any P/Invoke does.
            if (symlink(target, link) != 0)
            {
                throw new IOException("symlink " + link + " -> " + target + " failed: errno " + Marshal.GetLastWin32Error());
            }
#else
            if (Directory.Exists(target))
            {
                Directory.CreateSymbolicLink(link, target);
            }
            else
            {
                File.CreateSymbolicLink(link, target);
            }
#endif
        }

#if NETFRAMEWORK
        [DllImport("libc", SetLastError = true)]
        private static extern int symlink(string target, string link);
#endif
    }
}
