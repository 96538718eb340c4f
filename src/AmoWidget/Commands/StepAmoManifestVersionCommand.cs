using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Step-AmoManifestVersion: raises widget.version, since every upload needs a new one.</summary>
    [Cmdlet(VerbsCommon.Step, "AmoManifestVersion")]
    [OutputType(typeof(AmoManifest))]
    public sealed class StepAmoManifestVersionCommand : ManifestEditCommand
    {
        [Parameter(Position = 0)]
        public AmoVersionPart Part { get => (AmoVersionPart)part; set => part = (int)value; }

        // An int, not the core's enum: the engine lists this type at import, before the precompiled core is
        // loaded, and a field of the enum would load the portable one (ReadyToRunCore).
        private int part = (int)AmoVersionPart.Patch;

        protected override void Edit(AmoManifest manifest)
        {
            string? before = manifest.Version;
            string after = AmoManifestEditor.StepVersion(manifest, Part);
            WriteVerbose($"widget.version: {before ?? "(none)"} -> {after}");
        }
    }
}
