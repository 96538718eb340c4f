using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AmoWidget.Json;
using AmoWidget.Validation;

namespace AmoWidget
{
    /// <summary>
    /// Checks a manifest, a widget folder or a widget.zip against every rule of <see cref="AmoRuleCatalog"/>.
    /// Findings are data: bad JSON is one AmoJsonInvalid finding. Only input that cannot be read at all throws
    /// an <see cref="AmoException"/> (PathNotFound, WidgetArchiveInvalid, WidgetArchiveTooLarge...).
    /// </summary>
    public static class AmoValidator
    {
        public const string ManifestFileName = "manifest.json";

        /// <summary>The manifest rules over a manifest's text; <paramref name="file"/> is the name findings carry.</summary>
        public static IReadOnlyList<AmoDiagnostic> ValidateManifest(string text, string? file = null, AmoValidationOptions? options = null)
        {
            var run = new ValidationRun(options ?? AmoValidationOptions.Default);
            JsonDocument? document = JsonRules.Parse(run, file ?? ManifestFileName, text);
            if (document != null)
            {
                ManifestRules.CheckAll(new ManifestContext(run, file ?? ManifestFileName, document));
            }

            return run.Diagnostics;
        }

        /// <summary>The manifest rules over a manifest's bytes (a BOM and invalid UTF-8 are findings).</summary>
        public static IReadOnlyList<AmoDiagnostic> ValidateManifest(byte[] utf8, string? file = null, AmoValidationOptions? options = null)
        {
            var run = new ValidationRun(options ?? AmoValidationOptions.Default);
            CheckManifest(run, utf8, file ?? ManifestFileName);
            return run.Diagnostics;
        }

        /// <summary>
        /// The manifest rules only, for a manifest.json file, the manifest.json of a widget folder, or the manifest
        /// of a widget .zip.
        /// </summary>
        public static IReadOnlyList<AmoDiagnostic> ValidateManifestPath(string path, AmoValidationOptions? options = null)
        {
            var run = new ValidationRun(options ?? AmoValidationOptions.Default);
            if (Directory.Exists(path) || IsArchive(path))
            {
                using WidgetSource source = Open(run, path, archiveRules: false);
                ReadManifest(run, source);
            }
            else
            {
                RequireFile(path);
                CheckManifest(run, File.ReadAllBytes(path), Path.GetFullPath(path));
            }

            return run.Diagnostics;
        }

        /// <summary>Every rule over a widget folder or a widget .zip.</summary>
        public static IReadOnlyList<AmoDiagnostic> ValidateWidget(string path, AmoValidationOptions? options = null)
        {
            var run = new ValidationRun(options ?? AmoValidationOptions.Default);
            if (!Directory.Exists(path))
            {
                RequireFile(path);
                if (string.Equals(Path.GetFileName(path), ManifestFileName, StringComparison.OrdinalIgnoreCase))
                {
                    path = Path.GetDirectoryName(Path.GetFullPath(path))!;
                }
                else if (!AmoManifest.IsZip(path))
                {
                    throw new AmoException("WidgetPathInvalid", AmoErrorKind.InvalidArgument,
                        $"'{path}' is neither a widget folder, a manifest.json nor a zip archive.", path);
                }
            }

            using WidgetSource source = Open(run, path, archiveRules: true);
            CheckSource(run, source);
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
            ScriptRules.CheckAll(run, source, manifest);
            if (manifest != null)
            {
                BlockFileRules.CheckAll(source, manifest);
            }
            if (source.Exists("style.css"))
            {
                JsonRules.CheckBom(run, source.Describe("style.css"), JsonRules.HasBom(source.ReadPrefix("style.css", 3)));
            }
        }

        private static ManifestContext? ReadManifest(ValidationRun run, WidgetSource source)
        {
            if (!source.Exists(ManifestFileName))
            {
                if (source is FolderSource)
                {
                    run.Add("AmoManifestMissing", source.Describe(ManifestFileName), $"{source.Location} has no manifest.json.",
                        Directory.Exists(Path.Combine(source.Location, "widget")) ? "Point at the widget/ folder inside it." : null);
                }

                return null;
            }

            return CheckManifest(run, source.Read(ManifestFileName), source.Describe(ManifestFileName));
        }

        private static ManifestContext? CheckManifest(ValidationRun run, byte[] utf8, string file)
        {
            if (utf8.Length > AmoManifest.MaxManifestBytes)
            {
                run.Add("AmoJsonInvalid", file, $"The manifest is {utf8.Length / 1024} KB; a manifest.json is a few KB (at most {AmoManifest.MaxManifestBytes / (1024 * 1024)} MB are read).");
                return null;
            }

            JsonDocument? document = JsonRules.Parse(run, file, utf8);
            if (document == null)
            {
                return null;
            }

            var context = new ManifestContext(run, file, document);
            ManifestRules.CheckAll(context);
            return context;
        }

        private static WidgetSource Open(ValidationRun run, string path, bool archiveRules)
        {
            string full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                return new FolderSource(full);
            }

            byte[] data = ArchiveRules.ReadArchive(full);
            ZipDirectory directory = ZipDirectory.Read(data, full);
            ArchiveLimits.Check(full, directory);
            if (archiveRules)
            {
                ArchiveRules.CheckAll(run, full, directory);
            }

            string? root = ArchiveRules.FindRoot(directory);
            if (root == null)
            {
                run.Add("AmoManifestMissing", full, "The archive has no manifest.json.");
                root = string.Empty;
            }
            else if (root.Length > 0 && archiveRules)
            {
                run.Add("AmoArchiveNested", full + "!" + root + ManifestFileName,
                    $"manifest.json is inside \"{root}\", not at the root of the archive; the uploader rejects this.",
                    $"Zip the contents of the {root.TrimEnd('/')} folder, not the folder itself (Compress-AmoWidget does).");
            }

            try
            {
                return new ZipSource(full, data, root);
            }
            catch (InvalidDataException ex)
            {
                throw new AmoException("WidgetArchiveInvalid", AmoErrorKind.InvalidData, $"{full} is not a readable zip archive: {ex.Message}", full, ex);
            }
        }

        private static bool IsArchive(string path) => File.Exists(path) && AmoManifest.IsZip(path);

        private static void RequireFile(string path)
        {
            if (!File.Exists(path))
            {
                throw new AmoException("PathNotFound", AmoErrorKind.ObjectNotFound, $"Cannot find the path '{path}': it does not exist.", path);
            }
        }
    }
}
