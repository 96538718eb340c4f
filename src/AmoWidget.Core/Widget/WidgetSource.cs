using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AmoWidget.IO;

namespace AmoWidget.Widget
{
    /// <summary>A file of the widget that is listed but not read, and the finding that says why.</summary>
    internal sealed class SourceProblem
    {
        public SourceProblem(string name, string display, string rule, string message, string? suggestion = null, AmoSeverity? severity = null)
        {
            Name = name;
            Display = display;
            Rule = rule;
            Message = message;
            Suggestion = suggestion;
            Severity = severity;
        }

        /// <summary>The name relative to the widget root.</summary>
        public string Name { get; }

        public string Display { get; }

        public string Rule { get; }

        public string Message { get; }

        public string? Suggestion { get; }

        public AmoSeverity? Severity { get; }
    }

    /// <summary>
    /// The files of a widget, from a folder or from a zip, seen the same way: '/'-separated names relative to the
    /// widget root (the folder holding manifest.json). The folder and zip checks share one code path over this.
    /// Every read goes through <see cref="Read"/>/<see cref="ReadPrefix"/>, which never open a file that is not
    /// regular or links out of the widget (<see cref="Problems"/>) and never read past the cap of its kind.
    /// </summary>
    internal abstract class WidgetSource : IDisposable
    {
        private readonly HashSet<string> reportedTooLarge = new HashSet<string>(StringComparer.Ordinal);

        // Built on first use from the lists, which are complete once the source is constructed, so that asking for
        // each of thousands of files (icons, tour slides) costs a look-up, not a scan of the list.
        private HashSet<string>? fileSet;
        private Dictionary<string, List<string>>? caseFolded;
        private HashSet<string>? blocked;

        /// <summary>The folder or archive path, as the user named it (full path).</summary>
        public abstract string Location { get; }

        /// <summary>Every file below the widget root that the checks look at: the root, i18n/ and images/.</summary>
        public abstract IReadOnlyList<string> Files { get; }

        /// <summary>Files that are listed but never read, each with its finding; reported once by the validator.</summary>
        public abstract IReadOnlyList<SourceProblem> Problems { get; }

        public bool Exists(string name) => FileSet.Contains(name);

        /// <summary>The file's name if one differs from <paramref name="name"/> in case only (a Linux server sees no match).</summary>
        public string? CaseVariant(string name)
        {
            if (caseFolded == null)
            {
                caseFolded = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
                foreach (string file in Files)
                {
                    if (!caseFolded.TryGetValue(file, out List<string>? same))
                    {
                        caseFolded[file] = same = new List<string>();
                    }

                    same.Add(file);
                }
            }

            return caseFolded.TryGetValue(name, out List<string>? variants) ? variants.FirstOrDefault(f => !string.Equals(f, name, StringComparison.Ordinal)) : null;
        }

        /// <summary>
        /// Whether a file the manifest names (an icon, a tour slide) is in the widget, at any depth: '/'-separated,
        /// relative to the widget root, names compared case-sensitively as the server does. A path that leaves the
        /// widget ('..', absolute, a link out of the folder) or is not a regular file is never in it.
        /// </summary>
        public bool HasFile(string relativePath)
        {
            string[] parts = relativePath.Split('/');
            return !parts.Any(p => p.Length == 0 || p == "." || p == ".." || p.IndexOf('\\') >= 0 || p.IndexOf(':') >= 0 || p.Any(char.IsControl)) && HasFile(parts);
        }

        private HashSet<string> FileSet => fileSet ??= new HashSet<string>(Files, StringComparer.Ordinal);

        public IEnumerable<string> FilesIn(string folder) =>
            Files.Where(f => f.StartsWith(folder + "/", StringComparison.Ordinal) && f.IndexOf('/', folder.Length + 1) < 0);

        /// <summary>
        /// Every file of the widget, in subfolders too (the moderation rules read all code, styles and texts): a zip's
        /// entries; a folder's files as Compress-AmoWidget would pack them (without the names PackedNames leaves out,
        /// without following links to folders), at most <see cref="AmoReadLimits.ArchiveEntries"/>.
        /// </summary>
        public virtual IEnumerable<string> AllFiles() => Files;

        public bool IsBlocked(string name) => (blocked ??= new HashSet<string>(Problems.Select(p => p.Name), StringComparer.Ordinal)).Contains(name);

        /// <summary>The length in bytes, as the file system or the archive directory says (nothing is read).</summary>
        public abstract long Length(string name);

