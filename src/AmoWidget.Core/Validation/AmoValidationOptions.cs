using System;
using System.Collections.Generic;

namespace AmoWidget
{
    /// <summary>What a validation run checks for: the platform, and rules left out.</summary>
    public sealed class AmoValidationOptions
    {
        public static readonly AmoValidationOptions Default = new AmoValidationOptions();

        /// <summary>amoCRM and Kommo differ in locales, locations and script.js; Any accepts what either accepts.</summary>
        public AmoPlatform Platform { get; init; } = AmoPlatform.Any;

        /// <summary>Rule names whose findings are not reported (exact names, case-insensitive).</summary>
        public IReadOnlyCollection<string> ExcludeRules { get; init; } = Array.Empty<string>();

        /// <summary>Also run script.js in the headless host through every declared location (the Runtime rules).</summary>
        public bool Runtime { get; init; }
    }
}
