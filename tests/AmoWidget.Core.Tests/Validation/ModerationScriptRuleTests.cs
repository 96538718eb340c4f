using System.Collections.Generic;
using System.Linq;
using AmoWidget.Validation;
using AmoWidget.Validation.Rules;
using AmoWidget.Widget;
using Xunit;
using static AmoWidget.Tests.ValidationAssert;

namespace AmoWidget.Tests
{
    /// <summary>The Moderation rules over script code: each rule on a case that breaks it and on a near case that does not.</summary>
    public sealed class ModerationScriptRuleTests
    {
        internal static IReadOnlyList<AmoDiagnostic> Js(string code, AmoPlatform platform = AmoPlatform.Any, System.Func<string, bool>? ownFile = null)
        {
            var run = new ValidationRun(new AmoValidationOptions { Platform = platform, Moderation = true });
            var facts = new ScriptFacts();
            ScriptTree? tree = ScriptAnalyzer.ParseTree(code, facts);
            Assert.True(tree != null, "does not parse: " + facts.SyntaxError);
            ScriptAnalyzer.OnParserStack(() => ModerationScriptRules.Check(run, "script.js", tree!, ownFile ?? (_ => false)));
            return run.Diagnostics;
        }

        [Theory]
        [InlineData("eval('1 + 1');")]
        [InlineData("window.eval('x');")]
        [InlineData("(0, eval)('x');")]
        [InlineData("var f = new Function('a', 'return a');")]
        [InlineData("setTimeout('refresh()', 100);")]
        [InlineData("setInterval('tick' + '()', 100);")]
        [InlineData("$.globalEval('x = 1');")]
        public void EvalFiresOnEveryWayOfRunningAString(string code) => Fires(Js(code), RuleNames.AmoEvalUsed);

        [Theory]
        [InlineData("setTimeout(function () { refresh(); }, 100);")]
        [InlineData("var data = JSON.parse('{}');")]
        [InlineData("function run(eval) { return eval('x'); }")]
        public void EvalIsSilentOnTimersWithFunctionsAndLocalNames(string code) => Silent(Js(code), RuleNames.AmoEvalUsed);

        [Fact]
        public void AlertFiresWithItsPlace()
        {
            AmoDiagnostic d = Fires(Js("var a = 1;\n  alert('saved');\nwindow.confirm('sure?');"), RuleNames.AmoAlertUsed);
            Assert.Equal(2, d.Line);
            Assert.Equal(3, d.Column);
            Assert.Equal(AmoSeverity.Error, d.Severity);
            Assert.Equal(2, Js("alert('a'); window.confirm('b');").Count(x => x.RuleName == RuleNames.AmoAlertUsed));
        }

        [Theory]
        [InlineData("function f() { var alert = function () {}; alert('x'); }")]
        [InlineData("self.confirm('x');")]
        public void AlertIsSilentOnLocalsAndOtherObjects(string code) => Silent(Js(code), RuleNames.AmoAlertUsed);

        [Theory]
        [InlineData("console.log('x');")]
        [InlineData("window.console.error('x');")]
        [InlineData("console.trace('here');")]
        [InlineData("var log = console.log.bind(console);")]
        [InlineData("try { f(); } catch (e) { console.log(e); }")]
        public void ConsoleFires(string code) => Fires(Js(code), RuleNames.AmoConsoleUsed);

        [Theory]
        [InlineData("console.debug('state', 1);")]
        [InlineData("try { f(); } catch (e) { console.trace(e); }")]
        [InlineData("try { f(); } catch (e) { [1].forEach(function () { console.trace(e); }); }")]
        [InlineData("p.then(function () {}, function (e) { console.trace(e); });")]
        [InlineData("p.catch(function (e) { console.trace(e); });")]
        [InlineData("function f(console) { console.log('mine'); }")]
        public void ConsoleIsSilentOnWhatAmoCrmAllows(string code) => Silent(Js(code), RuleNames.AmoConsoleUsed);

        [Fact]
        public void ConsoleDebugIsAViolationOnKommoAndTraceInFailAWarning()
        {
            Fires(Js("console.debug('x');", AmoPlatform.Kommo), RuleNames.AmoConsoleUsed);
            Silent(Js("console.debug('x');", AmoPlatform.AmoCrm), RuleNames.AmoConsoleUsed);
            Assert.Equal(AmoSeverity.Warning, Fires(Js("$.get('/x').fail(function (e) { console.trace(e); });"), RuleNames.AmoConsoleUsed).Severity);
            Assert.Equal(AmoSeverity.Error, Fires(Js("p.then(function (e) { console.trace(e); });"), RuleNames.AmoConsoleUsed).Severity);
        }

