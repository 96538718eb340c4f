using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Add-AmoSetting: adds or updates a field of the widget's settings form (settings.&lt;key&gt;).</summary>
    [Cmdlet(VerbsCommon.Add, "AmoSetting")]
    [OutputType(typeof(AmoManifest))]
    public sealed class AddAmoSettingCommand : ManifestEditCommand
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
            AmoManifestEditor.AddSetting(manifest, Key, ParseSettingType(Type), Name, Required.IsPresent);
    }
}
