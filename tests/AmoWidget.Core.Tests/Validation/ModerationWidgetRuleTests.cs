using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.Validation;
using AmoWidget.Validation.Rules;
using Xunit;
using static AmoWidget.Tests.ValidationAssert;

namespace AmoWidget.Tests
{
    /// <summary>The Moderation rules over texts, styles, images and code kinds, through AmoValidator with -Moderation.</summary>
    public sealed class ModerationWidgetRuleTests
    {
        private static IReadOnlyList<AmoDiagnostic> Check(string folder, AmoPlatform platform = AmoPlatform.Any) =>
            AmoValidator.ValidateWidget(folder, new AmoValidationOptions { Platform = platform, Moderation = true });

        private static IReadOnlyList<AmoDiagnostic> Css(string css)
        {
            var run = new ValidationRun(new AmoValidationOptions { Moderation = true });
            ModerationStyleRules.Check(run, "style.css", css);
            return run.Diagnostics;
        }

        [Fact]
        public void TheDocsWidgetPassesTheModerationCheck()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            Clean(Check(t.Path));
            Clean(Check(t.Path, AmoPlatform.Kommo).Where(d => d.RuleName != RuleNames.AmoLocaleUnknown).ToList());
            Clean(Check(t.Path, AmoPlatform.AmoCrm));
        }

        [Fact]
        public void ModerationRulesRunOnlyWhenAsked()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "script.js", "var self = this;", "var self = this; alert('x');");
            Silent(CheckWidget(t.Path), RuleNames.AmoAlertUsed);
            Fires(Check(t.Path), RuleNames.AmoAlertUsed);
        }

        [Fact]
        public void ScriptRulesReachTheWidgetsOtherJsFilesButNotVendoredLibraries()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            Directory.CreateDirectory(Path.Combine(t.Path, "js", "vendor"));
            DocsWidget.WriteText(Path.Combine(t.Path, "js", "helpers.js"), "define([], function () {\n  return function () { console.log('x'); };\n});\n");
            DocsWidget.WriteText(Path.Combine(t.Path, "js", "vendor", "lib.js"), "console.log('library');\n");
            DocsWidget.WriteText(Path.Combine(t.Path, "js", "jquery.min.js"), "console.log('library');\n");
            List<AmoDiagnostic> found = Check(t.Path).Where(d => d.RuleName == RuleNames.AmoConsoleUsed).ToList();
            AmoDiagnostic d = Assert.Single(found);
            Assert.Equal(Path.Combine(t.Path, "js", "helpers.js"), d.File);
            Assert.Equal(2, d.Line);
        }

        [Fact]
        public void ScriptRulesReadTheSubfoldersOfAZip()
        {
            using var t = new TempDir();
            string folder = DocsWidget.Write(Path.Combine(t.Path, "widget"));
            Directory.CreateDirectory(Path.Combine(folder, "js", "views"));
            DocsWidget.WriteText(Path.Combine(folder, "js", "views", "card.js"), "define([], function () {\n  alert('x');\n});\n");
            string zip = Path.Combine(t.Path, "widget.zip");
            DocsWidget.Zip(folder, zip);
            AmoDiagnostic d = Fires(Check(zip), RuleNames.AmoAlertUsed);
            Assert.Equal(zip + "!js/views/card.js", d.File);
            Assert.Equal(2, d.Line);
        }

        /// <summary>One bracket or function a line, so the file reads as hand-written (not minified) and is parsed.</summary>
        private static IReadOnlyList<AmoDiagnostic> Deep(TempDir t, int depth)
        {
            DocsWidget.Write(t.Path);
            string nested = "eval('1');\nvar x =\n" + string.Concat(Enumerable.Repeat("[\n", depth)) + string.Concat(Enumerable.Repeat("]\n", depth))
                + string.Concat(Enumerable.Repeat("(function () {\n", depth / 10)) + "alert('deep');\n" + string.Concat(Enumerable.Repeat("})();\n", depth / 10));
            Assert.Equal(CodeKind.HandWritten, ModerationRules.Classify("deep.js", nested));
            DocsWidget.WriteText(Path.Combine(t.Path, "deep.js"), nested);
            return Check(t.Path);
        }

        [Fact]
        public void DeepNestingIsWalkedToTheBottom()
        {
            using var t = new TempDir();
            IReadOnlyList<AmoDiagnostic> d = Deep(t, 3000);
            Assert.Equal(1, Fires(d, RuleNames.AmoEvalUsed).Line);
            Assert.Equal((3000 * 2) + 2 + 300 + 1, Fires(d, RuleNames.AmoAlertUsed).Line);
        }

