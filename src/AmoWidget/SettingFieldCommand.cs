using System.Management.Automation;

namespace AmoWidget
{
    /// <summary>The parameters Add-AmoSetting and Add-AmoDpSetting share: one field of a settings form.</summary>
    public abstract class SettingFieldCommand : ManifestEditCommand
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
    }
}
