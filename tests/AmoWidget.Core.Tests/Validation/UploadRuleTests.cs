using System.Collections.Generic;
using System.Linq;
using Xunit;
using static AmoWidget.Tests.ValidationAssert;

namespace AmoWidget.Tests
{
    /// <summary>
    /// Rules that real uploads and the Salesbot designer apply: a settings object for the settings location, what
    /// left_menu may hide and what an item of the widget's own shows, a default_value for each Salesbot field. Each
    /// fires on one change to the docs widget (or a block added to it) and stays silent on the nearest valid form.
    /// </summary>
    public sealed class UploadRuleTests
    {
        private const string Settings = "\"settings\": {\n    \"login\": { \"name\": \"settings.login\", \"type\": \"text\", \"required\": true },\n    \"api_key\": { \"name\": \"settings.api_key\", \"type\": \"pass\", \"required\": true }\n  },\n  \"dp\"";

        /// <summary>The docs widget with one more top-level block, written before tour.</summary>
        private static string WithBlock(string block) => DocsManifestWith("\"tour\": {", block + ",\n  \"tour\": {");

        [Fact]
        public void AmoSettingsBlockMissingFiresForTheSettingsLocationWithoutASettingsObject()
        {
            AmoDiagnostic f = Fires(CheckManifest(DocsManifestWith(Settings, "\"dp\"")), "AmoSettingsBlockMissing", "/locations/3");
            Assert.Equal(AmoSeverity.Error, f.Severity);
            Assert.Contains("no settings object", f.Message);
        }

        [Fact]
        public void AmoSettingsBlockMissingFiresForInstallationTrueWithoutTheSettingsLocation()
        {
            string json = DocsManifestWith(Settings, "\"dp\"").Replace("\"ccard-1\", \"llist-0\", \"settings\",", "\"ccard-1\", \"llist-0\",");
            Fires(CheckManifest(json), "AmoSettingsBlockMissing", "/widget/installation");
        }

        [Fact]
        public void AmoSettingsBlockMissingLeavesAnEmptySettingsObjectAndInstallationFalse()
        {
            Silent(CheckManifest(DocsManifestWith(Settings, "\"settings\": {},\n  \"dp\"")), "AmoSettingsBlockMissing");
            string json = DocsManifestWith(Settings, "\"dp\"").Replace("\"ccard-1\", \"llist-0\", \"settings\",", "\"ccard-1\", \"llist-0\",")
                .Replace("\"installation\": true", "\"installation\": false");
            Silent(CheckManifest(json), "AmoSettingsBlockMissing");
        }

        [Theory]
        [InlineData("\"settings\": { \"is_hidden\": true }", "/left_menu/settings/is_hidden", "cannot be hidden")]
        [InlineData("\"lead\": { \"is_hidden\": true }", "/left_menu/lead/is_hidden", "no system section")]
        [InlineData("\"main\": { \"icon\": \"images/menu.svg\" }", "/left_menu/main", "a title")]
        [InlineData("\"main\": { \"title\": \"left_menu.main\" }", "/left_menu/main", "an icon")]
        public void AmoLeftMenuItemInvalidFiresForWhatTheLeftMenuDoesNotTake(string item, string pointer, string says)
        {
            AmoDiagnostic f = Fires(CheckManifest(WithBlock("\"left_menu\": { " + item + " }")), "AmoLeftMenuItemInvalid", pointer);
            Assert.Equal(AmoSeverity.Error, f.Severity);
            Assert.Contains(says, f.Message);
        }

        [Theory]
        [InlineData("\"leads\": { \"is_hidden\": true }")]
        [InlineData("\"stats\": { \"is_hidden\": true }, \"settings\": { \"is_hidden\": false }")]
        [InlineData("\"main\": { \"title\": \"left_menu.main\", \"icon\": \"images/menu.svg\" }")]
        [InlineData("\"main\": { \"title\": \"left_menu.main\", \"icons\": { \"light\": \"images/l.svg\", \"dark\": \"images/d.svg\" } }")]
        [InlineData("\"settings\": { \"submenu\": { \"sub\": { \"title\": \"left_menu.sub\" } } }")]
        public void AmoLeftMenuItemInvalidLeavesWhatTheDocsAllow(string items) =>
            Silent(CheckManifest(WithBlock("\"left_menu\": { " + items + " }")), "AmoLeftMenuItemInvalid");

        private static string Designer(string field) =>
            WithBlock("\"salesbot_designer\": { \"send\": { \"name\": \"salesbot.send\", \"settings\": { \"message\": { " + field + " } } } }")
                .Replace("\"advanced_settings\"]", "\"advanced_settings\", \"salesbot_designer\"]");

        [Fact]
        public void AmoSalesbotDefaultMissingWarnsForAFieldWithoutDefaultValue()
        {
            AmoDiagnostic f = Fires(CheckManifest(Designer("\"name\": \"salesbot.message\", \"type\": \"text\"")), "AmoSalesbotDefaultMissing",
                "/salesbot_designer/send/settings/message");
            Assert.Equal(AmoSeverity.Warning, f.Severity);
        }

        [Fact]
        public void AmoSalesbotDefaultMissingLeavesAnEmptyDefaultValue() =>
            Silent(CheckManifest(Designer("\"name\": \"salesbot.message\", \"type\": \"text\", \"default_value\": \"\"")), "AmoSalesbotDefaultMissing");

        [Fact]
        public void AmoSalesbotDefaultMissingLeavesTheFieldsOfABlockWithoutItsLocation()
        {
            string json = Designer("\"name\": \"salesbot.message\", \"type\": \"text\"").Replace(", \"salesbot_designer\"]", "]");
            Silent(CheckManifest(json), "AmoSalesbotDefaultMissing");
            Fires(CheckManifest(json), "AmoBlockWithoutLocation", "/salesbot_designer");
        }

        [Fact]
        public void RequiredIsADocumentedKeyOfASalesbotField()
        {
            IReadOnlyList<AmoDiagnostic> d = CheckManifest(Designer("\"name\": \"salesbot.message\", \"type\": \"text\", \"default_value\": \"\", \"required\": true"));
            Assert.DoesNotContain(d, x => (x.Path ?? string.Empty).StartsWith("/salesbot_designer/send/settings/message", System.StringComparison.Ordinal));
        }
    }
}
