using System.Collections.Generic;
using System.Linq;
using System.Text;
using Xunit;
using static AmoWidget.Tests.ValidationAssert;

namespace AmoWidget.Tests
{
    /// <summary>Each manifest rule: a case that fires and a near case that does not, from the docs widget's manifest.</summary>
    public sealed class ManifestRuleTests
    {
        [Fact]
        public void TheDocsManifestHasNoFindingAtAll() => Clean(CheckManifest(DocsWidget.Manifest));

        [Fact]
        public void AmoJsonInvalidIsOneFindingWithLineAndColumn()
        {
            IReadOnlyList<AmoDiagnostic> d = CheckManifest("{\n  \"widget\": {\n    \"name\": ,\n  }\n}");
            AmoDiagnostic f = Assert.Single(d);
            Assert.Equal("AmoJsonInvalid", f.RuleName);
            Assert.Equal(AmoSeverity.Error, f.Severity);
            Assert.Equal(3, f.Line);
            Assert.Equal(13, f.Column);
        }

        [Fact]
        public void AmoJsonInvalidDoesNotFireOnEmptyObjectsAndArrays() => Silent(CheckManifest("{\"widget\": {}, \"locations\": []}"), "AmoJsonInvalid");

        [Fact]
        public void AmoJsonDuplicateKeyFiresOnARepeatedKeyInOneObject()
        {
            AmoDiagnostic f = Fires(CheckManifest(DocsManifestWith("\"init_once\": false,", "\"init_once\": false,\n    \"init_once\": true,")), "AmoJsonDuplicateKey", "/widget/init_once");
            Assert.Equal(9, f.Line);
        }

        [Fact]
        public void AmoJsonDuplicateKeyIgnoresTheSameKeyInDifferentObjects() => Silent(CheckManifest(DocsWidget.Manifest), "AmoJsonDuplicateKey");

        [Fact]
        public void AmoFileHasBomFiresOnAByteOrderMark()
        {
            byte[] bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(DocsWidget.Manifest)).ToArray();
            AmoDiagnostic f = Fires(AmoValidator.ValidateManifest(bytes), "AmoFileHasBom");
            Assert.Equal(1, f.Line);
        }

        [Fact]
        public void AmoFileHasBomIgnoresAFeffInsideAString() =>
            Silent(AmoValidator.ValidateManifest(Encoding.UTF8.GetBytes(DocsManifestWith("\"1.0.0\"", "\"1.0.0\uFEFF\""))), "AmoFileHasBom");

        [Fact]
        public void AmoFieldRequiredFiresOnAMissingRequiredKey()
        {
            AmoDiagnostic f = Fires(CheckManifest(DocsManifestWith("\"installation\": true,", string.Empty)), "AmoFieldRequired", "/widget/installation");
            Assert.Equal(AmoSeverity.Error, f.Severity);
            Assert.Equal(2, f.Line);
        }

        [Fact]
        public void AmoFieldRequiredIgnoresAMissingOptionalKey() => Silent(CheckManifest(DocsManifestWith("\"version\": \"1.0.0\",", string.Empty)), "AmoFieldRequired");

        [Fact]
        public void AmoFieldTypeFiresOnInitOnceY()
        {
            AmoDiagnostic f = Fires(CheckManifest(DocsManifestWith("\"init_once\": false", "\"init_once\": \"Y\"")), "AmoFieldType", "/widget/init_once");
            Assert.Contains("\"Y\"", f.Message);
            Assert.Equal(8, f.Line);
            Assert.Equal(18, f.Column);
        }

        [Fact]
        public void AmoFieldTypeIgnoresABoolean() => Silent(CheckManifest(DocsManifestWith("\"init_once\": false", "\"init_once\": true")), "AmoFieldType");

        [Fact]
        public void AmoInterfaceVersionFiresOnOne() => Fires(CheckManifest(DocsManifestWith("\"interface_version\": 2", "\"interface_version\": 1")), "AmoInterfaceVersion", "/widget/interface_version");

        [Fact]
        public void AmoInterfaceVersionFiresOnAString() => Fires(CheckManifest(DocsManifestWith("\"interface_version\": 2", "\"interface_version\": \"2\"")), "AmoInterfaceVersion");

        [Fact]
        public void AmoInterfaceVersionIgnoresTwo() => Silent(CheckManifest(DocsWidget.Manifest), "AmoInterfaceVersion");