#if !NETFRAMEWORK
        // Not in the net472 leg, as HostileReadingTests' deep script: Acornima stops a parse that nests too deep when
        // RuntimeHelpers.EnsureSufficientExecutionStack throws, which .NET Framework does
        // (https://learn.microsoft.com/dotnet/api/system.runtime.compilerservices.runtimehelpers.ensuresufficientexecutionstack)
        // but Mono, the leg's runtime, never does: there the deep script overflows the stack and ends the test process.
        [Fact]
        public void NestingTooDeepForTheParserIsASyntaxFindingWithItsPlace()
        {
            using var t = new TempDir();
            AmoDiagnostic d = Fires(Deep(t, 30000), RuleNames.AmoScriptSyntax);
            Assert.Equal(Path.Combine(t.Path, "deep.js"), d.File);
            Assert.True(d.Line > 1000, d.ToString());
            Assert.Contains("nesting too deep", d.Message);
        }
#endif

        [Fact]
        public void CodeMinifiedFiresOnABuildAndIsSilentOnLibraries()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            string minified = "!function(){" + string.Concat(Enumerable.Repeat("var a=1,b=2;console.log(a+b);", 400)) + "}();\n";
            DocsWidget.WriteText(Path.Combine(t.Path, "app.js"), minified);
            Directory.CreateDirectory(Path.Combine(t.Path, "lib"));
            DocsWidget.WriteText(Path.Combine(t.Path, "lib", "chart.js"), minified);
            IReadOnlyList<AmoDiagnostic> d = Check(t.Path);
            AmoDiagnostic f = Assert.Single(d, (x) => x.RuleName == RuleNames.AmoCodeMinified);
            Assert.Equal(Path.Combine(t.Path, "app.js"), f.File);
            Assert.Equal(AmoSeverity.Warning, f.Severity);
            Silent(d, RuleNames.AmoConsoleUsed);
        }

        [Theory]
        [InlineData("app.js", 400, "Minified")]
        [InlineData("app.js", 0, "HandWritten")]
        [InlineData("js/jquery.min.js", 0, "Vendored")]
        [InlineData("js/vendor/x.js", 0, "Vendored")]
        [InlineData("libs/x.js", 400, "Vendored")]
        [InlineData("libs/amoSettings.js", 0, "HandWritten")]
        public void ClassifyTellsLibrariesAndBuildsFromHandWrittenCode(string name, int minifiedRepeats, string kind)
        {
            string code = minifiedRepeats > 0
                ? string.Concat(Enumerable.Repeat("var a=1,b=2;f(a+b);", minifiedRepeats))
                : string.Concat(Enumerable.Repeat("var a = 1;\nfunction f(b) {\n  return a + b;\n}\n", 100));
            Assert.Equal(kind, ModerationRules.Classify(name, code).ToString());
        }

        [Fact]
        public void ClassifyTakesALicenseBannerInLibAsALibrary()
        {
            Assert.Equal(CodeKind.Vendored, ModerationRules.Classify("lib/moment.js", "/*! moment.js | MIT license */\nvar a = 1;\n"));
            Assert.Equal(CodeKind.HandWritten, ModerationRules.Classify("script.js", "/*! my widget */\nvar a = 1;\n"));
            Assert.True(ModerationRules.IsMinified("eval(function(p,a,c,k,e,d){return p}('x',1,1,'x'.split('|'),0,{}))"));
        }

        [Fact]
        public void TextForeignLanguageFiresOnCyrillicAndRuLinksInEnglish()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "i18n/en.json", "\"Login\"", "\"Логин\"");
            DocsWidget.Edit(t.Path, "i18n/en.json", "\"Message\"", "\"See https://help.my-widget.ru/en\"");
            List<AmoDiagnostic> found = Check(t.Path).Where(d => d.RuleName == RuleNames.AmoTextForeignLanguage).ToList();
            Assert.Equal(2, found.Count);
            Assert.Contains("Cyrillic", found[0].Message);
            Assert.Equal(Path.Combine(t.Path, "i18n", "en.json"), found[0].File);
            Assert.NotNull(found[0].Line);
            Assert.Contains(".ru", found[1].Message);
        }

        [Fact]
        public void TextForeignLanguageIsSilentOnRussianFilesAndOtherDomains()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "i18n/en.json", "\"Message\"", "\"See https://help.example.com/rules and ruby.run\"");
            Silent(Check(t.Path), RuleNames.AmoTextForeignLanguage);
        }

        [Fact]
        public void TextFileFormatFiresOnCrLfAndABomInATemplate()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            Directory.CreateDirectory(Path.Combine(t.Path, "templates"));
            File.WriteAllText(Path.Combine(t.Path, "templates", "a.twig"), "<div>\r\n</div>\r\n");
            File.WriteAllBytes(Path.Combine(t.Path, "templates", "b.twig"), new byte[] { 0xEF, 0xBB, 0xBF, (byte)'<', (byte)'b', (byte)'>', (byte)'\n' });
            List<AmoDiagnostic> found = Check(t.Path).Where(d => d.RuleName == RuleNames.AmoTextFileFormat).ToList();
            Assert.Equal(2, found.Count);
            AmoDiagnostic crlf = found.Single(d => d.File!.EndsWith("a.twig", StringComparison.Ordinal));
            Assert.Equal(1, crlf.Line);
            Assert.Equal(6, crlf.Column);
            Assert.Contains("2 Windows", crlf.Message);
        }

        [Fact]
        public void TextFileFormatIsSilentOnLfAndLeavesScriptBomToAmoFileHasBom()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            File.WriteAllText(Path.Combine(t.Path, "a.twig"), "<div>\n</div>\n");
            File.WriteAllBytes(Path.Combine(t.Path, "script.js"), new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(DocsWidget.Script.Replace("\r\n", "\n"))).ToArray());
            IReadOnlyList<AmoDiagnostic> d = Check(t.Path);
            Silent(d, RuleNames.AmoTextFileFormat);
            Fires(d, RuleNames.AmoFileHasBom);
        }

        [Fact]
        public void TextTooLongFiresOnKommoAsAnErrorAndWarnsWithAny()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "i18n/en.json", "\"My widget\"", "\"My widget that does everything!\"");
            AmoDiagnostic kommo = Fires(Check(t.Path, AmoPlatform.Kommo), RuleNames.AmoTextTooLong);
            Assert.Equal(AmoSeverity.Error, kommo.Severity);
            Assert.Contains("31 characters", kommo.Message);
            Assert.Equal(AmoSeverity.Warning, Fires(Check(t.Path), RuleNames.AmoTextTooLong).Severity);
            Silent(Check(t.Path, AmoPlatform.AmoCrm), RuleNames.AmoTextTooLong);
        }

        [Fact]
        public void TextTooLongFiresOnALongWordAndIsSilentAtTheLimitsAndInRussian()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "i18n/en.json", "\"My widget\"", "\"Super-duper-widgetizer\"");
            Assert.Contains("word", Fires(Check(t.Path, AmoPlatform.Kommo), RuleNames.AmoTextTooLong).Message);
            DocsWidget.Edit(t.Path, "i18n/en.json", "\"Super-duper-widgetizer\"", "\"My widget that does everything\"");
            DocsWidget.Edit(t.Path, "i18n/ru.json", "\"Мой виджет\"", "\"Мой виджет, который делает всё на свете\"");
            Silent(Check(t.Path, AmoPlatform.Kommo), RuleNames.AmoTextTooLong);
        }

        [Theory]
        [InlineData("input { background: red; }", "element input")]
        [InlineData("* { box-sizing: border-box; }", "*")]
        [InlineData("body .my-widget { color: red; }", "element body")]
        [InlineData(".control-select { color: red; }", "host's class")]
        [InlineData("[data-tab] { display: none; }", "attribute")]
        [InlineData(":hover { color: red; }", "pseudo-class")]
        [InlineData("@media (max-width: 600px) { a { color: red; } }", "element a")]
        [InlineData(":root { color: red; }", ":root")]
        public void CssGlobalSelectorFires(string css, string why) => Assert.Contains(why, Fires(Css(css), RuleNames.AmoCssGlobalSelector).Message);

        [Theory]
        [InlineData("#my_widget .control-select { color: red; }")]
        [InlineData(".my-widget input, .my-widget__row > a:hover { color: red; }")]
        [InlineData(":root { --my-widget-color: #fff; }")]
        [InlineData("@keyframes spin { from { transform: rotate(0); } to { transform: rotate(360deg); } }")]
        [InlineData("div.my-widget { color: red; }")]
        public void CssGlobalSelectorIsSilentOnScopedRules(string css) => Silent(Css(css), RuleNames.AmoCssGlobalSelector);

        [Fact]
        public void CssFindingsCarryTheRulesLine()
        {
            AmoDiagnostic d = Fires(Css(".w { }\n\n  input { color: red; }"), RuleNames.AmoCssGlobalSelector);
            Assert.Equal(3, d.Line);
            Assert.Equal(3, d.Column);
        }

        [Fact]
        public void CssPaletteRedefinedFiresOnADeclarationAndIsSilentOnUse()
        {
            Assert.Contains("--palette-text-primary", Fires(Css(":root { --palette-text-primary: #000; }"), RuleNames.AmoCssPaletteRedefined).Message);
            Silent(Css(".w { color: var(--palette-text-primary); } :root { --w-palette: 1; }"), RuleNames.AmoCssPaletteRedefined);
        }

        [Theory]
        [InlineData("@media (prefers-color-scheme: dark) { .w { color: #fff; } }")]
        [InlineData("html[data-color-scheme=\"dark\"] .w { color: #fff; }")]
        public void CssDarkOutsideRootFires(string css) => Fires(Css(css), RuleNames.AmoCssDarkOutsideRoot);

        [Theory]
        [InlineData(":root[data-color-scheme=\"dark\"] { --w-color: #fff; }")]
        [InlineData("@media (prefers-color-scheme: light) { .w { color: #000; } }")]
        public void CssDarkOutsideRootIsSilentUnderRoot(string css) => Silent(Css(css), RuleNames.AmoCssDarkOutsideRoot);

        [Fact]
        public void CssSwitcherClassFires()
        {
            Fires(Css(".w .switcher__on { color: red; }"), RuleNames.AmoSwitcherClass);
            Silent(Css(".w .switcher__online { color: red; }"), RuleNames.AmoSwitcherClass);
        }

        [Fact]
        public void StyleRulesReachEveryCssFileOfTheWidget()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            Directory.CreateDirectory(Path.Combine(t.Path, "css"));
            DocsWidget.WriteText(Path.Combine(t.Path, "css", "a.css"), ".w { }\nbody { margin: 0; }\n");
            DocsWidget.WriteText(Path.Combine(t.Path, "css", "select2.min.css"), "body { margin: 0; }\n");
            AmoDiagnostic d = Assert.Single(Check(t.Path), (x) => x.RuleName == RuleNames.AmoCssGlobalSelector);
            Assert.Equal(Path.Combine(t.Path, "css", "a.css"), d.File);
            Assert.Equal(2, d.Line);
        }

        internal static byte[] Gif(int frames)
        {
            var bytes = new List<byte>();
            bytes.AddRange(Encoding.ASCII.GetBytes("GIF89a"));
            bytes.AddRange(new byte[] { 1, 0, 1, 0, 0x80, 0, 0 });
            bytes.AddRange(new byte[] { 0, 0, 0, 255, 255, 255 });
            for (int i = 0; i < frames; i++)
            {
                bytes.AddRange(new byte[] { 0x21, 0xF9, 4, 0, 10, 0, 0, 0 });
                bytes.AddRange(new byte[] { 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0 });
                bytes.AddRange(new byte[] { 2, 2, 0x44, 0x01, 0 });
            }

            bytes.Add(0x3B);
            return bytes.ToArray();
        }

        internal static byte[] Apng(int width, int height)
        {
            byte[] png = DocsWidget.Png(width, height);
            byte[] actl = { 0, 0, 0, 8, (byte)'a', (byte)'c', (byte)'T', (byte)'L', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0 };
            return png.Take(33).Concat(actl).Concat(png.Skip(33)).ToArray();
        }

        [Fact]
        public void ImageAnimatedReadsFramesAndChunks()
        {
            Assert.Contains("2 frames", ModerationImageRules.Animation(Gif(2)));
            Assert.Null(ModerationImageRules.Animation(Gif(1)));
            Assert.Contains("APNG", ModerationImageRules.Animation(Apng(108, 108)));
            Assert.Null(ModerationImageRules.Animation(DocsWidget.Png(108, 108)));
            Assert.NotNull(ModerationImageRules.Animation(Encoding.UTF8.GetBytes("<svg><circle><animate attributeName=\"r\"/></circle></svg>")));
            Assert.Null(ModerationImageRules.Animation(Encoding.UTF8.GetBytes("<svg><circle r=\"1\"/></svg>")));
            Assert.Null(ModerationImageRules.Animation(new byte[] { (byte)'G', (byte)'I', (byte)'F' }));
        }

        [Fact]
        public void ImageAnimatedFiresOnAWidgetImageAndIsAWarningOnKommo()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            File.WriteAllBytes(Path.Combine(t.Path, "images", "spinner.gif"), Gif(3));
            File.WriteAllBytes(Path.Combine(t.Path, "images", "still.gif"), Gif(1));
            AmoDiagnostic d = Assert.Single(Check(t.Path), (x) => x.RuleName == RuleNames.AmoImageAnimated);
            Assert.Equal(Path.Combine(t.Path, "images", "spinner.gif"), d.File);
            Assert.Equal(AmoSeverity.Error, d.Severity);
            Assert.Equal(AmoSeverity.Warning, Fires(Check(t.Path, AmoPlatform.Kommo), RuleNames.AmoImageAnimated).Severity);
        }

        [Fact]
        public void TourImageSizeFiresOnAWrongSizeAndIsSilentOnTheMarketplaceSize()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "manifest.json", "\"is_tour\": true,", "\"is_tour\": true, \"tour_images\": { \"en\": [\"images/tour1.png\", \"images/tour2.png\"] },");
            File.WriteAllBytes(Path.Combine(t.Path, "images", "tour1.png"), DocsWidget.Png(400, 272));
            File.WriteAllBytes(Path.Combine(t.Path, "images", "tour2.png"), DocsWidget.Png(1188, 616));
            AmoDiagnostic d = Assert.Single(Check(t.Path), (x) => x.RuleName == RuleNames.AmoTourImageSize);
            Assert.Equal("/tour/tour_images/en/0", d.Path);
            Assert.Contains("400x272", d.Message);
        }

        [Fact]
        public void ModerationFindingsFlowToSarifJUnitAndAnnotations()
        {
            using var t = new TempDir();
            DocsWidget.Write(t.Path);
            DocsWidget.Edit(t.Path, "script.js", "var self = this;", "var self = this; alert('x');");
            IReadOnlyList<AmoDiagnostic> d = Check(t.Path).Where(x => x.RuleName == RuleNames.AmoAlertUsed).ToList();
            string sarif = AmoWidget.Reports.AmoDiagnosticExport.Sarif(d, t.Path, "1.0.0");
            Assert.Contains("\"ruleId\": \"AmoAlertUsed\"", sarif);
            Assert.Contains("\"startLine\": 3", sarif);
            Assert.Contains("\"Moderation\"", sarif);
            Assert.Contains("AmoAlertUsed", AmoWidget.Reports.AmoDiagnosticExport.JUnit(d, t.Path, DateTime.UtcNow));
            Assert.Contains("line=3", Assert.Single(AmoWidget.Reports.AmoDiagnosticExport.GitHub(d, t.Path)));
        }

        [CorpusFact]
        public void TheRealWidgetsGiveFindingsNotExceptions()
        {
            string widgets = Path.GetFullPath(Path.Combine(Repo.Root, "..", "shared", "widgets"));
            Assert.True(Directory.Exists(widgets), widgets);
            int total = 0;
            foreach (string folder in Directory.GetDirectories(widgets))
            {
                total += Check(folder).Count(d => AmoRuleCatalog.Find(d.RuleName)!.Area == "Moderation");
            }

            Assert.True(total > 50, $"{total} moderation findings over the real widgets");
        }
    }
}
