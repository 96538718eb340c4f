using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace AmoWidget.Tests.Manifest
{
    /// <summary>Which platform a manifest is written for, as the checks judge it without -Platform.</summary>
    public sealed class PlatformTargetTests
    {
        private static AmoPlatform Judge(string[] locales, string[]? locations = null, string? link = null, string? email = null) =>
            AmoPlatformTarget.Infer(locales, locations ?? Array.Empty<string>(), link, email).Platform;

        [Theory]
        [InlineData(AmoPlatform.AmoCrm, "ru")]
        [InlineData(AmoPlatform.AmoCrm, "ru", "en")]
        [InlineData(AmoPlatform.AmoCrm, "RU ")]
        [InlineData(AmoPlatform.Kommo, "es")]
        [InlineData(AmoPlatform.Kommo, "en", "pt")]
        [InlineData(AmoPlatform.Kommo, "en", "tr", "id")]
        [InlineData(AmoPlatform.Any, "ru", "en", "es", "pt")]
        [InlineData(AmoPlatform.Any, "en")]
        [InlineData(AmoPlatform.Any, "xx")]
        [InlineData(AmoPlatform.Any)]
        public void LanguagesOfOnePlatformNameIt(AmoPlatform expected, params string[] locales) =>
            Assert.Equal(expected, Judge(locales));

        [Fact]
        public void TheReasonNamesTheLanguagesOfBothWhenBothAreThere()
        {
            (AmoPlatform platform, string reason) = AmoPlatformTarget.Infer(new[] { "ru", "es" }, Array.Empty<string>(), null, null);
            Assert.Equal(AmoPlatform.Any, platform);
            Assert.Contains("ru of amoCRM", reason);
            Assert.Contains("es of Kommo", reason);
        }

        [Fact]
        public void WithoutSuchALanguageALocationOfOnePlatformNamesIt()
        {
            Assert.Equal(AmoPlatform.Kommo, Judge(new[] { "en" }, new[] { "lcard-1", "ai_agent" }));
            Assert.Equal(AmoPlatform.AmoCrm, Judge(new[] { "en" }, new[] { "tline" }));
            Assert.Equal(AmoPlatform.Any, Judge(new[] { "en" }, new[] { "tline", "ai_agent" }));
            Assert.Equal(AmoPlatform.Any, Judge(new[] { "en" }, new[] { "lcard-1", "settings", "nonsense" }));
        }

        [Fact]
        public void TheLanguageWinsOverALocation()
        {
            Assert.Equal(AmoPlatform.AmoCrm, Judge(new[] { "ru" }, new[] { "ai_agent" }));
        }

        [Theory]
        [InlineData(AmoPlatform.Kommo, "https://www.kommo.com/support", null)]
        [InlineData(AmoPlatform.AmoCrm, "https://www.amocrm.com", null)]
        [InlineData(AmoPlatform.AmoCrm, "https://mycompany.ru/help", null)]
        [InlineData(AmoPlatform.AmoCrm, null, "help@mycompany.ru")]
        [InlineData(AmoPlatform.Any, "https://mycompany.com/help", "help@mycompany.com")]
        [InlineData(AmoPlatform.Any, "not a url", "no-at-sign")]
        [InlineData(AmoPlatform.Any, "https://ru.example.org", null)]
        public void OnlyThenTheSupportAddressNamesIt(AmoPlatform expected, string? link, string? email) =>
            Assert.Equal(expected, Judge(new[] { "en" }, null, link, email));

        [Fact]
        public void ACheckWithoutAPlatformJudgesByTheOneTheManifestTargetsAndTellsWhy()
        {
            const string manifest = "{\"widget\":{\"name\":\"widget.name\",\"description\":\"widget.description\",\"short_description\":\"widget.short_description\",\"version\":\"1.0.0\",\"interface_version\":2,\"init_once\":false,\"locale\":[\"ru\"],\"installation\":true,\"support\":{\"email\":\"a@mycompany.test\"}},\"locations\":[\"lcard-1\"],\"settings\":{}}";
            string? told = null;
            var detect = new AmoValidationOptions { DetectPlatform = true }.WithPlatformJudged((p, why) => told = p + ": " + why);
            AmoDiagnostic support = AmoValidator.ValidateManifest(manifest, options: detect).Single(d => d.RuleName == RuleNames.AmoSupportMissing);
            Assert.Equal(AmoSeverity.Error, support.Severity);
            Assert.Equal(AmoPlatform.AmoCrm, support.Platform);
            Assert.StartsWith("AmoCrm: widget.locale has ru", told);

            // The same manifest judged as Any (the option's platform, nothing detected): an e-mail alone is what Kommo
            // accepts, so nothing is found, and no one is told of a judgement.
            told = null;
            IReadOnlyList<AmoDiagnostic> loose = AmoValidator.ValidateManifest(manifest, options: new AmoValidationOptions().WithPlatformJudged((p, why) => told = why));
            Assert.DoesNotContain(loose, d => d.RuleName == RuleNames.AmoSupportMissing);
            Assert.All(loose, d => Assert.Equal(AmoPlatform.Any, d.Platform));
            Assert.Null(told);
        }
    }
}
