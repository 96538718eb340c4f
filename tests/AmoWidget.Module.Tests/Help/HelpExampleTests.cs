using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace AmoWidget.Tests.Help
{
    /// <summary>
    /// Runs every example of the installed help (Get-Help -Full), each in a fresh runspace and temporary folder
    /// prepared by HelpExamples.SetupFor. An example that shows an error on purpose must handle it itself
    /// (-ErrorAction SilentlyContinue, try/catch): here every example must simply succeed.
    /// </summary>
    [Collection("Engine")]
    public sealed class HelpExampleTests
    {
        public static IEnumerable<object[]> Examples() =>
            HelpExamples.ExportedCmdlets().SelectMany(cmdlet =>
                HelpExamples.Examples(cmdlet).Select((e, i) => new object[] { cmdlet, i + 1, e.Title }));

        [Theory]
        [MemberData(nameof(Examples))]
        public void ExampleRunsWithoutError(string cmdlet, int number, string title)
        {
            List<(string Title, string Code)> examples = HelpExamples.Examples(cmdlet);
            Assert.True(examples.Count >= number, $"{cmdlet} has {examples.Count} example(s) now, not {number}.");
            (string actualTitle, string code) = examples[number - 1];
            Assert.Equal(title, actualTitle);

            PsResult r = HelpExamples.Run(cmdlet, code);

            Assert.True(r.Terminating == null && r.Errors.Count == 0,
                $"{cmdlet} {title} failed:\n{code}\n-> " + string.Join(" | ", r.AllErrors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        }
    }
}