        [Theory]
        [InlineData("$.ajax({ url: '/x', async: false });")]
        [InlineData("$.ajaxSetup({ async: false });")]
        [InlineData("self.$authorizedAjax({ url: '/x', async: false });")]
        [InlineData("var x = new XMLHttpRequest(); x.open('GET', '/x', false);")]
        public void SyncRequestFires(string code) => Fires(Js(code), RuleNames.AmoSyncRequest);

        [Theory]
        [InlineData("var options = { async: false };")]
        [InlineData("$.ajax({ url: '/x', async: true });")]
        [InlineData("x.open('GET', '/x', true);")]
        public void SyncRequestIsSilentOnObjectsNotPassedToRequests(string code) => Silent(Js(code), RuleNames.AmoSyncRequest);

        [Theory]
        [InlineData("for (var i = 0; i < ids.length; i++) { $.get('/api/v4/leads/' + ids[i]); }")]
        [InlineData("ids.forEach(function (id) { self.crm_post('https://my.server/x', { id: id }, function () {}); });")]
        [InlineData("$.each(ids, function (i, id) { $.ajax({ url: `${base}/api/v4/contacts/${id}` }); });")]
        [InlineData("while (more) { fetch('/private/api/v2/json/leads/list'); }")]
        [InlineData("ids.map(id => self.$authorizedAjax({ url: '/x' }));")]
        public void ApiCallInLoopFires(string code) => Fires(Js(code), RuleNames.AmoApiCallInLoop);

        [Theory]
        [InlineData("var batch = []; for (var i = 0; i < ids.length; i++) { batch.push({ id: ids[i] }); } $.post('/api/v4/leads', batch);")]
        [InlineData("for (var i = 0; i < 3; i++) { $.get('https://my.server/stats/' + i); }")]
        [InlineData("ids.forEach(function (id) { cache.get(id); });")]
        public void ApiCallInLoopIsSilentAfterTheLoopAndForOtherServers(string code) => Silent(Js(code), RuleNames.AmoApiCallInLoop);

        [Theory]
        [InlineData("APP.my_widget = {};")]
        [InlineData("window.APP.data.current = 1;")]
        [InlineData("AMOCRM.count++;")]
        [InlineData("delete APP.widgets.list;")]
        [InlineData("Object.assign(APP.constants, { x: 1 });")]
        [InlineData("$.extend(true, AMOCRM, { x: 1 });")]
        [InlineData("APP.constant('user', {});")]
        [InlineData("APP = {};")]
        public void HostGlobalWriteFires(string code) => Fires(Js(code), RuleNames.AmoHostGlobalWrite);

        [Theory]
        [InlineData("APP.widgets.legal_handlers = [function () {}];")]
        [InlineData("var user = APP.constant('user');")]
        [InlineData("function f() { var APP = {}; APP.x = 1; }")]
        public void HostGlobalWriteIsSilentOnTheDocumentedWriteReadsAndLocals(string code) => Silent(Js(code), RuleNames.AmoHostGlobalWrite);

        [Theory]
        [InlineData("var groups = AMOCRM.constant('groups');")]
        [InlineData("var area = APP.getV3WidgetsArea();")]
        [InlineData("if (typeof AMOCRM !== 'undefined') {}")]
        public void DeprecatedHostApiFires(string code) => Assert.Equal(AmoSeverity.Warning, Fires(Js(code), RuleNames.AmoDeprecatedHostApi).Severity);

        [Theory]
        [InlineData("var user = APP.constant('user'); var lang = APP.lang;")]
        [InlineData("function f(AMOCRM) { return AMOCRM.x; }")]
        public void DeprecatedHostApiIsSilentOnAppReads(string code) => Silent(Js(code), RuleNames.AmoDeprecatedHostApi);

        [Theory]
        [InlineData("var s = document.createElement('script'); document.head.appendChild(s);")]
        [InlineData("$.getScript('lib.js');")]
        [InlineData("$('body').append('<script src=\"https://x.example/a.js\"></script>');")]
        [InlineData("el.innerHTML = `<SCRIPT>run()</SCRIPT>`;")]
        public void ScriptInjectedFires(string code) => Fires(Js(code), RuleNames.AmoScriptInjected);

        [Theory]
        [InlineData("var d = document.createElement('div');")]
        [InlineData("var t = '<script type=\"text/template\" id=\"row\"><b></b></script>';")]
        [InlineData("var s = 'scripts are loaded by define';")]
        public void ScriptInjectedIsSilentOnOtherElementsAndTemplates(string code) => Silent(Js(code), RuleNames.AmoScriptInjected);

