using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;
using static AmoWidget.Tests.ValidationAssert;

namespace AmoWidget.Tests
{
    /// <summary>
    /// The rules of the whole manifest: unknown and misplaced keys, location suggestions, support per platform, and
    /// the files the blocks name (amoforms.js, left-menu icons, tour slides, the archive's name). Each fires on one
    /// change to the docs widget, which passes them all.
    /// </summary>
    public sealed class BlockRuleTests
    {
        private const string Svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><rect width=\"24\" height=\"24\"/></svg>\n";

        [Fact]
        public void AmoKeyUnknownNamesTheBlockAMisplacedKeyBelongsIn()
        {
            AmoDiagnostic f = Fires(CheckManifest(DocsManifestWith("\"advanced\": {", "\"webhook_url\": \"https://hooks.my-widget.ru/dp\",\n  \"advanced\": {")), "AmoKeyUnknown", "/webhook_url");
            Assert.Equal(AmoSeverity.Warning, f.Severity);
            Assert.Contains("belongs in dp", f.Message);
            Assert.Contains("dp.webhook_url", f.Suggestion);
            Assert.Equal(26, f.Line);
            Assert.Equal(3, f.Column);
        }

        [Theory]
        [InlineData("\"locations\":", "\"locatons\":", "/locatons", "\"locations\"")]
        [InlineData("\"webhook_url\":", "\"webhookUrl\":", "/dp/webhookUrl", "dp.webhook_url")]
        [InlineData("\"init_once\":", "\"init_onse\":", "/widget/init_onse", "widget.init_once")]
        [InlineData("\"required\": true },\n    \"api_key\"", "\"requred\": true },\n    \"api_key\"", "/settings/login/requred", "settings.login.required")]
        public void AmoKeyUnknownSuggestsTheNearestDocumentedKey(string oldText, string newText, string pointer, string suggested)
        {
            AmoDiagnostic f = Fires(CheckManifest(DocsManifestWith(oldText, newText)), "AmoKeyUnknown", pointer);
            Assert.Contains(suggested, f.Suggestion);
        }

        [Theory]
        [InlineData("\"is_showcase\": false")]
        [InlineData("\"_comment\": \"kept for the team\"")]
        [InlineData("\"manifest_version\": 2")]
        public void AmoKeyUnknownLeavesKeysThatAcceptedWidgetsCarry(string key) =>
            Silent(CheckManifest(DocsManifestWith("\"installation\": true,", "\"installation\": true,\n    " + key + ",")), "AmoKeyUnknown");

        [Fact]
        public void AmoKeyUnknownLeavesASchemaReferenceAndReportsATrulyUnknownKeyWithTheDocumentedOnes()
        {
            Silent(CheckManifest(DocsManifestWith("{\n  \"widget\"", "{\n  \"$schema\": \"./manifest.schema.json\",\n  \"widget\"")), "AmoKeyUnknown");
            AmoDiagnostic f = Fires(CheckManifest(DocsManifestWith("{\n  \"widget\"", "{\n  \"author\": \"me\",\n  \"widget\"")), "AmoKeyUnknown", "/author");
            Assert.Contains("widget, locations, settings", f.Suggestion);
        }

        [Fact]
        public void AmoKeyUnknownReportsATolerableKeyThatIsANearMissOfAnAbsentDocumentedOne()
        {
            string json = "{\"widgets\": {}, \"locations\": []}";
            Assert.Contains("\"widget\"", Fires(CheckManifest(json), "AmoKeyUnknown", "/widgets").Suggestion);
            Silent(CheckManifest("{\"widget\": {}, \"widgets\": {}, \"locations\": []}"), "AmoKeyUnknown");
        }

        [Fact]
        public void AmoKeyUnknownLooksInsideEveryDocumentedBlock()
        {
            string json = "{\"widget\": {\"support\": {\"link\": \"https://a.test\", \"mail\": \"b@a.test\"}}, \"locations\": [],"
                + " \"left_menu\": {\"main\": {\"title\": \"t\", \"iocn\": \"images/a.svg\", \"icons\": {\"lite\": \"images/l.svg\"}}},"
                + " \"salesbot_designer\": {\"send\": {\"name\": \"n\", \"settings\": {\"text\": {\"name\": \"n\", \"type\": \"text\", \"hint\": \"h\", \"defualt_value\": \"x\"}}}},"
                + " \"tour\": {\"is_tour\": true, \"tour_descripton\": \"widget.tour_description\"}, \"mobile\": {\"frame_url\": \"https://a.test\", \"colour\": \"#ffffff\"}}";
            IReadOnlyList<AmoDiagnostic> d = CheckManifest(json);
            Assert.Equal(
                new[] { "/left_menu/main/icons/lite", "/left_menu/main/iocn", "/mobile/colour", "/salesbot_designer/send/settings/text/defualt_value", "/tour/tour_descripton", "/widget/support/mail" },
                d.Where(x => x.RuleName == "AmoKeyUnknown").Select(x => x.Path).OrderBy(p => p, System.StringComparer.Ordinal));
        }

