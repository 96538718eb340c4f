using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using AmoWidget.Completers;
using AmoWidget.Scaffold;

namespace AmoWidget.Commands
{
    /// <summary>
    /// New-AmoWidget: writes a complete widget folder (manifest.json, script.js, i18n files, PNG logos) for the
    /// chosen locations, and emits the folder's DirectoryInfo, so it pipes into Compress-AmoWidget.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AmoWidget", SupportsShouldProcess = true)]
    [OutputType(typeof(DirectoryInfo))]
    public sealed class NewAmoWidgetCommand : AmoCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LocationNameCompleter))]
        public string[]? Location { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateSet("ru", "en", "es", "pt", "tr", "id", IgnoreCase = true)]
        public string[]? Locale { get; set; }

        [Parameter]
        public AmoPlatform Platform { get => (AmoPlatform)platform; set => platform = (int)value; }

        // An int, not the core's enum: the engine lists this type at import, before the precompiled core is
        // loaded, and a field of the enum would load the portable one (ReadyToRunCore).
        private int platform = (int)AmoPlatform.Any;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SupportEmail { get; set; }

        [Parameter]
        public Uri? SupportLink { get; set; }

        [Parameter]
        public Uri? WebhookUrl { get; set; }

        [Parameter]
        public Uri? SmsEndpoint { get; set; }

        [Parameter]
        public Uri? MobileFrameUrl { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override AmoErrorKind FileErrorKind => AmoErrorKind.WriteError;

        protected override void ProcessRecordCore()
        {
            string folder = ResolveLiteralPath(Path);
            string? supportEmail = SupportEmail;
            if (supportEmail == null && SupportLink == null)
            {
                supportEmail = GitIdentity.Email(folder);
                if (supportEmail != null)
                {
                    WriteWarning($"widget.support.email is your git user.email ({supportEmail}): users of the widget write there. Pass -SupportEmail or -SupportLink to choose the address.");
                }
            }

            AmoWidgetScaffold scaffold;
            try
            {
                scaffold = AmoWidgetScaffolder.Plan(folder, new AmoWidgetScaffoldOptions
                {
                    Name = Name,
                    Platform = Platform,
                    Locations = Location ?? Array.Empty<string>(),
                    Locale = Locale,
                    SupportEmail = supportEmail,
                    SupportLink = SupportLink?.OriginalString,
                    WebhookUrl = WebhookUrl,
                    SmsEndpoint = SmsEndpoint,
                    MobileFrameUrl = MobileFrameUrl,
                });
            }
            catch (AmoException ex)
            {
                ThrowAmoError(ex);
                return;
            }

            if (File.Exists(folder))
            {
                ThrowTerminatingError(NewError(ErrorIds.PathIsFile, ErrorCategory.InvalidArgument, $"'{folder}' is a file; New-AmoWidget needs a folder path.", folder));
            }

            if (!Force && !AmoWidgetScaffolder.CanWriteWithoutForce(folder))
            {
                ThrowTerminatingError(NewError(ErrorIds.FolderNotEmpty, ErrorCategory.ResourceExists,
                    $"The folder '{folder}' is not empty. Choose an empty or new folder, or use -Force to write the widget's files into it (files of the same name are replaced, others are kept).",
                    folder, recommendedAction: "Use an empty folder, or -Force."));
            }

            AmoWidgetScaffolder.CheckTargets(scaffold, folder);
            string locations = string.Join(", ", scaffold.Manifest.Locations.Select(l => l.Value));
            if (!ShouldProcess(folder, $"Create a widget for {locations} ({scaffold.Files.Count} files)"))
            {
                return;
            }

            DirectoryInfo written;
            try
            {
                written = AmoWidgetScaffolder.Write(scaffold, folder, Force);
            }
            catch (AmoException ex)
            {
                ThrowAmoError(ex);
                return;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(NewError(ErrorIds.WidgetWriteFailed, ex is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError,
                    $"Cannot write the widget to '{folder}': {ex.Message}", folder, ex));
                return;
            }

            foreach (string file in scaffold.Files.Select(f => f.Path))
            {
                WriteVerbose("Wrote " + file);
            }

            foreach (string warning in scaffold.Notes.Concat(scaffold.Warnings))
            {
                WriteWarning(warning);
            }

            WriteObject(written);
        }
    }
}
