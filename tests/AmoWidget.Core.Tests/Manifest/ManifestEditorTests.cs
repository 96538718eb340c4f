using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using AmoWidget.Json;
using Xunit;
using AmoWidget.Widget;

namespace AmoWidget.Tests.Manifest
{
    public sealed class ManifestEditorTests
    {
        [Fact]
        public void TheContractsFirstExampleWritesTheManifestItDescribes()
        {
            AmoManifest m = AmoManifestEditor.New(new AmoManifestOptions { SupportEmail = "dev@example.com" });
            AmoManifestEditor.AddLocation(m, "lcard", true);
            AmoManifestEditor.AddLocation(m, "ccard", true);
            AmoManifestEditor.AddLocation(m, "llist", false);
            AmoManifestEditor.AddLocation(m, "clist", false);
            AmoManifestEditor.SetDigitalPipeline(m, new Uri("https://example.com/dp"), null);
            AmoManifestEditor.AddDpSetting(m, "message", AmoSettingType.Text, null, true);

            Assert.Equal(new[] { "lcard-1", "ccard-1", "llist-0", "clist-0", "digital_pipeline" }, m.Locations.Select(l => l.Value));
            var expected = "{\n  \"widget\": {\n    \"name\": \"widget.name\",\n    \"description\": \"widget.description\",\n    \"short_description\": \"widget.short_description\",\n    \"version\": \"1.0.0\",\n    \"interface_version\": 2,\n    \"init_once\": false,\n    \"locale\": [\"ru\", \"en\"],\n    \"installation\": true,\n    \"support\": {\n      \"email\": \"dev@example.com\"\n    }\n  },\n  \"locations\": [\n    \"lcard-1\",\n    \"ccard-1\",\n    \"llist-0\",\n    \"clist-0\",\n    \"digital_pipeline\"\n  ],\n  \"settings\": {},\n  \"dp\": {\n    \"settings\": {\n      \"message\": {\n        \"name\": \"settings.message\",\n        \"type\": \"text\",\n        \"required\": true\n      }\n    },\n    \"action_multiple\": false,\n    \"webhook_url\": \"https://example.com/dp\"\n  }\n}\n";
            Assert.Equal(expected, m.ToJson());
        }

        [Theory]
        [InlineData("{\"settings\": [{\"name\": \"a\"}]}", "settings")]
        [InlineData("{\"locations\": \"lcard\"}", "locations")]
        [InlineData("{\"left_menu\": []}", "left_menu")]
        public void RemovingFromABlockOfTheWrongShapeIsRefusedAndChangesNothing(string json, string block)
        {
            AmoManifest m = AmoManifest.Parse(json);
            AmoException ex = Assert.Throws<AmoException>(() =>
            {
                switch (block)
                {
                    case "settings": AmoManifestEditor.RemoveSetting(m, "a"); break;
                    case "locations": AmoManifestEditor.RemoveLocation(m, "lcard"); break;
                    default: AmoManifestEditor.RemoveLeftMenuItem(m, "a"); break;
                }
            });
            Assert.Equal(ErrorIds.ManifestShapeInvalid, ex.ErrorId);
            Assert.Contains("/" + block, ex.Message);
            Assert.Equal(json, m.ToJson());
        }

        [Fact]
        public void RemovingFromABlockThatIsNotThereIsNoError()
        {
            AmoManifest m = AmoManifest.Parse("{}");
            Assert.False(AmoManifestEditor.RemoveSetting(m, "a"));
            Assert.False(AmoManifestEditor.RemoveLocation(m, "lcard"));
            Assert.False(AmoManifestEditor.RemoveLeftMenuItem(m, "a"));
        }

        [Fact]
        public void AddingAPresentLocationChangesItsSuffixInPlaceAndMergesConflicts()
        {
            AmoManifest m = AmoManifest.Parse("{\"locations\": [\"settings\", \"lcard-0\", \"lcard-1\", \"lcard\"]}");
            AmoManifestEditor.AddLocation(m, "lcard", true);
            Assert.Equal("{\"locations\": [\"settings\", \"lcard-1\"]}", m.ToJson());
            AmoManifestEditor.AddLocation(m, "lcard", null);
            Assert.Equal("{\"locations\": [\"settings\", \"lcard-1\"]}", m.ToJson());
        }