        [Theory]
        [InlineData("lcard-compact", "Did you mean \"lcard-1\" or \"lcard-0\"?")]
        [InlineData("lcrad-1", "Did you mean \"lcard-1\"?")]
        [InlineData("lcrad-compact", "Did you mean \"lcard-1\" or \"lcard-0\"?")]
        [InlineData("ccard_full", "Did you mean \"ccard-1\" or \"ccard-0\"?")]
        [InlineData("setings", "Did you mean \"settings\"?")]
        [InlineData("advancedSettings", "Did you mean \"advanced_settings\"?")]
        [InlineData("anywhere", "Did you mean \"everywhere\"?")]
        [InlineData("dashboard-widgets", "Get-AmoLocation lists the known locations.")]
        public void AmoLocationUnknownSuggestsTheValidValues(string value, string suggestion)
        {
            AmoDiagnostic f = Fires(CheckManifest(DocsManifestWith("\"settings\", \"digital_pipeline\"", $"\"{value}\", \"settings\", \"digital_pipeline\"")), "AmoLocationUnknown", "/locations/3");
            Assert.Equal(suggestion, f.Suggestion);
        }

        [Fact]
        public void AmoSupportMissingIsAnErrorForAmoCrmAndSaysWhatEachPlatformAsksFor()
        {
            string without = DocsManifestWith(",\n    \"support\": {\n      \"link\": \"https://support.my-widget.ru\",\n      \"email\": \"help@my-widget.ru\"\n    }", string.Empty);
            AmoDiagnostic amoCrm = Fires(CheckManifest(without, AmoPlatform.AmoCrm), "AmoSupportMissing", "/widget/support");
            Assert.Equal(AmoSeverity.Error, amoCrm.Severity);
            Assert.Contains("both link", amoCrm.Message);
            AmoDiagnostic kommo = Fires(CheckManifest(without, AmoPlatform.Kommo), "AmoSupportMissing");
            Assert.Equal(AmoSeverity.Warning, kommo.Severity);
            Assert.Contains("or email when there is no link", kommo.Message);
            Assert.Equal(AmoSeverity.Warning, Fires(CheckManifest(without), "AmoSupportMissing").Severity);

            string emailOnly = DocsManifestWith("\"link\": \"https://support.my-widget.ru\",\n      ", string.Empty);
            AmoDiagnostic noLink = Fires(CheckManifest(emailOnly, AmoPlatform.AmoCrm), "AmoSupportMissing");
            Assert.Equal(AmoSeverity.Error, noLink.Severity);
            Assert.Contains("no link", noLink.Message);
            Silent(CheckManifest(emailOnly, AmoPlatform.Kommo), "AmoSupportMissing");
            Silent(CheckManifest(emailOnly), "AmoSupportMissing");
            Silent(CheckManifest(DocsWidget.Manifest, AmoPlatform.AmoCrm), "AmoSupportMissing");
        }

        [Fact]
        public void AmoArchiveNameFiresOnAZipNotNamedWidgetZip()
        {
            using var t = new TempDir();
            string folder = DocsWidget.Write(t.Combine("src"));
            string wrong = t.Combine("excel-export-widget.zip");
            DocsWidget.Zip(folder, wrong);
            AmoDiagnostic f = Assert.Single(CheckWidget(wrong));
            Assert.Equal("AmoArchiveName", f.RuleName);
            Assert.Equal(AmoSeverity.Warning, f.Severity);
            Assert.Equal(wrong, f.File);
            Assert.Contains("excel-export-widget.zip", f.Message);
            Assert.Null(AmoValidator.ArchiveNameProblem(t.Combine("out", "widget.zip")));
            Assert.Equal(f.Message, AmoValidator.ArchiveNameProblem(wrong));
        }

        [Fact]
        public void AmoFormsScriptMissingFiresWithoutAmoformsJsAndWarnsWhenItNeverCallsAmoFormsWidget()
        {
            using var t = new TempDir();
            string w = DocsWidget.Write(t.Path);
            DocsWidget.Edit(w, "manifest.json", "\"advanced_settings\"]", "\"advanced_settings\", \"amoforms\"]");
            DocsWidget.Edit(w, "manifest.json", "\"tour\":", "\"amoforms_settings\": { \"title\": \"advanced.title\" },\n  \"tour\":");
            AmoDiagnostic f = Fires(CheckWidget(w, AmoPlatform.AmoCrm), "AmoFormsScriptMissing", "/locations/6");
            Assert.Equal(AmoSeverity.Error, f.Severity);

            DocsWidget.WriteText(Path.Combine(w, "amoforms.js"), "// nothing here\n");
            Assert.Equal(AmoSeverity.Warning, Fires(CheckWidget(w, AmoPlatform.AmoCrm), "AmoFormsScriptMissing").Severity);

            DocsWidget.WriteText(Path.Combine(w, "amoforms.js"), "amoFormsWidget(function (params) { return function () { return Promise.resolve(); }; });\n");
            Clean(CheckWidget(w, AmoPlatform.AmoCrm));
        }