        [Fact]
        public void DefineUnknownModuleFiresOnUndocumentedIdsAndRemoteOnesAsErrors()
        {
            IReadOnlyList<AmoDiagnostic> d = Js("define(['jquery', 'json!./manifest.json', 'es6promise', 'https://cdn.example/x.js'], function () {});");
            List<AmoDiagnostic> found = d.Where(x => x.RuleName == RuleNames.AmoDefineUnknownModule).ToList();
            Assert.Equal(3, found.Count);
            Assert.Equal(AmoSeverity.Warning, found[0].Severity);
            Assert.Equal(AmoSeverity.Error, found[2].Severity);
            Assert.Contains("another host", found[2].Message);
        }

        [Fact]
        public void DefineUnknownModuleIsSilentOnSystemModulesAndOwnFiles()
        {
            Silent(Js("define(['jquery', 'underscore', 'twigjs', 'moment', 'intl_tel_input', 'lib/components/base/modal', './js/app.js', '../x', 'js/helpers', 'require'], function () {});",
                ownFile: name => name == "js/helpers.js"), RuleNames.AmoDefineUnknownModule);
        }

        [Theory]
        [InlineData("function f() { total = 1; }")]
        [InlineData("define([], function () { modal = new Modal({}); });")]
        [InlineData("function f() { count++; }")]
        [InlineData("function f() { { let y; } y = 2; }")]
        public void ImplicitGlobalFires(string code) => Fires(Js(code), RuleNames.AmoImplicitGlobal);

        [Theory]
        [InlineData("var total; function f() { total = 1; }")]
        [InlineData("function f() { g = 1; function g() {} }")]
        [InlineData("function f() { let y; { y = 2; } }")]
        [InlineData("try { f(); } catch (e) { e = null; }")]
        [InlineData("var f = function me(n) { me = null; };")]
        [InlineData("function f(a) { a = 2; } location = '/leads';")]
        [InlineData("var o = {}; o.x = 1; window.y = 2;")]
        public void ImplicitGlobalIsSilentOnDeclaredNames(string code) => Silent(Js(code), RuleNames.AmoImplicitGlobal);

        [Fact]
        public void ImplicitGlobalIsOneFindingAName()
        {
            Assert.Single(Js("function f() { id = 1; id = 2; }"), d => d.RuleName == RuleNames.AmoImplicitGlobal);
        }

        [Theory]
        [InlineData("// var a = APP.constant('account').id\nvar b = 1;")]
        [InlineData("/* self.render(); */")]
        [InlineData("var x = 1; // x = 2;")]
        public void CommentedOutCodeFires(string code) => Fires(Js(code), RuleNames.AmoCommentedOutCode);

        [Theory]
        [InlineData("// get the account id (see the docs)\nvar b = 1;")]
        [InlineData("/** @param {string} a = the name */\nfunction f(a) {}")]
        [InlineData("/*! jQuery v2.1.3 | (c) jQuery Foundation | jquery.org/license */")]
        [InlineData("// see: https://example.com/x?a=b")]
        [InlineData("// TODO: foo(bar)")]
        public void CommentedOutCodeIsSilentOnProseJsDocAndLicenses(string code) => Silent(Js(code), RuleNames.AmoCommentedOutCode);

        [Fact]
        public void CommentedOutCodeIsOneFindingARunOfLines()
        {
            Assert.Single(Js("// a = 1;\n// b = 2;\n// c = 3;\nvar d;"), d => d.RuleName == RuleNames.AmoCommentedOutCode);
        }

        [Theory]
        [InlineData("if ($el.hasClass('switcher__on')) {}")]
        [InlineData("$w.find('.switcher_off').length;")]
        public void SwitcherClassFires(string code) => Fires(Js(code), RuleNames.AmoSwitcherClass);

        [Theory]
        [InlineData("var on = $el.find('input').val();")]
        [InlineData("$('.my_switcher_online').show();")]
        public void SwitcherClassIsSilentOnOtherNames(string code) => Silent(Js(code), RuleNames.AmoSwitcherClass);

        [Fact]
        public void FindingsCarryLineAndColumnIntoSarif()
        {
            AmoDiagnostic d = Fires(Js("\n\n    eval('x');"), RuleNames.AmoEvalUsed);
            Assert.Equal(3, d.Line);
            Assert.Equal(5, d.Column);
            Assert.Equal("script.js", d.File);
            Assert.NotNull(d.HelpUri);
        }
    }
}
