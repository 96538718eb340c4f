using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AmoWidget.Json;
using AmoWidget.Scaffold;
using Xunit;

namespace AmoWidget.Tests.Package
{
    public sealed class ScaffolderTests
    {
        public static IEnumerable<object[]> EveryLocation => AmoLocationCatalog.All.Select(l => new object[] { l.Name });

        [Fact]
        public void LogosHaveExactlyTheDocumentedSizesAndDecode()
        {
            AmoWidgetScaffold s = AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Locations = new[] { "digital_pipeline" } });
            var expected = new Dictionary<string, (int, int)>
            {
                ["images/logo.png"] = (130, 100),
                ["images/logo_main.png"] = (400, 272),
                ["images/logo_medium.png"] = (240, 84),
                ["images/logo_min.png"] = (84, 84),
                ["images/logo_small.png"] = (108, 108),
                ["images/logo_dp.png"] = (174, 109),
                ["images/tour_1_ru.png"] = (1188, 616),
                ["images/tour_1_en.png"] = (1188, 616),
            };
            AmoScaffoldFile[] pngs = s.Files.Where(f => f.Path.EndsWith(".png", StringComparison.Ordinal)).ToArray();
            Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), pngs.Select(p => p.Path).OrderBy(k => k, StringComparer.Ordinal));
            foreach (AmoScaffoldFile png in pngs)
            {
                (int width, int height, byte[] raw) = PngCheck.Decode(png.Content);
                Assert.Equal(expected[png.Path], (width, height));
                Assert.True(png.Content.Length < 300 * 1024);
                int stride = 1 + width * 3;
                Assert.Equal(0x1B, raw[1]);
                int centre = (height / 2) * stride + 1 + (width / 2) * 3;
                Assert.Equal(0xFF, raw[centre]);
            }
        }

        [Fact]
        public void WithoutDigitalPipelineThereIsNoDpLogo()
        {
            AmoWidgetScaffold s = AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Locations = new[] { "lcard" } });
            Assert.DoesNotContain(s.Files, f => f.Path == "images/logo_dp.png");
            Assert.Equal(5, s.Files.Count(f => f.Path.StartsWith("images/logo", StringComparison.Ordinal)));
            Assert.Equal(new[] { "images/tour_1_ru.png", "images/tour_1_en.png" }, s.Files.Where(f => f.Path.StartsWith("images/tour", StringComparison.Ordinal)).Select(f => f.Path));
        }

        [Theory]
        [MemberData(nameof(EveryLocation))]
        public void EveryLocationGetsItsBlockCallbacksAndI18nKeys(string location)
        {
            AmoLocationInfo info = AmoLocationCatalog.Find(location)!;
            string[] locale = info.Platforms == AmoPlatforms.Kommo ? new[] { "en", "es", "pt", "tr", "id" } : new[] { "ru", "en" };
            AmoWidgetScaffold s = AmoWidgetScaffolder.Plan("my-widget", new AmoWidgetScaffoldOptions
            {
                Locations = new[] { location },
                Locale = locale,
                SupportEmail = "dev@amowidget.test",
                SupportLink = "https://amowidget.test/support",
                SmsEndpoint = new Uri("https://widgets.amowidget.test/sms"),
                MobileFrameUrl = new Uri("https://widgets.amowidget.test/mobile"),
            });

            Assert.Empty(s.Warnings);
            AmoManifest m = AmoManifest.Parse(File(s, "manifest.json"));
            Assert.Contains(m.Locations, l => l.Name == location);
            if (info.RequiresBlock != null)
            {
                Assert.IsType<JsonObject>(m.Root[info.RequiresBlock]);
            }

            if (info.RequiresLocationArea != null)
            {
                Assert.Contains(m.Locations, l => l.Area == info.RequiresLocationArea && l.Name != location);
            }

            string script = File(s, "script.js");
            Assert.StartsWith("/*", script);
            Assert.Contains("define(['jquery'], function ($) {", script);
            foreach (string callback in AmoLocationCatalog.BaseCallbacks.Concat(info.RequiredCallbacks))
            {
                string member = callback.Contains('.') ? callback.Substring(callback.IndexOf('.') + 1) : callback;
                Assert.Contains(" " + member + ": function (", script);
                if (callback.Contains('.'))
                {
                    Assert.Contains(" " + callback.Substring(0, callback.IndexOf('.')) + ": {", script);
                }
            }

            Assert.Equal(locale.Select(l => "i18n/" + l + ".json"), s.Files.Where(f => f.Path.StartsWith("i18n/", StringComparison.Ordinal)).Select(f => f.Path));
            string[] shape = null!;
            foreach (string language in locale)
            {
                JsonDocument i18n = JsonDocument.Parse(File(s, "i18n/" + language + ".json"));
                string[] keys = Leaves(i18n.Root, "").ToArray();
                shape ??= keys;
                Assert.Equal(shape, keys);
                foreach (string key in I18nKeys(m.Root))
                {
                    Assert.True(i18n.Resolve("/" + key.Replace('.', '/')) is JsonValue { Value: string text } && text.Length > 0, $"{language}: {key}");
                }

                if (location == "ai_agent")
                {
                    Assert.True(i18n.Resolve("/widget/ai_agent_description") is JsonValue { Value: string d } && d.Length > 20);
                }
            }
        }

        [Fact]
        public void DottedCallbacksAreNestedObjects()
        {
            AmoWidgetScaffold s = AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Locations = new[] { "llist", "clist", "tlist" } });
            string script = File(s, "script.js");
            Assert.Contains("      leads: {\n        // ", script);
            Assert.Contains("      contacts: {", script);
            Assert.Contains("      todo: {", script);
            Assert.DoesNotContain("leads.selected", script);
        }

        [Fact]
        public void CardSdkAloneGetsALeadCardWithoutThePanel()
        {
            AmoWidgetScaffold s = AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Locations = new[] { "card_sdk" } });
            Assert.Equal(new[] { "card_sdk", "lcard-0" }, s.Manifest.Locations.Select(l => l.Value));
            Assert.Single(s.Notes);
            Assert.Contains("return Promise.resolve([]);", File(s, "script.js"));
        }

        [Fact]
        public void CardSdkWithACardAddsNothing()
        {
            AmoWidgetScaffold s = AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Locations = new[] { "ccard-0", "card_sdk" } });
            Assert.Equal(new[] { "ccard-0", "card_sdk" }, s.Manifest.Locations.Select(l => l.Value));
            Assert.Empty(s.Notes);
        }

        [Fact]
        public void DigitalPipelineLeavesTheOptionalWebhookOutUnlessGiven()
        {
            AmoWidgetScaffold without = AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Locations = new[] { "digital_pipeline" }, SupportEmail = "a@b.test", SupportLink = "https://b.test/help" });
            JsonObject dp = (JsonObject)without.Manifest.Root["dp"]!;
            Assert.Null(dp["webhook_url"]);
            Assert.Equal(false, ((JsonValue)dp["action_multiple"]!).Value);
            Assert.Equal("dp.message", ((JsonValue)((JsonObject)((JsonObject)dp["settings"]!)["message"]!)["name"]!).Value);
            Assert.Empty(without.Warnings);

            AmoWidgetScaffold with = AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Locations = new[] { "digital_pipeline" }, WebhookUrl = new Uri("https://hooks.amowidget.test/dp") });
            Assert.Equal("https://hooks.amowidget.test/dp", ((JsonValue)((JsonObject)with.Manifest.Root["dp"]!)["webhook_url"]!).Value);
        }

        [Fact]
        public void MissingAddressesAndSupportAreWrittenAsPlaceholdersAndWarnedAbout()
        {
            // An amoCRM widget (ru, en): both support fields amoCRM asks for, each a placeholder and a warning.
            AmoWidgetScaffold s = AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Locations = new[] { "sms", "mobile_card" } });
            Assert.Equal(4, s.Warnings.Count);
            Assert.Equal("support@example.com", s.Manifest.SupportEmail);
            Assert.Equal("https://example.com/support", s.Manifest.SupportLink);
            Assert.Equal("https://example.com/sms", ((JsonValue)((JsonObject)s.Manifest.Root["sms"]!)["endpoint"]!).Value);

            // A Kommo widget asks for a link or an e-mail: the link alone is written.
            AmoWidgetScaffold kommo = AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Platform = AmoPlatform.Kommo });
            Assert.Null(kommo.Manifest.SupportEmail);
            Assert.Equal("https://example.com/support", kommo.Manifest.SupportLink);
            Assert.Single(kommo.Warnings);

            // What was given is kept, and nothing is invented beside what the platform asks for.
            AmoWidgetScaffold given = AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Platform = AmoPlatform.Kommo, SupportEmail = "a@b.test" });
            Assert.Equal("a@b.test", given.Manifest.SupportEmail);
            Assert.Null(given.Manifest.SupportLink);
            Assert.Empty(given.Warnings);
        }

        [Fact]
        public void APlatformGivesItsLanguagesAndRefusesWhatItLacks()
        {
            Assert.Equal(new[] { "ru", "en" }, AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Platform = AmoPlatform.AmoCrm }).Manifest.Locale);
            Assert.Equal(new[] { "en", "es", "pt" }, AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Platform = AmoPlatform.Kommo }).Manifest.Locale);
            Assert.Equal("LocaleUnknown", Assert.Throws<AmoException>(() => AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Platform = AmoPlatform.Kommo, Locale = new[] { "ru" } })).ErrorId);
            Assert.Equal("LocaleUnknown", Assert.Throws<AmoException>(() => AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Platform = AmoPlatform.AmoCrm, Locale = new[] { "en", "pt" } })).ErrorId);
            Assert.Equal("LocationUnknown", Assert.Throws<AmoException>(() => AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Platform = AmoPlatform.AmoCrm, Locations = new[] { "ai_agent" } })).ErrorId);
            Assert.Equal("LocationUnknown", Assert.Throws<AmoException>(() => AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Platform = AmoPlatform.Kommo, Locations = new[] { "tcalendar" } })).ErrorId);
        }

        [Fact]
        public void DefaultsAreLeadCardAndSettingsInRussianAndEnglish()
        {
            AmoWidgetScaffold s = AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions());
            Assert.Equal(new[] { "lcard-1", "settings" }, s.Manifest.Locations.Select(l => l.Value));
            Assert.Equal(new[] { "ru", "en" }, s.Manifest.Locale);

            AmoWidgetScaffold kommo = AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Locations = new[] { "ai_agent" } });
            Assert.Equal(new[] { "en" }, kommo.Manifest.Locale);
        }

        [Fact]
        public void UnknownNamesAreRefusedBeforeAnythingIsWritten()
        {
            Assert.Equal("LocationUnknown", Assert.Throws<AmoException>(() => AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Locations = new[] { "lcrad" } })).ErrorId);
            Assert.Equal("LocaleUnknown", Assert.Throws<AmoException>(() => AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Locale = new[] { "de" } })).ErrorId);
            Assert.Equal("RightColumnNotSupported", Assert.Throws<AmoException>(() => AmoWidgetScaffolder.Plan("w", new AmoWidgetScaffoldOptions { Locations = new[] { "everywhere-1" } })).ErrorId);
        }

        [Fact]
        public void ANonEmptyFolderNeedsForceAndForceKeepsOtherFiles()
        {
            using var t = new TempDir();
            System.IO.File.WriteAllText(t.Combine("notes.txt"), "mine");
            AmoWidgetScaffold s = AmoWidgetScaffolder.Plan(t.Path, new AmoWidgetScaffoldOptions());
            var ex = Assert.Throws<AmoException>(() => AmoWidgetScaffolder.Write(s, t.Path, false));
            Assert.Equal("FolderNotEmpty", ex.ErrorId);
            Assert.Single(Directory.GetFileSystemEntries(t.Path));

            AmoWidgetScaffolder.Write(s, t.Path, true);
            Assert.Equal("mine", System.IO.File.ReadAllText(t.Combine("notes.txt")));
            foreach (AmoScaffoldFile f in s.Files)
            {
                Assert.Equal(f.Content, System.IO.File.ReadAllBytes(t.Combine(f.Path.Split('/'))));
            }

            Assert.Empty(Directory.GetFiles(t.Path, "*.tmp", SearchOption.AllDirectories));
        }

        [Fact]
        public void TheSameRequestPlansTheSameBytes()
        {
            var options = new AmoWidgetScaffoldOptions { Locations = new[] { "lcard", "digital_pipeline", "widget_page" }, Name = "Demo" };
            AmoWidgetScaffold a = AmoWidgetScaffolder.Plan("w", options);
            AmoWidgetScaffold b = AmoWidgetScaffolder.Plan("w", options);
            Assert.Equal(a.Files.Select(f => f.Path), b.Files.Select(f => f.Path));
            Assert.All(a.Files.Zip(b.Files, (First, Second) => (First, Second)), pair => Assert.Equal(pair.First.Content, pair.Second.Content));
        }

        private static string File(AmoWidgetScaffold s, string path) =>
            new System.Text.UTF8Encoding(false, true).GetString(s.Files.Single(f => f.Path == path).Content);

        /// <summary>Every manifest string that names an i18n key (a dotted path whose first part is one of the scaffold's sections).</summary>
        private static IEnumerable<string> I18nKeys(JsonNode node)
        {
            string[] sections = { "widget.", "settings.", "dp.", "advanced.", "salesbot.", "left_menu.", "amoforms." };
            return Strings(node).Where(s => sections.Any(p => s.StartsWith(p, StringComparison.Ordinal)) && !s.Contains('/') && !s.Contains(' '));
        }

        private static IEnumerable<string> Strings(JsonNode node) => node switch
        {
            JsonObject o => o.Properties.SelectMany(p => Strings(p.Value)),
            JsonArray a => a.Items.SelectMany(Strings),
            JsonValue { Value: string s } => new[] { s },
            _ => Array.Empty<string>(),
        };

        private static IEnumerable<string> Leaves(JsonNode node, string prefix) => node is JsonObject o
            ? o.Properties.SelectMany(p => Leaves(p.Value, prefix + "/" + p.Key))
            : new[] { prefix };
    }
}
