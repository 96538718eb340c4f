using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace AmoWidget.Tests.Architecture
{
    /// <summary>
    /// Windows PowerShell 5.1 reads a script without a byte order mark in the system's ANSI code page, so a UTF-8
    /// script's non-ASCII text (the Cyrillic of a widget's names, a typographic dash) turns into other characters there
    /// (https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_character_encoding). Every
    /// PowerShell file of the repository that holds non-ASCII text starts with the UTF-8 BOM, which both editions read.
    /// </summary>
    public sealed class ScriptEncodingTests
    {
        private static readonly string[] Extensions = { ".ps1", ".psm1", ".psd1" };
        private static readonly string[] Skipped = { "bin", "obj", "out", "node_modules", ".git" };

        [Fact]
        public void NonAsciiPowerShellFilesStartWithAUtf8Bom()
        {
            List<string> files = PowerShellFiles(Repo.Root).ToList();
            Assert.Contains(files, f => f.EndsWith("Common.ps1", StringComparison.Ordinal));
            var missing = new List<string>();
            foreach (string file in files)
            {
                byte[] bytes = File.ReadAllBytes(file);
                bool bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
                if (!bom && bytes.Any(b => b >= 0x80))
                {
                    missing.Add(Compat.RelativePath(Repo.Root, file));
                }
            }

            Assert.True(missing.Count == 0, "Non-ASCII text without a UTF-8 BOM (Windows PowerShell 5.1 would read it as ANSI): " + string.Join(", ", missing));
        }

        private static IEnumerable<string> PowerShellFiles(string folder)
        {
            foreach (string file in Directory.EnumerateFiles(folder))
            {
                if (Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                {
                    yield return file;
                }
            }

            foreach (string sub in Directory.EnumerateDirectories(folder))
            {
                if (!Skipped.Contains(Path.GetFileName(sub), StringComparer.Ordinal))
                {
                    foreach (string file in PowerShellFiles(sub))
                    {
                        yield return file;
                    }
                }
            }
        }
    }
}
