using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using AmoWidget.IO;
using AmoWidget.Reports;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Export-AmoDiagnostic: the findings of Test-AmoManifest / Test-AmoWidget -Detailed as a CI report (see
    /// <see cref="AmoDiagnosticExport"/>): to a file with -Path (UTF-8 without BOM, written atomically), else to the output.
    /// </summary>
    [Cmdlet(VerbsData.Export, "AmoDiagnostic", SupportsShouldProcess = true, DefaultParameterSetName = PipelineSet)]
    [OutputType(typeof(string))]
    public sealed class ExportAmoDiagnosticCommand : AmoCmdlet
    {
        // As Export-AmoManifest: a path typed after a pipe lands on -Path, a first positional on -Diagnostic otherwise.
        private const string PipelineSet = "Pipeline";
        private const string PositionalSet = "Positional";

        private readonly List<AmoDiagnostic> _diagnostics = new List<AmoDiagnostic>();

        [Parameter(ParameterSetName = PipelineSet, Mandatory = true, ValueFromPipeline = true)]
        [Parameter(ParameterSetName = PositionalSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowEmptyCollection]
        public AmoDiagnostic[] Diagnostic { get; set; } = Array.Empty<AmoDiagnostic>();

        [Parameter(Mandatory = true)]
        public AmoDiagnosticFormat Format { get => (AmoDiagnosticFormat)format; set => format = (int)value; }

        // An int, not the core's enum: the engine lists this type at import, before the precompiled core is
        // loaded, and a field of the enum would load the portable one (ReadyToRunCore).
        private int format;

        [Parameter(ParameterSetName = PipelineSet, Position = 0)]
        [Parameter(ParameterSetName = PositionalSet, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>File names are written relative to this folder (default: the current location).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BasePath { get; set; }

        /// <summary>An existing report is not replaced (FileExists), as Out-File -NoClobber.</summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        protected override AmoErrorKind FileErrorKind => AmoErrorKind.WriteError;

        protected override void ProcessRecordCore()
        {
            foreach (AmoDiagnostic diagnostic in Diagnostic)
            {
                if (diagnostic != null)
                {
                    _diagnostics.Add(diagnostic);
                }
            }
        }

        protected override void EndProcessingCore()
        {
            string basePath = ResolveLiteralPath(BasePath ?? ".");
            string version = typeof(ExportAmoDiagnosticCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            IEnumerable<string> lines = Format switch
            {
                AmoDiagnosticFormat.Sarif => new[] { AmoDiagnosticExport.Sarif(_diagnostics, basePath, version) },
                AmoDiagnosticFormat.GitHub => AmoDiagnosticExport.GitHub(_diagnostics, basePath),
                AmoDiagnosticFormat.AzureDevOps => AmoDiagnosticExport.AzureDevOps(_diagnostics, basePath),
                _ => new[] { AmoDiagnosticExport.JUnit(_diagnostics, basePath, DateTime.UtcNow) },
            };

            if (Path == null)
            {
                foreach (string line in lines)
                {
                    WriteObject(line.TrimEnd('\n'));
                }

                return;
            }

            string target = ResolveLiteralPath(Path);
            if (Directory.Exists(target))
            {
                ThrowTerminatingError(NewError(ErrorIds.DestinationIsFolder, ErrorCategory.InvalidArgument, $"'{target}' is a folder; give a file name such as amowidget.sarif.", target));
            }

            try
            {
                // A FIFO or device is refused before anything is asked or written.
                AtomicFile.Resolve(target);
            }
            catch (AmoException ex)
            {
                ThrowAmoError(ex);
            }

            if (NoClobber && File.Exists(target))
            {
                ThrowTerminatingError(NewError(ErrorIds.FileExists, ErrorCategory.ResourceExists, $"'{target}' exists and -NoClobber forbids overwriting it.", target));
            }

            if (!ShouldProcess(target, $"Write {_diagnostics.Count} findings as {Format}"))
            {
                return;
            }

            string text = Format == AmoDiagnosticFormat.Sarif || Format == AmoDiagnosticFormat.JUnit
                ? string.Concat(lines)
                : string.Concat(System.Linq.Enumerable.Select(lines, l => l + "\n"));
            try
            {
                AtomicFile.WriteAllBytes(target, new System.Text.UTF8Encoding(false).GetBytes(text), ErrorIds.ReportWriteFailed);
            }
            catch (AmoException ex)
            {
                ThrowAmoError(ex);
            }
        }
    }
}
