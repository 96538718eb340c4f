using System;
using System.Collections.Generic;
using System.Linq;
using AmoWidget.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AmoWidget.Tests.Manifest
{
    /// <summary>
    /// The block edits write each block as reference §11 shows it (same keys, same order, same values), keep what
    /// they do not change, and write a minified manifest back minified.
    /// </summary>
    public sealed class BlockEditorTests
    {
        private static AmoManifest NewManifest() => AmoManifestEditor.New(new AmoManifestOptions { SupportEmail = "dev@amowidget.test" });

        /// <summary>Key order and values of a JSON text, without its layout.</summary>
        private static string Shape(string json) => JToken.Parse(json).ToString(Formatting.None);

        private static string Block(AmoManifest m, string key) => Shape(m.Root[key]!.ToString());

        [Fact]
        public void SetSmsWritesTheDocumentedBlockAndLocation()
        {
            AmoManifest m = NewManifest();
            Assert.Empty(AmoManifestEditor.SetSms(m, new Uri("https://example.com/sms_endpoint")));
            Assert.Equal(Shape("{ \"endpoint\": \"https://example.com/sms_endpoint\" }"), Block(m, "sms"));
            Assert.Equal(new[] { "sms" }, m.Locations.Select(l => l.Value));
        }

        [Fact]
        public void SetSmsRefusesAnAddressThatIsNotHttp()
        {
            AmoManifest m = NewManifest();
            Assert.Equal("UrlInvalid", Assert.Throws<AmoException>(() => AmoManifestEditor.SetSms(m, new Uri("ftp://example.com/x"))).ErrorId);
            Assert.Null(m.Root["sms"]);
        }

        [Fact]
        public void SetMobileCardWritesTheDocumentedBlockAndKeepsTheColourWhenNotGiven()
        {
            AmoManifest m = NewManifest();
            AmoManifestEditor.SetMobileCard(m, new Uri("https://example.com/"), "#ffff00");
            Assert.Equal(Shape("{ \"frame_url\": \"https://example.com/\", \"color\": \"#ffff00\" }"), Block(m, "mobile"));
            Assert.Equal(new[] { "mobile_card" }, m.Locations.Select(l => l.Value));
            AmoManifestEditor.SetMobileCard(m, new Uri("https://m.amowidget.test/"), null);
            Assert.Equal(Shape("{ \"frame_url\": \"https://m.amowidget.test/\", \"color\": \"#ffff00\" }"), Block(m, "mobile"));
        }

        [Theory]
        [InlineData("yellow")]
        [InlineData("#fff")]
        [InlineData("ffff00")]
        public void SetMobileCardRefusesAColourThatIsNotRrggbb(string color) =>
            Assert.Equal("ColorInvalid", Assert.Throws<AmoException>(() => AmoManifestEditor.SetMobileCard(NewManifest(), new Uri("https://example.com/"), color)).ErrorId);

        [Fact]
        public void SetFormsSettingsWritesTitleRequiredAndErrorTextInTheDocumentedOrder()
        {
            AmoManifest m = NewManifest();
            AmoManifestEditor.SetFormsSettings(m, null, true, "amoforms.error");
            Assert.Equal(Shape("{ \"title\": \"amoforms.title\", \"required\": true, \"error_text\": \"amoforms.error\" }"), Block(m, "amoforms_settings"));
            Assert.Equal(new[] { "amoforms" }, m.Locations.Select(l => l.Value));
            AmoManifestEditor.SetFormsSettings(m, "forms.button", null, null);
            Assert.Equal(Shape("{ \"title\": \"forms.button\", \"required\": true, \"error_text\": \"amoforms.error\" }"), Block(m, "amoforms_settings"));
        }

        [Fact]
        public void AddLeftMenuItemWritesTheDocumentedItem()
        {
            AmoManifest m = NewManifest();
            IReadOnlyList<string> warnings = AmoManifestEditor.AddLeftMenuItem(m, "my_page", "lang.code", "images/home_page.svg", "leads",
                new[] { new AmoLeftMenuSubItem("reports", "lang.reports", 2) });
            Assert.Empty(warnings);
            Assert.Equal(
                Shape("{ \"my_page\": { \"title\": \"lang.code\", \"icon\": \"images/home_page.svg\", \"sort\": { \"after\": \"leads\" }, \"submenu\": { \"reports\": { \"title\": \"lang.reports\", \"sort\": 2 } } } }"),
                Block(m, "left_menu"));
            Assert.Equal(new[] { "widget_page" }, m.Locations.Select(l => l.Value));
        }

        [Fact]
        public void AddLeftMenuItemKeepsTheLightAndDarkIconsOfAnItem()
        {
            AmoManifest m = AmoManifest.Parse("{\"locations\": [\"widget_page\"], \"left_menu\": {\"sim\": {\"title\": \"left_menu.sim\", \"icons\": {\"light\": \"images/l.svg\", \"dark\": \"images/d.svg\"}}}}");
            Assert.Empty(AmoManifestEditor.AddLeftMenuItem(m, "sim", null, null, "stats", Array.Empty<AmoLeftMenuSubItem>()));
            Assert.Equal("{\"locations\": [\"widget_page\"], \"left_menu\": {\"sim\": {\"title\": \"left_menu.sim\", \"icons\": {\"light\": \"images/l.svg\", \"dark\": \"images/d.svg\"}, \"sort\": {\"after\": \"stats\"}}}}", m.ToJson());
        }

        [Fact]
        public void AddLeftMenuItemWarnsOfAMissingOrNonSvgIconButNotForASystemSection()
        {
            AmoManifest m = NewManifest();
            Assert.Contains("no icon", Assert.Single(AmoManifestEditor.AddLeftMenuItem(m, "page", null, null, null, Array.Empty<AmoLeftMenuSubItem>())));
            Assert.Contains("not an .svg", Assert.Single(AmoManifestEditor.AddLeftMenuItem(m, "page", null, "images/logo_min.png", null, Array.Empty<AmoLeftMenuSubItem>())));
            Assert.Empty(AmoManifestEditor.AddLeftMenuItem(m, "stats", null, null, null, new[] { new AmoLeftMenuSubItem("weekly") }));
            Assert.Equal(Shape("{ \"submenu\": { \"weekly\": { \"title\": \"left_menu.weekly\" } } }"), Shape(((JsonObject)m.Root["left_menu"]!)["stats"]!.ToString()));
        }

        [Fact]
        public void RemoveLeftMenuItemRemovesOnlyThatItem()
        {
            AmoManifest m = NewManifest();
            AmoManifestEditor.AddLeftMenuItem(m, "a", null, "images/a.svg", null, Array.Empty<AmoLeftMenuSubItem>());
            AmoManifestEditor.AddLeftMenuItem(m, "b", null, "images/b.svg", null, Array.Empty<AmoLeftMenuSubItem>());
            Assert.True(AmoManifestEditor.RemoveLeftMenuItem(m, "a"));
            Assert.False(AmoManifestEditor.RemoveLeftMenuItem(m, "a"));
            Assert.Equal(new[] { "b" }, ((JsonObject)m.Root["left_menu"]!).Keys);
        }

        [Fact]
        public void SetTourWritesTheDocumentedBlock()
        {
            AmoManifest m = AmoManifestEditor.New(new AmoManifestOptions { Locale = new[] { "en", "es" } });
            IReadOnlyList<string> warnings = AmoManifestEditor.SetTour(m, null, new[]
            {
                new KeyValuePair<string, string[]>("en", new[] { "/images/tour_1_en.png", "/images/tour_2_en.png", "/images/tour_3_en.png" }),
                new KeyValuePair<string, string[]>("es", new[] { "/images/tour_1_es.png", "/images/tour_2_es.png", "/images/tour_3_es.png" }),
            });
            Assert.Empty(warnings);
            Assert.Equal(
                Shape("{ \"is_tour\": true, \"tour_images\": { \"en\": [\"/images/tour_1_en.png\", \"/images/tour_2_en.png\", \"/images/tour_3_en.png\"], \"es\": [\"/images/tour_1_es.png\", \"/images/tour_2_es.png\", \"/images/tour_3_es.png\"] }, \"tour_description\": \"widget.tour_description\" }"),
                Block(m, "tour"));
            Assert.Contains("\"en\": [\"/images/tour_1_en.png\", \"/images/tour_2_en.png\", \"/images/tour_3_en.png\"]", m.ToJson());
        }

        [Fact]
        public void SetTourReplacesTheImagesOfTheLanguagesGivenAndKeepsTheOthers()
        {
            AmoManifest m = AmoManifest.Parse("{\"widget\": {\"locale\": [\"ru\", \"en\"]}, \"tour\": {\"is_tour\": true, \"tour_description\": \"t.d\", \"tour_images\": {\"ru\": [\"a.png\"], \"en\": [\"b.png\"]}}}");
            Assert.Empty(AmoManifestEditor.SetTour(m, null, new[] { new KeyValuePair<string, string[]>("ru", new[] { "c.png", "d.png" }) }));
            Assert.Equal("{\"widget\": {\"locale\": [\"ru\", \"en\"]}, \"tour\": {\"is_tour\": true, \"tour_description\": \"t.d\", \"tour_images\": {\"ru\": [\"c.png\", \"d.png\"], \"en\": [\"b.png\"]}}}", m.ToJson());
            Assert.Contains("'pt'", Assert.Single(AmoManifestEditor.SetTour(m, null, new[] { new KeyValuePair<string, string[]>("pt", new[] { "e.png" }) })));
        }

        [Fact]
        public void SetTourRefusesALanguageWithoutImages() =>
            Assert.Equal("TourImageInvalid", Assert.Throws<AmoException>(() =>
                AmoManifestEditor.SetTour(NewManifest(), null, new[] { new KeyValuePair<string, string[]>("en", Array.Empty<string>()) })).ErrorId);

        [Fact]
        public void RemoveTourRemovesTheBlock()
        {
            AmoManifest m = NewManifest();
            AmoManifestEditor.SetTour(m, null, null);
            Assert.True(AmoManifestEditor.RemoveTour(m));
            Assert.False(AmoManifestEditor.RemoveTour(m));
            Assert.Null(m.Root["tour"]);
        }

        [Theory]
        [InlineData("digital_pipeline", "dp")]
        [InlineData("sms", "sms")]
        [InlineData("widget_page", "left_menu")]
        [InlineData("amoforms", "amoforms_settings")]
        public void ALocationsBlockIsLeftBehindUntilNoOwnerRemains(string location, string block)
        {
            AmoManifest m = NewManifest();
            m.Root[block] = new JsonObject();
            AmoManifestEditor.AddLocation(m, location, null);
            Assert.Null(AmoManifestEditor.LeftoverBlock(m, location));
            AmoManifestEditor.RemoveLocation(m, location);
            Assert.Equal(block, AmoManifestEditor.LeftoverBlock(m, location));
            Assert.Null(AmoManifestEditor.LeftoverBlock(m, "lcard"));
        }

        [Theory]
        [InlineData("sms", "Set-AmoSms")]
        [InlineData("mobile_card", "Set-AmoMobileCard")]
        [InlineData("amoforms", "Set-AmoFormsSettings")]
        [InlineData("widget_page", "Add-AmoLeftMenuItem")]
        public void ALocationWithoutItsBlockNamesTheCmdletThatAddsIt(string location, string cmdlet) =>
            Assert.Contains(cmdlet, Assert.Single(AmoManifestEditor.AddLocation(NewManifest(), location, null)));

        /// <summary>Case 14 (a one-line manifest): a member added to a one-member object takes the file's "," with no space.</summary>
        [Fact]
        public void AMinifiedManifestStaysMinifiedToTheByte()
        {
            const string text = "{\"widget\":{\"version\":\"1.0.0\",\"locale\":[\"ru\",\"en\"]},\"locations\":[\"settings\"],\"settings\":{\"fakeConfig\":{\"type\":\"custom\",\"name\":\"settings.fakeConfig\"}},\"advanced\":{\"title\":\"advanced.title\"}}";
            AmoManifest m = AmoManifest.Parse(text);
            AmoManifestEditor.AddSetting(m, "api_key", AmoSettingType.Text, null, true);
            AmoManifestEditor.SetTour(m, null, new[] { new KeyValuePair<string, string[]>("ru", new[] { "/images/tour_1_ru.png" }) });
            AmoManifestEditor.SetAdvancedSettings(m, "advanced.page");
            AmoManifestEditor.AddLeftMenuItem(m, "main", null, "images/m.svg", "leads", Array.Empty<AmoLeftMenuSubItem>());
            Assert.Equal(
                "{\"widget\":{\"version\":\"1.0.0\",\"locale\":[\"ru\",\"en\"]},\"locations\":[\"settings\",\"advanced_settings\",\"widget_page\"],\"settings\":{\"fakeConfig\":{\"type\":\"custom\",\"name\":\"settings.fakeConfig\"},\"api_key\":{\"name\":\"settings.api_key\",\"type\":\"text\",\"required\":true}},\"advanced\":{\"title\":\"advanced.page\"},\"tour\":{\"is_tour\":true,\"tour_images\":{\"ru\":[\"/images/tour_1_ru.png\"]},\"tour_description\":\"widget.tour_description\"},\"left_menu\":{\"main\":{\"title\":\"left_menu.main\",\"icon\":\"images/m.svg\",\"sort\":{\"after\":\"leads\"}}}}",
                m.ToJson());
        }

        /// <summary>A one-line file written with spaces ("a": 1, "b": 2) keeps them in what is added.</summary>
        [Fact]
        public void AOneLineManifestWithSpacesKeepsItsSpaces()
        {
            AmoManifest m = AmoManifest.Parse("{ \"locations\": [\"settings\", \"lcard-1\"], \"settings\": {\"a\": {\"name\": \"settings.a\"}} }");
            AmoManifestEditor.AddSetting(m, "b", AmoSettingType.Pass, null, false);
            Assert.Equal("{ \"locations\": [\"settings\", \"lcard-1\"], \"settings\": {\"a\": {\"name\": \"settings.a\"}, \"b\": {\"name\": \"settings.b\", \"type\": \"pass\", \"required\": false}} }", m.ToJson());
        }
    }
}
