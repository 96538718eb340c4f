using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.Runtime;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AmoWidget.Tests.Runtime
{
    /// <summary>The headless host over small widgets written here, one fault each, and a near case without it.</summary>
    public sealed class WidgetHostTests : IDisposable
    {
        private readonly string root = Path.Combine(Path.GetTempPath(), "amo-host-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }

        private const string Good = @"
define(['jquery'], function ($) {
  return function () {
    var self = this;
    this.callbacks = {
      render: function () { return true; },
      init: function () { return true; },
      bind_actions: function () { return true; },
      settings: function () { return true; },
      onSave: function () { return true; },
      destroy: function () {},
      leads: { selected: function () { return true; } }
    };
    return this;
  };
});";

        private string Widget(string script, string locations = "\"llist-1\", \"lcard-1\", \"settings\"", string settings = "", bool initOnce = false, string i18n = "{\"widget\": {\"name\": \"W\"}}")
        {
            string folder = Path.Combine(root, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(folder, "i18n"));
            File.WriteAllText(Path.Combine(folder, "manifest.json"),
                "{\"widget\": {\"name\": \"widget.name\", \"version\": \"1.0.0\", \"init_once\": " + (initOnce ? "true" : "false")
                + ", \"locale\": [\"en\"]}, \"locations\": [" + locations + "], \"settings\": {" + settings + "}}");
            File.WriteAllText(Path.Combine(folder, "i18n", "en.json"), i18n);
            File.WriteAllText(Path.Combine(folder, "script.js"), script);
            return folder;
        }

        private static string Show(RuntimeRun run) =>
            string.Join("\n", run.Problems.Select(p => $"{p.Kind} {p.Location}/{p.Callback} {p.File}:{p.Line}:{p.Column} {p.Message}"));

        private static RuntimeRun Run(string folder, AmoRuntimeOptions? options = null) => AmoWidgetRuntime.Run(folder, options ?? AmoRuntimeOptions.Default);

        [Fact]
        public void AGoodWidgetRunsEveryStepAndGivesNoProblem()
        {
            RuntimeRun run = Run(Widget(Good));

            Assert.Empty(run.Problems);
            string[] steps = run.Calls.Select(c => c.Location + "/" + c.Callback).ToArray();
            Assert.Equal(new[]
            {
                "/script.js",
                "llist/render", "llist/init", "llist/bind_actions", "llist/leads.selected", "llist/destroy",
                "lcard/render", "lcard/init", "lcard/bind_actions", "lcard/destroy",
                "settings/render", "settings/init", "settings/bind_actions", "settings/settings", "settings/onSave", "settings/destroy",
                "llist/render", "llist/init", "llist/bind_actions", "llist/destroy",
            }, steps);
            Assert.All(run.Calls.Where(c => c.Callback != "destroy" && c.Callback != "script.js"), c => Assert.True(c.ReturnedTrue, c.ToString()));
        }

        [Fact]
        public void InitOnceRunsInitAndBindActionsOnceAndNeverDestroys()
        {
            RuntimeRun run = Run(Widget(Good, initOnce: true));

            Assert.Single(run.Calls, c => c.Callback == "init");
            Assert.DoesNotContain(run.Calls, c => c.Callback == "destroy");
        }

        [Fact]
        public void ATypeErrorInInitOnAListPageIsAnExceptionWithItsPlace()
        {
            string script = Good.Replace("init: function () { return true; }",
                "init: function () {\n        if (self.system().area === 'llist') { var list = null; list.length; }\n        return true; }");
            RuntimeRun run = Run(Widget(script));

            Assert.True(run.Problems.Count == 1, Show(run));
            RuntimeProblem problem = run.Problems[0];
            Assert.Equal(RuntimeProblemKind.Exception, problem.Kind);
            Assert.Equal("llist", problem.Location);
            Assert.Equal("init", problem.Callback);
            Assert.Equal("script.js", problem.File);
            Assert.Equal(8, problem.Line);
            Assert.Contains("TypeError", problem.Message);
            AmoWidgetCallbackResult call = run.Calls.First(c => c.Callback == "init");
            Assert.Equal(AmoWidgetOutcome.Error, call.Outcome);
            Assert.Equal(8, call.Error!.Line);
            // The same callback on a card page runs clean.
            Assert.True(run.Calls.Single(c => c.Location == "lcard" && c.Callback == "init").ReturnedTrue);
        }

        /// <summary>A run with no problem whose lcard render ran and gave true each time.</summary>
        private static void AssertRendersClean(RuntimeRun run)
        {
            Assert.True(run.Problems.Count == 0, Show(run));
            Assert.Contains(run.Calls, c => c.Location == "lcard" && c.Callback == "render");
            Assert.All(run.Calls.Where(c => c.Location == "lcard" && c.Callback == "render"), c => Assert.True(c.ReturnedTrue));
        }

        [Fact]
        public void ANamedDefineBeforeTheAnonymousOneIsADependencyNotTheWidget()
        {
            // The layout of an r.js bundle: named modules first, the file's own module anonymous at the end.
            string script = "define('helper', [], function () { return { ok: function () { return true; } }; });\n"
                + "define('b', ['a'], function (a) { return { a: a }; });\n"
                + "define('a', ['b'], function (b) { return { b: b }; });\n"
                + Good.Replace("['jquery'], function ($)", "['jquery', 'helper', 'a'], function ($, h, a)")
                      .Replace("render: function () { return true; }", "render: function () { return h.ok() && a.b.a === undefined; }");
            AssertRendersClean(Run(Widget(script, locations: "\"lcard-1\"")));
        }

        [Fact]
        public void AFileOfNamedDefinesOnlyGivesItsFirstAsTheWidget()
        {
            string script = Good.Replace("define(['jquery']", "define('widget', ['jquery', 'util']")
                + "\ndefine('util', [], function () { return {}; });";
            AssertRendersClean(Run(Widget(script, locations: "\"lcard-1\"")));
        }

        [Fact]
        public void APromiseThatNothingCanSettleIsFoundAndOneWaitingOnARequestIsNot()
        {
            string never = Good.Replace("onSave: function () { return true; }", "onSave: function () { return new Promise(function () {}); }");
            RuntimeRun run = Run(Widget(never, locations: "\"settings\""));
            RuntimeProblem problem = Assert.Single(run.Problems);
            Assert.Equal(RuntimeProblemKind.ResultNotTrue, problem.Kind);
            Assert.Equal("onSave", problem.Callback);
            Assert.Contains("never settles", problem.Message);

            string waiting = Good.Replace("return function () {", "return function () { var self = this;")
                .Replace("onSave: function () { return true; }", "onSave: function () { return new Promise(function (resolve) { self.crm_post('https://a.test/', {}, function () { resolve(true); }); }); }");
            Assert.Empty(Run(Widget(waiting, locations: "\"settings\"")).Problems);

            // Not only the callbacks held to true: card_sdk's data promise that nothing settles hangs the card too.
            string data = Good.Replace("leads: { selected: function () { return true; } }",
                "loadPreloadedData: function () { return new Promise(function (resolve, reject) { }); }, loadElements: function () { return Promise.resolve([]); }, linkCard: function () { return Promise.resolve(true); }");
            RuntimeProblem stuck = Assert.Single(Run(Widget(data, locations: "\"card_sdk\"")).Problems);
            Assert.Equal("loadPreloadedData", stuck.Callback);
            Assert.Contains("never settles", stuck.Message);
        }

        [Fact]
        public void AThrownObjectThatIsNotAnErrorIsQuotedAsJsonNotAsUndefined()
        {
            string script = Good.Replace("init: function () { return true; }", "init: function () { throw { code: 42, reason: 'no token' }; }");
            RuntimeRun run = Run(Widget(script, locations: "\"lcard-1\""));

            RuntimeProblem problem = Assert.Single(run.Problems, p => p.Kind == RuntimeProblemKind.Exception);
            Assert.Contains("threw a value that is not an Error: {\"code\":42,\"reason\":\"no token\"}", problem.Message);
            Assert.DoesNotContain("threw threw", problem.Message);
            Assert.DoesNotContain("undefined", problem.Message);
            RuntimeRun plain = Run(Widget(Good.Replace("init: function () { return true; }", "init: function () { throw new TypeError('bad'); }"), locations: "\"lcard-1\""));
            Assert.Contains("TypeError: bad", Assert.Single(plain.Problems, p => p.Kind == RuntimeProblemKind.Exception).Message);
        }

        [Fact]
        public void AHandlerBoundAgainAtEachAreaChangeIsFound()
        {
            string script = Good.Replace("bind_actions: function () { return true; }",
                "bind_actions: function () { $(document).on('click', '.my-button', function () { self.crm_post('https://example.test/', {}); }); return true; }");
            RuntimeRun run = Run(Widget(script));

            RuntimeProblem problem = Assert.Single(run.Problems);
            Assert.Equal(RuntimeProblemKind.HandlerRebound, problem.Kind);
            Assert.Contains("click", problem.Message);
            Assert.Contains(run.Calls.First(c => c.Callback == "bind_actions").Calls, c => c.Target == "$.on");
        }

        [Fact]
        public void AHandlerUnboundInDestroyIsNotFound()
        {
            string script = Good
                .Replace("bind_actions: function () { return true; }", "bind_actions: function () { $(document).on('click.w', '.b', function () {}); return true; }")
                .Replace("destroy: function () {}", "destroy: function () { $(document).off('.w'); }");

            Assert.Empty(Run(Widget(script)).Problems);
        }

        [Fact]
        public void ACallbackForgettingReturnTrueIsFound()
        {
            string script = Good.Replace("bind_actions: function () { return true; }", "bind_actions: function () { }");
            RuntimeRun run = Run(Widget(script, locations: "\"lcard-1\""));

            Assert.All(run.Problems, p => Assert.Equal(RuntimeProblemKind.ResultNotTrue, p.Kind));
            Assert.Contains(run.Problems, p => p.Callback == "bind_actions" && p.Location == "lcard" && p.Message.Contains("undefined"));
        }

        [Fact]
        public void RenderGivingFalseSkipsTheAreaWithoutAProblem()
        {
            string script = Good.Replace("render: function () { return true; }", "render: function () { return false; }");
            RuntimeRun run = Run(Widget(script, locations: "\"lcard-1\""));

            Assert.Empty(run.Problems);
            Assert.DoesNotContain(run.Calls, c => c.Callback == "init");
        }

        [Fact]
        public void AnEndlessLoopIsALimitAndTheHostGoesOn()
        {
            string script = Good.Replace("init: function () { return true; }", "init: function () { while (true) {} }");
            RuntimeRun run = Run(Widget(script, locations: "\"lcard-1\""), new AmoRuntimeOptions { CallTimeout = TimeSpan.FromMilliseconds(200) });

            Assert.Contains(run.Problems, p => p.Kind == RuntimeProblemKind.Limit && p.Callback == "init");
            Assert.Contains(run.Calls, c => c.Callback == "bind_actions" && c.ReturnedTrue);
        }

        [Fact]
        public void ADeepRecursionIsALimitAndTheHostGoesOn()
        {
            string script = Good.Replace("init: function () { return true; }", "init: function () { function f(n) { return f(n + 1) + 1; } return f(0); }");
            RuntimeRun run = Run(Widget(script, locations: "\"lcard-1\""));

            Assert.Contains(run.Problems, p => p.Kind == RuntimeProblemKind.Limit && p.Callback == "init" && p.Message.Contains("deeper"));
            Assert.Contains(run.Calls, c => c.Callback == "bind_actions" && c.ReturnedTrue);
        }

        [Fact]
        public void AMemoryHogIsALimitAndTheHostGoesOn()
        {
            string script = Good.Replace("init: function () { return true; }",
                "init: function () { var a = []; for (;;) { a.push(new Array(10000).join('x') + a.length); } }");
            RuntimeRun run = Run(Widget(script, locations: "\"lcard-1\""), new AmoRuntimeOptions { MemoryBytes = 16L * 1024 * 1024, CallTimeout = TimeSpan.FromSeconds(20) });

            Assert.Contains(run.Problems, p => p.Kind == RuntimeProblemKind.Limit && p.Callback == "init" && p.Message.Contains("MB"));
            Assert.Contains(run.Calls, c => c.Callback == "bind_actions" && c.ReturnedTrue);
        }

        [Fact]
        public void AnEndlessLoopOfCheapStatementsStopsSoonAfterItsBudget()
        {
            // The clock is read every Deadline.Stride statements: a loop of empty statements is still stopped on time.
            string script = Good.Replace("init: function () { return true; }", "init: function () { for (;;) { ; } }");
            RuntimeRun run = Run(Widget(script, locations: "\"lcard-1\""), new AmoRuntimeOptions { CallTimeout = TimeSpan.FromMilliseconds(200) });

            RuntimeProblem limit = Assert.Single(run.Problems, p => p.Kind == RuntimeProblemKind.Limit);
            Assert.Equal("init", limit.Callback);
            Assert.Contains("ran longer than", limit.Message);
            Assert.Contains(run.Calls, c => c.Callback == "bind_actions" && c.ReturnedTrue);
        }

        [Fact]
        public void AWidgetRunAgainReusesItsParsedFilesAndAnEditedFileIsParsedAgain()
        {
            string folder = Widget(Good.Replace("['jquery']", "['jquery', './lib/util.js']"));
            Directory.CreateDirectory(Path.Combine(folder, "lib"));
            string util = Path.Combine(folder, "lib", "util.js");
            File.WriteAllText(util, "define([], function () { return { n: 1 }; });");
            RuntimeRun first = Run(folder);
            RuntimeRun again = Run(folder);
            Assert.Empty(first.Problems);
            Assert.Equal(AmoWidgetCallbackResult.ToJson(first.Calls.ToArray()), AmoWidgetCallbackResult.ToJson(again.Calls.ToArray()));

            // One file is prepared once: the second asking gets the same tree, and the caller's array is not the key.
            byte[] data = File.ReadAllBytes(util);
            Assert.Same(WidgetScripts.Prepare(data, "lib/util.js", AmoRuntimeOptions.Default.CallTimeout)!.Value.Program,
                WidgetScripts.Prepare((byte[])data.Clone(), "lib/util.js", AmoRuntimeOptions.Default.CallTimeout)!.Value.Program);
            object? before = WidgetScripts.Prepare(data, "lib/util.js", AmoRuntimeOptions.Default.CallTimeout)!.Value.Program;
            data[data.Length - 1] = (byte)' ';
            Assert.NotSame(before, WidgetScripts.Prepare(data, "lib/util.js", AmoRuntimeOptions.Default.CallTimeout)!.Value.Program);

            // The same path with other text (the developer saved the file) is parsed and run anew.
            File.WriteAllText(util, "define([], function () { return { n: 2 }; });\nundefinedFunction();");
            RuntimeRun edited = Run(folder);
            RuntimeProblem problem = Assert.Single(edited.Problems);
            Assert.Equal("lib/util.js", problem.File);
            Assert.Equal(2, problem.Line);
        }

        [Fact]
        public void AWalkStartsFromTheSpareEngineOnlyWhenItWasMadeWithTheSameLimits()
        {
            // render recurses 100 deep: within the default limit (400), beyond a limit of 50.
            string folder = Widget(Good.Replace("render: function () { return true; }",
                "render: function () { function down(n) { return n === 0 ? true : down(n - 1); } return down(100); }"));
            RuntimeRun first = Run(folder);

            // Not asserted: a test of another class running beside this one may take the spare first.
            WidgetEngine.SpareReady(TimeSpan.FromSeconds(30));
            RuntimeRun again = Run(folder);
            Assert.Empty(again.Problems);
            Assert.Equal(AmoWidgetCallbackResult.ToJson(first.Calls.ToArray()), AmoWidgetCallbackResult.ToJson(again.Calls.ToArray()));

            // The spare now there was made for the default limits: a walk held to 50 makes its own engine.
            WidgetEngine.SpareReady(TimeSpan.FromSeconds(30));
            RuntimeRun held = Run(folder, new AmoRuntimeOptions { RecursionDepth = 50 });
            RuntimeProblem problem = Assert.Single(held.Problems, p => p.Kind == RuntimeProblemKind.Limit);
            Assert.Contains("nested calls deeper than 50", problem.Message);
        }

        [Fact]
        public void AWidgetThatReplacesJsonParseHasItCalledOnEachAreaChange()
        {
            // The host hands each area's environment to __amo.enter through the page's JSON.parse, as the oracle's page does:
            // the first area is entered before script.js runs and again when its walk starts, then two more and back.
            string folder = Widget(Good
                .Replace("var self = this;", "var self = this; var parse = JSON.parse; window.parses = 0; JSON.parse = function (t) { window.parses++; return parse(t); };")
                .Replace("render: function () { return true; }", "render: function () { return window.parses; }"));
            RuntimeRun run = Run(folder);
            object?[] renders = run.Calls.Where(c => c.Callback == "render").Select(c => c.Result).ToArray();
            Assert.Equal(new object?[] { 1L, 2L, 3L, 4L }, renders);
        }

        [Fact]
        public void TheManifestAndI18nTreesAreReadAgainWhenEditedAndEachCallerGetsItsOwn()
        {
            string folder = Widget(Good.Replace("render: function () { return true; }", "render: function () { return self.i18n('widget').title; }"),
                i18n: "{\"widget\": {\"name\": \"W\", \"title\": \"one\"}}");
            Assert.Equal("one", Run(folder).Calls.First(c => c.Callback == "render").Result);

            using (var source = new AmoWidget.Widget.FolderSource(folder))
            {
                JObject first = WidgetHost.ReadJson(source, "i18n/en.json", 1 << 20)!;
                first["widget"]!["title"] = "changed by a caller";
                Assert.Equal("one", (string?)WidgetHost.ReadJson(source, "i18n/en.json", 1 << 20)!["widget"]!["title"]);
            }

            File.WriteAllText(Path.Combine(folder, "i18n", "en.json"), "{\"widget\": {\"name\": \"W\", \"title\": \"two\"}}");
            Assert.Equal("two", Run(folder).Calls.First(c => c.Callback == "render").Result);
        }

        [Fact]
        public void TheKeptFilesStayWithinTheirBound()
        {
            string big = "var x = 1;\n" + new string(' ', WidgetScripts.MaxBytes / 2);
            Assert.NotNull(WidgetScripts.Prepare(Encoding.UTF8.GetBytes(big + "//a"), "a.js", TimeSpan.FromSeconds(1)));
            Assert.NotNull(WidgetScripts.Prepare(Encoding.UTF8.GetBytes(big + "//b"), "b.js", TimeSpan.FromSeconds(1)));
            Assert.NotNull(WidgetScripts.Prepare(Encoding.UTF8.GetBytes(big + "//c"), "b.js", TimeSpan.FromSeconds(1)));
            Assert.True(WidgetScripts.KeptBytes <= WidgetScripts.MaxBytes);
            Assert.True(WidgetScripts.KeptBytes > WidgetScripts.MaxBytes / 2);

            // Text that does not parse is not kept: the caller runs it to have the engine's own SyntaxError.
            Assert.Null(WidgetScripts.Prepare(Encoding.UTF8.GetBytes("var = ;"), "d.js", TimeSpan.FromSeconds(1)));

            // A leading BOM is no part of the text the engine runs, and an invalid sequence reads as U+FFFD.
            Assert.Equal("a\uFFFD", WidgetScripts.Text(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'a', 0xFF }));
        }

        [Fact]
        public void ASyntaxErrorInAFileOfTheWidgetNamesThatFile()
        {
            string folder = Widget(Good.Replace("['jquery']", "['jquery', './lib/broken.js']"));
            Directory.CreateDirectory(Path.Combine(folder, "lib"));
            File.WriteAllText(Path.Combine(folder, "lib", "broken.js"), "define([], function () {\n  return {;\n});");
            RuntimeRun run = Run(folder);

            RuntimeProblem problem = Assert.Single(run.Problems);
            Assert.Equal(RuntimeProblemKind.Exception, problem.Kind);
            Assert.Equal("lib/broken.js", problem.File);
            Assert.Equal(2, problem.Line);
            Assert.Contains("SyntaxError", problem.Message);
            Assert.DoesNotContain("broken.js:2", problem.Message);
            Assert.DoesNotContain("(lib/broken.js", run.Calls.Single(c => c.Error != null).Error!.Message);
        }

        [Fact]
        public void WidgetTextInAProblemIsEscaped()
        {
            string script = Good.Replace("init: function () { return true; }", "init: function () { var t = self.i18n('a\\n::error::x'); return true; }");
            RuntimeRun run = Run(Widget(script, locations: "\"lcard-1\""));

            RuntimeProblem problem = Assert.Single(run.Problems);
            Assert.DoesNotContain("\n", problem.Message);
            Assert.Contains("a\\n", problem.Message);
        }

        [Fact]
        public void AnUnknownModuleIsFoundOnceAndNothingRuns()
        {
            RuntimeRun run = Run(Widget(Good.Replace("['jquery']", "['jquery', 'lodash']")));

            RuntimeProblem problem = Assert.Single(run.Problems);
            Assert.Equal(RuntimeProblemKind.ModuleUnknown, problem.Kind);
            Assert.Equal("lodash", problem.Target);
            Assert.Single(run.Calls);
        }

        [Fact]
        public void TheWidgetsOwnModulesLoadRelativeToTheirFile()
        {
            string folder = Widget(Good.Replace("['jquery']", "['jquery', './lib/helper.js?v=' + Date.now()]"));
            Directory.CreateDirectory(Path.Combine(folder, "lib"));
            File.WriteAllText(Path.Combine(folder, "lib", "helper.js"), "define(['./more'], function (m) { return m; });");
            File.WriteAllText(Path.Combine(folder, "lib", "more.js"), "define([], function () { return 1; });");

            RuntimeRun run = Run(folder);
            Assert.True(run.Problems.Count == 0, Show(run));
        }

        [Fact]
        public void JsonAndTextPluginsReadTheWidgetsOwnFiles()
        {
            string folder = Widget(Good.Replace("['jquery']", "['jquery', 'json!./manifest.json', 'text!./templates/a.html']")
                .Replace("function ($)", "function ($, manifest, html)")
                .Replace("render: function () { return true; }", "render: function () { return manifest.widget.version === '1.0.0' && html === '<b></b>'; }"));
            Directory.CreateDirectory(Path.Combine(folder, "templates"));
            File.WriteAllText(Path.Combine(folder, "templates", "a.html"), "<b></b>");
            RuntimeRun run = Run(folder, new AmoRuntimeOptions { Locations = new[] { "lcard" } });

            Assert.True(run.Problems.Count == 0, Show(run));
            Assert.True(run.Calls.First(c => c.Callback == "render").ReturnedTrue);
        }

        [Fact]
        public void OnSaveGivingFalseIsAFailedConfigurationNotAProblem()
        {
            string script = Good.Replace("onSave: function () { return true; }", "onSave: function () { return $('input[name=\"login\"]').val() === 'anna'; }");
            string folder = Widget(script, locations: "\"settings\"", settings: "\"login\": {\"name\": \"settings.login\", \"type\": \"text\", \"required\": true}");

            Assert.Empty(Run(folder).Problems);
            RuntimeRun filled = Run(folder, new AmoRuntimeOptions { Settings = new Dictionary<string, object?> { ["login"] = "anna" } });
            Assert.True(filled.Calls.Single(c => c.Callback == "onSave").ReturnedTrue);
        }

        [Fact]
        public void OneFaultInSeveralAreasIsOneProblemNamingThemAll()
        {
            string script = Good.Replace("render: function () { return true; }", "render: function () { self.nothing(); return true; }");
            RuntimeRun run = Run(Widget(script));

            RuntimeProblem problem = Assert.Single(run.Problems);
            Assert.Equal(new[] { "llist", "lcard", "settings" }, problem.Locations);
            Assert.Contains("render in llist, lcard, settings threw TypeError", problem.Message);
        }

        [Fact]
        public void AWalkUpTheTreeOfStandInsEnds()
        {
            string script = Good.Replace("init: function () { return true; }",
                "init: function () { var n = $('#x')[0]; var depth = 0; while (n && depth < 100000) { n = n.parentNode; depth++; } return depth === 1; }");

            Assert.Empty(Run(Widget(script, locations: "\"lcard-1\"")).Problems);
        }

        [Fact]
        public void AnAbsentI18nKeyAndAnAbsentSettingAreFound()
        {
            string script = Good.Replace("init: function () { return true; }",
                "init: function () { var t = self.i18n('widget').title; var n = self.i18n('widget').name; var k = self.get_settings().api_key; var l = self.get_settings().login; return true; }");
            RuntimeRun run = Run(Widget(script, locations: "\"lcard-1\"", settings: "\"login\": {\"name\": \"settings.login\", \"type\": \"text\", \"required\": true}"));

            Assert.Equal(2, run.Problems.Count);
            Assert.Contains(run.Problems, p => p.Kind == RuntimeProblemKind.I18nKeyAbsent && p.Target == "widget.title");
            Assert.Contains(run.Problems, p => p.Kind == RuntimeProblemKind.SettingAbsent && p.Target == "api_key");
        }

        [Fact]
        public void AWriteToAppAndABurstOfCrmPostAreFound()
        {
            string script = Good.Replace("init: function () { return true; }",
                "init: function () { APP.my_flag = 1; self.crm_post('https://a.test/1', {}); self.crm_post('https://a.test/2', {}); return true; }");
            RuntimeRun run = Run(Widget(script, locations: "\"lcard-1\""));

            Assert.Contains(run.Problems, p => p.Kind == RuntimeProblemKind.AppWrite && p.Target == "APP.my_flag");
            Assert.Contains(run.Problems, p => p.Kind == RuntimeProblemKind.CrmPostRate);
        }

        [Fact]
        public void TheResponderAnswersCrmPostAndTheAnswerIsInTheTrace()
        {
            string script = Good.Replace("init: function () { return true; }",
                "init: function () { self.crm_post('https://a.test/1', {q: 1}, function (r) { self.set_settings({got: r.ok}); }, 'json'); return true; }");
            var seen = new List<string>();
            RuntimeRun run = Run(Widget(script, locations: "\"lcard-1\""), new AmoRuntimeOptions { Responder = request => { seen.Add(request); return "{\"ok\": 7}"; } });

            Assert.Contains("self.crm_post", seen[0]);
            AmoWidgetCall post = run.Calls.First(c => c.Callback == "init").Calls.Single(c => c.Target == "self.crm_post");
            Assert.Equal(7L, ((IDictionary<string, object?>)post.Answer!)["ok"]);
            Assert.Contains(run.Calls.First(c => c.Callback == "init").Calls, c => c.Target == "self.set_settings");
        }

        [Fact]
        public void APromiseResolvingToTrueCounts()
        {
            string script = Good.Replace("onSave: function () { return true; }", "onSave: function () { return Promise.resolve(true); }");
            RuntimeRun run = Run(Widget(script, locations: "\"settings\""));

            Assert.Empty(run.Problems);
            Assert.Equal(AmoWidgetOutcome.Fulfilled, run.Calls.Single(c => c.Callback == "onSave").Outcome);
        }

        [Fact]
        public void TheTraceRoundTripsThroughItsJsonForm()
        {
            IReadOnlyList<AmoWidgetCallbackResult> calls = AmoWidgetRuntime.Invoke(Widget(Good));
            string json = AmoWidgetCallbackResult.ToJson(calls.ToArray());
            IReadOnlyList<AmoWidgetCallbackResult> back = AmoWidgetCallbackResult.FromJson(json);

            Assert.Equal(json, AmoWidgetCallbackResult.ToJson(back.ToArray()));
        }

        [CorpusFact]
        public void EveryRealWidgetRunsWithoutAHostFault()
        {
            string widgets = Path.GetFullPath(Path.Combine(Repo.Corpus!, "..", "widgets"));
            foreach (string folder in Directory.GetDirectories(widgets))
            {
                string? manifest = Directory.EnumerateFiles(folder, "manifest.json", SearchOption.AllDirectories).FirstOrDefault();
                if (manifest == null || !File.Exists(Path.Combine(Path.GetDirectoryName(manifest)!, "script.js")))
                {
                    continue;
                }

                RuntimeRun run = AmoWidgetRuntime.Run(Path.GetDirectoryName(manifest)!, AmoRuntimeOptions.Default);
                Assert.DoesNotContain(run.Problems, p => p.Message.StartsWith("The host stopped", StringComparison.Ordinal));
                Assert.NotEmpty(run.Calls);
            }
        }
    }
}
