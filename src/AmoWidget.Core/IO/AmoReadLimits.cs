namespace AmoWidget
{
    /// <summary>
    /// How much of each kind of file the module reads. A length is checked before anything is read (and a zip entry's
    /// declared size before it is inflated); reading stops at the cap even when the file lies about its length. Over
    /// the cap is a finding in Test-AmoManifest / Test-AmoWidget (AmoFileTooLarge) and an error record in
    /// Import-AmoManifest (ManifestTooLarge) and Compress-AmoWidget (FileTooLarge). Real widgets are a few hundred KB
    /// in all (the largest manifest of 96 real ones is 7 KB, the largest i18n file 10 KB); the caps leave room for
    /// bundled scripts while keeping one check under 300 MB of memory: a parsed JSON document costs up to about 230
    /// bytes per property, a parsed script up to about 110 bytes per byte of source.
    /// </summary>
    public static class AmoReadLimits
    {
        private const int MB = 1024 * 1024;

        /// <summary>manifest.json: 1 MB (a real one is a few KB).</summary>
        public const int ManifestBytes = 1 * MB;

        /// <summary>Each i18n/&lt;lang&gt;.json: 1 MB.</summary>
        public const int I18nBytes = 1 * MB;

        /// <summary>
        /// script.js and any other text file read whole: 1 MB (a bundled script is rarely larger). A larger
        /// script.js is not parsed, and that is a warning: amoCRM documents no limit on it.
        /// </summary>
        public const int TextBytes = 1 * MB;

        /// <summary>Images: only the first bytes are read (format and pixel size); their size is judged by AmoImageTooLarge (300 KB).</summary>
        public const int ImageHeaderBytes = 24;

        /// <summary>Any one file Compress-AmoWidget packs: 64 MB.</summary>
        public const long PackedFileBytes = 64L * MB;

        /// <summary>A widget .zip read by Import-AmoManifest or Test-*: 64 MB.</summary>
        public const long ArchiveBytes = 64L * MB;

        /// <summary>The total of the sizes a zip's entries declare: 256 MB.</summary>
        public const long ArchiveUncompressedBytes = 256L * MB;

        /// <summary>Entries in one zip: 10,000.</summary>
        public const int ArchiveEntries = 10000;

        /// <summary>Largest inflate ratio of an entry that declares more than 1 MB: 200 to 1.</summary>
        public const long ArchiveRatio = 200;

        /// <summary>Findings of one rule in one file that are listed; the rest are counted in one more finding.</summary>
        public const int FindingsPerRuleAndFile = 50;
    }
}
