using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using AmoWidget.Widget;

namespace AmoWidget.Commands
{
    /// <summary>Import-AmoManifest: reads manifest.json files, widget folders and widget .zip files.</summary>
    [Cmdlet(VerbsData.Import, "AmoManifest", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(AmoManifest))]
    public sealed class ImportAmoManifestCommand : AmoCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        [SupportsWildcards]
        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        protected override void ProcessRecordCore()
        {
            if (ParameterSetName == LiteralPathSet)
            {
                foreach (string path in LiteralPath)
                {
                    foreach (string file in ResolveFileSystemPaths(path, literal: true))
                    {
                        Import(file);
                    }
                }

                return;
            }

            foreach (string path in Path)
            {
                foreach (string file in ResolveFileSystemPaths(path, literal: false))
                {
                    Import(file);
                }
            }
        }

        private void Import(string file)
        {
            WriteVerbose($"Reading {file}");
            try
            {
                AmoManifest manifest = ManifestFiles.Load(file);
                string where = manifest.Path ?? $"{manifest.ArchivePath}!{manifest.ArchiveEntry}";
                foreach (Json.JsonProperty again in manifest.Document.DuplicateKeys)
                {
                    // The reader keeps both and reads the last, as JSON.parse does; the platform's own reader need
                    // not (RFC 8259 section 4: names "SHOULD be unique"), so the user hears of it at once.
                    WriteWarning($"{Printable.Escape(where)}:{again.Line}:{again.Column}: {Printable.Escape(again.Pointer)} is there more than once in its object; the last one is read. Test-AmoWidget reports {RuleNames.AmoJsonDuplicateKey}.");
                }

                WriteObject(manifest);
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(NewError(ErrorIds.ManifestUnreadable, ErrorCategory.ReadError, $"Cannot read '{file}': {ex.Message}", file, ex));
            }
        }
    }
}