        [Fact]
        public void AmoSupportMissingFiresWithoutSupport()
        {
            string json = DocsManifestWith("\"installation\": true,\n    \"support\": {\n      \"link\": \"https://support.my-widget.ru\",\n      \"email\": \"help@my-widget.ru\"\n    }", "\"installation\": true");
            AmoDiagnostic f = Fires(CheckManifest(json), "AmoSupportMissing", "/widget/support");
            Assert.Equal(AmoSeverity.Warning, f.Severity);
        }

        [Fact]
        public void AmoSupportMissingFiresOnSupportWithNeitherLinkNorEmail() =>
            Fires(CheckManifest(DocsManifestWith("\"link\": \"https://support.my-widget.ru\",\n      \"email\": \"help@my-widget.ru\"", "\"url\": \"x\"")), "AmoSupportMissing");

        [Fact]
        public void AmoSupportMissingIgnoresAnEmailWithoutLink() =>
            Silent(CheckManifest(DocsManifestWith("\"link\": \"https://support.my-widget.ru\",", string.Empty)), "AmoSupportMissing");

        [Fact]
        public void AmoLegacyCodeSecretFiresAndNeverPrintsTheKey()
        {
            const string secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
            IReadOnlyList<AmoDiagnostic> d = CheckManifest(DocsManifestWith("\"version\": \"1.0.0\",", $"\"version\": \"1.0.0\",\n    \"code\": \"my_widget\",\n    \"secret_key\": \"{secret}\","));
            Fires(d, "AmoLegacyCodeSecret", "/widget/secret_key");
            Fires(d, "AmoLegacyCodeSecret", "/widget/code");
            Assert.DoesNotContain(d, x => x.ToString().Contains(secret));
        }

        [Fact]
        public void AmoLegacyCodeSecretIgnoresAModernWidget() => Silent(CheckManifest(DocsWidget.Manifest), "AmoLegacyCodeSecret");

        [Fact]
        public void AmoPlaceholderUrlFiresOnTheDocsExampleAddress() =>
            Fires(CheckManifest(DocsManifestWith("https://hooks.my-widget.ru/dp", "https://example.com/webhook")), "AmoPlaceholderUrl", "/dp/webhook_url");

        [Fact]
        public void AmoPlaceholderUrlIgnoresAHostThatOnlyLooksLikeIt() =>
            Silent(CheckManifest(DocsManifestWith("https://hooks.my-widget.ru/dp", "https://myexample.com/dp")), "AmoPlaceholderUrl");

        [Fact]
        public void AmoLocaleUnknownFiresOnARegionCodeAndSuggestsTheLanguage()
        {
            AmoDiagnostic f = Fires(CheckManifest(DocsManifestWith("[\"ru\", \"en\"]", "[\"ru\", \"es_ES\"]")), "AmoLocaleUnknown", "/widget/locale/1");
            Assert.Contains("\"es\"", f.Suggestion);
        }

        [Fact]
        public void AmoLocaleUnknownFollowsThePlatform()
        {
            string json = DocsManifestWith("[\"ru\", \"en\"]", "[\"en\", \"es\"]");
            Fires(CheckManifest(json, AmoPlatform.AmoCrm), "AmoLocaleUnknown", "/widget/locale/1");
            Silent(CheckManifest(json, AmoPlatform.Kommo), "AmoLocaleUnknown");
            Silent(CheckManifest(json), "AmoLocaleUnknown");
        }

        [Fact]
        public void AmoLocationUnknownFiresWithTheNearestName()
        {
            AmoDiagnostic f = Fires(CheckManifest(DocsManifestWith("\"lcard-1\"", "\"lcrad-1\"")), "AmoLocationUnknown", "/locations/0");
            Assert.Contains("lcard-1", f.Suggestion);
            Assert.Equal(AmoSeverity.Error, f.Severity);
        }

        [Fact]
        public void AmoLocationUnknownFiresOnALocationOfTheOtherPlatform()
        {
            string json = DocsManifestWith("\"ccard-1\"", "\"cucard-1\"");
            Fires(CheckManifest(json, AmoPlatform.Kommo), "AmoLocationUnknown", "/locations/1");
            Silent(CheckManifest(json, AmoPlatform.AmoCrm), "AmoLocationUnknown");
            Silent(CheckManifest(json), "AmoLocationUnknown");
        }

