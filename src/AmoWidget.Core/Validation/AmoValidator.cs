using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AmoWidget.IO;
using AmoWidget.Runtime;
using AmoWidget.Json;
using AmoWidget.Schema;
using AmoWidget.Validation.Rules;
using AmoWidget.Validation;
using AmoWidget.Widget;

namespace AmoWidget
{
    /// <summary>
    /// Checks a manifest, a widget folder or a widget.zip against every rule of <see cref="AmoRuleCatalog"/>.
    /// Findings are data: bad JSON is one AmoJsonInvalid finding. Only input that cannot be read at all throws
    /// an <see cref="AmoException"/> (PathNotFound, ArchiveInvalid, ArchiveTooLarge...).
    /// </summary>
    public static class AmoValidator
    {
        public const string ManifestFileName = AmoManifest.FileName;

        /// <summary>The manifest rules over a manifest's text; <paramref name="file"/> is the name findings carry.</summary>
        public static IReadOnlyList<AmoDiagnostic> ValidateManifest(string text, string? file = null, AmoValidationOptions? options = null)
        {
            var run = new ValidationRun(options ?? AmoValidationOptions.Default);
            JsonIndex? document = JsonRules.Parse(run, file ?? ManifestFileName, text);
            if (document != null)
            {
                ManifestRules.CheckAll(new ManifestContext(run, file ?? ManifestFileName, document));
                document.Release();
            }

            return run.Diagnostics;
        }

        /// <summary>The manifest rules over a manifest's bytes (a BOM and invalid UTF-8 are findings).</summary>
        public static IReadOnlyList<AmoDiagnostic> ValidateManifest(byte[] utf8, string? file = null, AmoValidationOptions? options = null)
        {
            var run = new ValidationRun(options ?? AmoValidationOptions.Default);
            CheckManifest(run, utf8, file ?? ManifestFileName)?.Json.Release();
            return run.Diagnostics;
        }

        /// <summary>
        /// The manifest rules only, for a manifest.json file, the manifest.json of a widget folder, or the manifest
        /// of a widget .zip. A FIFO, device or socket is one AmoFileNotRegular finding and is never opened.
        /// </summary>
        public static IReadOnlyList<AmoDiagnostic> ValidateManifestPath(string path, AmoValidationOptions? options = null)
        {
            var run = new ValidationRun(options ?? AmoValidationOptions.Default);
            string full = Path.GetFullPath(path);
            FileFacts facts = FileProbe.Stat(full);
            if (facts.Kind == FileKind.Directory || (facts.Kind == FileKind.Regular && ManifestFiles.IsZip(full)))
            {
                using WidgetSource source = Open(run, full, archiveRules: false);
                foreach (SourceProblem problem in source.Problems.Where(p => p.Name == ManifestFileName))
                {
                    run.Report(problem);
                }

                ReadManifest(run, source)?.Json.Release();
            }
            else if (!ReportSpecial(run, full, facts))
            {
                RequireFile(path, facts);
                byte[]? data = ReadManifestFile(run, full, facts);
                if (data != null)
                {
                    CheckManifest(run, data, full)?.Json.Release();
                }
            }

            return run.Diagnostics;
        }

        /// <summary>
        /// Every rule over a widget folder or a widget .zip (a manifest.json path means its folder). A FIFO, device
        /// or socket given as the path is one AmoFileNotRegular finding and is never opened.
        /// </summary>
        public static IReadOnlyList<AmoDiagnostic> ValidateWidget(string path, AmoValidationOptions? options = null)
        {
            var run = new ValidationRun(options ?? AmoValidationOptions.Default);
            if (run.Options.Runtime)
            {
                // The headless host's once-a-process costs run beside the static rules instead of after them.
                WidgetEngine.Warm();
            }

            string full = Path.GetFullPath(path);
            FileFacts facts = FileProbe.Stat(full);
            if (ReportSpecial(run, full, facts))
            {
                return run.Diagnostics;
            }

            if (facts.Kind != FileKind.Directory)
            {
                RequireFile(path, facts);
                if (string.Equals(Path.GetFileName(full), ManifestFileName, StringComparison.OrdinalIgnoreCase))
                {
                    full = Path.GetDirectoryName(full)!;
                }
                else if (!ManifestFiles.IsZip(full))
                {
                    throw new AmoException(ErrorIds.WidgetPathInvalid, AmoErrorKind.InvalidArgument,
                        $"'{path}' is neither a widget folder, a manifest.json nor a zip archive.", path);
                }
            }

            using WidgetSource source = Open(run, full, archiveRules: true);
            if (source is FolderSource)
            {
                foreach (SourceProblem problem in source.Problems)
                {
                    run.Report(problem);
                }
            }

            if (run.Options.Moderation)
            {
                // The moderation pass parses and walks on the parser's stack, as the script rules parse script.js: the
                // whole check on one such thread starts one thread instead of two.
                ScriptAnalyzer.OnParserStack(() => CheckSource(run, source));
            }
            else
            {
                CheckSource(run, source);
            }

            return run.Diagnostics;
        }

        /// <summary>True when no finding is an Error, and with <paramref name="strict"/> no Warning either.</summary>
        public static bool Passes(IEnumerable<AmoDiagnostic> diagnostics, bool strict) =>
            !diagnostics.Any(d => d.Severity == AmoSeverity.Error || (strict && d.Severity == AmoSeverity.Warning));

