using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Checks manifests (documents from the pipeline, or manifest.json files) against the manifest rules.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "AmoManifest", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(bool), typeof(AmoDiagnostic))]
    public sealed class TestAmoManifestCommand : TestCommandBase
    {
        private const string ManifestSet = "Manifest";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ManifestSet)]
        public AmoManifest? Manifest { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        protected override void ProcessRecordCore()
        {
            if (ParameterSetName == ManifestSet)
            {
                AmoManifest manifest = Manifest!;
                string file = manifest.Path ?? (manifest.ArchivePath != null ? manifest.ArchivePath + "!" + manifest.ArchiveEntry : AmoValidator.ManifestFileName);
                Emit(options => AmoValidator.ValidateManifest(manifest.ToJson(), file, options), manifest);
                return;
            }

            foreach (string path in ResolvePaths(ParameterSetName == PathSet ? Path! : LiteralPath!, ParameterSetName == LiteralPathSet))
            {
                Emit(options => AmoValidator.ValidateManifestPath(path, options), path);
            }
        }
    }
}