        [Fact]
        public void AmoLeftMenuIconIsAnErrorForAMissingFileAndAWarningForOneThatIsNotSvg()
        {
            using var t = new TempDir();
            string w = WithLeftMenu(t, "\"icon\": \"/images/menu/main.svg\"");
            Clean(CheckWidget(w));

            File.Delete(Path.Combine(w, "images", "menu", "main.svg"));
            AmoDiagnostic missing = Fires(CheckWidget(w), "AmoLeftMenuIcon", "/left_menu/main/icon");
            Assert.Equal(AmoSeverity.Error, missing.Severity);
            Assert.Contains("images/menu/main.svg", missing.Suggestion);

            DocsWidget.Edit(w, "manifest.json", "/images/menu/main.svg", "images/logo_min.png");
            AmoDiagnostic png = Fires(CheckWidget(w), "AmoLeftMenuIcon");
            Assert.Equal(AmoSeverity.Warning, png.Severity);
            Assert.Contains("PNG", png.Message);

            File.Copy(Path.Combine(w, "images", "logo_min.png"), Path.Combine(w, "images", "fake.svg"));
            DocsWidget.Edit(w, "manifest.json", "images/logo_min.png", "images/fake.svg");
            Assert.Equal(AmoSeverity.Warning, Fires(CheckWidget(w), "AmoLeftMenuIcon").Severity);
        }

        [Fact]
        public void AmoLeftMenuIconChecksTheLightAndDarkIconsInAFolderAndInAZip()
        {
            using var t = new TempDir();
            string w = WithLeftMenu(t, "\"icons\": { \"light\": \"images/menu/main.svg\", \"dark\": \"images/menu/dark.svg\" }");
            AmoDiagnostic f = Fires(CheckWidget(w), "AmoLeftMenuIcon", "/left_menu/main/icons/dark");
            Assert.Equal(AmoSeverity.Error, f.Severity);
            Silent(CheckWidget(w).Where(d => d.Path != "/left_menu/main/icons/dark").ToList(), "AmoLeftMenuIcon");

            string zip = t.Combine("widget.zip");
            DocsWidget.Zip(w, zip);
            Assert.Equal(new[] { "/left_menu/main/icons/dark" }, CheckWidget(zip).Where(d => d.RuleName == "AmoLeftMenuIcon").Select(d => d.Path));
        }

        [Fact]
        public void AmoTourImageMissingReportsEachMissingSlideOnceAndLeavesPresentOnes()
        {
            using var t = new TempDir();
            string w = DocsWidget.Write(t.Path);
            Directory.CreateDirectory(Path.Combine(w, "images", "tour", "ru"));
            File.WriteAllBytes(Path.Combine(w, "images", "tour", "ru", "1.png"), DocsWidget.Png(1188, 616));
            DocsWidget.Edit(w, "manifest.json", "\"is_tour\": true,",
                "\"is_tour\": true, \"tour_images\": { \"ru\": [\"/images/tour/ru/1.png\", \"/images/tour_2.png\"], \"en\": [\"/images/tour_2.png\", \"https://cdn.my-widget.ru/3.png\"] },");
            IReadOnlyList<AmoDiagnostic> d = CheckWidget(w);
            AmoDiagnostic f = Assert.Single(d);
            Assert.Equal("AmoTourImageMissing", f.RuleName);
            Assert.Equal("/tour/tour_images/ru/1", f.Path);
            Assert.Equal(AmoSeverity.Warning, f.Severity);
            Assert.Contains("images/tour_2.png", f.Suggestion);

            File.WriteAllBytes(Path.Combine(w, "images", "tour_2.png"), DocsWidget.Png(1188, 616));
            Clean(CheckWidget(w));
        }

        [Fact]
        public void AFileNamedByTheManifestMustNotLeaveTheWidget()
        {
            using var t = new TempDir();
            File.WriteAllText(t.Combine("outside.svg"), Svg);
            string w = WithLeftMenu(t, "\"icon\": \"../outside.svg\"");
            Fires(CheckWidget(w), "AmoLeftMenuIcon", "/left_menu/main/icon");
        }

        /// <summary>The docs widget with widget_page and one left-menu item whose icon is described by <paramref name="icon"/>; images/menu/main.svg exists.</summary>
        private static string WithLeftMenu(TempDir t, string icon)
        {
            string w = DocsWidget.Write(t.Combine("w"));
            DocsWidget.Edit(w, "manifest.json", "\"advanced_settings\"]", "\"advanced_settings\", \"widget_page\"]");
            DocsWidget.Edit(w, "manifest.json", "\"tour\":", "\"left_menu\": { \"main\": { \"title\": \"advanced.title\", " + icon + " } },\n  \"tour\":");
            DocsWidget.Edit(w, "script.js", "advancedSettings: function () { return true; },", "advancedSettings: function () { return true; }, initMenuPage: function () { return true; },");
            Directory.CreateDirectory(Path.Combine(w, "images", "menu"));
            File.WriteAllText(Path.Combine(w, "images", "menu", "main.svg"), Svg, new UTF8Encoding(false));
            return w;
        }
    }
}
