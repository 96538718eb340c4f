using System;
using System.Collections.Generic;

namespace AmoWidget
{
    /// <summary>What a validation run checks for: the platform, rules left out, and whether the moderation rules run.</summary>
    public sealed class AmoValidationOptions
    {
        public static readonly AmoValidationOptions Default = new AmoValidationOptions();

        /// <summary>amoCRM and Kommo differ in locales, locations and script.js; Any accepts what either accepts.</summary>
        public AmoPlatform Platform { get; init; } = AmoPlatform.Any;

        /// <summary>
        /// Judge the platform the manifest is written for (<see cref="AmoPlatformTarget"/>) instead of
        /// <see cref="Platform"/>: what the cmdlets do without -Platform. Every finding carries the platform it was
        /// judged by (<see cref="AmoDiagnostic.Platform"/>).
        /// </summary>
        public bool DetectPlatform { get; init; }

        /// <summary>Told the platform judged and why, once the manifest is read (with <see cref="DetectPlatform"/>).</summary>
        public Action<AmoPlatform, string>? PlatformJudged { get; private set; }

        /// <summary>Rule names whose findings are not reported (exact names, case-insensitive).</summary>
        public IReadOnlyCollection<string> ExcludeRules { get; init; } = Array.Empty<string>();

        /// <summary>Adds the Moderation rules: the code audit, texts, styles and images the marketplaces check by hand.</summary>
        public bool Moderation { get; init; }

        /// <summary>Also run script.js in the headless host through every declared location (the Runtime rules).</summary>
        public bool Runtime { get; init; }

        /// <summary>Stops a -Runtime run where it is (Ctrl+C); an OperationCanceledException then ends the check.</summary>
        public System.Threading.CancellationToken Cancel { get; init; }

        /// <summary>These options, told of the platform judged: every option is copied here, beside the declarations, so a new one cannot be dropped by a caller's copy.</summary>
        public AmoValidationOptions WithPlatformJudged(Action<AmoPlatform, string>? told)
        {
            var copy = (AmoValidationOptions)MemberwiseClone();
            copy.PlatformJudged = told;
            return copy;
        }
    }
}