        [Theory]
        [InlineData("\"everywhere-1\"")]
        [InlineData("\"settings-0\"")]
        [InlineData("\"lcard-2\"")]
        public void AmoLocationSuffixNotAllowedFires(string location) =>
            Fires(CheckManifest(DocsManifestWith("\"lcard-1\"", location)), "AmoLocationSuffixNotAllowed", "/locations/0");

        [Theory]
        [InlineData("\"everywhere\"")]
        [InlineData("\"lcard-0\"")]
        [InlineData("\"lcard\"")]
        public void AmoLocationSuffixNotAllowedIgnoresAllowedForms(string location) =>
            Silent(CheckManifest(DocsManifestWith("\"lcard-1\"", location)), "AmoLocationSuffixNotAllowed");

        [Theory]
        [InlineData("\"lcard-0\", \"lcard-1\"")]
        [InlineData("\"lcard\", \"lcard-1\"")]
        public void AmoLocationConflictFires(string locations) =>
            Fires(CheckManifest(DocsManifestWith("\"lcard-1\"", locations)), "AmoLocationConflict", "/locations/1");

        [Fact]
        public void AmoLocationConflictIgnoresDifferentAreas() => Silent(CheckManifest(DocsManifestWith("\"lcard-1\"", "\"lcard-1\", \"comcard-0\"")), "AmoLocationConflict");

        [Fact]
        public void AmoLocationDuplicateFires()
        {
            IReadOnlyList<AmoDiagnostic> d = CheckManifest(DocsManifestWith("\"settings\",", "\"settings\", \"settings\","));
            Assert.Equal(AmoSeverity.Warning, Fires(d, "AmoLocationDuplicate", "/locations/4").Severity);
            Silent(d, "AmoLocationConflict");
        }

        [Fact]
        public void AmoLocationDuplicateIgnoresOneEntry() => Silent(CheckManifest(DocsWidget.Manifest), "AmoLocationDuplicate");

        [Fact]
        public void AmoCardSdkWithoutCardFires() =>
            Fires(CheckManifest(DocsManifestWith("\"lcard-1\", \"ccard-1\", \"llist-0\",", "\"card_sdk\",")), "AmoCardSdkWithoutCard", "/locations/0");

        [Fact]
        public void AmoCardSdkWithoutCardIgnoresACardLocation() =>
            Silent(CheckManifest(DocsManifestWith("\"lcard-1\", \"ccard-1\", \"llist-0\",", "\"card_sdk\", \"lcard-0\",")), "AmoCardSdkWithoutCard");

        [Fact]
        public void AmoLocationWithoutBlockFires()
        {
            string json = DocsManifestWith("\"advanced\": { \"title\": \"advanced.title\" },", string.Empty);
            AmoDiagnostic f = Fires(CheckManifest(json), "AmoLocationWithoutBlock", "/locations/5");
            Assert.Contains("advanced", f.Message);
            Assert.Contains("Set-AmoAdvancedSettings", f.Suggestion);
        }

        [Fact]
        public void AmoLocationWithoutBlockIgnoresLocationsWithTheirBlocks() => Silent(CheckManifest(DocsWidget.Manifest), "AmoLocationWithoutBlock");

        [Fact]
        public void AmoBlockWithoutLocationFires()
        {
            AmoDiagnostic f = Fires(CheckManifest(DocsManifestWith(", \"digital_pipeline\"", string.Empty)), "AmoBlockWithoutLocation", "/dp");
            Assert.Equal(AmoSeverity.Warning, f.Severity);
        }

        [Fact]
        public void AmoBlockWithoutLocationIgnoresBlocksWithTheirLocation() => Silent(CheckManifest(DocsWidget.Manifest), "AmoBlockWithoutLocation");

        [Fact]
        public void AmoSettingTypeFiresOnAnUndocumentedType() =>
            Fires(CheckManifest(DocsManifestWith("\"type\": \"pass\"", "\"type\": \"url\"")), "AmoSettingType", "/settings/api_key/type");

        [Fact]
        public void AmoSettingTypeFiresInDpSettingsAndSalesbotFields()
        {
            Fires(CheckManifest(DocsManifestWith("\"name\": \"dp.message\", \"type\": \"text\"", "\"name\": \"dp.message\", \"type\": \"checkbox\"")), "AmoSettingType", "/dp/settings/message/type");
            string salesbot = DocsManifestWith("\"tour\":", "\"salesbot_designer\": { \"send\": { \"name\": \"salesbot.send\", \"settings\": { \"text\": { \"name\": \"salesbot.text\", \"type\": \"textarea\" } } } },\n  \"tour\":");
            Fires(CheckManifest(salesbot), "AmoSettingType", "/salesbot_designer/send/settings/text/type");
        }

