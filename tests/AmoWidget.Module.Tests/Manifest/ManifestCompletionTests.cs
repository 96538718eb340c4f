using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;

namespace AmoWidget.Tests
{
    [Collection("Engine")]
    public sealed class ManifestCompletionTests
    {
        [Theory]
        [InlineData("New-AmoManifest | Add-AmoLocation ")]
        [InlineData("New-AmoManifest | Remove-AmoLocation -Name ")]
        [InlineData("Get-AmoLocation -Name ")]
        [InlineData("New-AmoManifest -Location ")]
        public void LocationNamesCompleteWithTheirDescriptions(string input)
        {
            List<CompletionResult> all = Complete(input);
            Assert.Equal(25, all.Count);
            CompletionResult dp = Assert.Single(all, c => c.CompletionText == "digital_pipeline");
            Assert.Contains("Digital Pipeline trigger", dp.ToolTip);
            Assert.Equal(CompletionResultType.ParameterValue, dp.ResultType);
        }

        [Fact]
        public void ATypedPrefixOrWildcardNarrowsTheLocations()
        {
            Assert.Equal(new[] { "lcard", "llist", "lead_sources" }, Complete("Get-AmoLocation l").Select(c => c.CompletionText));
            Assert.Equal(new[] { "lcard", "ccard", "comcard", "cucard", "card_sdk", "mobile_card" }, Complete("Add-AmoLocation *card").Select(c => c.CompletionText));
            CompletionResult lcard = Assert.Single(Complete("New-AmoManifest | Add-AmoLocation settings, lca"));
            Assert.Equal("lcard", lcard.CompletionText);
            Assert.Contains("Lead card", lcard.ToolTip);
            Assert.Contains("-RightColumn", lcard.ToolTip);
        }

        [Theory]
        [InlineData("New-AmoManifest | Add-AmoSetting key -Type ")]
        [InlineData("New-AmoManifest | Add-AmoDpSetting key -Type ")]
        public void SettingTypesCompleteAsManifestJsonSpellsThem(string input)
        {
            List<CompletionResult> all = Complete(input);
            Assert.Equal(new[] { "custom", "pass", "text", "users", "users_lp" }, all.Select(c => c.CompletionText).OrderBy(c => c, System.StringComparer.Ordinal));
            Assert.Equal(new[] { "users", "users_lp" }, Complete(input + "us").Select(c => c.CompletionText));
        }

        [Fact]
        public void VersionPartsComplete()
        {
            Assert.Equal(new[] { "Major", "Minor" }, Complete("New-AmoManifest | Step-AmoManifestVersion -Part M").Select(c => c.CompletionText));
        }

        private static List<CompletionResult> Complete(string input)
        {
            InitialSessionState iss = InitialSessionState.CreateDefault2();
            iss.ImportPSModule(new[] { Repo.ModuleManifest });
            iss.ThrowOnRunspaceOpenError = true;
            using Runspace runspace = RunspaceFactory.CreateRunspace(iss);
            runspace.Open();
            using PowerShell ps = PowerShell.Create();
            ps.Runspace = runspace;
            return CommandCompletion.CompleteInput(input, input.Length, null, ps).CompletionMatches.ToList();
        }
    }
}
