using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Add-AmoDpSetting: adds or updates a field of the Digital Pipeline action's form (dp.settings.&lt;key&gt;).</summary>
    [Cmdlet(VerbsCommon.Add, "AmoDpSetting")]
    [OutputType(typeof(AmoManifest))]
    public sealed class AddAmoDpSettingCommand : ManifestEditCommand
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Key { get; set; } = null!;

        [Parameter]
        [ValidateSet("text", "pass", "users", "users_lp", "custom", IgnoreCase = true)]
        public string Type { get; set; } = "text";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        [Parameter]
        public SwitchParameter Required { get; set; }

        protected override void Edit(AmoManifest manifest) =>
            WriteWarnings(AmoManifestEditor.AddDpSetting(manifest, Key, ParseSettingType(Type), Name, Required.IsPresent));
    }
}
