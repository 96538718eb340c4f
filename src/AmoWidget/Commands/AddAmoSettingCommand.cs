using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Add-AmoSetting: adds or updates a field of the widget's settings form (settings.&lt;key&gt;).</summary>
    [Cmdlet(VerbsCommon.Add, "AmoSetting")]
    [OutputType(typeof(AmoManifest))]
    public sealed class AddAmoSettingCommand : SettingFieldCommand
    {
        protected override void Edit(AmoManifest manifest) =>
            AmoManifestEditor.AddSetting(manifest, Key, ParseSettingType(Type), Name, Required.IsPresent);
    }
}
