using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace AmoWidget.Tests
{
    internal static class ValidationAssert
    {
        public static IReadOnlyList<AmoDiagnostic> CheckManifest(string json, AmoPlatform platform = AmoPlatform.Any) =>
            AmoValidator.ValidateManifest(json, "manifest.json", new AmoValidationOptions { Platform = platform });

        public static IReadOnlyList<AmoDiagnostic> CheckWidget(string path, AmoPlatform platform = AmoPlatform.Any) =>
            AmoValidator.ValidateWidget(path, new AmoValidationOptions { Platform = platform });

        /// <summary>The manifest of the docs widget with one text replaced (fails if the text is not there).</summary>
        public static string DocsManifestWith(string oldText, string newText)
        {
            Assert.Contains(oldText, DocsWidget.Manifest);
            return DocsWidget.Manifest.Replace(oldText, newText);
        }

        public static AmoDiagnostic Fires(IReadOnlyList<AmoDiagnostic> diagnostics, string rule, string? pointer = null)
        {
            List<AmoDiagnostic> matches = diagnostics.Where(d => d.RuleName == rule && (pointer == null || d.Path == pointer)).ToList();
            Assert.True(matches.Count > 0, $"Expected {rule}{(pointer == null ? string.Empty : " at " + pointer)}; got:\n" + string.Join("\n", diagnostics));
            return matches[0];
        }

        public static void Silent(IReadOnlyList<AmoDiagnostic> diagnostics, string rule) =>
            Assert.True(diagnostics.All(d => d.RuleName != rule), $"Did not expect {rule}; got:\n" + string.Join("\n", diagnostics));

        public static void Clean(IReadOnlyList<AmoDiagnostic> diagnostics) =>
            Assert.True(diagnostics.Count == 0, "Expected no findings; got:\n" + string.Join("\n", diagnostics));
    }
}
