using System.Management.Automation;
using AmoWidget.Completers;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Remove-AmoLocation: removes every entry of each named location, whatever its suffix. The block the location
    /// needs (dp, left_menu...) stays with a warning, or goes too with -RemoveBlock.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "AmoLocation")]
    [OutputType(typeof(AmoManifest))]
    public sealed class RemoveAmoLocationCommand : ManifestEditCommand
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LocationNameCompleter))]
        public string[] Name { get; set; } = null!;

        [Parameter]
        public SwitchParameter RemoveBlock { get; set; }

        protected override void Edit(AmoManifest manifest)
        {
            foreach (string name in Name)
            {
                if (AmoManifestEditor.RemoveLocation(manifest, name))
                {
                    WriteVerbose($"Removed the location '{name}'.");
                }
                else if (AmoLocationCatalog.Find(AmoLocationCatalog.Split(name).Name) == null)
                {
                    // Absent is not an error, but an absent name that no page documents is most likely a typo.
                    string? nearest = AmoLocationCatalog.Nearest(name);
                    WriteWarning(nearest != null
                        ? $"'{name}' is neither in the manifest nor a known location; did you mean '{nearest}'?"
                        : $"'{name}' is neither in the manifest nor a known location.");
                    continue;
                }

                string? block = AmoManifestEditor.LeftoverBlock(manifest, name);
                if (block == null)
                {
                    continue;
                }

                if (RemoveBlock)
                {
                    manifest.Root.Remove(block);
                    WriteVerbose($"Removed the '{block}' block.");
                }
                else
                {
                    WriteWarning($"The '{block}' block stays behind without its location, and amoCRM ignores it: add -RemoveBlock to remove it too.");
                }
            }
        }
    }
}
