using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using AmoWidget.DevLoop;
using AmoWidget.IO;
using AmoWidget.Packaging;
using AmoWidget.Widget;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Compress-AmoWidget: validates a widget folder and packs it into widget.zip, the same bytes for the same
    /// files on any OS and PowerShell edition. A folder with Error findings is refused (WidgetInvalid, one error
    /// record listing every finding) unless -SkipValidation; each folder from the pipeline is one item.
    /// </summary>
    [Cmdlet(VerbsData.Compress, "AmoWidget", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class CompressAmoWidgetCommand : AmoCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? DestinationPath { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter SkipValidation { get; set; }

        /// <summary>Whose rules judge the folder; null (left out): the platform the manifest is written for, as Test-AmoWidget and Assert-AmoWidget judge it.</summary>
        [Parameter]
        public AmoPlatform? Platform { get => (AmoPlatform?)platform; set => platform = (int?)value; }

        // An int, not the core's enum: the engine lists this type at import, before the precompiled core is loaded,
        // and a field of the enum would load the portable one (ReadyToRunCore).
        private int? platform;

        /// <summary>The dev server's address: the archive's script.js becomes a loader of &lt;uri&gt;/script.js (see <see cref="AmoDevLoader"/>).</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? DevLoader { get; set; }

        // Archives this call wrote: two folders piped in from one parent both default to the parent's widget.zip, and
        // -Force must not let the second silently replace the first.
        private readonly HashSet<string> _written = new HashSet<string>(StringComparer.Ordinal);

        protected override AmoErrorKind FileErrorKind => AmoErrorKind.WriteError;

        protected override void ProcessRecordCore()
        {
            string folder = ResolveLiteralPath(Path);
            if (!Directory.Exists(folder))
            {
                WriteError(File.Exists(folder)
                    ? NewError(ErrorIds.PathIsNotFolder, ErrorCategory.InvalidArgument, $"'{folder}' is a file; Compress-AmoWidget packs a widget folder.", folder)
                    : NewError(ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, $"Cannot find the widget folder '{folder}': it does not exist.", folder));
                return;
            }

            // A bad -DevLoader address is refused before anything is checked or written.
            if (DevLoader != null)
            {
                try
                {
                    AmoDevLoader.Check(DevLoader);
                }
                catch (AmoException ex)
                {
                    WriteAmoError(ex);
                    return;
                }
            }

            string destination = Destination(folder);

            // A FIFO or device is refused before -Force is looked at: no switch makes it a file.
            if (!Directory.Exists(destination))
            {
                AtomicFile.Resolve(destination);
            }

            if (_written.Contains(destination))
            {
                WriteError(NewError(ErrorIds.FileExists, ErrorCategory.ResourceExists, $"'{destination}' was written for another widget folder of this pipeline; '{folder}' is not packed over it, even with -Force.", destination,
                    recommendedAction: "Give each folder its own -DestinationPath, for example a folder per widget."));
                return;
            }

            if (File.Exists(destination) && !Force)
            {
                WriteError(NewError(ErrorIds.FileExists, ErrorCategory.ResourceExists, $"The file '{destination}' already exists. Use -Force to replace it.", destination,
                    recommendedAction: "Use -Force, or give another -DestinationPath."));
                return;
            }

            var warned = new HashSet<string>(StringComparer.Ordinal);
            if (!SkipValidation && !Validate(folder, warned))
            {
                return;
            }

            string? nameProblem = AmoValidator.ArchiveNameProblem(destination);
            if (nameProblem != null)
            {
                WriteWarning($"{nameProblem} Rename it before uploading, or give -DestinationPath a folder or a path ending in widget.zip.");
            }

            if (!ShouldProcess(destination, $"Create the widget archive of '{folder}'"))
            {
                return;
            }

            try
            {
                Dictionary<string, byte[]>? loader = DevLoader == null ? null : LoaderScript(folder, DevLoader);
                var archive = AmoWidgetPacker.WriteFile(folder, destination, Force, (path, why) =>
                {
                    if (!warned.Contains(path))
                    {
                        WriteWarning(why);
                    }
                }, loader);
                _written.Add(destination);
                WriteObject(archive);
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(NewError(ErrorIds.ArchiveWriteFailed, ErrorCategory.WriteError, $"Cannot write '{destination}': {ex.Message}", destination, ex));
            }
        }

        /// <summary>The loader script.js that replaces the folder's in the archive, cache-busted by the manifest's version and the build time.</summary>
        private Dictionary<string, byte[]> LoaderScript(string folder, Uri devLoader)
        {
            string? version = null;
            try
            {
                version = ManifestFiles.Load(folder).Version;
            }
            catch (AmoException)
            {
                // Packed with -SkipValidation and no readable manifest: the build time alone busts the cache.
            }

            Uri script = AmoDevLoader.ScriptUri(devLoader, version, DateTimeOffset.UtcNow);
            if (!AmoDevLoader.IsLoadableFromHttps(script))
            {
                WriteWarning($"{script.GetLeftPart(UriPartial.Authority)} is plain http on a host other than 127.0.0.1 or localhost: the https amoCRM page blocks it as mixed content. Use https (a tunnel) or a loopback address.");
            }

            WriteWarning($"The archive's script.js loads {script}: upload it only to your own development account and never publish it (a published widget may not run code from other hosts).");
            return new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["script.js"] = new System.Text.UTF8Encoding(false).GetBytes(AmoDevLoader.Script(script)) };
        }

        /// <summary>The archive path: -DestinationPath (a folder there means widget.zip in it), else widget.zip beside the widget folder.</summary>
        private string Destination(string folder)
        {
            if (DestinationPath == null)
            {
                string parent = System.IO.Path.GetDirectoryName(folder.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar)) ?? folder;
                return System.IO.Path.Combine(parent, AmoWidgetPacker.DefaultFileName);
            }

            // A folder, as Export-AmoManifest reads its -Path: one that exists, a path ending with a separator, or a new
            // name without an extension (./dist): the upload takes only widget.zip, so a bare new name is its folder.
            string given = ResolveLiteralPath(DestinationPath);
            bool isFolder = Directory.Exists(given)
                || DestinationPath.EndsWith("/", StringComparison.Ordinal) || DestinationPath.EndsWith("\\", StringComparison.Ordinal)
                || (!File.Exists(given) && !System.IO.Path.HasExtension(given));
            return isFolder ? System.IO.Path.Combine(given, AmoWidgetPacker.DefaultFileName) : given;
        }

        /// <summary>
        /// Runs Test-AmoWidget's rules. A folder with Error findings is refused with one WidgetInvalid error that lists
        /// every finding, errors and warnings, one a line (as Assert-AmoWidget's), and the advice once; a folder that
        /// passes gets one warning a Warning finding (the files warned of go into <paramref name="warned"/>, so the
        /// packer does not warn of them twice). True when the folder may be packed.
        /// </summary>
        private bool Validate(string folder, HashSet<string> warned)
        {
            IReadOnlyList<AmoDiagnostic> findings;
            string judged = string.Empty;
            string? because = null;
            try
            {
                // The same judgement as Assert-AmoWidget's, so what Assert refuses is never packed.
                var options = new AmoValidationOptions { Platform = Platform ?? AmoPlatform.Any, DetectPlatform = Platform == null }
                    .WithPlatformJudged((platform, reason) =>
                    {
                        judged = ValidationCommandBase.JudgedSuffix(platform);
                        because = ValidationCommandBase.Judgement(platform, reason);
                    });
                findings = AmoValidator.ValidateWidget(folder, options);
                if (because != null)
                {
                    WriteVerbose($"{Printable.Escape(folder)}: {because}");
                }
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex);
                return false;
            }

            AmoDiagnostic[] errors = findings.Where(d => d.Severity == AmoSeverity.Error).ToArray();
            if (errors.Length > 0)
            {
                AmoDiagnostic[] warnings = findings.Where(d => d.Severity == AmoSeverity.Warning).ToArray();
                var message = new StringBuilder();
                message.Append("The widget '").Append(Printable.Escape(folder)).Append("' was not packed: ")
                    .Append(errors.Length == 1 ? "1 error" : errors.Length + " errors");
                if (warnings.Length > 0)
                {
                    message.Append(" and ").Append(warnings.Length == 1 ? "1 warning" : warnings.Length + " warnings");
                }

                message.Append(judged).Append(':');
                foreach (AmoDiagnostic finding in errors.Concat(warnings))
                {
                    // A finding's ToString is one line with its widget text escaped (AmoDiagnostic).
                    message.Append("\n  ").Append(finding);
                }

                // The advice closes the message and is not also the recommended action, which PowerShell 7 prints
                // under the message: said once, and shown by Windows PowerShell 5.1 too, which prints no
                // recommendation.
                message.Append('\n').Append(Advice);
                WriteError(NewError(ErrorIds.WidgetInvalid, ErrorCategory.InvalidData, message.ToString(), findings.ToArray(), ownLines: true));
                return false;
            }

            foreach (AmoDiagnostic warning in findings.Where(d => d.Severity == AmoSeverity.Warning))
            {
                WriteWarning(warning.ToString());
                if (warning.File != null)
                {
                    warned.Add(warning.File);
                }
            }

            return true;
        }

        private const string Advice = "Fix the errors (Test-AmoWidget -Detailed lists the findings as objects), or use -SkipValidation to pack the folder as it is.";
    }
}