        /// <summary>
        /// What AmoArchiveName says of an archive path whose file name is not widget.zip, or null when it is; the
        /// packer warns with the same words before writing one.
        /// </summary>
        public static string? ArchiveNameProblem(string archivePath) => ArchiveRules.ArchiveNameMessage(archivePath);

        /// <summary>The manifest JSON Schema (draft-07) the module ships in schema/manifest.schema.json.</summary>
        public static string ManifestSchemaText => ManifestSchema.Text;

        private static void CheckSource(ValidationRun run, WidgetSource source)
        {
            ManifestContext? manifest = ReadManifest(run, source);
            List<LanguageFile> languages = I18nRules.Read(run, source);
            if (manifest != null)
            {
                I18nRules.CheckAll(manifest, source, languages);
            }

            ImageRules.CheckAll(run, source, manifest);
            ScriptFacts? script = ScriptRules.CheckAll(run, source, manifest);
            if (manifest != null)
            {
                BlockFileRules.CheckAll(source, manifest);
            }

            if (run.Options.Runtime)
            {
                RuntimeRules.CheckAll(run, source);
            }

            if (source.Exists("style.css") && source.ReadPrefix("style.css", 3) is byte[] start)
            {
                JsonRules.CheckBom(run, source.Describe("style.css"), JsonRules.HasBom(start));
            }

            if (run.Options.Moderation)
            {
                ModerationRules.CheckAll(run, source, manifest, languages, script);
            }

            I18nRules.Release(languages);

            manifest?.Json.Release();
        }

        private static ManifestContext? ReadManifest(ValidationRun run, WidgetSource source)
        {
            if (!source.Exists(ManifestFileName))
            {
                if (source is FolderSource)
                {
                    run.Add(RuleNames.AmoManifestMissing, source.Describe(ManifestFileName), $"{source.Location} has no manifest.json.",
                        Directory.Exists(Path.Combine(source.Location, "widget")) ? "Point at the widget/ folder inside it." : null);
                }

                return null;
            }

            byte[]? data = source.Read(ManifestFileName, AmoReadLimits.ManifestBytes, run.Report);
            return data == null ? null : CheckManifest(run, data, source.Describe(ManifestFileName));
        }

        /// <summary>A manifest file named directly: its length is checked before it is read (AmoFileTooLarge past the cap).</summary>
        private static byte[]? ReadManifestFile(ValidationRun run, string file, FileFacts facts)
        {
            AmoException TooLarge(long length) => new AmoException(ErrorIds.ManifestTooLarge, AmoErrorKind.LimitsExceeded, file);
            try
            {
                return SafeFile.ReadAll(file, AmoReadLimits.ManifestBytes, TooLarge);
            }
            catch (AmoException ex) when (ex.ErrorId == ErrorIds.ManifestTooLarge)
            {
                long length = Math.Max(facts.Length, AmoReadLimits.ManifestBytes + 1L);
                run.Add(RuleNames.AmoFileTooLarge, file,
                    $"The manifest is {length / 1024} KB{(facts.Length > AmoReadLimits.ManifestBytes ? string.Empty : " or more")}; a manifest.json is a few KB (at most {AmoReadLimits.ManifestBytes / (1024 * 1024)} MB are read), so it is not checked.");
                return null;
            }
        }

        /// <summary>A FIFO, device or socket named as the input: one AmoFileNotRegular finding, and nothing opened.</summary>
        private static bool ReportSpecial(ValidationRun run, string path, FileFacts facts)
        {
            if (!facts.IsSpecial)
            {
                return false;
            }

            run.Add(RuleNames.AmoFileNotRegular, path, $"{path} is {facts.Describe()}, not a regular file or folder; it is not opened.",
                "Point at the widget folder, its manifest.json, or a widget .zip.");
            return true;
        }

        private static ManifestContext? CheckManifest(ValidationRun run, byte[] utf8, string file)
        {
            JsonIndex? document = JsonRules.Parse(run, file, utf8);
            if (document == null)
            {
                return null;
            }

            var context = new ManifestContext(run, file, document);
            ManifestRules.CheckAll(context);
            return context;
        }

        private static WidgetSource Open(ValidationRun run, string full, bool archiveRules)
        {
            if (Directory.Exists(full))
            {
                return new FolderSource(full);
            }

            WidgetArchive archive = WidgetArchive.Open(full);
            try
            {
                if (archiveRules)
                {
                    ArchiveRules.CheckAll(run, archive);
                }

                string? root = ArchiveNames.FindRoot(archive.Directory);
                if (root == null)
                {
                    run.Add(RuleNames.AmoManifestMissing, full, "The archive has no manifest.json.");
                    root = string.Empty;
                }
                else if (root.Length > 0 && archiveRules)
                {
                    run.Add(RuleNames.AmoArchiveNested, full + "!" + root + ManifestFileName,
                        $"manifest.json is inside \"{root}\", not at the root of the archive; the uploader rejects this.",
                        $"Zip the contents of the {root.TrimEnd('/')} folder, not the folder itself (Compress-AmoWidget does).");
                }

                return new ZipSource(archive, root);
            }
            catch
            {
                archive.Dispose();
                throw;
            }
        }

        private static void RequireFile(string path, FileFacts facts)
        {
            if (facts.Kind == FileKind.Missing)
            {
                throw new AmoException(ErrorIds.PathNotFound, AmoErrorKind.ObjectNotFound, $"Cannot find the path '{path}': it does not exist.", path);
            }
        }
    }
}
