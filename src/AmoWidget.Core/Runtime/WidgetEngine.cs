using System;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Reflection;
using System.Text;
using AmoWidget.IO;
using AmoWidget.Widget;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Runtime
{
    /// <summary>
    /// One Jint engine holding one widget: the stand-ins of Runtime/js, the widget's files read through its
    /// <see cref="WidgetSource"/>, and the limits that turn an endless loop, a deep recursion or a memory hog into a
    /// result instead of a hung or dead process. Jint (https://github.com/sebastienros/jint) is a managed interpreter on
    /// the Acornima parser the module already uses, with time, memory and recursion constraints built in; no
    /// netstandard2.0 alternative offers those. Not thread-safe: one thread drives it (see <see cref="WidgetHost"/>).
    /// </summary>
    internal sealed class WidgetEngine
    {
        /// <summary>The stand-in files, in load order (the names of the embedded resources under AmoWidget.Runtime.).</summary>
        internal static readonly string[] ScriptNames =
        {
            "amo-recorder.js", "vendor.underscore.js", "amo-app.js", "amo-self.js", "amo-modules.js", "amo-host.js", "amo-lifecycle.js",
        };

        /// <summary>What one file of the widget may weigh to be run (bundled apps reach a few hundred KB).</summary>
        internal const int ScriptBytes = 8 * 1024 * 1024;

        /// <summary>
        /// The stand-ins parsed once a process (Jint's prepared scripts are immutable and meant to be run by many
        /// engines): parsing them again for each widget was most of a short run's fixed cost.
        /// </summary>
        private static readonly Lazy<Prepared<Script>[]> StandIns = new Lazy<Prepared<Script>[]>(
            () => ScriptNames.Select(name => Engine.PrepareScript(ReadResource(name), "amo:" + name)).ToArray());

        private static int warming;

        /// <summary>
        /// Starts, on the thread pool, what the first engine of a process waits for, so that it runs beside whatever
        /// the caller does first (the static rules of Test-AmoWidget, reading the manifest) and beside each other on a
        /// machine with two cores: the stand-ins' parse, and Jint's Options. Jint 4.18's net8.0/net10.0 builds make a
        /// table of the system's time zones in a static constructor every Options runs (DefaultTimeZoneProvider),
        /// sorting TimeZoneInfo.GetSystemTimeZones by display name, which ICU looks up zone by zone: half a second or
        /// more of a process's first run (measured with dotnet-trace; display names,
        /// https://learn.microsoft.com/dotnet/api/system.timezoneinfo.getsystemtimezones). The module runs Jint's
        /// netstandard builds, which do not (build/ReadyToRun/ReadyToRun.csproj), but a .NET 8+ program using the core
        /// gets the others, and no Jint option skips it. Once a process; failures surface where they always did, when
        /// the engine is built.
        /// </summary>
        internal static void Warm()
        {
            if (System.Threading.Interlocked.Exchange(ref warming, 1) != 0)
            {
                return;
            }

            System.Threading.ThreadPool.QueueUserWorkItem(_ => Quietly(() => new Options()));
            System.Threading.ThreadPool.QueueUserWorkItem(_ => Quietly(() => StandIns.Value));
        }

        private static void Quietly(Func<object> work)
        {
            try
            {
                work();
            }
            catch (Exception)
            {
                // Only a head start: the engine's constructor meets the same failure and reports it.
            }
        }

        private readonly Engine engine;
        private readonly Deadline deadline;
        private readonly WidgetSource source;
        private readonly Func<string, string?> respond;
        private readonly TimeSpan regexTimeout;
        private readonly ObjectInstanceHolder amo = new ObjectInstanceHolder();

        /// <summary>The engine's own JSON.parse, as it was made.</summary>
        private readonly JsValue intrinsicParse;

        public WidgetEngine(WidgetSource source, AmoRuntimeOptions options, Func<string, string?> respond)
        {
            this.source = source;
            this.respond = respond;
            regexTimeout = options.CallTimeout;
            Fresh fresh = TakeSpare(Limits.Of(options)) ?? Fresh.Build(Limits.Of(options), options.Cancel);
            engine = fresh.Engine;
            deadline = fresh.Deadline;
            intrinsicParse = fresh.IntrinsicParse;
            deadline.Budget = options.LoadTimeout;
            deadline.Cancel = options.Cancel;

            // A spare's deadline last ran while it was made: the walk's budget starts at its own first statement.
            engine.Constraints.Reset();
            amo.Value = engine.GetValue("__amo");
            engine.SetValue("__host", new HostBridge(this));
            Amo("respond", (Func<string, string?>)Respond);
        }

        /// <summary>The time the next step (loading the widget, one callback) may take; restarted by each step.</summary>
        public TimeSpan Budget
        {
            get => deadline.Budget;
            set => deadline.Budget = value;
        }

        /// <summary>
        /// The next walk's engine with the stand-ins run in it, made ahead on the thread pool once a walk is done, as a
        /// browser keeps a spare renderer process started for the next page
        /// (https://chromium.googlesource.com/chromium/src/+/HEAD/docs/process_model_and_site_isolation.md, "spare
        /// RenderProcessHost"): a new engine and the stand-ins (underscore the most of them) were a third of a warm
        /// walk of KonstantinAbramov and the same for every widget (dotnet-trace). Nothing else runs in it before a walk
        /// takes it, so the walk starts from the state a new engine had; one made for other limits is dropped. A walk
        /// that finds none makes its own, as before. The work is the same, done between walks instead of in one.
        /// </summary>
        private static System.Threading.Tasks.Task<Fresh?>? spare;

        private static Fresh? TakeSpare(Limits limits)
        {
            System.Threading.Tasks.Task<Fresh?>? taken = System.Threading.Interlocked.Exchange(ref spare, null);
            if (taken == null || taken.Status == System.Threading.Tasks.TaskStatus.Created || taken.Status == System.Threading.Tasks.TaskStatus.WaitingToRun
                || taken.Status == System.Threading.Tasks.TaskStatus.WaitingForActivation)
            {
                // None, or not started yet (a busy thread pool): the walk makes its own rather than wait in the queue.
                return null;
            }

            // Being made: what is left of it is less than a new one.
            Fresh? fresh = taken.GetAwaiter().GetResult();
            return fresh != null && fresh.Limits.Equals(limits) ? fresh : null;
        }

        /// <summary>Starts making the spare engine for a walk with these limits, unless one is there or being made.</summary>
        internal static void MakeSpare(AmoRuntimeOptions options)
        {
            Limits limits = Limits.Of(options);
            if (System.Threading.Volatile.Read(ref spare) != null)
            {
                return;
            }

            var making = new System.Threading.Tasks.Task<Fresh?>(() =>
            {
                try
                {
                    return Fresh.Build(limits, default);
                }
                catch (Exception)
                {
                    // Only a head start: the walk that finds no spare makes its engine and meets the same failure.
                    return null;
                }
            });
            if (System.Threading.Interlocked.CompareExchange(ref spare, making, null) == null)
            {
                making.Start(System.Threading.Tasks.TaskScheduler.Default);
            }
        }

        /// <summary>Waits (tests) until the spare being made is made; whether there is one.</summary>
        internal static bool SpareReady(TimeSpan wait)
        {
            System.Threading.Tasks.Task<Fresh?>? made = System.Threading.Volatile.Read(ref spare);
            return made != null && made.Wait(wait) && made.Result != null;
        }

        /// <summary>What an engine is made with, from the options: a spare serves a walk with the same.</summary>
        private readonly struct Limits : IEquatable<Limits>
        {
            private Limits(int recursionDepth, long memoryBytes, TimeSpan callTimeout, TimeSpan loadTimeout)
            {
                RecursionDepth = recursionDepth;
                MemoryBytes = memoryBytes;
                CallTimeout = callTimeout;
                LoadTimeout = loadTimeout;
            }

            public int RecursionDepth { get; }

            public long MemoryBytes { get; }

            public TimeSpan CallTimeout { get; }

            /// <summary>The budget the stand-ins run under while the engine is made.</summary>
            public TimeSpan LoadTimeout { get; }

            public static Limits Of(AmoRuntimeOptions options) =>
                new Limits(options.RecursionDepth, options.MemoryBytes, options.CallTimeout, options.LoadTimeout);

            public bool Equals(Limits other) =>
                RecursionDepth == other.RecursionDepth && MemoryBytes == other.MemoryBytes && CallTimeout == other.CallTimeout && LoadTimeout == other.LoadTimeout;

            public override bool Equals(object? obj) => obj is Limits other && Equals(other);

            public override int GetHashCode() => (RecursionDepth, MemoryBytes, CallTimeout, LoadTimeout).GetHashCode();
        }

        /// <summary>A new engine with the stand-ins run in it, and the deadline it checks.</summary>
        private sealed class Fresh
        {
            private Fresh(Engine engine, Deadline deadline, Limits limits, JsValue intrinsicParse)
            {
                Engine = engine;
                Deadline = deadline;
                Limits = limits;
                IntrinsicParse = intrinsicParse;
            }

            public JsValue IntrinsicParse { get; }

            public Engine Engine { get; }

            public Deadline Deadline { get; }

            public Limits Limits { get; }

            public static Fresh Build(Limits limits, System.Threading.CancellationToken cancel)
            {
                var deadline = new Deadline { Budget = limits.LoadTimeout, Cancel = cancel };
                Engine engine = Create(limits, deadline);
                JsValue parse = engine.GetValue("JSON").AsObject().Get("parse");
                foreach (Prepared<Script> script in StandIns.Value)
                {
                    engine.Execute(script);
                }

                return new Fresh(engine, deadline, limits, parse);
            }
        }

        private static Engine Create(Limits limits, Deadline deadline)
        {
            void Apply(Options o, bool memory)
            {
                o.Constraints.Constraints.Add(deadline);
                o.LimitRecursion(limits.RecursionDepth);
                if (memory)
                {
                    o.LimitMemory(limits.MemoryBytes);
                }

                // Regular expressions from a widget run under the same deadline as its code.
                o.Constraints.RegexTimeout = limits.CallTimeout;
                o.Strict = false;
            }

            try
            {
                return new Engine(o => Apply(o, memory: true));
            }
            catch (PlatformNotSupportedException)
            {
                // The memory constraint reads the thread's allocated bytes, which .NET Framework (Windows PowerShell
                // 5.1) does not offer; time and recursion still bound a widget there.
                return new Engine(o => Apply(o, memory: false));
            }
        }

        internal static string ReadResource(string name)
        {
            using Stream stream = typeof(WidgetEngine).Assembly.GetManifestResourceStream("AmoWidget.Runtime." + name)
                ?? throw new InvalidOperationException("The host's stand-in " + name + " is not in the assembly.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }

        public Engine Engine => engine;

        /// <summary>Sets __amo.&lt;name&gt;.</summary>
        public void Amo(string name, object value) => amo.Object.Set(name, JsValue.FromObject(engine, value));

        /// <summary>Calls __amo.&lt;name&gt;(args) with the time and memory limits started afresh.</summary>
        public JsValue CallAmo(string name, params JsValue[] args)
        {
            engine.Constraints.Reset();
            return engine.Invoke(amo.Object.Get(name), amo.Value!, args);
        }

        /// <summary>A JSON text made a JavaScript value by the engine's own JSON.parse.</summary>
        public JsValue Parse(string json)
        {
            engine.Constraints.Reset();
            return engine.Invoke(engine.GetValue("JSON").AsObject().Get("parse"), JsValue.Undefined, new JsValue[] { json });
        }

        /// <summary>
        /// A JSON tree made the JavaScript value the page's JSON.parse makes of its text. While JSON.parse is still the
        /// engine's own, the objects are made here as it makes them (CreateDataProperty in order,
        /// https://tc39.es/ecma262/#sec-internalizejsonproperty), without writing the text and parsing it again on each
        /// area change; a widget that replaced JSON.parse has its own called, as before.
        /// </summary>
        public JsValue Parse(JToken json)
        {
            engine.Constraints.Reset();
            JsValue parse = engine.GetValue("JSON").AsObject().Get("parse");
            if (ReferenceEquals(parse, intrinsicParse) && TryMake(json, 0, out JsValue made))
            {
                return made;
            }

            return engine.Invoke(parse, JsValue.Undefined, new JsValue[] { json.ToString(Formatting.None) });
        }

        /// <summary>As JSON.parse makes the token's text; false for what its text may not say the same way (a date, NaN, a huge integer).</summary>
        private bool TryMake(JToken token, int depth, out JsValue made)
        {
            made = JsValue.Undefined;
            if (depth > 64)
            {
                return false;
            }

            switch (token)
            {
                case JObject o:
                    var made0 = new JsObject(engine);
                    foreach (JProperty property in o.Properties())
                    {
                        if (!TryMake(property.Value, depth + 1, out JsValue value))
                        {
                            return false;
                        }

                        made0.CreateDataProperty(property.Name, value);
                    }

                    made = made0;
                    return true;
                case JArray a:
                    var items = new JsValue[a.Count];
                    for (int i = 0; i < items.Length; i++)
                    {
                        if (!TryMake(a[i], depth + 1, out items[i]))
                        {
                            return false;
                        }
                    }

                    made = new JsArray(engine, items);
                    return true;
                case JValue v when v.Type == JTokenType.Null:
                    made = JsValue.Null;
                    return true;
                case JValue v when v.Type == JTokenType.String && v.Value is string text:
                    made = text;
                    return true;
                case JValue v when v.Type == JTokenType.Boolean && v.Value is bool flag:
                    made = flag ? JsBoolean.True : JsBoolean.False;
                    return true;
                case JValue v when v.Type == JTokenType.Integer && (v.Value is long || v.Value is int):
                    long whole = Convert.ToInt64(v.Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (Math.Abs(whole) > 9007199254740992L)
                    {
                        return false;
                    }

                    made = JsNumber.Create(whole);
                    return true;
                case JValue v when v.Type == JTokenType.Float && v.Value is double number && !double.IsNaN(number) && !double.IsInfinity(number):
                    made = JsNumber.Create(number);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>A JavaScript value as JSON text, through __amo.plain (functions, cycles and depth made safe).</summary>
        public string Stringify(JsValue value)
        {
            engine.Constraints.Reset();
            JsValue plain = CallAmo("plain", value);
            JsValue text = engine.Invoke(engine.GetValue("JSON").AsObject().Get("stringify"), JsValue.Undefined, new[] { plain });
            return text.IsString() ? text.AsString() : "null";
        }

        /// <summary>A value the stand-ins already made plain (the recorder's calls and problems) as JSON text.</summary>
        public string Json(JsValue value)
        {
            engine.Constraints.Reset();
            JsValue text = engine.Invoke(engine.GetValue("JSON").AsObject().Get("stringify"), JsValue.Undefined, new[] { value });
            return text.IsString() ? text.AsString() : "null";
        }

        /// <summary>
        /// A JavaScript value as plain .NET data (<see cref="AmoWidgetCallbackResult.Plain"/>), as __amo.plain makes it
        /// and its JSON text reads back. Most callbacks give undefined or a boolean and most argument lists are empty:
        /// those come out the same without __amo.plain; the rest is read from the plain value itself
        /// (<see cref="PlainData"/>) unless only the text can say what it reads as.
        /// </summary>
        public object? Plain(JsValue value)
        {
            if (value.IsUndefined() || value.IsNull())
            {
                return null;
            }

            if (value.IsBoolean())
            {
                return value.AsBoolean();
            }

            if (value is JsArray array && array.Length == 0)
            {
                return Array.Empty<object?>();
            }

            engine.Constraints.Reset();
            JsValue plain = CallAmo("plain", value);
            if (PlainData.TryRead(plain, out object? data))
            {
                return data;
            }

            return AmoWidgetCallbackResult.Plain(JToken.Parse(Json(plain)));
        }

        /// <summary>Whether a value the stand-ins made is an empty array (no calls recorded, no problems).</summary>
        public static bool IsEmptyArray(JsValue value) => value is JsArray array && array.Length == 0;

        /// <summary>Runs the promise jobs queued so far (callbacks of crm_post answers, then(), require([...])).</summary>
        public void DrainJobs()
        {
            engine.Constraints.Reset();
            engine.Advanced.ProcessTasks();
        }

        /// <summary>
        /// The answer to a request of the widget. The time it takes (a -Response script block on the caller's thread)
        /// is the caller's, not the widget's: it is not counted against the step's budget.
        /// </summary>
        private string? Respond(string request)
        {
            long asked = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                return respond(request);
            }
            finally
            {
                deadline.Exclude(System.Diagnostics.Stopwatch.GetTimestamp() - asked);
            }
        }

        /// <summary>
        /// Runs one of the widget's files (a dependency path relative to the widget root, already normalised by the
        /// loader) under its own name, so a stack points at that file. False when the widget has no such file.
        /// </summary>
        private bool Load(string path)
        {
            if (path.Length == 0 || path.StartsWith("/", StringComparison.Ordinal) || path.Contains("..") || !(source.Exists(path) || source.HasFile(path)))
            {
                return false;
            }

            var problems = new List<SourceProblem>();

            try
            {
                Prepared<Script>? prepared;
                string? text = null;

                // Pooled: a kept file is only compared with what was read, and a large one (select2, 220 KB) read into
                // a new array on every walk went to the large-object heap, which only a full collection frees. Given
                // back before the file runs, whose own require() may load more files.
                using (PooledBytes? data = source.ReadPooled(path, ScriptBytes, problems.Add))
                {
                    if (data == null)
                    {
                        return false;
                    }

                    prepared = WidgetScripts.Prepare(data.Array, data.Count, path, regexTimeout);
                    if (prepared == null)
                    {
                        text = WidgetScripts.Text(data.Array, data.Count);
                    }
                }

                if (prepared is Prepared<Script> script)
                {
                    engine.Execute(script);
                }
                else
                {
                    // It does not parse: the engine parses it again to throw its own SyntaxError, as it always has.
                    engine.Execute(text!, path);
                }
            }
            catch (Acornima.ParseErrorException ex)
            {
                // The parser's exception does not name the file; the trace needs it.
                // Description, not Message: the message ends with the place, which the finding and the result already give.
                throw new ScriptSyntaxException("SyntaxError: " + ex.Description, path, ex.LineNumber, ex.Column + 1);
            }

            return true;
        }

        /// <summary>A widget file's text (for the json! and text! plugins), or null when the widget has no such file.</summary>
        private string? Read(string path)
        {
            if (path.Length == 0 || path.StartsWith("/", StringComparison.Ordinal) || path.Contains("..") || !(source.Exists(path) || source.HasFile(path)))
            {
                return null;
            }

            byte[]? data = source.Read(path, ScriptBytes, _ => { });
            return data == null ? null : new UTF8Encoding(false).GetString(data).TrimStart('\uFEFF');
        }

        /// <summary>The one object the scripts see as __host: what JavaScript may ask of .NET, and nothing else.</summary>
        private sealed class HostBridge
        {
            private readonly WidgetEngine owner;

            public HostBridge(WidgetEngine owner) => this.owner = owner;

#pragma warning disable IDE1006 // JavaScript calls it by this name.
            public bool load(string path) => owner.Load(path);

            public string? read(string path) => owner.Read(path);
#pragma warning restore IDE1006
        }

        private sealed class ObjectInstanceHolder
        {
            public JsValue? Value { get; set; }

            public Jint.Native.Object.ObjectInstance Object => Value!.AsObject();
        }
    }

    /// <summary>
    /// Jint's TimeoutInterval is one figure for the engine's life; loading a bundled app (hundreds of KB) needs more
    /// than one callback may take, so the budget is ours to set before each step.
    /// </summary>
    internal sealed class Deadline : Constraint
    {
        /// <summary>
        /// Statements run between two looks at the clock. Jint calls Check before every statement, and reading the
        /// clock there was a sixth of a whole walk (sampled with dotnet-trace); a statement takes well under a
        /// microsecond, so this many still stop a runaway loop within a millisecond or so of its budget.
        /// </summary>
        internal const int Stride = 256;

        private long started;
        private long limit;
        private int countdown;

        public TimeSpan Budget { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>The caller's stop (Ctrl+C), checked with the time every <see cref="Stride"/> steps of the script.</summary>
        public System.Threading.CancellationToken Cancel { get; set; }

        public override void Check()
        {
            if (--countdown > 0)
            {
                return;
            }

            countdown = Stride;
            Cancel.ThrowIfCancellationRequested();
            long now = System.Diagnostics.Stopwatch.GetTimestamp();
            if (started == 0)
            {
                // The budget starts at the first statement after a reset: the host resets before each of its own
                // calls into the engine (several per callback), most of which run a handful of statements.
                started = now;
                double ticks = Budget.TotalSeconds * System.Diagnostics.Stopwatch.Frequency;
                limit = ticks >= long.MaxValue ? long.MaxValue : (long)Math.Max(0, ticks);
            }
            else if (now - started > limit)
            {
                throw new TimeoutException();
            }
        }

        public override void Reset()
        {
            countdown = 0;
            started = 0;
        }

        /// <summary>Moves the budget's start later by <paramref name="ticks"/> (Stopwatch ticks spent outside the widget).</summary>
        public void Exclude(long ticks)
        {
            if (started != 0 && ticks > 0)
            {
                started += ticks;
            }
        }
    }

    /// <summary>A widget file that does not parse, with its name and place (1-based).</summary>
    internal sealed class ScriptSyntaxException : Exception
    {
        public ScriptSyntaxException(string message, string file, int line, int column)
            : base(message)
        {
            File = file;
            Line = line;
            Column = column;
        }

        public string File { get; }

        public int Line { get; }

        public int Column { get; }
    }
}
