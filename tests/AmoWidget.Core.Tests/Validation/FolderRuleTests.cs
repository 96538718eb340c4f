using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;
using static AmoWidget.Tests.ValidationAssert;

namespace AmoWidget.Tests
{
    /// <summary>The widget-folder rules (i18n, images, script.js), each firing on one change to the docs widget.</summary>
    public sealed class FolderRuleTests
    {
        [Fact]
        public void AWidgetMadeByTheDocsToTheLetterHasNoFinding()
        {
            using var t = new TempDir();
            Clean(CheckWidget(DocsWidget.Write(t.Path)));
            Clean(CheckWidget(t.Path, AmoPlatform.AmoCrm));
        }

        [Fact]
        public void AmoManifestMissingFiresOnAFolderWithoutManifest()
        {
            using var t = new TempDir();
            File.Delete(Path.Combine(DocsWidget.Write(t.Path), "manifest.json"));
            Fires(CheckWidget(t.Path), "AmoManifestMissing");
        }

        [Fact]
        public void ATestOfManifestJsonChecksItsFolder()
        {
            using var t = new TempDir();
            Clean(CheckWidget(Path.Combine(DocsWidget.Write(t.Path), "manifest.json")));
        }

        [Fact]
        public void AmoI18nFileMissingFires()
        {
            using var t = new TempDir();
            File.Delete(Path.Combine(DocsWidget.Write(t.Path), "i18n", "en.json"));
            AmoDiagnostic f = Fires(CheckWidget(t.Path), "AmoI18nFileMissing", "/widget/locale/1");
            Assert.Equal(AmoSeverity.Error, f.Severity);
            Assert.EndsWith("manifest.json", f.File);
        }

        [Fact]
        public void AmoI18nFileMissingSuggestsACaseVariant()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            File.Move(Path.Combine(t.Path, "i18n", "en.json"), Path.Combine(t.Path, "i18n", "EN.json"));
            Assert.Contains("EN.json", Fires(CheckWidget(t.Path), "AmoI18nFileMissing").Suggestion);
        }

        [Fact]
        public void AmoI18nFileNotInLocaleFires()
        {
            using var t = new TempDir();
            File.Copy(Path.Combine(DocsWidget.Write(t.Path), "i18n", "en.json"), Path.Combine(t.Path, "i18n", "es.json"));
            AmoDiagnostic f = Fires(CheckWidget(t.Path), "AmoI18nFileNotInLocale");
            Assert.EndsWith("es.json", f.File);
            Assert.Equal(AmoSeverity.Warning, f.Severity);
        }

        [Fact]
        public void AmoI18nFileNotInLocaleIgnoresListedLanguages()
        {
            using var t = new TempDir();
            Silent(CheckWidget(DocsWidget.Write(t.Path)), "AmoI18nFileNotInLocale");
        }

