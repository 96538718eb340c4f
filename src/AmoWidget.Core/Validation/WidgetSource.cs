using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace AmoWidget.Validation
{
    /// <summary>
    /// The files of a widget, from a folder or from a zip, seen the same way: '/'-separated names relative to the
    /// widget root (the folder holding manifest.json). The folder and zip checks share one code path over this.
    /// </summary>
    internal abstract class WidgetSource : IDisposable
    {
        /// <summary>The folder or archive path, as the user named it (full path).</summary>
        public abstract string Location { get; }

        /// <summary>Every file below the widget root that the checks look at: the root, i18n/ and images/.</summary>
        public abstract IReadOnlyList<string> Files { get; }

        public bool Exists(string name) => Files.Contains(name, StringComparer.Ordinal);

        /// <summary>The file's name if one differs from <paramref name="name"/> in case only (a Linux server sees no match).</summary>
        public string? CaseVariant(string name) =>
            Files.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase) && !string.Equals(f, name, StringComparison.Ordinal));

        /// <summary>
        /// Whether a file the manifest names (an icon, a tour slide) is in the widget, at any depth: '/'-separated,
        /// relative to the widget root, names compared case-sensitively as the server does. A path that leaves the
        /// widget ('..', absolute) is never in it.
        /// </summary>
        public bool HasFile(string relativePath)
        {
            string[] parts = relativePath.Split('/');
            return parts.Length > 0 && !parts.Any(p => p.Length == 0 || p == "." || p == ".." || p.IndexOf('\\') >= 0 || p.IndexOf(':') >= 0) && HasFile(parts);
        }

        protected abstract bool HasFile(string[] parts);

        public IEnumerable<string> FilesIn(string folder) =>
            Files.Where(f => f.StartsWith(folder + "/", StringComparison.Ordinal) && f.IndexOf('/', folder.Length + 1) < 0);

        public abstract long Length(string name);

        /// <summary>The whole file (the caller checked its size first).</summary>
        public abstract byte[] Read(string name);

        /// <summary>At most <paramref name="count"/> bytes from the start of the file.</summary>
        public abstract byte[] ReadPrefix(string name, int count);

        /// <summary>The path shown in findings: on disk for a folder, the archive path plus '/' and the entry for a zip.</summary>
        public abstract string Describe(string name);

        public virtual void Dispose()
        {
        }

        protected static byte[] ReadUpTo(Stream stream, int count)
        {
            var buffer = new byte[count];
            int total = 0;
            int read;
            while (total < count && (read = stream.Read(buffer, total, count - total)) > 0)
            {
                total += read;
            }

            if (total == count)
            {
                return buffer;
            }

            Array.Resize(ref buffer, total);
            return buffer;
        }
    }

    internal sealed class FolderSource : WidgetSource
    {
        private readonly string root;
        private readonly List<string> files = new List<string>();

        public FolderSource(string root)
        {
            this.root = Path.GetFullPath(root);
            AddFiles(string.Empty);
            AddFiles("i18n");
            AddFiles("images");
        }

        public override string Location => root;

        public override IReadOnlyList<string> Files => files;

        public override long Length(string name) => new FileInfo(Full(name)).Length;

        public override byte[] Read(string name) => File.ReadAllBytes(Full(name));

        public override byte[] ReadPrefix(string name, int count)
        {
            using FileStream stream = File.OpenRead(Full(name));
            return ReadUpTo(stream, count);
        }

        public override string Describe(string name) => Full(name);

        protected override bool HasFile(string[] parts)
        {
            string folder = root;
            for (int i = 0; i < parts.Length; i++)
            {
                bool last = i == parts.Length - 1;
                string[] names = last ? Directory.GetFiles(folder) : Directory.GetDirectories(folder);
                if (!names.Any(n => string.Equals(Path.GetFileName(n), parts[i], StringComparison.Ordinal)))
                {
                    return false;
                }

                folder = Path.Combine(folder, parts[i]);
            }

            return true;
        }

        private string Full(string name) => Path.Combine(root, name.Replace('/', Path.DirectorySeparatorChar));

        private void AddFiles(string folder)
        {
            string path = folder.Length == 0 ? root : Path.Combine(root, folder);
            if (!Directory.Exists(path))
            {
                return;
            }

            foreach (string file in Directory.GetFiles(path).OrderBy(f => f, StringComparer.Ordinal))
            {
                string leaf = Path.GetFileName(file);
                files.Add(folder.Length == 0 ? leaf : folder + "/" + leaf);
            }
        }
    }

    /// <summary>
    /// A widget.zip read in memory. Entries are inflated only on request, one at a time, and never past their
    /// declared size, which <see cref="ArchiveLimits"/> has capped before the archive is opened.
    /// </summary>
    internal sealed class ZipSource : WidgetSource
    {
        private readonly ZipArchive archive;
        private readonly Dictionary<string, ZipArchiveEntry> entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        private readonly List<string> files = new List<string>();
        private readonly Dictionary<string, ZipArchiveEntry> allEntries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);

        /// <param name="rootPrefix">The folder inside the archive that holds manifest.json ("" at the root, "widget/" when nested).</param>
        public ZipSource(string path, byte[] data, string rootPrefix)
        {
            Location = path;
            archive = new ZipArchive(new MemoryStream(data, false), ZipArchiveMode.Read);
            foreach (ZipArchiveEntry entry in archive.Entries)
            {
                string name = entry.FullName.Replace('\\', '/');
                if (name.EndsWith("/", StringComparison.Ordinal) || !name.StartsWith(rootPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                string relative = name.Substring(rootPrefix.Length);
                if (!allEntries.ContainsKey(relative))
                {
                    allEntries[relative] = entry;
                }

                int slash = relative.IndexOf('/');
                bool checkedFolder = slash < 0 || ((relative.StartsWith("i18n/", StringComparison.Ordinal) || relative.StartsWith("images/", StringComparison.Ordinal)) && relative.IndexOf('/', slash + 1) < 0);
                if (checkedFolder && !entries.ContainsKey(relative))
                {
                    entries[relative] = entry;
                    files.Add(relative);
                }
            }

            files.Sort(StringComparer.Ordinal);
            RootPrefix = rootPrefix;
        }

        public override string Location { get; }

        public string RootPrefix { get; }

        public override IReadOnlyList<string> Files => files;

        public override long Length(string name) => entries[name].Length;

        public override byte[] Read(string name)
        {
            ZipArchiveEntry entry = entries[name];
            byte[] data = Inflate(entry, checked((int)entry.Length + 1));
            if (data.Length > entry.Length)
            {
                throw new AmoException("WidgetArchiveTooLarge", AmoErrorKind.LimitsExceeded,
                    $"{Describe(name)} inflates to more than the {entry.Length} bytes its header declares; the archive is refused.", Location);
            }

            return data;
        }

        public override byte[] ReadPrefix(string name, int count)
        {
            ZipArchiveEntry entry = allEntries[name];
            return Inflate(entry, (int)Math.Min(count, entry.Length));
        }

        public override string Describe(string name) => Location + "!" + RootPrefix + name;

        protected override bool HasFile(string[] parts) => allEntries.ContainsKey(string.Join("/", parts));

        public override void Dispose() => archive.Dispose();

        private byte[] Inflate(ZipArchiveEntry entry, int limit)
        {
            try
            {
                using Stream stream = entry.Open();
                return ReadUpTo(stream, limit);
            }
            catch (InvalidDataException ex)
            {
                throw new AmoException("WidgetArchiveInvalid", AmoErrorKind.InvalidData, $"{Location}: entry {entry.FullName} cannot be read: {ex.Message}", Location, ex);
            }
        }
    }
}
