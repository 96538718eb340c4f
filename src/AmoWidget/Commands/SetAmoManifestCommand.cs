using System;
using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Set-AmoManifest: sets fields of the widget block; what is not given stays as it is.</summary>
    [Cmdlet(VerbsCommon.Set, "AmoManifest")]
    [OutputType(typeof(AmoManifest))]
    public sealed class SetAmoManifestCommand : ManifestEditCommand
    {
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Description { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ShortDescription { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Version { get; set; }

        [Parameter]
        public bool? InitOnce { get; set; }

        [Parameter]
        [ValidateNotNull]
        public string[]? Locale { get; set; }

        [Parameter]
        public bool? Installation { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Uri? SupportLink { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SupportEmail { get; set; }

        protected override void Edit(AmoManifest manifest)
        {
            manifest.Name = Name;
            manifest.Description = Description;
            manifest.ShortDescription = ShortDescription;
            manifest.Version = Version;
            manifest.InitOnce = InitOnce;
            manifest.Installation = Installation;
            if (Locale != null)
            {
                manifest.Locale = Locale;
                foreach (string warning in AmoManifestEditor.LocaleWarnings(Locale))
                {
                    WriteWarning(warning);
                }
            }

            AmoManifestEditor.SetSupport(manifest, SupportLink?.OriginalString, SupportEmail);
            foreach (string warning in AmoManifestEditor.SupportWarnings(SupportLink?.OriginalString, SupportEmail))
            {
                WriteWarning(warning);
            }
        }
    }
}
