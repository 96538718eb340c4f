using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Remove-AmoTour: removes the tour block; a manifest without one is passed on unchanged.</summary>
    [Cmdlet(VerbsCommon.Remove, "AmoTour")]
    [OutputType(typeof(AmoManifest))]
    public sealed class RemoveAmoTourCommand : ManifestEditCommand
    {
        protected override void Edit(AmoManifest manifest) =>
            WriteVerbose(AmoManifestEditor.RemoveTour(manifest) ? "Removed the tour block." : "The manifest had no tour block.");
    }
}
