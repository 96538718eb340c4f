using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Remove-AmoSetting: removes fields of the settings form; an absent key is not an error.</summary>
    [Cmdlet(VerbsCommon.Remove, "AmoSetting")]
    [OutputType(typeof(AmoManifest))]
    public sealed class RemoveAmoSettingCommand : ManifestEditCommand
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] Key { get; set; } = null!;

        protected override void Edit(AmoManifest manifest)
        {
            foreach (string key in Key)
            {
                WriteVerbose(AmoManifestEditor.RemoveSetting(manifest, key)
                    ? $"Removed settings.{key}."
                    : $"settings.{key} was not there.");
            }
        }
    }
}
