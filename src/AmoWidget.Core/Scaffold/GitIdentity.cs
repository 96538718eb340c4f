using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;

namespace AmoWidget.Scaffold
{
    /// <summary>
    /// The developer's e-mail as git knows it (git config user.email), the default author address that npm init
    /// and cargo new use too. New-AmoWidget takes it as the support contact when none is given.
    /// </summary>
    public static class GitIdentity
    {
        /// <summary>git config user.email as seen from <paramref name="folder"/> (or its nearest existing parent); null when git or the setting is absent.</summary>
        public static string? Email(string folder)
        {
            string? dir = Path.GetFullPath(folder);
            while (dir != null && !Directory.Exists(dir))
            {
                dir = Path.GetDirectoryName(dir);
            }

            var info = new ProcessStartInfo("git", "config --get user.email")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                CreateNoWindow = true,
                WorkingDirectory = dir ?? Directory.GetCurrentDirectory(),
            };
            try
            {
                using Process process = Process.Start(info)!;
                string output = process.StandardOutput.ReadToEnd().Trim();
                if (!process.WaitForExit(5000))
                {
                    process.Kill();
                    return null;
                }

                return process.ExitCode == 0 && output.IndexOf('@') > 0 && output.IndexOf(' ') < 0 ? output : null;
            }
            catch (Exception ex) when (ex is Win32Exception || ex is InvalidOperationException || ex is IOException)
            {
                return null;
            }
        }
    }
}
