using System;
using System.Linq;
using System.Management.Automation;
using AmoWidget.Completers;

namespace AmoWidget.Commands
{
    /// <summary>New-AmoManifest: a new manifest in memory, ready for the edit stages and Export-AmoManifest.</summary>
    [Cmdlet(VerbsCommon.New, "AmoManifest")]
    [OutputType(typeof(AmoManifest))]
    public sealed class NewAmoManifestCommand : AmoCmdlet
    {
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "widget.name";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Description { get; set; } = "widget.description";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ShortDescription { get; set; } = "widget.short_description";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Version { get; set; } = "1.0.0";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Locale { get; set; } = { "ru", "en" };

        [Parameter]
        public SwitchParameter InitOnce { get; set; }

        [Parameter]
        public bool Installation { get; set; } = true;

        [Parameter]
        [ValidateNotNull]
        public Uri? SupportLink { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SupportEmail { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LocationNameCompleter))]
        public string[]? Location { get; set; }

        protected override void EndProcessingCore()
        {
            AmoManifest manifest = AmoManifestEditor.New(new AmoManifestOptions
            {
                Name = Name,
                Description = Description,
                ShortDescription = ShortDescription,
                Version = Version,
                Locale = Locale,
                InitOnce = InitOnce.IsPresent,
                Installation = Installation,
                SupportLink = SupportLink?.OriginalString,
                SupportEmail = SupportEmail,
            });

            foreach (string warning in AmoManifestEditor.LocaleWarnings(Locale).Concat(AmoManifestEditor.SupportWarnings(SupportLink?.OriginalString, SupportEmail)))
            {
                WriteWarning(warning);
            }

            foreach (string name in Location ?? Array.Empty<string>())
            {
                try
                {
                    foreach (string warning in AmoManifestEditor.AddLocation(manifest, name, null))
                    {
                        WriteWarning(warning);
                    }
                }
                catch (AmoException ex)
                {
                    WriteAmoError(ex);
                }
            }

            WriteObject(manifest);
        }
    }
}
