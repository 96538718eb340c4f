using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Add-AmoDpSetting: adds or updates a field of the Digital Pipeline action's form (dp.settings.&lt;key&gt;).</summary>
    [Cmdlet(VerbsCommon.Add, "AmoDpSetting")]
    [OutputType(typeof(AmoManifest))]
    public sealed class AddAmoDpSettingCommand : SettingFieldCommand
    {
        protected override void Edit(AmoManifest manifest) =>
            WriteWarnings(AmoManifestEditor.AddDpSetting(manifest, Key, ParseSettingType(Type), Name, Required.IsPresent));
    }
}
