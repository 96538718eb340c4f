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

        /// <summary>Rule names whose findings are not reported (exact names, case-insensitive).</summary>
        public IReadOnlyCollection<string> ExcludeRules { get; init; } = Array.Empty<string>();

        /// <summary>Adds the Moderation rules: the code audit, texts, styles and images the marketplaces check by hand.</summary>
        public bool Moderation { get; init; }
    }
}
