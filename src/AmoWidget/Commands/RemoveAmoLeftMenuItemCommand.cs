using System.Management.Automation;
using AmoWidget.Json;

namespace AmoWidget.Commands
{
    /// <summary>Remove-AmoLeftMenuItem: removes items of left_menu; an absent code is not an error.</summary>
    [Cmdlet(VerbsCommon.Remove, "AmoLeftMenuItem")]
    [OutputType(typeof(AmoManifest))]
    public sealed class RemoveAmoLeftMenuItemCommand : ManifestEditCommand
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] Code { get; set; } = null!;

        protected override void Edit(AmoManifest manifest)
        {
            bool removed = false;
            foreach (string code in Code)
            {
                bool found = AmoManifestEditor.RemoveLeftMenuItem(manifest, code);
                removed |= found;
                WriteVerbose(found ? $"Removed left_menu.{code}." : $"left_menu.{code} was not there.");
            }

            if (removed && manifest.Root["left_menu"] is JsonObject { Count: 0 })
            {
                WriteWarning("left_menu has no item left, so the widget_page location shows nothing: Remove-AmoLocation widget_page -RemoveBlock removes both.");
            }
        }
    }
}
