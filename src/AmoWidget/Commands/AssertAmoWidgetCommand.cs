using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Assert-AmoWidget: Test-AmoWidget for build scripts. It returns nothing when every widget passes, and when one
    /// fails, or an input cannot be checked at all (missing, unreadable), it throws one terminating error (WidgetInvalid)
    /// that lists every finding of every failing widget and every input not checked, after all inputs were tried.
    /// </summary>
    [Cmdlet("Assert", "AmoWidget", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(void))]
    public sealed class AssertAmoWidgetCommand : ValidationCommandBase
    {
        private readonly List<(string Path, IReadOnlyList<AmoDiagnostic> Findings)> _failed = new List<(string, IReadOnlyList<AmoDiagnostic>)>();
        private readonly List<string> _unchecked = new List<string>();
        private int _checked;

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
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string input in literal ? LiteralPath! : Path!)
            {
                bool found = false;
                foreach (string path in ResolvePaths(new[] { input }, literal))
                {
                    found = true;
                    IReadOnlyList<AmoDiagnostic>? findings = Validate(options => AmoValidator.ValidateWidget(path, options), path);
                    if (findings == null)
                    {
                        _unchecked.Add(path);
                        continue;
                    }

                    _checked++;
                    WriteVerbose($"{path}: {findings.Count(d => d.Severity == AmoSeverity.Error)} errors, {findings.Count(d => d.Severity == AmoSeverity.Warning)} warnings.");
                    if (!AmoValidator.Passes(findings, Strict))
                    {
                        _failed.Add((path, findings));
                    }
                }

                // A path that names nothing (a typo, a wildcard matching nothing) fails the gate: it was not checked.
                if (!found)
                {
                    _unchecked.Add(input);
                }
            }
        }

        protected override void EndProcessingCore()
        {
            if (_failed.Count == 0 && _unchecked.Count == 0)
            {
                return;
            }

            var message = new StringBuilder();
            if (_failed.Count > 0)
            {
                message.Append(_failed.Count == 1 ? "1 widget" : _failed.Count + " widgets").Append(" of ").Append(_checked)
                    .Append(Strict ? " failed validation (-Strict: warnings fail too):" : " failed validation:");
                foreach ((string path, IReadOnlyList<AmoDiagnostic> findings) in _failed)
                {
                    // Findings carry the platform that judged them; the manifest's, after the first few, is the one said.
                    AmoPlatform platform = findings.Count == 0 ? AmoPlatform.Any : findings[findings.Count - 1].Platform;
                    message.Append('\n').Append(Printable.Escape(path))
                        .Append(JudgedSuffix(platform)).Append(':');
                    foreach (AmoDiagnostic finding in findings)
                    {
                        // A finding's ToString is one line with its widget text escaped (AmoDiagnostic).
                        message.Append("\n  ").Append(finding);
                    }
                }
            }

            if (_unchecked.Count > 0)
            {
                message.Append(message.Length > 0 ? "\n" : string.Empty)
                    .Append(_unchecked.Count == 1 ? "1 input" : _unchecked.Count + " inputs")
                    .Append(" could not be checked (the errors above say why), so it fails too:");
                foreach (string path in _unchecked)
                {
                    message.Append("\n  ").Append(Printable.Escape(path));
                }
            }

            AmoDiagnostic[] all = _failed.SelectMany(f => f.Findings).ToArray();
            ThrowTerminatingError(NewError(ErrorIds.WidgetInvalid, ErrorCategory.InvalidData, message.ToString(), all,
                recommendedAction: "Fix the findings (Test-AmoWidget -Detailed lists them as objects) and the paths that could not be checked.", ownLines: true));
        }
    }
}
