using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Checks widget folders and widget.zip archives: the manifest rules plus i18n, images, script.js and the archive layout.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "AmoWidget", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(bool), typeof(AmoDiagnostic))]
    public sealed class TestAmoWidgetCommand : TestCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>Also run script.js through every declared location in the headless host (the Runtime rules).</summary>
        [Parameter]
        public SwitchParameter Runtime { get; set; }

        protected override bool RunsScript => Runtime;

        /// <summary>Adds the Moderation rules (Get-AmoRule | Where-Object Area -EQ Moderation).</summary>
        [Parameter]
        public SwitchParameter Moderation { get; set; }

        protected override bool ModerationRequested => Moderation;

        protected override void ProcessRecordCore()
        {
            foreach (string path in ResolvePaths(ParameterSetName == PathSet ? Path! : LiteralPath!, ParameterSetName == LiteralPathSet))
            {
                Emit(options => AmoValidator.ValidateWidget(path, options), path);
            }
        }
    }
}
