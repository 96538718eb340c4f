using System;
using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Set-AmoMobileCard: adds the mobile_card location and the mobile block (frame_url, color), or updates them.</summary>
    [Cmdlet(VerbsCommon.Set, "AmoMobileCard")]
    [OutputType(typeof(AmoManifest))]
    public sealed class SetAmoMobileCardCommand : ManifestEditCommand
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public Uri FrameUrl { get; set; } = null!;

        /// <summary>mobile.color, #rrggbb; not given: a present colour stays.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Color { get; set; }

        protected override void Edit(AmoManifest manifest) =>
            WriteWarnings(AmoManifestEditor.SetMobileCard(manifest, FrameUrl, Color));
    }
}
