using System.Management.Automation;
using AmoWidget.Json;

namespace AmoWidget.Commands
{
    /// <summary>Set-AmoAdvancedSettings: adds the advanced_settings location and advanced.title.</summary>
    [Cmdlet(VerbsCommon.Set, "AmoAdvancedSettings")]
    [OutputType(typeof(AmoManifest))]
    public sealed class SetAmoAdvancedSettingsCommand : ManifestEditCommand
    {
        private const string DefaultTitle = "advanced.title";

        /// <summary>Not given: an existing advanced.title stays, a missing one becomes advanced.title.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        protected override void Edit(AmoManifest manifest)
        {
            string title = Title
                ?? ((manifest.Root["advanced"] as JsonObject)?["title"] as JsonValue)?.AsString()
                ?? DefaultTitle;
            WriteWarnings(AmoManifestEditor.SetAdvancedSettings(manifest, title));
        }
    }
}
