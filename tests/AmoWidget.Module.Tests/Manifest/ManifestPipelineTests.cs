using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using static AmoWidget.Tests.ManifestScripts;

namespace AmoWidget.Tests
{
    [Collection("Engine")]
    public sealed class ManifestPipelineTests
    {
        private const string ContractsExample = @"
New-AmoManifest -Locale ru,en -SupportEmail dev@example.com |
  Add-AmoLocation lcard, ccard -RightColumn $true |
  Add-AmoLocation llist, clist -RightColumn $false |
  Set-AmoDigitalPipeline -WebhookUrl https://example.com/dp |
  Add-AmoDpSetting message -Type text -Required |
  Export-AmoManifest ./widget/manifest.json";

        private const string ContractsExampleJson = "{\n  \"widget\": {\n    \"name\": \"widget.name\",\n    \"description\": \"widget.description\",\n    \"short_description\": \"widget.short_description\",\n    \"version\": \"1.0.0\",\n    \"interface_version\": 2,\n    \"init_once\": false,\n    \"locale\": [\"ru\", \"en\"],\n    \"installation\": true,\n    \"support\": {\n      \"email\": \"dev@example.com\"\n    }\n  },\n  \"locations\": [\n    \"lcard-1\",\n    \"ccard-1\",\n    \"llist-0\",\n    \"clist-0\",\n    \"digital_pipeline\"\n  ],\n  \"settings\": {},\n  \"dp\": {\n    \"settings\": {\n      \"message\": {\n        \"name\": \"settings.message\",\n        \"type\": \"text\",\n        \"required\": true\n      }\n    },\n    \"action_multiple\": false,\n    \"webhook_url\": \"https://example.com/dp\"\n  }\n}\n";

        [Fact]
        public void TheContractsFirstExampleWritesExactlyTheManifestItDescribes()
        {
            using var t = new TempDir();
            PsResult r = RunIn(t.Path, ContractsExample).ShouldSucceed();
            Assert.Empty(r.Output);
            Assert.Empty(r.Warnings);
            byte[] bytes = File.ReadAllBytes(t.Combine("widget", "manifest.json"));
            Assert.NotEqual(0xEF, bytes[0]);
            Assert.Equal(ContractsExampleJson, Read(t.Combine("widget", "manifest.json")));
        }

        [Fact]
        public void ImportEditExportInPlaceChangesOnlyTheEditedLine()
        {
            using var t = new TempDir();
            string original = "{\r\n    \"widget\": {\r\n        \"name\": \"Виджет «тест»\",\r\n        \"version\": \"1.2.3\",\r\n        \"x_custom\": {\"keep\": [1, 2.50, true, 1e3]}\r\n    },\r\n    \"locations\": [\r\n        \"lcard-1\",\r\n        \"llist-0\",\r\n        \"settings\"\r\n    ],\r\n    \"settings\": {\"a\": {\"name\": \"x\", \"type\": \"text\"}, \"a\": 1},\r\n    \"unknown_top\": null\r\n}";
            string file = Write(t.Combine("widget", "manifest.json"), original);

            RunIn(t.Path, "Import-AmoManifest ./widget | Remove-AmoLocation llist | Export-AmoManifest").ShouldSucceed();

            Assert.Equal(original.Replace("        \"llist-0\",\r\n", string.Empty), Read(file));
            Assert.Equal(new[] { "manifest.json" }, Directory.GetFiles(t.Combine("widget")).Select(Path.GetFileName));
        }