        [Fact]
        public void RightColumnOnALocationWithoutSuffixIsRefused()
        {
            AmoManifest m = AmoManifestEditor.New(new AmoManifestOptions());
            AmoException ex = Assert.Throws<AmoException>(() => AmoManifestEditor.AddLocation(m, "everywhere", false));
            Assert.Equal("RightColumnNotSupported", ex.ErrorId);
            Assert.Empty(m.Locations);
        }

        [Theory]
        [InlineData("anywhere", "everywhere")]
        [InlineData("advancedSettings", "advanced_settings")]
        [InlineData("lcrad", "lcard")]
        [InlineData("lcard-compact", "lcard")]
        [InlineData("digitalpipeline", "digital_pipeline")]
        public void AnUnknownLocationSuggestsTheNearestOne(string typed, string nearest)
        {
            AmoException ex = Assert.Throws<AmoException>(() => AmoManifestEditor.Resolve(typed));
            Assert.Equal("LocationUnknown", ex.ErrorId);
            Assert.Equal($"Use '{nearest}'.", ex.RecommendedAction);
        }

        [Fact]
        public void NothingIsSuggestedForAFarName()
        {
            Assert.Null(AmoLocationCatalog.Nearest("qqqqqqqq"));
        }

        [Fact]
        public void CompanionsAreWarnedWithTheCmdletThatAddsThem()
        {
            AmoManifest m = AmoManifestEditor.New(new AmoManifestOptions());
            Assert.Contains("Set-AmoDigitalPipeline", Assert.Single(AmoManifestEditor.AddLocation(m, "digital_pipeline", null)));
            Assert.Contains("Set-AmoAdvancedSettings", Assert.Single(AmoManifestEditor.AddLocation(m, "advanced_settings", null)));
            Assert.Contains("Add-AmoLocation lcard", Assert.Single(AmoManifestEditor.AddLocation(m, "card_sdk", null)));
            AmoManifestEditor.AddLocation(m, "lcard", false);
            Assert.Empty(AmoManifestEditor.AddLocation(m, "card_sdk", null));
            Assert.Empty(AmoManifestEditor.SetAdvancedSettings(m, "advanced.title"));
        }

        [Fact]
        public void EditsKeepUnknownKeysAndTheAuthorsLayout()
        {
            string text = "{\r\n\t\"widget\": {\"name\": \"widget.name\", \"x-own\": 1},\r\n\t\"locations\": [],\r\n\t\"custom_top\": {\"a\": [1,2]}\r\n}";
            AmoManifest m = AmoManifest.Parse(text);
            AmoManifestEditor.AddLocation(m, "settings", null);
            AmoManifestEditor.AddSetting(m, "api_key", AmoSettingType.Pass, null, true);
            Assert.Equal("{\r\n\t\"widget\": {\"name\": \"widget.name\", \"x-own\": 1},\r\n\t\"locations\": [\r\n\t\t\"settings\"\r\n\t],\r\n\t\"custom_top\": {\"a\": [1,2]},\r\n\t\"settings\": {\r\n\t\t\"api_key\": {\r\n\t\t\t\"name\": \"settings.api_key\",\r\n\t\t\t\"type\": \"pass\",\r\n\t\t\t\"required\": true\r\n\t\t}\r\n\t}\r\n}", m.ToJson());
        }

        [Theory]
        [InlineData("1.2.3", AmoVersionPart.Patch, "1.2.4")]
        [InlineData("1.2.3", AmoVersionPart.Minor, "1.3.0")]
        [InlineData("1.2.3", AmoVersionPart.Major, "2.0.0")]
        [InlineData("0.9", AmoVersionPart.Patch, "0.9.1")]
        public void VersionsStep(string from, AmoVersionPart part, string to)
        {
            AmoManifest m = AmoManifest.Parse("{\"widget\": {\"version\": \"" + from + "\"}}");
            Assert.Equal(to, AmoManifestEditor.StepVersion(m, part));
            Assert.Equal(to, m.Version);
        }

