using System;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using AmoWidget.IO;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Export-AmoManifest: writes a manifest as UTF-8 without BOM, atomically (a temporary file in the target's
    /// folder, then a rename over the target), so that a crash leaves either the old file or the new one. A replaced
    /// file keeps its mode, owner and symbolic link; a folder, FIFO or device is never replaced.
    /// </summary>
    [Cmdlet(VerbsData.Export, "AmoManifest", SupportsShouldProcess = true, DefaultParameterSetName = PipelineSet)]
    [OutputType(typeof(AmoManifest))]
    public sealed class ExportAmoManifestCommand : AmoCmdlet
    {
        // Two sets so that both "... | Export-AmoManifest ./widget" and "Export-AmoManifest $m ./widget" bind:
        // PowerShell binds positions per set, and a path typed after a pipe must land on -Path, not -Manifest.
        private const string PipelineSet = "Pipeline";
        private const string PositionalSet = "Positional";

        private static readonly StringComparison PathComparison =
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
                ? StringComparison.OrdinalIgnoreCase
                : StringComparison.Ordinal;

        [Parameter(ParameterSetName = PipelineSet, Mandatory = true, ValueFromPipeline = true)]
        [Parameter(ParameterSetName = PositionalSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public AmoManifest Manifest { get; set; } = null!;

        [Parameter(ParameterSetName = PipelineSet, Position = 0)]
        [Parameter(ParameterSetName = PositionalSet, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Overwrites an existing file other than the manifest's own source, and a read-only one.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Never overwrites an existing file, not even the manifest's own source, not even with -Force.</summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override AmoErrorKind FileErrorKind => AmoErrorKind.WriteError;

        protected override void ProcessRecordCore()
        {
            string? target = TargetFile();
            if (target == null || !MayOverwrite(target))
            {
                return;
            }

            if (!ShouldProcess(target, "Write manifest.json"))
            {
                return;
            }

            byte[] bytes;
            try
            {
                bytes = Manifest.ToUtf8Bytes();
            }
            catch (AmoException ex)
            {
                throw new AmoException(ex.ErrorId, ex.Kind, $"Cannot write '{TextChecks.Shorten(target)}': {ex.Message}", target, ex) { RecommendedAction = ex.RecommendedAction };
            }

            AtomicFile.WriteAllBytes(target, bytes, ErrorIds.ManifestWriteFailed);
            Manifest.Path = target;
            Manifest.SourceHash = AmoManifest.HashOf(bytes);
            WriteVerbose($"Wrote {target}");
            if (PassThru)
            {
                WriteObject(Manifest);
            }
        }

        /// <summary>The file to write: -Path (a folder means its manifest.json), else where the manifest came from.</summary>
        private string? TargetFile()
        {
            if (Path == null)
            {
                if (Manifest.Path != null)
                {
                    return Manifest.Path;
                }

                WriteError(Manifest.ArchivePath != null
                    ? NewError(ErrorIds.ManifestReadOnly, ErrorCategory.InvalidOperation,
                        $"The manifest was read from the archive '{Manifest.ArchivePath}', which is not written back: give -Path to export it to a file.", Manifest)
                    : NewError(ErrorIds.ExportPathRequired, ErrorCategory.InvalidArgument,
                        "The manifest was not read from a file: give -Path (a manifest.json or a widget folder).", Manifest));
                return null;
            }

            string full = ResolveLiteralPath(Path);

            // A path names a folder when it is one, ends with a separator, or is new and has no extension
            // (./widget): manifest.json is the only name amoCRM accepts, so a bare new name is the widget folder.
            bool folder = Directory.Exists(full)
                || Path.EndsWith("/", StringComparison.Ordinal) || Path.EndsWith("\\", StringComparison.Ordinal)
                || (!File.Exists(full) && !System.IO.Path.HasExtension(full));
            return System.IO.Path.GetFullPath(folder ? System.IO.Path.Combine(full, "manifest.json") : full);
        }

        /// <summary>
        /// The guard before ShouldProcess: -NoClobber, -Force for another existing file, for the manifest's own file
        /// changed on disk since it was read, and for a read-only one.
        /// </summary>
        private bool MayOverwrite(string target)
        {
            // A folder, FIFO or device is refused before -NoClobber and -Force are looked at: no switch makes it a file.
            string final = AtomicFile.Resolve(target);
            if (!File.Exists(final))
            {
                return true;
            }

            if (NoClobber)
            {
                WriteError(NewError(ErrorIds.FileExists, ErrorCategory.ResourceExists,
                    $"'{target}' exists and -NoClobber forbids overwriting it.", target));
                return false;
            }

            bool ownSource = Manifest.Path != null && string.Equals(System.IO.Path.GetFullPath(Manifest.Path), target, PathComparison);
            if (!ownSource && !Force)
            {
                WriteError(NewError(ErrorIds.FileExists, ErrorCategory.ResourceExists,
                    $"'{target}' exists and is not the file this manifest was read from; use -Force to overwrite it.", target,
                    recommendedAction: "Add -Force to overwrite it."));
                return false;
            }

            // The file this manifest was read from, changed since (an editor, another object read from it and exported
            // first): replacing it would drop that change without a word.
            if (ownSource && !Force && Manifest.ChangedOnDisk(final))
            {
                WriteError(NewError(ErrorIds.ManifestChangedOnDisk, ErrorCategory.ResourceExists,
                    $"'{target}' changed on disk since this manifest was read from it; writing it would lose that change.", target,
                    recommendedAction: "Import it again and redo the edit, or add -Force to overwrite the change."));
                return false;
            }

            if ((File.GetAttributes(final) & FileAttributes.ReadOnly) != 0 && !Force)
            {
                WriteError(NewError(ErrorIds.FileReadOnly, ErrorCategory.PermissionDenied,
                    $"'{target}' is read-only; use -Force to overwrite it (it stays read-only).", target,
                    recommendedAction: "Add -Force to overwrite it."));
                return false;
            }

            return true;
        }
    }
}