        [Fact]
        public void EveryStageEmitsTheSameManifestChangedInPlace()
        {
            PsResult r = PsRunner.Run(@"
$m = New-AmoManifest -Name n -Version 2.3.4
$out = $m | Set-AmoManifest -Description d -ShortDescription s -InitOnce $true -Installation $false -Locale en, es, pt -SupportLink https://example.com/help |
  Step-AmoManifestVersion -Part Minor |
  Add-AmoSetting api_key -Type pass -Required |
  Add-AmoSetting staff -Type users_lp |
  Add-AmoSetting gone |
  Remove-AmoSetting gone |
  Set-AmoAdvancedSettings -Title advanced.page |
  Add-AmoSalesbotHandler send -Field @{ key = 'text'; type = 'text'; default_value = 'hi'; manual = $true }, @{ key = 'url'; type = 'URL' }
[object]::ReferenceEquals($m, $out)
$m.ToJson()").ShouldSucceed();
            Assert.Equal(true, r.Output[0].BaseObject);
            string json = r.Output[1].ToString();
            Assert.Contains("\"version\": \"2.4.0\"", json);
            Assert.Contains("\"description\": \"d\"", json);
            Assert.Contains("\"short_description\": \"s\"", json);
            Assert.Contains("\"init_once\": true", json);
            Assert.Contains("\"installation\": false", json);
            Assert.Contains("\"locale\": [\"en\", \"es\", \"pt\"]", json);
            Assert.Contains("\"link\": \"https://example.com/help\"", json);
            Assert.Contains("\"api_key\": {\n      \"name\": \"settings.api_key\",\n      \"type\": \"pass\",\n      \"required\": true\n    }", json);
            Assert.Contains("\"type\": \"users_lp\"", json);
            Assert.DoesNotContain("gone", json);
            Assert.Contains("\"title\": \"advanced.page\"", json);
            Assert.Contains("\"advanced_settings\"", json);
            Assert.Contains("\"salesbot_designer\"", json);
            Assert.Contains("\"default_value\": \"hi\"", json);
            Assert.Contains("\"manual\": true", json);
            Assert.Contains("\"type\": \"url\"", json);
        }

        [Fact]
        public void AStagePassesEveryManifestOfThePipelineThrough()
        {
            PsResult r = PsRunner.Run("1..3 | ForEach-Object { New-AmoManifest -Version \"1.$_.0\" } | Step-AmoManifestVersion | ForEach-Object Version").ShouldSucceed();
            Assert.Equal(new[] { "1.1.1", "1.2.1", "1.3.1" }, r.Output.Select(o => o.ToString()));
        }

        [Fact]
        public void RightColumnOnEverywhereIsAnErrorAndTheOtherNamesAreStillAdded()
        {
            PsResult r = PsRunner.Run("New-AmoManifest | Add-AmoLocation lcard, everywhere, ccard -RightColumn $false | ForEach-Object { $_.Locations.Value }");
            ErrorRecord e = r.ShouldFailWith("RightColumnNotSupported");
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.Equal("everywhere", e.TargetObject);
            Assert.Single(r.Errors);
            Assert.Equal(new[] { "lcard-0", "ccard-0" }, r.Output.Select(o => o.ToString()));
        }

        [Fact]
        public void AnUnknownLocationNamesTheNearestOneAndTheOthersAreStillAdded()
        {
            PsResult r = PsRunner.Run("New-AmoManifest | Add-AmoLocation lcrad, settings | ForEach-Object { $_.Locations.Value }");
            ErrorRecord e = r.ShouldFailWith("LocationUnknown");
            Assert.Contains("'lcard'", e.Exception.Message);
            Assert.Contains("lcard", e.ErrorDetails.RecommendedAction);
            Assert.Equal(new[] { "settings" }, r.Output.Select(o => o.ToString()));
        }

        [Fact]
        public void NewAmoManifestLocationAddsEachKnownNameAndReportsTheUnknownOne()
        {
            PsResult r = PsRunner.Run("(New-AmoManifest -Location lcard, anywhere, llist).Locations.Value");
            Assert.Contains("'everywhere'", r.ShouldFailWith("LocationUnknown").Exception.Message);
            Assert.Equal(new[] { "lcard-1", "llist-1" }, r.Output.Select(o => o.ToString()));
        }

        [Fact]
        public void AddingAPresentLocationReplacesItsSuffixWithoutADuplicate()
        {
            PsResult r = PsRunner.Run("(New-AmoManifest -Location lcard | Add-AmoLocation lcard -RightColumn $false | Add-AmoLocation lcard).Locations.Value").ShouldSucceed();
            Assert.Equal(new[] { "lcard-0" }, r.Output.Select(o => o.ToString()));
        }

        [Fact]
        public void AMissingCompanionIsAWarningNamingTheCmdletThatAddsIt()
        {
            PsResult r = PsRunner.Run("$null = New-AmoManifest | Add-AmoLocation digital_pipeline, advanced_settings, card_sdk").ShouldSucceed();
            Assert.Equal(3, r.Warnings.Count);
            Assert.Contains(r.Warnings, w => w.Contains("Set-AmoDigitalPipeline"));
            Assert.Contains(r.Warnings, w => w.Contains("Set-AmoAdvancedSettings"));
            Assert.Contains(r.Warnings, w => w.Contains("Add-AmoLocation lcard"));

            PsResult none = PsRunner.Run("$null = New-AmoManifest | Set-AmoDigitalPipeline | Set-AmoAdvancedSettings | Add-AmoLocation lcard, card_sdk").ShouldSucceed();
            Assert.Empty(none.Warnings);
        }

        [Fact]
        public void RemovingAnAbsentLocationIsNotAnErrorButATypoIsAWarning()
        {
            PsResult r = PsRunner.Run("(New-AmoManifest -Location lcard | Remove-AmoLocation llist, lcard, lcrad).Locations.Count").ShouldSucceed();
            Assert.Equal(0, r.Output.Single().BaseObject);
            Assert.Contains("'lcard'", Assert.Single(r.Warnings));
        }

        [Fact]
        public void AFailedEditReportsTheManifestAndLeavesItOutOfTheOutput()
        {
            PsResult r = PsRunner.Run("New-AmoManifest | Set-AmoDigitalPipeline -WebhookUrl not/absolute");
            r.ShouldFailWith("WebhookUrlInvalid");
            Assert.Empty(r.Output);

            PsResult version = PsRunner.Run("New-AmoManifest -Version 1.x | Step-AmoManifestVersion");
            version.ShouldFailWith("VersionInvalid");
            Assert.Empty(version.Output);

            PsResult shape = PsRunner.Run("[AmoWidget.AmoManifest]::Parse('{\"locations\": {}}') | Add-AmoLocation lcard");
            shape.ShouldFailWith("ManifestShapeInvalid");
        }

        [Theory]
        [InlineData("@{ type = 'text' }")]
        [InlineData("@{ key = 'a'; type = 'checkbox' }")]
        [InlineData("@{ key = 'a'; colour = 'red' }")]
        [InlineData("@{ key = 'a'; manual = 'yes' }")]
        public void ABadSalesbotFieldStopsTheCommandBeforeAnyChange(string field)
        {
            PsResult r = PsRunner.Run("$m = New-AmoManifest; $m | Add-AmoSalesbotHandler send -Field " + field + "\n$m.ToJson()");
            ErrorRecord e = r.ShouldFailWith("SalesbotFieldInvalid");
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.DoesNotContain(r.Output, o => o.ToString().Contains("salesbot"));
        }

        [Fact]
        public void ASettingTypeOutsideTheSetIsRefusedByTheParameter()
        {
            PsResult r = PsRunner.Run("New-AmoManifest | Add-AmoSetting key -Type checkbox");
            Assert.Equal("ParameterArgumentValidationError", PsResult.ErrorId(r.AllErrors.Single()));
        }

        [Fact]
        public void GetAmoLocationListsTheCatalogFiltersByWildcardAndReadsAManifest()
        {
            PsResult all = PsRunner.Run("Get-AmoLocation").ShouldSucceed();
            Assert.Equal(25, all.Output.Count);
            Assert.All(all.Output, o => Assert.False(string.IsNullOrEmpty((string)o.Properties["Description"].Value)));

            PsResult cards = PsRunner.Run("(Get-AmoLocation *card, everywhere).Name").ShouldSucceed();
            Assert.Equal(new[] { "lcard", "ccard", "comcard", "cucard", "mobile_card", "everywhere" }, cards.Output.Select(o => o.ToString()));

            PsResult mine = PsRunner.Run("New-AmoManifest -Location lcard, settings | Get-AmoLocation | ForEach-Object { '{0}|{1}|{2}' -f $_.Value, $_.RightColumn, $_.Area }").ShouldSucceed();
            Assert.Equal(new[] { "lcard-1|True|Card", "settings||Settings" }, mine.Output.Select(o => o.ToString()));

            PsResult unknownInManifest = PsRunner.Run("[AmoWidget.AmoManifest]::Parse('{\"locations\": [\"anywhere\"]}') | Get-AmoLocation anywhere | ForEach-Object IsKnown").ShouldSucceed();
            Assert.Equal(false, unknownInManifest.Output.Single().BaseObject);
        }

        [Fact]
        public void GetAmoLocationWithAnUnknownNameWritesLocationUnknownAndGoesOn()
        {
            PsResult r = PsRunner.Run("(Get-AmoLocation digitalpipeline, lcard).Name");
            ErrorRecord e = r.ShouldFailWith("LocationUnknown");
            Assert.Contains("digital_pipeline", e.ErrorDetails.RecommendedAction);
            Assert.Equal(new[] { "lcard" }, r.Output.Select(o => o.ToString()));
            Assert.Empty(PsRunner.Run("Get-AmoLocation nothing*").ShouldSucceed().Output);
        }

        [Fact]
        public void TheDefaultViewsShowTheManifestAndItsLocationsInTheHost()
        {
            string manifest = RunHost("New-AmoManifest -Location lcard, llist");
            Assert.Matches(@"Name\s+: widget\.name", manifest);
            Assert.Matches(@"Version\s+: 1\.0\.0", manifest);
            Assert.Matches(@"Locale\s+: ru, en", manifest);
            Assert.Matches(@"Locations\s+: lcard-1, llist-1", manifest);

            string catalog = RunHost("Get-AmoLocation lcard, everywhere");
            Assert.Matches(@"Value\s+RightColumn\s+Area\s+Description", catalog);
            Assert.Matches(@"lcard\s+-1 / -0\s+Card\s+Lead card", catalog);
            Assert.Matches(@"everywhere\s+Everywhere\s+Initialized on every page", catalog);

            string mine = RunHost("New-AmoManifest -Location llist | Add-AmoLocation llist -RightColumn $false | Set-AmoDigitalPipeline | Get-AmoLocation");
            Assert.Matches(@"llist-0\s+False\s+List", mine);
            Assert.Matches(@"digital_pipeline\s+Pipeline\s+Digital Pipeline", mine);
        }

        /// <summary>The text the engine's formatting prints in AmoWidget.Host, without colours.</summary>
        private static string RunHost(string command)
        {
            string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            string host = Path.Combine(Repo.Root, "src", "AmoWidget.Host", "bin", configuration, "net10.0", "AmoWidget.Host.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(host);
            start.ArgumentList.Add("-Module");
            start.ArgumentList.Add(Repo.ModuleManifest);
            start.ArgumentList.Add("-Command");
            start.ArgumentList.Add(command);
            using Process process = Process.Start(start)!;
            Task<string> error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, "AmoWidget.Host failed: " + error.Result);
            return Regex.Replace(output, "\u001b\\[[0-9;]*m", string.Empty);
        }
    }
}