        [Theory]
        [InlineData("99999999999999999999.0.0", AmoVersionPart.Patch, "has the number 99999999999999999999, larger than")]
        [InlineData("1.0.9223372036854775807", AmoVersionPart.Patch, "cannot be raised: its patch number is already")]
        public void AVersionTooLargeToRaiseSaysSo(string version, AmoVersionPart part, string said)
        {
            AmoManifest m = AmoManifest.Parse("{\"widget\": {\"version\": \"" + version + "\"}}");
            AmoException ex = Assert.Throws<AmoException>(() => AmoManifestEditor.StepVersion(m, part));
            Assert.Equal(ErrorIds.VersionInvalid, ex.ErrorId);
            Assert.Contains(said, ex.Message);
            Assert.Equal(version, m.Version);
        }

        [Fact]
        public void ANonNumericVersionIsNotGuessed()
        {
            AmoManifest m = AmoManifest.Parse("{\"widget\": {\"version\": \"1.0.0-beta\"}}");
            Assert.Equal("VersionInvalid", Assert.Throws<AmoException>(() => AmoManifestEditor.StepVersion(m, AmoVersionPart.Patch)).ErrorId);
            Assert.Equal("1.0.0-beta", m.Version);
        }

        [Fact]
        public void LenientReadsGiveNullForWrongTypes()
        {
            AmoManifest m = AmoManifest.Parse("{\"widget\": {\"init_once\": \"Y\", \"installation\": true, \"locale\": [\"ru\", 5]}, \"locations\": [\"lcard\", 7, \"everywhere-1\", \"llist-0\"]}");
            Assert.Null(m.InitOnce);
            Assert.True(m.Installation);
            Assert.Equal(new[] { "ru" }, m.Locale);
            AmoLocation[] l = m.Locations;
            Assert.Equal(new[] { "lcard", "everywhere", "llist" }, l.Select(x => x.Name));
            Assert.Equal(new bool?[] { true, null, false }, l.Select(x => x.RightColumn));
            Assert.Equal(new[] { 0, 2, 3 }, l.Select(x => x.Index));
        }

        [Fact]
        public void ManifestsLoadFromFoldersAndZipsWithStableErrorIds()
        {
            using var t = new TempDir();
            Assert.Equal("PathNotFound", Assert.Throws<AmoException>(() => ManifestFiles.Load(t.Combine("nope.json"))).ErrorId);
            Assert.Equal("ManifestNotFound", Assert.Throws<AmoException>(() => ManifestFiles.Load(t.Path)).ErrorId);
            File.WriteAllText(t.Combine("bad.json"), "{\n  \"a\": ,\n}");
            AmoException bad = Assert.Throws<AmoException>(() => ManifestFiles.Load(t.Combine("bad.json")));
            Assert.Equal("ManifestJsonInvalid", bad.ErrorId);
            Assert.Contains("bad.json:2:8", bad.Message);
            File.WriteAllText(t.Combine("fake.zip"), "not a zip");
            Assert.Equal("ArchiveInvalid", Assert.Throws<AmoException>(() => ManifestFiles.Load(t.Combine("fake.zip"))).ErrorId);

            using (ZipArchive zip = ZipFile.Open(t.Combine("w.zip"), ZipArchiveMode.Create))
            {
                using StreamWriter w = new StreamWriter(zip.CreateEntry("widget/manifest.json").Open());
                w.Write("{\"widget\": {\"name\": \"z\"}}");
            }

            AmoManifest fromZip = ManifestFiles.Load(t.Combine("w.zip"));
            Assert.Equal("z", fromZip.Name);
            Assert.Null(fromZip.Path);
            Assert.Equal("widget/manifest.json", fromZip.ArchiveEntry);
        }

        [Fact]
        public void TheCatalogCoversTheSeedAndTheLaterDocumentedLocations()
        {
            string[] seed = { "lcard", "cucard", "ccard", "comcard", "llist", "culist", "clist", "tlist", "settings", "advanced_settings", "card_sdk", "catalogs", "digital_pipeline", "lead_sources", "whatsapp_modal", "everywhere", "sms", "mobile_card", "amoforms" };
            string[] later = { "tline", "tcalendar", "widget_page", "salesbot_designer", "website_chat_button", "ai_agent" };
            Assert.Equal(seed.Concat(later).OrderBy(x => x), AmoLocationCatalog.All.Select(l => l.Name).OrderBy(x => x));
            Assert.All(AmoLocationCatalog.All, l => Assert.Equal(l.Area == "Card" || l.Area == "List", l.TakesSuffix || l.Name == "card_sdk"));
            Assert.False(AmoLocationCatalog.Find("everywhere")!.TakesSuffix);
        }
    }
}