        [Fact]
        public void AmoI18nKeyMissingFiresWithThePointerInTheLanguageFile()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "i18n/en.json", "\"login\": \"Login\", ", string.Empty);
            IReadOnlyList<AmoDiagnostic> d = CheckWidget(t.Path);
            AmoDiagnostic f = Fires(d, "AmoI18nKeyMissing", "/settings/login");
            Assert.EndsWith(Path.Combine("i18n", "en.json"), f.File);
            Assert.Equal(8, f.Line);
            Assert.Contains("settings.login", f.Message);
            Assert.Equal(AmoSeverity.Warning, f.Severity);
            Silent(d, "AmoI18nStructureMismatch");
        }

        [Fact]
        public void AmoI18nKeyMissingPointsAtTheFirstMissingPartOfAKey()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "i18n/en.json", "\"advanced\": { \"title\": \"My widget: settings\" }", "\"other\": {}");
            Fires(CheckWidget(t.Path), "AmoI18nKeyMissing", "/advanced");
        }

        [Fact]
        public void AmoI18nKeyMissingIgnoresPlainTextNames()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "manifest.json", "\"name\": \"settings.login\"", "\"name\": \"Login\"");
            DocsWidget.Edit(t.Path, "i18n/en.json", "\"login\": \"Login\", ", string.Empty);
            IReadOnlyList<AmoDiagnostic> d = CheckWidget(t.Path);
            Silent(d, "AmoI18nKeyMissing");
            Fires(d, "AmoI18nStructureMismatch", "/settings/login");
        }

        [Fact]
        public void AmoI18nStructureMismatchFires()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "i18n/ru.json", "\"dp\": {", "\"extra\": { \"hint\": \"Подсказка\" },\n  \"dp\": {");
            AmoDiagnostic f = Fires(CheckWidget(t.Path), "AmoI18nStructureMismatch", "/extra");
            Assert.EndsWith("en.json", f.File);
            Assert.Equal(1, f.Line);
        }

        [Fact]
        public void AmoI18nStructureMismatchFiresOnTextVersusGroup()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "i18n/ru.json", "\"dp\": { \"message\": \"Сообщение\" }", "\"dp\": { \"message\": \"Сообщение\" }, \"extra\": \"x\"");
            DocsWidget.Edit(t.Path, "i18n/en.json", "\"dp\": { \"message\": \"Message\" }", "\"dp\": { \"message\": \"Message\" }, \"extra\": { \"a\": \"b\" }");
            Fires(CheckWidget(t.Path), "AmoI18nStructureMismatch", "/extra");
        }

        [Fact]
        public void AmoI18nStructureMismatchIgnoresEqualStructures()
        {
            using var t = new TempDir();
            Silent(CheckWidget(DocsWidget.Write(t.Path)), "AmoI18nStructureMismatch");
        }

        [Fact]
        public void AmoAiAgentDescriptionMissingFiresInEveryFileWithoutIt()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "manifest.json", "\"settings\", \"digital_pipeline\"", "\"settings\", \"ai_agent\", \"digital_pipeline\"");
            IReadOnlyList<AmoDiagnostic> d = CheckWidget(t.Path);
            Assert.Equal(2, d.Count(x => x.RuleName == "AmoAiAgentDescriptionMissing" && x.Path == "/widget/ai_agent_description"));
        }

        [Fact]
        public void AmoAiAgentDescriptionMissingIgnoresFilesThatHaveIt()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "manifest.json", "\"settings\", \"digital_pipeline\"", "\"settings\", \"ai_agent\", \"digital_pipeline\"");
            DocsWidget.Edit(t.Path, "i18n/ru.json", "\"name\": \"Мой виджет\",", "\"name\": \"Мой виджет\", \"ai_agent_description\": \"Помогает агенту\",");
            DocsWidget.Edit(t.Path, "i18n/en.json", "\"name\": \"My widget\",", "\"name\": \"My widget\", \"ai_agent_description\": \"Helps the agent\",");
            Silent(CheckWidget(t.Path), "AmoAiAgentDescriptionMissing");
        }

        [Fact]
        public void I18nFilesGetTheJsonRules()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            File.WriteAllText(Path.Combine(t.Path, "i18n", "en.json"), "{ \"widget\": ");
            AmoDiagnostic f = Fires(CheckWidget(t.Path), "AmoJsonInvalid");
            Assert.EndsWith("en.json", f.File);
            Assert.Equal(1, f.Line);
        }

        [Fact]
        public void AmoImageMissingIsAnErrorForAnAlwaysRequiredLogo()
        {
            using var t = new TempDir();
            File.Delete(Path.Combine(DocsWidget.Write(t.Path), "images", "logo_small.png"));
            Assert.Equal(AmoSeverity.Error, Fires(CheckWidget(t.Path), "AmoImageMissing").Severity);
        }

        [Fact]
        public void AmoImageMissingIsAWarningForCardLogosOfAWidgetWithoutCards()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "manifest.json", "\"lcard-1\", \"ccard-1\", \"llist-0\", ", string.Empty);
            DocsWidget.Edit(t.Path, "script.js", "leads: {", "other: {");
            File.Delete(Path.Combine(t.Path, "images", "logo_min.png"));
            AmoDiagnostic f = Fires(CheckWidget(t.Path), "AmoImageMissing");
            Assert.Equal(AmoSeverity.Warning, f.Severity);
        }

        [Fact]
        public void AmoImageMissingIgnoresLogoDpWithoutDigitalPipeline()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "manifest.json", ", \"digital_pipeline\"", string.Empty);
            File.Delete(Path.Combine(t.Path, "images", "logo_dp.png"));
            Silent(CheckWidget(t.Path), "AmoImageMissing");
        }

        [Fact]
        public void AmoImageSizeFiresWithExpectedAndActualPixels()
        {
            using var t = new TempDir();
            File.WriteAllBytes(Path.Combine(DocsWidget.Write(t.Path), "images", "logo.png"), DocsWidget.Png(131, 100));
            AmoDiagnostic f = Fires(CheckWidget(t.Path), "AmoImageSize");
            Assert.Contains("131x100", f.Message);
            Assert.Contains("130x100", f.Message);
        }

        [Fact]
        public void AmoImageSizeIgnoresTheExactSize()
        {
            using var t = new TempDir();
            Silent(CheckWidget(DocsWidget.Write(t.Path)), "AmoImageSize");
        }

        [Fact]
        public void AmoImageTooLargeFiresAbove300KB()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            string logo = Path.Combine(t.Path, "images", "logo_main.png");
            File.WriteAllBytes(logo, DocsWidget.Png(400, 272).Concat(new byte[(300 * 1024) + 1]).ToArray());
            Fires(CheckWidget(t.Path), "AmoImageTooLarge");
        }

        [Fact]
        public void AmoImageTooLargeIgnoresExactly300KB()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            byte[] png = DocsWidget.Png(400, 272);
            File.WriteAllBytes(Path.Combine(t.Path, "images", "logo_main.png"), png.Concat(new byte[(300 * 1024) - png.Length]).ToArray());
            Silent(CheckWidget(t.Path), "AmoImageTooLarge");
        }

        [Fact]
        public void AmoImageNotPngFiresOnAJpegAndIsAWarningForAmoCrm()
        {
            using var t = new TempDir();
            File.WriteAllBytes(Path.Combine(DocsWidget.Write(t.Path), "images", "logo.png"), new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F' });
            AmoDiagnostic any = Fires(CheckWidget(t.Path), "AmoImageNotPng");
            Assert.Equal(AmoSeverity.Error, any.Severity);
            Assert.Contains("JPEG", any.Message);
            Assert.Equal(AmoSeverity.Warning, Fires(CheckWidget(t.Path, AmoPlatform.AmoCrm), "AmoImageNotPng").Severity);
        }

        [Fact]
        public void AmoImageNotPngIgnoresARealPng()
        {
            using var t = new TempDir();
            Silent(CheckWidget(DocsWidget.Write(t.Path)), "AmoImageNotPng");
        }

        [Fact]
        public void AmoScriptMissingIsAWarningExceptForAmoCrm()
        {
            using var t = new TempDir();
            File.Delete(Path.Combine(DocsWidget.Write(t.Path), "script.js"));
            Assert.Equal(AmoSeverity.Warning, Fires(CheckWidget(t.Path), "AmoScriptMissing").Severity);
            Assert.Equal(AmoSeverity.Warning, Fires(CheckWidget(t.Path, AmoPlatform.Kommo), "AmoScriptMissing").Severity);
            Assert.Equal(AmoSeverity.Error, Fires(CheckWidget(t.Path, AmoPlatform.AmoCrm), "AmoScriptMissing").Severity);
        }

        [Fact]
        public void AmoScriptSyntaxFiresWithLineAndColumn()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "script.js", "render: function () { return true; },", "render: function () { return true; ,");
            AmoDiagnostic f = Fires(CheckWidget(t.Path), "AmoScriptSyntax");
            Assert.Equal(5, f.Line);
            Assert.Equal(42, f.Column);
            Silent(CheckWidget(t.Path), "AmoCallbackMissing");
        }

        [Fact]
        public void AmoScriptSyntaxIgnoresModernJavaScript()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "script.js", "var self = this;", "const self = this; const f = async (a = {}) => a?.b ?? `x${1}`;");
            Silent(CheckWidget(t.Path), "AmoScriptSyntax");
        }

        [Fact]
        public void AmoCallbackMissingNamesTheLocationThatNeedsIt()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "script.js", "dpSettings: function () { return true; },", string.Empty);
            AmoDiagnostic f = Fires(CheckWidget(t.Path), "AmoCallbackMissing");
            Assert.Contains("dpSettings", f.Message);
            Assert.Contains("digital_pipeline", f.Message);
            Assert.Equal(4, f.Line);
            Assert.Equal(AmoSeverity.Error, f.Severity);
        }

        [Fact]
        public void AmoCallbackMissingFiresOnANestedListCallback()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "script.js", "selected: function", "chosen: function");
            Assert.Contains("leads.selected", Fires(CheckWidget(t.Path), "AmoCallbackMissing").Message);
        }

        [Fact]
        public void AmoCallbackMissingWarnsWhenNoCallbacksObjectExists()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.WriteText(Path.Combine(t.Path, "script.js"), "define([], function () { return function () { return this; }; });");
            AmoDiagnostic f = Assert.Single(CheckWidget(t.Path));
            Assert.Equal("AmoCallbackMissing", f.RuleName);
            Assert.Equal(AmoSeverity.Warning, f.Severity);
        }

        [Theory]
        [InlineData("define(['jquery'], function ($) { return function () { var self = this; self.callbacks = { render: f, init: f, bind_actions: f, settings: f, onSave: f, destroy: f, dpSettings: f, advancedSettings: f, leads: { selected: f } }; return this; }; });")]
        [InlineData("define([], function () { var W = function () { return { callbacks: { 'render': f, init() {}, bind_actions: f, settings: f, onSave: f, destroy: f, dpSettings: f, advancedSettings: f, leads: { selected: f } } }; }; return W; });")]
        [InlineData("function W() { this.callbacks = {}; this.callbacks.render = f; this.callbacks.init = f; this.callbacks.bind_actions = f; this.callbacks.settings = f; this.callbacks.onSave = f; this.callbacks.destroy = f; this.callbacks.dpSettings = f; this.callbacks.advancedSettings = f; this.callbacks.leads = {}; this.callbacks.leads.selected = f; }")]
        [InlineData("export default class W { constructor() { this.callbacks = { render, init, bind_actions, settings, onSave, destroy, dpSettings, advancedSettings, leads: { selected } }; } }")]
        public void AmoCallbackMissingFindsCallbacksWrittenInEveryCommonForm(string script)
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.WriteText(Path.Combine(t.Path, "script.js"), script);
            Clean(CheckWidget(t.Path));
        }

        [Fact]
        public void AStyleSheetWithABomIsAFinding()
        {
            using var t = new TempDir();
            File.WriteAllBytes(Path.Combine(DocsWidget.Write(t.Path), "style.css"), new byte[] { 0xEF, 0xBB, 0xBF, (byte)'a', (byte)'{', (byte)'}' });
            Assert.EndsWith("style.css", Fires(CheckWidget(t.Path), "AmoFileHasBom").File);
        }

        [Fact]
        public void AMissingPathIsAnErrorNotAFinding()
        {
            using var t = new TempDir();
            AmoException ex = Assert.Throws<AmoException>(() => CheckWidget(t.Combine("nope")));
            Assert.Equal("PathNotFound", ex.ErrorId);
        }
    }
}
