using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmoWidget.Completers;

namespace AmoWidget.Commands
{
    /// <summary>
    /// What Test-AmoManifest, Test-AmoWidget and Assert-AmoWidget share: -Platform, -Strict, -ExcludeRule, path resolution,
    /// and running one validation.
    /// </summary>
    public abstract class ValidationCommandBase : AmoCmdlet
    {
        protected const string PathSet = "Path";
        protected const string LiteralPathSet = "LiteralPath";

        private AmoValidationOptions options = AmoValidationOptions.Default;

        /// <summary>Ctrl+C: stops a -Runtime run inside the widget's script, which no pipeline check would reach.</summary>
        private readonly System.Threading.CancellationTokenSource stop = new System.Threading.CancellationTokenSource();

        protected override void StopProcessing() => stop.Cancel();

        /// <summary>Whose rules judge; null (left out): the platform the manifest is written for.</summary>
        [Parameter]
        public AmoPlatform? Platform { get => (AmoPlatform?)platform; set => platform = (int?)value; }

        // An int, not the core's enum: the engine lists this type at import, before the precompiled core is loaded,
        // and a field of the enum would load the portable one (ReadyToRunCore).
        private int? platform;

        /// <summary>Warnings fail the check too.</summary>
        [Parameter]
        public SwitchParameter Strict { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(RuleNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? ExcludeRule { get; set; }

        /// <summary>Whether the command also runs script.js in the headless host (Test-AmoWidget/Assert-AmoWidget -Runtime).</summary>
        protected virtual bool RunsScript => false;

        protected override void BeginProcessingCore()
        {
            // Without -Platform, the platform the manifest targets is judged, and -Verbose says which.
            options = new AmoValidationOptions
            {
                Platform = Platform ?? AmoPlatform.Any,
                DetectPlatform = Platform == null,
                ExcludeRules = ExpandRuleNames(ExcludeRule),
                Runtime = RunsScript,
                Moderation = ModerationRequested,
                Cancel = stop.Token,
            };
        }

        /// <summary>True where the cmdlet has a -Moderation switch and it is set.</summary>
        protected virtual bool ModerationRequested => false;

        /// <summary>What -Verbose says of the platform a check judged by, and why (Compress-AmoWidget says it too).</summary>
        internal static string Judgement(AmoPlatform platform, string reason) => platform == AmoPlatform.Any
            ? $"judged by what amoCRM or Kommo accepts: {reason} (-Platform AmoCrm or Kommo judges by one platform's rules)."
            : $"judged as {(platform == AmoPlatform.AmoCrm ? "amoCRM" : "Kommo")}'s: {reason} (-Platform chooses another).";

        /// <summary>" (judged as amoCRM's)" after a path in a failure that lists findings; nothing for Any.</summary>
        internal static string JudgedSuffix(AmoPlatform platform) =>
            platform == AmoPlatform.AmoCrm ? " (judged as amoCRM's)" : platform == AmoPlatform.Kommo ? " (judged as Kommo's)" : string.Empty;

        /// <summary>Runs one validation; an input that cannot be read is a non-terminating error and null.</summary>
        protected IReadOnlyList<AmoDiagnostic>? Validate(Func<AmoValidationOptions, IReadOnlyList<AmoDiagnostic>> validate, object target)
        {
            string? judged = null;
            AmoValidationOptions run = options.WithPlatformJudged((platform, reason) => judged = Judgement(platform, reason));
            try
            {
                IReadOnlyList<AmoDiagnostic> findings = validate(run);
                if (judged != null)
                {
                    WriteVerbose($"{Printable.Escape(target.ToString() ?? string.Empty)}: {judged}");
                }

                return findings;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex, target);
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                WriteError(NewError(ErrorIds.WidgetReadError, ErrorCategory.ReadError, $"Cannot read '{target}': {ex.Message}", target, ex));
            }

            return null;
        }

        /// <summary>Resolves -Path (wildcards) or -LiteralPath to file-system paths; a path that matches nothing is a PathNotFound error.</summary>
        protected IEnumerable<string> ResolvePaths(string[] paths, bool literal)
        {
            foreach (string path in paths)
            {
                IReadOnlyList<string> resolved = ResolveFileSystemPaths(path, literal, errorWhenNoMatch: true);

                foreach (string full in resolved)
                {
                    if (System.IO.File.Exists(full) || System.IO.Directory.Exists(full))
                    {
                        yield return full;
                    }
                    else
                    {
                        WriteError(NewError(ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, $"Cannot find the path '{path}': it does not exist.", path));
                    }
                }
            }
        }

        /// <summary>Rule names with wildcards expanded; a plain name that is no rule stops the command (RuleNotFound), so a typo cannot hide.</summary>
        private string[] ExpandRuleNames(string[]? names)
        {
            if (names == null)
            {
                return Array.Empty<string>();
            }

            var result = new List<string>();
            foreach (string name in names)
            {
                WildcardPattern pattern = Wildcard(name);
                List<string> matches = AmoRuleCatalog.All.Where(r => pattern.IsMatch(r.Name)).Select(r => r.Name).ToList();
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    ThrowTerminatingError(NewError(ErrorIds.RuleNotFound, ErrorCategory.InvalidArgument,
                        $"-ExcludeRule: '{name}' is not a rule name. Get-AmoRule lists them.", name));
                }

                result.AddRange(matches);
            }

            return result.Distinct().ToArray();
        }
    }
}
