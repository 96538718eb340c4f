using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AmoWidget.Packaging;
using AmoWidget.Scaffold;
using Xunit;

namespace AmoWidget.Tests.Package
{
    /// <summary>A new widget passes the validator strictly, as a folder and as the archive the packer makes of it.</summary>
    public sealed class ScaffoldValidationTests
    {
        private static readonly string[] AmoCrmLocales = { "ru", "en" };
        private static readonly string[] KommoLocales = { "en", "es", "pt", "tr", "id" };

        public static IEnumerable<object[]> EveryLocationAndPlatform =>
            AmoLocationCatalog.All.SelectMany(l => new[] { AmoPlatform.AmoCrm, AmoPlatform.Kommo }
                .Where(l.IsOn)
                .Select(p => new object[] { l.Name, p }));

        public static IEnumerable<object[]> Combinations => new[]
        {
            new object[] { new[] { "lcard", "llist", "digital_pipeline", "advanced_settings", "catalogs", "lead_sources", "settings" }, AmoPlatform.Any },
            new object[] { new[] { "lcard-0", "ccard", "comcard", "card_sdk", "clist-0", "tlist", "settings" }, AmoPlatform.AmoCrm },
            new object[] { new[] { "salesbot_designer", "widget_page", "sms", "mobile_card", "everywhere" }, AmoPlatform.Kommo },
            new object[] { new[] { "ai_agent", "website_chat_button", "digital_pipeline", "salesbot_designer" }, AmoPlatform.Kommo },
            new object[] { new[] { "cucard", "culist", "tline", "tcalendar", "whatsapp_modal", "amoforms", "advanced_settings" }, AmoPlatform.AmoCrm },
            new object[] { AmoLocationCatalog.All.Where(l => l.Platforms == AmoPlatforms.Both).Select(l => l.Name).ToArray(), AmoPlatform.Any },
        };

        [Theory]
        [MemberData(nameof(EveryLocationAndPlatform))]
        public void EachLocationAlonePassesStrictly(string location, AmoPlatform platform) =>
            AssertPassesStrictly(new[] { location }, platform);

        [Theory]
        [MemberData(nameof(Combinations))]
        public void CombinationsPassStrictly(string[] locations, AmoPlatform platform) =>
            AssertPassesStrictly(locations, platform);

        [Fact]
        public void WithoutSupportOnlyThePlaceholderWarningsAreLeftForThePlatformItIsFor()
        {
            using var t = new TempDir();
            string folder = t.Combine("w");
            AmoWidgetScaffolder.Write(AmoWidgetScaffolder.Plan(folder, new AmoWidgetScaffoldOptions()), folder, false);
            IReadOnlyList<AmoDiagnostic> findings = AmoValidator.ValidateWidget(folder, new AmoValidationOptions { DetectPlatform = true });
            Assert.Equal(new[] { "AmoPlaceholderUrl", "AmoPlaceholderUrl" }, findings.Select(d => d.RuleName));
            Assert.All(findings, d => Assert.Equal(AmoPlatform.AmoCrm, d.Platform));
            Assert.True(AmoValidator.Passes(findings, strict: false));
            Assert.False(AmoValidator.Passes(findings, strict: true));
        }

        private static void AssertPassesStrictly(string[] locations, AmoPlatform platform)
        {
            string[] locale = platform == AmoPlatform.Kommo ? KommoLocales : AmoCrmLocales;
            using var t = new TempDir();
            string folder = t.Combine("my-widget");
            AmoWidgetScaffold scaffold = AmoWidgetScaffolder.Plan(folder, new AmoWidgetScaffoldOptions
            {
                Locations = locations,
                Locale = locale,
                Name = "Demo widget",
                SupportEmail = "dev@amowidget.test",
                SupportLink = "https://amowidget.test/support",
                SmsEndpoint = new Uri("https://widgets.amowidget.test/sms"),
                MobileFrameUrl = new Uri("https://widgets.amowidget.test/mobile"),
            });
            Assert.Empty(scaffold.Warnings);
            AmoWidgetScaffolder.Write(scaffold, folder, false);

            var options = new AmoValidationOptions { Platform = platform };
            IReadOnlyList<AmoDiagnostic> onFolder = AmoValidator.ValidateWidget(folder, options);
            Assert.True(AmoValidator.Passes(onFolder, strict: true), string.Join("\n", onFolder));

            FileInfo zip = AmoWidgetPacker.WriteFile(folder, t.Combine("widget.zip"), false);
            IReadOnlyList<AmoDiagnostic> onZip = AmoValidator.ValidateWidget(zip.FullName, options);
            Assert.True(AmoValidator.Passes(onZip, strict: true), string.Join("\n", onZip));
        }
    }
}
