using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using AmoWidget.IO;
using AmoWidget.Widget;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Runtime
{
    /// <summary>What one run of the host gave: the trace, one record per callback call, and the problems seen.</summary>
    internal sealed class RuntimeRun
    {
        public List<AmoWidgetCallbackResult> Calls { get; } = new List<AmoWidgetCallbackResult>();

        public List<RuntimeProblem> Problems { get; } = new List<RuntimeProblem>();

        /// <summary>Why nothing ran (no manifest, no script.js, unreadable JSON), or null.</summary>
        public string? NotRun { get; set; }
    }

    /// <summary>
    /// Drives a widget's script.js as the platform does (widget-runtime.md §1.7, from the script_js, areas and
    /// init_once pages of https://www.amocrm.ru/developers/content/): for each declared location render, then init
    /// and bind_actions when render gave true, then the location's own callbacks with their documented arguments;
    /// on leaving, page:changed on document and destroy (unless init_once). After the last location the walk enters
    /// the first one again, so a handler bound again at each entry shows even for a one-location widget.
    /// </summary>
    internal static class WidgetHost
    {
        /// <summary>
        /// The stack the engine runs on: deep enough that Jint's own recursion limit, not the thread's stack, stops a
        /// runaway recursion, whoever calls (a PowerShell pipeline thread has 1 MB on Windows).
        /// </summary>
        private const int StackBytes = 64 * 1024 * 1024;

        /// <summary>The walk never makes more callback calls than this (a manifest with every location is ~80).</summary>
        private const int MaxCalls = 400;

        public static RuntimeRun Run(WidgetSource source, AmoRuntimeOptions options)
        {
            WidgetEngine.Warm();
            var run = new RuntimeRun();
            Exception? failure = null;
            if (options.Responder == null)
            {
                // Nothing to hand back to the caller's thread: it waits in Join, which blocks, instead of the
                // exchange loop below, whose wait spins a core for part of every walk (sampled with dotnet-trace).
                var alone = new Thread(() =>
                {
                    try
                    {
                        Drive(source, options, run, _ => null);
                    }
                    catch (Exception ex)
                    {
                        failure = ex;
                    }
                }, StackBytes) { IsBackground = true, Name = "AmoWidget host" };
                alone.Start();
                alone.Join();
                WidgetEngine.MakeSpare(options);
                return Finish(run, failure);
            }

            // The first failure of the responder stops the run, as Ctrl+C does: a widget that asks again in a loop
            // must not run the failing script block again hundreds of times.
            using var stopOnFailure = CancellationTokenSource.CreateLinkedTokenSource(options.Cancel);
            AmoRuntimeOptions driven = options.WithCancel(stopOnFailure.Token);
            var requests = new BlockingCollection<Exchange>();
            var thread = new Thread(() =>
            {
                try
                {
                    Drive(source, driven, run, request =>
                    {
                        // The responder (a PowerShell script block) must run on the caller's thread: hand it over and wait.
                        var exchange = new Exchange(request);
                        requests.Add(exchange);
                        exchange.Done.Wait();
                        return exchange.Answer;
                    });
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref failure, ex, null);
                }
                finally
                {
                    requests.CompleteAdding();
                }
            }, StackBytes) { IsBackground = true, Name = "AmoWidget host" };
            thread.Start();
            foreach (Exchange exchange in requests.GetConsumingEnumerable())
            {
                try
                {
                    exchange.Answer = Volatile.Read(ref failure) == null ? options.Responder(exchange.Request) : null;
                }
                catch (Exception ex)
                {
                    exchange.Answer = null;
                    Interlocked.CompareExchange(ref failure, ex, null);
                    stopOnFailure.Cancel();
                }
                finally
                {
                    exchange.Done.Set();
                }
            }

            thread.Join();
            WidgetEngine.MakeSpare(options);
            return Finish(run, failure);
        }

        private static RuntimeRun Finish(RuntimeRun run, Exception? failure)
        {
            if (failure is AmoException || failure is OperationCanceledException)
            {
                throw failure;
            }

            if (failure != null)
            {
                // A fault of the host itself: a result, never a raw exception for the caller.
                run.Problems.Add(new RuntimeProblem(RuntimeProblemKind.Exception,
                    "The host stopped: " + Printable.Escape(Cap(failure.Message)), null, null));
            }

            return run;
        }

        /// <summary>What a finding quotes of a message the widget made: a script can throw megabytes, which a CI log must not carry.</summary>
        internal const int MessageChars = 2000;

        internal static string Cap(string message) =>
            message.Length <= MessageChars ? message : message.Substring(0, MessageChars) + $"... ({message.Length - MessageChars} more characters)";

        private sealed class Exchange
        {
            public Exchange(string request) => Request = request;

            public string Request { get; }

            public string? Answer { get; set; }

            public ManualResetEventSlim Done { get; } = new ManualResetEventSlim();
        }

        private static void Drive(WidgetSource source, AmoRuntimeOptions options, RuntimeRun run, Func<string, string?> respond)
        {
            JObject? manifest = ReadJson(source, "manifest.json", AmoReadLimits.ManifestBytes);
            if (manifest == null || !source.Exists("script.js"))
            {
                run.NotRun = manifest == null ? "manifest.json is missing or not JSON" : "script.js is missing";
                return;
            }

            WidgetPlan plan = WidgetPlan.Read(manifest, source, options);
            var engine = new WidgetEngine(source, options, respond);
            engine.CallAmo("begin", JsValue.Null, "script.js");
            if (LiteralAsJson(plan.Environment, LiteralDepth))
            {
                // JSON.parse makes the same objects as the literal below without parsing a script of it on every walk
                // (the i18n file is most of it); the two differ only for a "__proto__" key, which a literal takes
                // for the object's prototype (https://tc39.es/ecma262/#sec-__proto__-property-names-in-object-initializers),
                // and in how deep each may nest before it refuses.
                engine.Amo("env", engine.Parse(plan.Environment));
            }
            else
            {
                engine.Engine.Execute("__amo.env = " + plan.Environment.ToString(Formatting.None) + ";", "amo:env");
            }

            string code = plan.Code;
            bool initOnce = plan.InitOnce;
            IReadOnlyList<RuntimeArea> areas = plan.Areas;
            var driver = new Driver(engine, options, run, code);
            driver.Enter(areas.FirstOrDefault() ?? new RuntimeArea("settings", "settings", "widgetsSettings", "widgetsSettings"));
            engine.CallAmo("buildApp");
            JsValue instance = driver.Load();
            if (instance.IsNull() || instance.IsUndefined())
            {
                driver.Finish();
                return;
            }

            bool initialised = false;
            foreach ((RuntimeArea area, bool again) in plan.Entries)
            {
                if (run.Calls.Count >= MaxCalls)
                {
                    break;
                }

                driver.Enter(area);
                bool rendered = driver.Call(instance, area.Location, "render", mustBeTrue: false);
                if (rendered && (!initOnce || !initialised))
                {
                    driver.Call(instance, area.Location, "init", mustBeTrue: true);
                    driver.Call(instance, area.Location, "bind_actions", mustBeTrue: true);
                    initialised = true;
                }

                if (rendered && !again)
                {
                    foreach (string callback in area.Callbacks)
                    {
                        driver.Call(instance, area.Location, callback, mustBeTrue: callback == "onSave");
                    }
                }

                driver.Leave(instance, area, initOnce);
            }

            driver.Finish();
        }

        /// <summary>How deep __amo.env may nest to be made by JSON.parse (Newtonsoft reads files at most 64 deep).</summary>
        private const int LiteralDepth = 48;

        /// <summary>
        /// Whether the token, written as an object literal, makes what JSON.parse makes of it: no "__proto__" key, and
        /// at most <paramref name="left"/> containers deep (a property counts as one).
        /// </summary>
        private static bool LiteralAsJson(JToken token, int left)
        {
            if (token is JProperty property && property.Name == "__proto__")
            {
                return false;
            }

            if (!(token is JContainer container) || !container.HasValues)
            {
                return true;
            }

            if (left == 0)
            {
                return false;
            }

            foreach (JToken child in container.Children())
            {
                if (!LiteralAsJson(child, left - 1))
                {
                    return false;
                }
            }

            return true;
        }

        internal static JObject? ReadJson(WidgetSource source, string name, int cap)
        {
            if (!source.Exists(name))
            {
                return null;
            }

            byte[]? data = source.Read(name, cap, _ => { });
            if (data == null)
            {
                return null;
            }

            if (ReadTrees.Find(name, data) is JObject kept)
            {
                return (JObject)kept.DeepClone();
            }

            try
            {
                string text = new UTF8Encoding(false).GetString(data).TrimStart('\uFEFF');
                if (JToken.Parse(text) is JObject tree)
                {
                    if (data.Length <= ReadTrees.MaxFileBytes)
                    {
                        ReadTrees.Keep(name, data, (JObject)tree.DeepClone());
                    }
                    return tree;
                }

                return null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>
        /// The manifest and i18n files read as trees, kept for the process by name and bytes (compared whole), as the
        /// widget's scripts are (<see cref="WidgetScripts"/>): each walk read both again with Newtonsoft, whose reader
        /// also looks at every string for a date, a tenth of a warm walk of KonstantinAbramov (dotnet-trace). A caller
        /// gets its own copy (JToken.DeepClone keeps every token's type and value), so nothing it does reaches the
        /// kept tree. Files up to <see cref="MaxFileBytes"/>, <see cref="MaxBytes"/> in all (a tree weighs several
        /// times its text), the oldest dropped first.
        /// </summary>
        private static class ReadTrees
        {
            public const int MaxFileBytes = 64 * 1024;

            private const int MaxBytes = 512 * 1024;

            private static readonly object Gate = new object();
            private static readonly LinkedList<(string Name, byte[] Data, JObject Tree)> Kept = new LinkedList<(string, byte[], JObject)>();
            private static long keptBytes;

            public static JObject? Find(string name, byte[] data)
            {
                lock (Gate)
                {
                    foreach ((string Name, byte[] Data, JObject Tree) kept in Kept)
                    {
                        if (kept.Data.Length == data.Length && kept.Name == name && kept.Data.AsSpan().SequenceEqual(data))
                        {
                            return kept.Tree;
                        }
                    }
                }

                return null;
            }

            public static void Keep(string name, byte[] data, JObject tree)
            {
                if (data.Length > MaxFileBytes)
                {
                    return;
                }

                lock (Gate)
                {
                    Kept.AddLast((name, data, tree));
                    keptBytes += data.Length;
                    while (keptBytes > MaxBytes && Kept.First != null)
                    {
                        keptBytes -= Kept.First.Value.Data.Length;
                        Kept.RemoveFirst();
                    }
                }
            }
        }

        /// <summary>The walk's state: the engine, the trace, and how one callback is called and recorded.</summary>
        private sealed class Driver
        {
            private readonly WidgetEngine engine;
            private readonly AmoRuntimeOptions options;
            private readonly RuntimeRun run;
            private readonly string code;

            public Driver(WidgetEngine engine, AmoRuntimeOptions options, RuntimeRun run, string code)
            {
                this.engine = engine;
                this.options = options;
                this.run = run;
                this.code = code;
            }

            public void Enter(RuntimeArea area) =>
                engine.CallAmo("enter", engine.Parse(WidgetPlan.AreaEnvironment(area, code)));

            /// <summary>Whether a callback of this walk gave a promise still open: what it waits on may settle a later one.</summary>
            private bool openBefore;

            /// <summary>Runs script.js's module and builds the widget; null (with the problem recorded) when it fails.</summary>
            public JsValue Load()
            {
                var result = new AmoWidgetCallbackResult { Location = string.Empty, Callback = "script.js" };
                JsValue instance = JsValue.Null;
                engine.CallAmo("begin", JsValue.Null, "script.js");
                engine.Budget = options.LoadTimeout;
                try
                {
                    instance = engine.CallAmo("loadWidget");
                    engine.DrainJobs();
                    result.Outcome = AmoWidgetOutcome.Value;
                    result.Result = instance.IsObject();
                }
                catch (Exception ex) when (!(ex is AmoException) && !(ex is OutOfMemoryException) && !(ex is OperationCanceledException))
                {
                    Fail(result, ex, null, "script.js");
                }

                Record(result);
                if (!instance.IsObject() && result.Error == null && !run.Problems.Any(p => p.Kind == RuntimeProblemKind.ModuleUnknown))
                {
                    // The platform loads script.js as an AMD module (define), whose factory gives the widget's
                    // constructor: https://www.amocrm.ru/developers/content/integrations/script_js
                    string why = engine.CallAmo("scriptDefined").AsBoolean()
                        ? "script.js's define() factory gave neither a constructor nor an object, so the widget has no callbacks."
                        : "script.js calls no define(), so the platform's module loader gets no widget from it and the widget has no callbacks.";
                    run.Problems.Add(new RuntimeProblem(RuntimeProblemKind.ResultNotTrue, why, null, "script.js") { File = "script.js" });
                }
                else if (instance.IsObject() && !instance.AsObject().Get("callbacks").IsObject() && result.Error == null)
                {
                    // The platform calls this.callbacks.render and the rest; a widget without that object (a factory
                    // that returned nothing gets an empty module) is loaded and then never called.
                    run.Problems.Add(new RuntimeProblem(RuntimeProblemKind.ResultNotTrue,
                        "The widget that script.js's define() factory gave has no callbacks object (this.callbacks), so the platform calls nothing; the factory must return the widget's constructor.", null, "script.js")
                    { File = "script.js" });
                }

                return instance;
            }

            /// <summary>Calls one callback; true when it gave true (or, for render, when the host should go on).</summary>
            public bool Call(JsValue instance, string location, string callback, bool mustBeTrue)
            {
                var result = new AmoWidgetCallbackResult { Location = location, Callback = callback };
                engine.CallAmo("begin", location, callback);
                JsValue function = engine.CallAmo("callbackFunction", instance, callback);
                if (!(function is Jint.Native.Function.Function))
                {
                    result.Outcome = AmoWidgetOutcome.Missing;
                    Record(result);
                    return false;
                }

                engine.Budget = options.CallTimeout;
                bool isEntry = RuntimeAreas.Entry.Contains(callback);
                string? rejection = null;
                try
                {
                    JsValue args = engine.CallAmo("argumentsFor", callback, location);
                    result.Arguments = engine.Plain(args) is object?[] list ? list : Array.Empty<object?>();
                    engine.Engine.Constraints.Reset();
                    JsValue callbacks = instance.AsObject().Get("callbacks");
                    JsValue[] argv = args.AsArray() is { } array ? Enumerable.Range(0, (int)array.Length).Select(i => array.Get((uint)i)).ToArray() : Array.Empty<JsValue>();
                    JsValue value = engine.Engine.Invoke(function, CallbackThis(callbacks, callback), argv);
                    if (value.IsObject() && value.AsObject().Get("then") is Jint.Native.Function.Function)
                    {
                        JsValue box = engine.CallAmo("watch", value);
                        engine.DrainJobs();
                        string state = box.AsObject().Get("state").ToString();
                        result.Outcome = state == "fulfilled" ? AmoWidgetOutcome.Fulfilled : state == "rejected" ? AmoWidgetOutcome.Rejected : AmoWidgetOutcome.Pending;
                        JsValue settled = box.AsObject().Get("value");
                        result.Result = engine.Plain(settled);
                        if (result.Outcome == AmoWidgetOutcome.Rejected)
                        {
                            // The trace keeps the message alone (as the browser oracle's page does); the finding names
                            // the error's kind too, from the rejection itself.
                            rejection = Reason(box.AsObject().Get("reason"));
                        }
                    }
                    else
                    {
                        engine.DrainJobs();
                        result.Outcome = AmoWidgetOutcome.Value;
                        result.Result = engine.Plain(value);
                    }
                }
                catch (Exception ex) when (!(ex is AmoException) && !(ex is OutOfMemoryException) && !(ex is OperationCanceledException))
                {
                    Fail(result, ex, location, callback);
                }

                Record(result);

                // A promise still open is no problem while something may settle it: a request the host left
                // unanswered or a timer it does not fire, started by this callback or by an earlier one still open (a
                // bind_actions awaiting what render's requests resolve). One from a callback that started nothing,
                // with nothing open before it, can never settle, and the platform waits on it for good (a save button
                // that never comes back).
                bool neverSettles = result.Outcome == AmoWidgetOutcome.Pending && result.Calls.Length == 0 && !openBefore;
                openBefore |= result.Outcome == AmoWidgetOutcome.Pending;
                bool gaveTrue = result.ReturnedTrue || (result.Outcome == AmoWidgetOutcome.Pending && !neverSettles);
                // onSave may give false when the configuration failed (https://developers.kommo.com/docs/installing-and-configuring).
                bool allowedFalse = callback == "onSave" && result.Result is bool saved && !saved
                    && (result.Outcome == AmoWidgetOutcome.Value || result.Outcome == AmoWidgetOutcome.Fulfilled);
                // A promise nothing can settle is a fault of any callback, not only of those held to true: the
                // platform waits on card_sdk's loadPreloadedData or dpSettings for good too.
                // The place of a problem with what a callback gave is the callback's own function (where it is
                // defined); one met in several areas, or again when the walk comes back, is one problem.
                (string? file, int? line, int? column) = FunctionPlace(function);
                string gave = rejection != null ? "a promise rejected with " + rejection : Describe(result);
                if (!gaveTrue && !allowedFalse && result.Error == null && (neverSettles || mustBeTrue || (isEntry && callback != "render")))
                {
                    Report(RuntimeProblemKind.ResultNotTrue, location, callback, neverSettles ? "never settles" : gave, file, line, column, locations => neverSettles
                        ? $"{callback} in {locations} gave a promise that never settles: the callback started nothing (no request, no timer) that could settle it, and the platform waits on it."
                        : $"{callback} in {locations} gave {gave}, not true; the platform goes on only after true.");
                }
                else if (rejection != null)
                {
                    // A callback whose result the platform does not wait on (selected, dpSettings...) still fails
                    // when its promise is rejected: the browser reports it as an uncaught error in the promise.
                    Report(RuntimeProblemKind.Exception, location, callback, gave, file, line, column,
                        locations => $"{callback} in {locations} gave {gave}");
                }

                // render may give false to skip a page (the docs' own example on a new card), so false is no problem there.
                return callback != "render" || gaveTrue;
            }

            public void Leave(JsValue instance, RuntimeArea area, bool initOnce)
            {
                engine.CallAmo("begin", area.Location, "page:changed");
                try
                {
                    engine.CallAmo("trigger", "document", "page:changed");
                    engine.DrainJobs();
                }
                catch (Exception ex) when (!(ex is AmoException) && !(ex is OutOfMemoryException) && !(ex is OperationCanceledException))
                {
                    var result = new AmoWidgetCallbackResult { Location = area.Location, Callback = "page:changed" };
                    Fail(result, ex, area.Location, "page:changed");
                    Record(result);
                }

                engine.CallAmo("end");
                if (!initOnce)
                {
                    Call(instance, area.Location, RuntimeAreas.Destroy, mustBeTrue: false);
                }
            }

            /// <summary>Collects what the stand-ins noticed over the whole walk.</summary>
            public void Finish()
            {
                JToken problems = JToken.Parse(engine.Json(engine.CallAmo("takeProblems")));
                foreach (JObject p in problems.OfType<JObject>())
                {
                    if (!Enum.TryParse((string?)p["Kind"], out RuntimeProblemKind kind))
                    {
                        continue;
                    }

                    // Keys, module ids and URLs come from the widget: escaped before they reach a message.
                    string target = Printable.Escape((string?)p["Target"] ?? string.Empty);
                    string? location = (string?)p["Location"];
                    string? callback = (string?)p["Callback"];
                    string? detail = (string?)p["Detail"];
                    // A module unknown to the loader is named by the file that depends on it (the stand-in's detail is
                    // the requiring file's path, empty for script.js itself).
                    string file = kind == RuntimeProblemKind.ModuleUnknown && !string.IsNullOrEmpty(detail) ? detail! : "script.js";
                    run.Problems.Add(new RuntimeProblem(kind, Message(kind, target, detail == null ? null : Printable.Escape(detail)), location, callback) { Target = target, File = file });
                }

                JsValue bindings = engine.CallAmo("duplicateBindings");
                JToken twice = JToken.Parse(engine.Json(bindings));
                uint index = 0;
                foreach (JObject b in twice.OfType<JObject>())
                {
                    // The place is the handler's own function: where it is defined, which is where it is bound again.
                    (string? file, int? line, int? column) = FunctionPlace(bindings.AsArray().Get(index++).AsObject().Get("Handler"));
                    string target = Printable.Escape($"$({b["Target"]}).on('{b["Event"]}'{(b["Delegate"]?.Type == JTokenType.String ? ", '" + b["Delegate"] + "'" : string.Empty)})");
                    run.Problems.Add(new RuntimeProblem(RuntimeProblemKind.HandlerRebound,
                        $"{target} holds the same handler {b["Count"]} times after the walk between areas: it is bound again at each area change and never unbound (off() in destroy, or init_once).",
                        (string?)b["Location"], (string?)b["Callback"]) { Target = target, File = file ?? "script.js", Line = line, Column = column });
                }
            }

            private static string Message(RuntimeProblemKind kind, string target, string? detail) => kind switch
            {
                RuntimeProblemKind.I18nKeyAbsent => $"The code reads the i18n key '{target}', which the widget's i18n file does not have.",
                RuntimeProblemKind.SettingAbsent => $"The code reads the setting '{target}' from get_settings(), which the manifest does not declare and no value gives.",
                RuntimeProblemKind.AppWrite => $"The code writes {target}{(detail == null ? string.Empty : " (" + detail + ")")}; widgets may only read APP/AMOCRM.",
                RuntimeProblemKind.ModuleUnknown => $"{(string.IsNullOrEmpty(detail) ? "script.js" : detail)} depends on the module '{target}', which is neither a system module nor a file of the widget.",
                RuntimeProblemKind.CrmPostRate => $"crm_post is called more than once in one callback ({detail}); the platform sends one a second and queues the rest.",
                _ => target,
            };

            private static JsValue CallbackThis(JsValue callbacks, string callback)
            {
                // leads.selected is called on the leads object, as a method; the top-level ones on the callbacks object.
                int dot = callback.IndexOf('.');
                return dot < 0 || !callbacks.IsObject() ? callbacks : callbacks.AsObject().Get(callback.Substring(0, dot));
            }

            private static string Describe(AmoWidgetCallbackResult result) => result.Outcome switch
            {
                AmoWidgetOutcome.Value => "back " + Show(result.Result),
                AmoWidgetOutcome.Fulfilled => "a promise fulfilled with " + Show(result.Result),
                AmoWidgetOutcome.Rejected => "a promise rejected with " + Show(result.Result),
                _ => result.Outcome,
            };

            private static string Show(object? value) => value == null ? "undefined" : value is bool b ? (b ? "true" : "false") : Printable.Escape(JsonConvert.SerializeObject(value).Length > 60 ? JsonConvert.SerializeObject(value).Substring(0, 60) + "…" : JsonConvert.SerializeObject(value));

            /// <summary>A thrown non-Error object as short JSON; its own words when it cannot be made JSON.</summary>
            private string ThrownText(JsValue thrown)
            {
                try
                {
                    return engine.Stringify(thrown);
                }
                catch (Exception ex) when (ex is JavaScriptException || ex is InvalidOperationException || ex is TimeoutException)
                {
                    return "an object";
                }
            }

            private void Fail(AmoWidgetCallbackResult result, Exception ex, string? location, string callback)
            {
                engine.Engine.Advanced.ResetCallStack();
                result.Outcome = AmoWidgetOutcome.Error;
                RuntimeProblemKind kind = RuntimeProblemKind.Exception;
                string message;
                string? file = null;
                int? line = null, column = null;
                switch (ex)
                {
                    case JavaScriptException js:
                        message = Named(js.Error, js.Message);
                        if (js.Error.IsObject() && !js.Error.AsObject().Get("message").IsString())
                        {
                            // throw { code: 1 }: no message to quote (the engine's text for it is "undefined"), so
                            // the value itself, as JSON, says what was thrown.
                            message = "a value that is not an Error: " + ThrownText(js.Error);
                        }

                        file = js.Location.SourceFile;
                        line = js.Location.Start.Line;
                        column = js.Location.Start.Column + 1;
                        if (file != null && message.EndsWith(")", StringComparison.Ordinal))
                        {
                            // The engine's SyntaxError ends with its place, "(lib/x.js:2:11)", which File, Line and
                            // Column already give: said once.
                            int open = message.LastIndexOf(" (" + file + ":", StringComparison.Ordinal);
                            if (open > 0)
                            {
                                message = message.Substring(0, open);
                            }
                        }

                        break;
                    case TimeoutException _:
                        kind = RuntimeProblemKind.Limit;
                        message = $"ran longer than {engine.Budget.TotalSeconds:0.#} s (an endless loop?) and was stopped";
                        break;
                    case MemoryLimitExceededException _:
                        kind = RuntimeProblemKind.Limit;
                        message = $"allocated more than {options.MemoryBytes / (1024 * 1024)} MB and was stopped";
                        break;
                    case RecursionDepthOverflowException _:
                        kind = RuntimeProblemKind.Limit;
                        message = $"nested calls deeper than {options.RecursionDepth} (an endless recursion?) and was stopped";
                        break;
                    case InsufficientExecutionStackException _:
                        // The engine's own stack, not the widget's call depth: code nested too deep to walk (a long
                        // expression or deep brackets), which the static check reports as AmoScriptSyntax.
                        kind = RuntimeProblemKind.Limit;
                        message = "is nested deeper than the host can walk (deep brackets or a very long expression) and was stopped";
                        break;
                    case ScriptSyntaxException parse:
                        message = parse.Message;
                        file = parse.File;
                        line = parse.Line;
                        column = parse.Column;
                        break;
                    default:
                        // The engine's own refusal (a script nested past what it prepares, a host call it could not
                        // make): its words, without the .NET type name a widget developer has no use for.
                        message = "the host could not run it: " + ex.Message;
                        break;
                }

                if (file != null && file.StartsWith("amo:", StringComparison.Ordinal))
                {
                    // Thrown inside a stand-in (a call the host does not model): the widget's line is not known.
                    file = null;
                    line = column = null;
                }

                message = Printable.Escape(Cap(message));
                result.Error = new AmoWidgetCallbackError(message, file, line, column);
                bool unknownModule = run.Problems.Any(p => p.Kind == RuntimeProblemKind.ModuleUnknown) || message.Contains("Module not found: ");
                if (unknownModule && callback == "script.js")
                {
                    // The module loader's own refusal: reported once, as ModuleUnknown, by Finish.
                    return;
                }

                Report(kind, location, callback, message, file, line, column, locations =>
                {
                    string where = location == null ? "loading script.js" : $"{callback} in {locations}";
                    return kind == RuntimeProblemKind.Limit ? $"{where} {message}." : $"{where} threw {message}";
                });
            }

            /// <summary>
            /// Adds a problem, or adds the location to the same one met before: one fault met in several areas (or
            /// again when the walk re-enters the first) is one problem, its text naming every area it was met in.
            /// </summary>
            private void Report(RuntimeProblemKind kind, string? location, string callback, string target, string? file, int? line, int? column, Func<string, string> text)
            {
                RuntimeProblem? same = run.Problems.FirstOrDefault(p => p.Kind == kind && p.Callback == callback && p.File == file && p.Line == line && p.Column == column && p.Target == target);
                if (same != null)
                {
                    if (location != null && !same.Locations.Contains(location))
                    {
                        same.Locations.Add(location);
                        same.Message = text(string.Join(", ", same.Locations));
                    }

                    return;
                }

                run.Problems.Add(new RuntimeProblem(kind, text(location ?? string.Empty), location, callback)
                {
                    Target = target,
                    File = file,
                    Line = line,
                    Column = column,
                });
            }

            /// <summary>Where a widget's function is defined (file, line, 1-based column); nothing for a stand-in's or a native one.</summary>
            private static (string? File, int? Line, int? Column) FunctionPlace(JsValue function)
            {
                if (function is Jint.Native.Function.Function { FunctionDeclaration: { } declaration }
                    && declaration.Location.SourceFile is { } source && !source.StartsWith("amo:", StringComparison.Ordinal))
                {
                    return (source, declaration.Location.Start.Line, declaration.Location.Start.Column + 1);
                }

                return (null, null, null);
            }

            /// <summary>What a promise was rejected with, as a thrown value is told: "name: message" for an Error, else short JSON.</summary>
            private string Reason(JsValue reason)
            {
                if (reason.IsObject() && reason.AsObject().Get("message").IsString())
                {
                    return Printable.Escape(Cap(Named(reason, reason.AsObject().Get("message").AsString())));
                }

                return reason.IsUndefined() ? "undefined" : Printable.Escape(Cap(ThrownText(reason)));
            }

            /// <summary>An error's message led by its name ("TypeError: ..."), unless the message already starts with it.</summary>
            private static string Named(JsValue error, string message)
            {
                string name = error.IsObject() && error.AsObject().Get("name").IsString() ? error.AsObject().Get("name").AsString() : string.Empty;
                return name.Length > 0 && !message.StartsWith(name, StringComparison.Ordinal) ? name + ": " + message : message;
            }

            private void Record(AmoWidgetCallbackResult result)
            {
                JsValue recorded = engine.CallAmo("end");
                if (WidgetEngine.IsEmptyArray(recorded))
                {
                    result.Calls = Array.Empty<AmoWidgetCall>();
                }
                else if (PlainData.TryReadCalls(recorded, out AmoWidgetCall[] read))
                {
                    result.Calls = read;
                }
                else
                {
                    result.Calls = JToken.Parse(engine.Json(recorded)).OfType<JObject>()
                        .Select(c => new AmoWidgetCall((string?)c["Target"] ?? string.Empty,
                            c["Arguments"] is JArray a ? a.Select(AmoWidgetCallbackResult.Plain).ToArray() : Array.Empty<object?>(),
                            AmoWidgetCallbackResult.Plain(c["Answer"])))
                        .ToArray();
                }
                if (options.Callbacks == null || options.Callbacks.Contains(result.Callback, StringComparer.Ordinal))
                {
                    run.Calls.Add(result);
                }
            }
        }
    }
}
