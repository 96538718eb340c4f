using System.Management.Automation;
using AmoWidget.Completers;

namespace AmoWidget.Commands
{
    /// <summary>Remove-AmoLocation: removes every entry of each named location, whatever its suffix.</summary>
    [Cmdlet(VerbsCommon.Remove, "AmoLocation")]
    [OutputType(typeof(AmoManifest))]
    public sealed class RemoveAmoLocationCommand : ManifestEditCommand
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LocationNameCompleter))]
        public string[] Name { get; set; } = null!;

        protected override void Edit(AmoManifest manifest)
        {
            foreach (string name in Name)
            {
                if (AmoManifestEditor.RemoveLocation(manifest, name))
                {
                    WriteVerbose($"Removed the location '{name}'.");
                    continue;
                }

                // Absent is not an error, but an absent name that no page documents is most likely a typo.
                string bare = AmoLocationCatalog.Split(name).Name;
                if (AmoLocationCatalog.Find(bare) == null)
                {
                    string? nearest = AmoLocationCatalog.Nearest(name);
                    WriteWarning(nearest != null
                        ? $"'{name}' is neither in the manifest nor a known location; did you mean '{nearest}'?"
                        : $"'{name}' is neither in the manifest nor a known location.");
                }
            }
        }
    }
}
