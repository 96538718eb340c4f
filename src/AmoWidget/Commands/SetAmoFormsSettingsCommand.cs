using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Set-AmoFormsSettings: adds the amoforms location and amoforms_settings (title, required, error_text), or updates them.</summary>
    [Cmdlet(VerbsCommon.Set, "AmoFormsSettings")]
    [OutputType(typeof(AmoManifest))]
    public sealed class SetAmoFormsSettingsCommand : ManifestEditCommand
    {
        /// <summary>amoforms_settings.title; not given: a present title stays, a missing one becomes amoforms.title.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        [Parameter]
        public bool? Required { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ErrorText { get; set; }

        protected override void Edit(AmoManifest manifest) =>
            WriteWarnings(AmoManifestEditor.SetFormsSettings(manifest, Title, Required, ErrorText));
    }
}
