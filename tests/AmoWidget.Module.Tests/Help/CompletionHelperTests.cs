using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace AmoWidget.Tests.Help
{
    /// <summary>The completion helper itself, on completions the engine always has.</summary>
    [Collection("Engine")]
    public sealed class CompletionHelperTests
    {
        [Fact]
        public void CompletesCommandNamesWithTheirToolTip()
        {
            List<(string CompletionText, string ToolTip)> matches = Completion.Complete("Test-ModuleManif");

            (string text, string tip) = Assert.Single(matches);
            Assert.Equal("Test-ModuleManifest", text);
            Assert.Contains("Test-ModuleManifest", tip);
        }

        [Fact]
        public void CompletesParameterNamesAndSeesTheSetup()
        {
            Assert.Contains("-Category", Completion.Texts("Get-Help -Categ"));
            Assert.Contains("$AmoCompletionProbe", Completion.Texts("$AmoCompletionPr", "$AmoCompletionProbe = 1"));
        }

        [Fact]
        public void TheModuleIsImportedInTheCompletionRunspace()
        {
            Assert.Contains("AmoWidget", Completion.Texts("Get-Module -Name AmoW"));
        }
    }
}