        /// <summary>
        /// The whole file, or null when it is not read: blocked (its finding is in <see cref="Problems"/>), or longer
        /// than <paramref name="cap"/> (one AmoFileTooLarge finding for the file, however often it is asked for).
        /// </summary>
        public byte[]? Read(string name, int cap, Action<SourceProblem> report, AmoSeverity? tooLarge = null) =>
            Read(name, cap, report, tooLarge, ReadCapped);

        /// <summary>
        /// The same as <see cref="Read(string, int, Action{SourceProblem}, AmoSeverity?)"/>, in a buffer that may be
        /// rented from <see cref="PooledBytes.Pool"/> (the caller disposes it): for a file read to be looked at once, then dropped.
        /// </summary>
        public PooledBytes? ReadPooled(string name, int cap, Action<SourceProblem> report, AmoSeverity? tooLarge = null) =>
            Read(name, cap, report, tooLarge, ReadCappedPooled);

        private T? Read<T>(string name, int cap, Action<SourceProblem> report, AmoSeverity? tooLarge, Func<string, int, T?> readCapped)
            where T : class
        {
            if (IsBlocked(name))
            {
                return null;
            }

            long length = Length(name);
            if (length <= cap)
            {
                T? data = readCapped(name, cap);
                if (data != null)
                {
                    return data;
                }

                length = cap + 1L;
            }

            if (reportedTooLarge.Add(name))
            {
                report(new SourceProblem(name, Describe(name), RuleNames.AmoFileTooLarge,
                    $"{name} is {Size(length)}{(length > cap ? " or more" : string.Empty)}; at most {Size(cap)} of such a file are read, so it is not checked.",
                    "A widget file is a few KB to a few hundred KB; check that this is the right file.", tooLarge));
            }

            return null;
        }

        /// <summary>At most <paramref name="count"/> bytes from the start of the file, or null when it is blocked.</summary>
        public byte[]? ReadPrefix(string name, int count) => IsBlocked(name) ? null : ReadStart(name, count);

        /// <summary>The path shown in findings: on disk for a folder, the archive path plus '!' and the entry for a zip.</summary>
        public abstract string Describe(string name);

        public virtual void Dispose()
        {
        }

        /// <summary>The file when it holds at most <paramref name="cap"/> bytes, null when it turns out longer.</summary>
        protected abstract byte[]? ReadCapped(string name, int cap);

        /// <summary>The same in a pooled buffer where the source can (a folder); else the array <see cref="ReadCapped"/> reads.</summary>
        protected virtual PooledBytes? ReadCappedPooled(string name, int cap) =>
            ReadCapped(name, cap) is byte[] data ? new PooledBytes(data, data.Length, rented: false) : null;

        protected abstract byte[] ReadStart(string name, int count);

        protected abstract bool HasFile(string[] parts);

