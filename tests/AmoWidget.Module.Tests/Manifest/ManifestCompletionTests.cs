using System.Collections.Generic;
using System.Linq;
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
            List<(string CompletionText, string ToolTip)> all = Completion.Complete(input);
            Assert.Equal(25, all.Count);
            (string CompletionText, string ToolTip) dp = Assert.Single(all, c => c.CompletionText == "digital_pipeline");
            Assert.Contains("Digital Pipeline trigger", dp.ToolTip);
        }

        [Fact]
        public void ATypedPrefixOrWildcardNarrowsTheLocations()
        {
            Assert.Equal(new[] { "lcard", "llist", "lead_sources" }, Completion.Complete("Get-AmoLocation l").Select(c => c.CompletionText));
            Assert.Equal(new[] { "lcard", "ccard", "comcard", "cucard", "card_sdk", "mobile_card" }, Completion.Complete("Add-AmoLocation *card").Select(c => c.CompletionText));
            (string CompletionText, string ToolTip) lcard = Assert.Single(Completion.Complete("New-AmoManifest | Add-AmoLocation settings, lca"));
            Assert.Equal("lcard", lcard.CompletionText);
            Assert.Contains("Lead card", lcard.ToolTip);
            Assert.Contains("-RightColumn", lcard.ToolTip);
        }

        [Theory]
        [InlineData("New-AmoManifest | Add-AmoSetting key -Type ")]
        [InlineData("New-AmoManifest | Add-AmoDpSetting key -Type ")]
        public void SettingTypesCompleteAsManifestJsonSpellsThem(string input)
        {
            List<(string CompletionText, string ToolTip)> all = Completion.Complete(input);
            Assert.Equal(new[] { "custom", "pass", "text", "users", "users_lp" }, all.Select(c => c.CompletionText).OrderBy(c => c, System.StringComparer.Ordinal));
            Assert.Equal(new[] { "users", "users_lp" }, Completion.Complete(input + "us").Select(c => c.CompletionText));
        }

        [Fact]
        public void VersionPartsComplete()
        {
            Assert.Equal(new[] { "Major", "Minor" }, Completion.Complete("New-AmoManifest | Step-AmoManifestVersion -Part M").Select(c => c.CompletionText));
        }
    }
}
