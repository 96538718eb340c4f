using System.Management.Automation;
using AmoWidget.Completers;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Add-AmoLocation: adds locations, or changes the right-column suffix of those already there. Each name is
    /// one item: an unknown name, or -RightColumn on a location without a suffix, is reported and the other
    /// names are still added; the manifest is emitted either way.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "AmoLocation")]
    [OutputType(typeof(AmoManifest))]
    public sealed class AddAmoLocationCommand : ManifestEditCommand
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LocationNameCompleter))]
        public string[] Name { get; set; } = null!;

        [Parameter]
        public bool? RightColumn { get; set; }

        protected override void Edit(AmoManifest manifest)
        {
            foreach (string name in Name)
            {
                try
                {
                    WriteWarnings(AmoManifestEditor.AddLocation(manifest, name, RightColumn));
                }
                catch (AmoException ex) when (ex.ErrorId == ErrorIds.LocationUnknown || ex.ErrorId == ErrorIds.RightColumnNotSupported || ex.ErrorId == ErrorIds.RightColumnConflict)
                {
                    WriteAmoError(ex);
                }
            }
        }
    }
}