        private static string Size(long bytes) =>
            bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes} bytes";
    }

    /// <summary>
    /// A widget folder on disk. Each file is looked at with lstat before anything opens it: a FIFO, device or socket is
    /// AmoFileNotRegular, and a link (or a linked i18n/ or images/ folder) whose target lies outside the widget folder
    /// is AmoLinkOutsideWidget; neither is ever opened. A read opens the file first and then judges the open file
    /// (SafeFile.OpenInside), so a file swapped for a link out of the folder after that look is FileOutsideWidget.
    /// </summary>
    internal sealed class FolderSource : WidgetSource
    {
        /// <summary>Files the widget rules read; a link out of the folder there is an Error, elsewhere a Warning.</summary>
        private static readonly string[] ReadFiles = { AmoManifest.FileName, "script.js", "style.css" };

        private readonly string root;
        private readonly string? realRoot;
        private readonly List<string> files = new List<string>();
        private readonly List<SourceProblem> problems = new List<SourceProblem>();
        private readonly Dictionary<string, Listing> listings = new Dictionary<string, Listing>(StringComparer.Ordinal);

        public FolderSource(string root)
        {
            this.root = Path.GetFullPath(root);
            realRoot = FileProbe.RealPath(this.root);
            AddFiles(string.Empty);
            AddFiles("i18n");
            AddFiles("images");
            FindUndecodable(this.root, string.Empty);
        }

        public override string Location => root;

        public override IReadOnlyList<string> Files => files;

        public override IReadOnlyList<SourceProblem> Problems => problems;

        public override long Length(string name) => FileProbe.Stat(Full(name)).Length;

        public override string Describe(string name) => Full(name);

        public override IEnumerable<string> AllFiles()
        {
            int count = 0;
            var pending = new Stack<(string Path, string Prefix)>();
            pending.Push((root, string.Empty));
            while (pending.Count > 0)
            {
                (string path, string prefix) = pending.Pop();
                foreach (string entry in Directory.EnumerateFileSystemEntries(path).OrderBy(e => e, StringComparer.Ordinal))
                {
                    string leaf = Path.GetFileName(entry);
                    FileKind kind = FileProbe.LStat(entry).Kind;
                    if (RawNames.IsUndecodable(entry) || PackedNames.IsExcluded(leaf, kind == FileKind.Directory))
                    {
                        continue;
                    }

                    if (kind == FileKind.Directory)
                    {
                        pending.Push((entry, prefix + leaf + "/"));
                    }
                    else if (kind == FileKind.Regular && ++count <= AmoReadLimits.ArchiveEntries)
                    {
                        yield return prefix + leaf;
                    }
                }
            }
        }

        protected override byte[]? ReadCapped(string name, int cap)
        {
            try
            {
                return Unreadable(name, () => SafeFile.ReadAllInside(Full(name), realRoot, cap, _ => new AmoException(ErrorIds.FileTooLarge, AmoErrorKind.LimitsExceeded, name)));
            }
            catch (AmoException ex) when (ex.ErrorId == ErrorIds.FileTooLarge)
            {
                return null;
            }
        }

        protected override PooledBytes? ReadCappedPooled(string name, int cap)
        {
            try
            {
                return Unreadable(name, () => SafeFile.ReadAllInsidePooled(Full(name), realRoot, cap, _ => new AmoException(ErrorIds.FileTooLarge, AmoErrorKind.LimitsExceeded, name)));
            }
            catch (AmoException ex) when (ex.ErrorId == ErrorIds.FileTooLarge)
            {
                return null;
            }
        }

        protected override byte[] ReadStart(string name, int count) => Unreadable(name, () => SafeFile.ReadPrefixInside(Full(name), realRoot, count));

        protected override bool HasFile(string[] parts)
        {
            string path = root;
            for (int i = 0; i < parts.Length; i++)
            {
                Listing listing = ListingOf(path);
                if (!(i == parts.Length - 1 ? listing.Files : listing.Folders).Contains(parts[i]))
                {
                    return false;
                }

                path = Path.Combine(path, parts[i]);
            }

            return FileProbe.Stat(path).Kind == FileKind.Regular && StaysInside(path);
        }

        /// <summary>
        /// A folder's names, listed once and kept: the manifest may name thousands of files in one folder (menu
        /// icons, tour slides), and listing the folder again for each made the check quadratic in their number.
        /// Names are compared case-sensitively, as the server does.
        /// </summary>
        private Listing ListingOf(string path)
        {
            if (!listings.TryGetValue(path, out Listing? listing))
            {
                listing = new Listing(
                    new HashSet<string>(Directory.GetFiles(path).Select(Path.GetFileName), StringComparer.Ordinal),
                    new HashSet<string>(Directory.GetDirectories(path).Select(Path.GetFileName), StringComparer.Ordinal));
                listings[path] = listing;
            }

            return listing;
        }

                /// <summary>An IO failure (no permission, a vanished file) as FileUnreadable naming the file, not the widget.</summary>
        private T Unreadable<T>(string name, Func<T> read)
        {
            try
            {
                return read();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new AmoException(ErrorIds.FileUnreadable, AmoErrorKind.ReadError, $"Cannot read '{Full(name)}': {ex.Message}", Full(name), ex);
            }
        }

        private string Full(string name) => Path.Combine(root, name.Replace('/', Path.DirectorySeparatorChar));

        private void AddFiles(string folder)
        {
            string path = folder.Length == 0 ? root : Path.Combine(root, folder);
            if (!Directory.Exists(path))
            {
                return;
            }

            if (folder.Length > 0 && FileProbe.LStat(path).Kind == FileKind.SymbolicLink && FileProbe.LeadsOutside(realRoot, path, out string? linked))
            {
                problems.Add(new SourceProblem(folder, path, RuleNames.AmoLinkOutsideWidget,
                    $"{folder}/ is a link to a folder outside the widget ({linked ?? "a target that cannot be resolved"}); its files are not read, and Compress-AmoWidget leaves them out.",
                    $"Copy the files into {folder}/ instead of linking to them.", AmoSeverity.Error));
                return;
            }

            foreach (string file in Directory.GetFiles(path).OrderBy(f => f, StringComparer.Ordinal))
            {
                // A name that is not UTF-8 opens nothing under the name listed; FindUndecodable reports it.
                if (RawNames.IsUndecodable(file))
                {
                    continue;
                }

                string leaf = Path.GetFileName(file);
                string name = folder.Length == 0 ? leaf : folder + "/" + leaf;
                files.Add(name);
                Classify(name, file);
            }
        }

        private void Classify(string name, string file)
        {
            FileFacts self = FileProbe.LStat(file);
            FileFacts target = self.Kind == FileKind.SymbolicLink ? FileProbe.Stat(file) : self;
            if (self.Kind == FileKind.SymbolicLink && FileProbe.LeadsOutside(realRoot, file, out string? linked))
            {
                bool read = ReadFiles.Contains(name, StringComparer.Ordinal) || name.StartsWith("i18n/", StringComparison.Ordinal) || name.StartsWith("images/", StringComparison.Ordinal);
                problems.Add(new SourceProblem(name, file, RuleNames.AmoLinkOutsideWidget,
                    $"{name} is a link to {linked ?? "a target that cannot be resolved"}, outside the widget folder; it is not read, and Compress-AmoWidget leaves it out of the zip.",
                    "Copy the file into the widget folder instead of linking to it.", read ? AmoSeverity.Error : (AmoSeverity?)null));
            }
            else if (target.IsSpecial)
            {
                problems.Add(new SourceProblem(name, file, RuleNames.AmoFileNotRegular,
                    $"{name} is {target.Describe()}{(self.Kind == FileKind.SymbolicLink ? " (through a link)" : string.Empty)}, not a regular file; it is not opened.",
                    "Replace it with a regular file."));
            }
        }

        private bool StaysInside(string path) => !FileProbe.LeadsOutside(realRoot, path, out _);

        /// <summary>
        /// AmoFileNameInvalid for every name that is not valid UTF-8 in the folders Compress-AmoWidget packs (those
        /// <see cref="PackedNames.IsExcluded"/> keeps; links are not followed), so the check, and the pack after it, name
        /// the file instead of failing on a file that cannot be found under its listed name. The same walk finds the
        /// links out of the folder that <see cref="Classify"/> does not look at (a linked folder, a link deeper than
        /// i18n/ and images/): Compress-AmoWidget leaves each out with a warning, so the check says so first.
        /// </summary>
        private void FindUndecodable(string path, string prefix)
        {
            bool found = false;
            foreach (string entry in Directory.EnumerateFileSystemEntries(path))
            {
                string leaf = Path.GetFileName(entry);
                if (RawNames.IsUndecodable(entry))
                {
                    found = true;
                    continue;
                }

                FileKind kind = FileProbe.LStat(entry).Kind;
                if (!PackedNames.IsExcluded(leaf, isDirectory: kind == FileKind.Directory) && kind == FileKind.Directory)
                {
                    FindUndecodable(entry, prefix + leaf + "/");
                }
                else if (kind == FileKind.SymbolicLink && !PackedNames.IsExcluded(leaf, isDirectory: Directory.Exists(entry)))
                {
                    string name = prefix + leaf;
                    bool looked = files.Contains(name) || problems.Any(p => p.Name == name);
                    if (!looked && FileProbe.LeadsOutside(realRoot, entry, out string? linked))
                    {
                        bool folder = Directory.Exists(entry);
                        problems.Add(new SourceProblem(name, entry, RuleNames.AmoLinkOutsideWidget,
                            $"{name}{(folder ? "/" : string.Empty)} is a link to {(folder ? "a folder" : "a file")} outside the widget ({linked ?? "a target that cannot be resolved"}); it is not read, and Compress-AmoWidget leaves it out of the zip.",
                            $"Copy the {(folder ? "files" : "file")} into the widget folder instead of linking to {(folder ? "them" : "it")}."));
                    }
                }
            }

            if (!found)
            {
                return;
            }

            foreach (string shown in RawNames.Undecodable(path))
            {
                string name = prefix + shown;
                problems.Add(new SourceProblem(name, Path.Combine(path, shown), RuleNames.AmoFileNameInvalid,
                    $"{name} has a name that is not valid UTF-8 (each byte that is not is shown as \\xNN): it cannot be opened under the name .NET lists, and a zip entry name is UTF-8, so it is not checked and Compress-AmoWidget cannot pack it.",
                    "Rename it to a UTF-8 name, or delete it; bash's $'...' quoting reads a name written as shown here (mv $'\\xFF.json' fr.json)."));
            }
        }

        /// <summary>A folder's file and subfolder names (links to either included, as Directory lists them).</summary>
        private sealed class Listing
        {
            public Listing(HashSet<string> files, HashSet<string> folders)
            {
                Files = files;
                Folders = folders;
            }

            public HashSet<string> Files { get; }

            public HashSet<string> Folders { get; }
        }
    }

    /// <summary>
    /// A widget.zip read in memory. Entries are inflated only on request, one at a time, and never past their
    /// declared size or the cap of their kind. An encrypted entry, one whose local header disagrees with the central
    /// directory, and one whose name a NUL cuts short are listed (so that no "missing" finding misleads) but not read.
    /// </summary>
    internal sealed class ZipSource : WidgetSource
    {
        private readonly WidgetArchive archive;
        private readonly Dictionary<string, ArchiveEntry> entries = new Dictionary<string, ArchiveEntry>(StringComparer.Ordinal);
        private readonly List<string> files = new List<string>();
        private readonly List<SourceProblem> problems = new List<SourceProblem>();
        private readonly HashSet<string> allFiles = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The readable entries in the other folders (not encrypted, headers agreeing, no NUL in the name).</summary>
        private readonly Dictionary<string, ArchiveEntry> nested = new Dictionary<string, ArchiveEntry>(StringComparer.Ordinal);

        /// <param name="rootPrefix">The folder inside the archive that holds manifest.json ("" at the root, "widget/" when nested).</param>
        public ZipSource(WidgetArchive archive, string rootPrefix)
        {
            this.archive = archive;
            RootPrefix = rootPrefix;
            foreach (ArchiveEntry entry in archive.Entries)
            {
                string name = entry.Name.Replace('\\', '/');
                int nul = name.IndexOf('\0');
                bool cut = nul >= 0;
                if (cut)
                {
                    name = name.Substring(0, nul);
                }

                if (entry.IsDirectory || name.EndsWith("/", StringComparison.Ordinal) || !name.StartsWith(rootPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                string relative = name.Substring(rootPrefix.Length);
                if (!cut)
                {
                    allFiles.Add(relative);
                }

                int slash = relative.IndexOf('/');
                bool checkedFolder = slash < 0 || ((relative.StartsWith("i18n/", StringComparison.Ordinal) || relative.StartsWith("images/", StringComparison.Ordinal)) && relative.IndexOf('/', slash + 1) < 0);
                if (!checkedFolder && !cut && relative.Length > 0 && !entry.IsEncrypted && entry.HeaderMismatch == null && !nested.ContainsKey(relative))
                {
                    // Readable for the rules that look into every folder (the moderation rules), as the first entry of its name, like the others.
                    nested[relative] = entry;
                }

                if (!checkedFolder || relative.Length == 0 || entries.ContainsKey(relative))
                {
                    continue;
                }

                entries[relative] = entry;
                files.Add(relative);
                if (cut)
                {
                    problems.Add(new SourceProblem(relative, archive.Path + "!" + ArchiveNames.Printable(entry.Name), RuleNames.AmoArchiveUnsafePath,
                        $"Entry \"{ArchiveNames.Printable(entry.Name)}\" has a NUL in its name; some extractors write it as {relative}, others refuse it. It is not checked.",
                        "Rebuild the archive from the widget folder (Compress-AmoWidget)."));
                }
                else if (entry.IsEncrypted)
                {
                    problems.Add(ArchiveNames.EncryptedProblem(archive, entry, relative));
                }
                else if (entry.HeaderMismatch != null)
                {
                    problems.Add(ArchiveNames.HeaderMismatchProblem(archive, entry, relative));
                }
            }

            files.Sort(StringComparer.Ordinal);
        }

        public override string Location => archive.Path;

        public string RootPrefix { get; }

        public override IReadOnlyList<string> Files => files;

        /// <summary>The entries that are not read; Test-AmoWidget's archive rules report them for the whole archive, so only Test-AmoManifest reports these.</summary>
        public override IReadOnlyList<SourceProblem> Problems => problems;

        public override long Length(string name) => Entry(name).Size;

        /// <summary>The files the checks read, then the readable entries of every other folder.</summary>
        public override IEnumerable<string> AllFiles() => files.Concat(nested.Keys.OrderBy(n => n, StringComparer.Ordinal));

        public override string Describe(string name) => Location + "!" + RootPrefix + name;

        public override void Dispose() => archive.Dispose();

        protected override bool HasFile(string[] parts) => allFiles.Contains(string.Join("/", parts));

        protected override byte[]? ReadCapped(string name, int cap) => archive.Read(Entry(name), cap);

        protected override byte[] ReadStart(string name, int count) => archive.Read(Entry(name), count);

        private ArchiveEntry Entry(string name) => entries.TryGetValue(name, out ArchiveEntry? entry) ? entry : nested[name];
    }
}
