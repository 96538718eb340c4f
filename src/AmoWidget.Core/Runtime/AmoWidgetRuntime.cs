using System;
using System.Collections.Generic;
using System.IO;
using AmoWidget.IO;
using AmoWidget.Runtime;
using AmoWidget.Widget;

namespace AmoWidget
{
    /// <summary>
    /// The headless widget host: runs a widget's script.js through the locations its manifest declares, with the
    /// platform's APP, self and system modules as recording stand-ins, and gives one record per callback call.
    /// </summary>
    public static class AmoWidgetRuntime
    {
        /// <summary>
        /// Drives the widget at <paramref name="path"/> (a folder, its manifest.json, or a widget .zip). Errors:
        /// PathNotFound, WidgetPathInvalid, ManifestNotFound, ScriptNotFound, and the archive's (ArchiveInvalid...).
        /// </summary>
        public static IReadOnlyList<AmoWidgetCallbackResult> Invoke(string path, AmoRuntimeOptions? options = null) =>
            Run(path, options ?? AmoRuntimeOptions.Default).Calls;

        internal static RuntimeRun Run(string path, AmoRuntimeOptions options)
        {
            using WidgetSource source = Open(path);
            if (!source.Exists("manifest.json"))
            {
                throw new AmoException(ErrorIds.ManifestNotFound, AmoErrorKind.ObjectNotFound, $"'{path}' has no manifest.json.", path);
            }

            if (!source.Exists("script.js"))
            {
                throw new AmoException(ErrorIds.ScriptNotFound, AmoErrorKind.ObjectNotFound, $"'{path}' has no script.js to run.", path);
            }

            return WidgetHost.Run(source, options);
        }

        private static WidgetSource Open(string path)
        {
            string full = Path.GetFullPath(path);
            FileFacts facts = FileProbe.Stat(full);
            if (facts.Kind == FileKind.Missing)
            {
                throw new AmoException(ErrorIds.PathNotFound, AmoErrorKind.ObjectNotFound, $"Cannot find the path '{path}': it does not exist.", path);
            }

            if (facts.Kind == FileKind.Directory)
            {
                return new FolderSource(full);
            }

            if (facts.Kind == FileKind.Regular && string.Equals(Path.GetFileName(full), AmoManifest.FileName, StringComparison.OrdinalIgnoreCase))
            {
                return new FolderSource(Path.GetDirectoryName(full)!);
            }

            if (facts.Kind != FileKind.Regular || !ManifestFiles.IsZip(full))
            {
                throw new AmoException(ErrorIds.WidgetPathInvalid, AmoErrorKind.InvalidArgument,
                    $"'{path}' is neither a widget folder, a manifest.json nor a zip archive.", path);
            }

            WidgetArchive archive = WidgetArchive.Open(full);
            string root = ArchiveNames.FindRoot(archive.Directory) ?? string.Empty;
            return new ZipSource(archive, root);
        }
    }
}