        [Fact]
        public void AmoSettingTypeIgnoresDocumentedTypes() =>
            Silent(CheckManifest(DocsManifestWith("\"type\": \"pass\"", "\"type\": \"users_lp\"")), "AmoSettingType");

        [Fact]
        public void AmoDpActionMultipleMissingFires() =>
            Fires(CheckManifest(DocsManifestWith("\"action_multiple\": false,", string.Empty)), "AmoDpActionMultipleMissing", "/dp/action_multiple");

        [Fact]
        public void AmoDpActionMultipleMissingIgnoresTrue() =>
            Silent(CheckManifest(DocsManifestWith("\"action_multiple\": false,", "\"action_multiple\": true,")), "AmoDpActionMultipleMissing");

        [Theory]
        [InlineData("/dp")]
        [InlineData("ftp://hooks.my-widget.ru/dp")]
        [InlineData("hooks.my-widget.ru/dp")]
        public void AmoDpWebhookUrlFires(string url) =>
            Fires(CheckManifest(DocsManifestWith("https://hooks.my-widget.ru/dp", url)), "AmoDpWebhookUrl", "/dp/webhook_url");

        [Fact]
        public void AmoDpWebhookUrlIgnoresAnHttpsAddress() => Silent(CheckManifest(DocsWidget.Manifest), "AmoDpWebhookUrl");

        [Fact]
        public void ExcludedRulesAreNotReported()
        {
            string json = DocsManifestWith("\"init_once\": false", "\"init_once\": \"Y\"");
            Assert.Empty(AmoValidator.ValidateManifest(json, null, new AmoValidationOptions { ExcludeRules = new[] { "amofieldtype" } }));
        }

        [Fact]
        public void ARootThatIsNotAnObjectIsAFindingNotAnException()
        {
            AmoDiagnostic f = Fires(CheckManifest("[1, 2]"), "AmoFieldType", string.Empty);
            Assert.Equal(1, f.Line);
        }

        [Fact]
        public void DiagnosticToStringIsCompilerStyle()
        {
            AmoDiagnostic f = Fires(CheckManifest(DocsManifestWith("\"init_once\": false", "\"init_once\": \"Y\"")), "AmoFieldType");
            Assert.StartsWith("manifest.json:8:18: Error AmoFieldType: widget.init_once must be a boolean", f.ToString());
            Assert.Equal("https://developers.kommo.com/docs/manifest-json", f.HelpUri);
        }

        [Theory]
        [InlineData("\"link\": \"javascript:alert(1)\"", "/widget/support/link")]
        [InlineData("\"link\": \"support.my-widget.ru\"", "/widget/support/link")]
        [InlineData("\"link\": \"ftp://support.my-widget.ru\"", "/widget/support/link")]
        [InlineData("\"email\": \"not an email\"", "/widget/support/email")]
        [InlineData("\"email\": \"help@localhost\"", "/widget/support/email")]
        public void SupportInvalidFiresOnALinkThatIsNoHttpAddressOrAnEmailWithoutADomain(string field, string pointer)
        {
            string json = DocsManifestWith("\"link\": \"https://support.my-widget.ru\"", field.StartsWith("\"link") ? field : "\"link\": \"https://support.my-widget.ru\"");
            if (field.StartsWith("\"email"))
            {
                json = json.Replace("\"email\": \"help@my-widget.ru\"", field);
            }

            AmoDiagnostic d = Assert.Single(CheckManifest(json), x => x.RuleName == RuleNames.AmoSupportInvalid);
            Assert.Equal(AmoSeverity.Error, d.Severity);
            Assert.Equal(pointer, d.Path);
        }

        [Theory]
        [InlineData("http://support.my-widget.ru/help?x=1")]
        [InlineData(" https://SUPPORT.my-widget.ru ")]
        public void SupportInvalidIsSilentOnAWorkingAddress(string link)
        {
            string json = DocsManifestWith("\"link\": \"https://support.my-widget.ru\"", "\"link\": \"" + link + "\"")
                .Replace("\"email\": \"help@my-widget.ru\"", "\"email\": \"Help.Desk+amo@my-widget.co.uk\"");
            Assert.DoesNotContain(CheckManifest(json), x => x.RuleName == RuleNames.AmoSupportInvalid);
        }
    }
}
