using System;
using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Set-AmoDigitalPipeline: adds the digital_pipeline location and the dp block, or updates them.</summary>
    [Cmdlet(VerbsCommon.Set, "AmoDigitalPipeline")]
    [OutputType(typeof(AmoManifest))]
    public sealed class SetAmoDigitalPipelineCommand : ManifestEditCommand
    {
        [Parameter]
        [ValidateNotNull]
        public Uri? WebhookUrl { get; set; }

        /// <summary>Not given: dp.action_multiple stays as it is, or becomes false when absent.</summary>
        [Parameter]
        public bool? ActionMultiple { get; set; }

        protected override void Edit(AmoManifest manifest) =>
            WriteWarnings(AmoManifestEditor.SetDigitalPipeline(manifest, WebhookUrl, ActionMultiple));
    }
}
