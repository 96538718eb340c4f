using System;
using System.Linq;
using AmoWidget.IO;

namespace AmoWidget.Widget
{
    /// <summary>What a zip entry's name says: whether it is safe to extract, how to print it, where the widget root is, and the problems of an entry that is not read.</summary>
    internal static class ArchiveNames
    {
        public static bool IsUnsafe(string name)
        {
            string normal = name.Replace('\\', '/');
            return normal.StartsWith("/", StringComparison.Ordinal)
                || (normal.Length >= 2 && normal[1] == ':' && char.IsLetter(normal[0]))
                || normal.Split('/').Any(part => part == "..")
                || name.Any(char.IsControl);
        }

        /// <summary>A name with its control characters written as \0, \n, \x1F... (<see cref="AmoWidget.Printable.Escape"/>): safe to print in a finding.</summary>
        public static string Printable(string name) => AmoWidget.Printable.Escape(name);

        /// <summary>The AmoArchiveHeaderMismatch finding of an entry; <paramref name="relative"/> is its name below the widget root.</summary>
        public static SourceProblem HeaderMismatchProblem(WidgetArchive archive, ArchiveEntry entry, string relative) =>
            new SourceProblem(relative, archive.Path + "!" + Printable(entry.Name), RuleNames.AmoArchiveHeaderMismatch,
                $"The local header of \"{Printable(entry.Name)}\" disagrees with the central directory: {entry.HeaderMismatch}. Readers that stream the archive see something else than readers of the directory; the entry is not checked.",
                "Rebuild the archive from the widget folder (Compress-AmoWidget).");

        /// <summary>The AmoArchiveEncrypted finding of an entry.</summary>
        public static SourceProblem EncryptedProblem(WidgetArchive archive, ArchiveEntry entry, string relative) =>
            new SourceProblem(relative, archive.Path + "!" + Printable(entry.Name), RuleNames.AmoArchiveEncrypted,
                $"\"{Printable(entry.Name)}\" is encrypted (password-protected); amoCRM cannot read it and it is not checked.",
                "Zip the widget without a password (Compress-AmoWidget).");

        /// <summary>The folder inside the archive that holds manifest.json: "" at the root, else the shallowest one.</summary>
        public static string? FindRoot(ZipDirectory directory)
        {
            string? best = null;
            foreach (ZipRawEntry entry in directory.Entries)
            {
                string name = entry.Name.Replace('\\', '/');
                if (IsUnsafe(name) || name.Split('/')[0] == "__MACOSX" || (name != "manifest.json" && !name.EndsWith("/manifest.json", StringComparison.Ordinal)))
                {
                    continue;
                }

                string prefix = name.Substring(0, name.Length - "manifest.json".Length);
                if (best == null || prefix.Count(c => c == '/') < best.Count(c => c == '/'))
                {
                    best = prefix;
                }
            }

            return best;
        }
    }
}
