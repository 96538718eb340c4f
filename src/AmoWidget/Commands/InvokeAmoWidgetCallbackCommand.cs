using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Threading;
using System.Management.Automation;
using AmoWidget.Api;
using AmoWidget.Completers;
using AmoWidget.Runtime;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Runs a widget's script.js in the headless host through the given locations and writes one
    /// AmoWidgetCallbackResult per callback call, for a widget's own Pester tests.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AmoWidgetCallback")]
    [OutputType(typeof(AmoWidgetCallbackResult))]
    public sealed class InvokeAmoWidgetCallbackCommand : AmoCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        [Parameter(Mandatory = true, Position = 1)]
        [ArgumentCompleter(typeof(LocationNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Location { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Callback { get; set; }

        [Parameter]
        public IDictionary? Settings { get; set; }

        [Parameter]
        public IDictionary? Constant { get; set; }

        [Parameter]
        public object[]? Selection { get; set; }

        [Parameter]
        public ScriptBlock? Response { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Language { get; set; }

        /// <summary>Ctrl+C: stops the widget's script where it is, which no pipeline check would reach.</summary>
        private readonly CancellationTokenSource stop = new CancellationTokenSource();

        protected override void StopProcessing() => stop.Cancel();

        protected override void ProcessRecordCore()
        {
            var options = new AmoRuntimeOptions
            {
                Locations = Location,
                Callbacks = Callback,
                Settings = Dictionary(Settings),
                Constants = Dictionary(Constant),
                Selection = Selection?.Select(AmoApiCmdlet.ToPlain).ToArray(),
                Responder = Response == null ? null : Respond,
                Language = Language,
                Cancel = stop.Token,
            };
            RuntimeRun run;
            try
            {
                run = AmoWidgetRuntime.Run(ResolveLiteralPath(Path!), options);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }

            WriteObject(run.Calls, true);

            // A limit or a fault the host met outside any call it records (loading script.js that never ends, a host
            // the script broke) has no row of its own: said as a warning, so the output is never silently empty.
            foreach (RuntimeProblem problem in run.Problems)
            {
                bool shown = run.Calls.Any(c => c.Error != null && c.Callback == problem.Callback && c.Location == problem.Location);
                if ((problem.Kind == RuntimeProblemKind.Limit || problem.Kind == RuntimeProblemKind.Exception) && !shown)
                {
                    WriteWarning($"{(problem.Callback == null ? "The widget" : problem.Callback)}{(problem.Location == null ? string.Empty : " in " + problem.Location)}: {Printable.Escape(problem.Message)}");
                }
            }

            // A -Callback name no call had (a typo, or a callback the locations never call) would otherwise look like
            // "not called" with nothing to say so.
            foreach (string name in Callback ?? Array.Empty<string>())
            {
                if (!run.Calls.Any(c => string.Equals(c.Callback, name, StringComparison.Ordinal)))
                {
                    WriteWarning($"-Callback '{Printable.Escape(name)}': no such call in {string.Join(", ", Location!)} (the lifecycle of those locations, render, init, bind_actions, destroy and their own callbacks, has none by that name).");
                }
            }
        }

        private static IDictionary<string, object?>? Dictionary(IDictionary? table)
        {
            if (table == null)
            {
                return null;
            }

            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in table)
            {
                map[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty] = AmoApiCmdlet.ToPlain(entry.Value);
            }

            return map;
        }

        /// <summary>
        /// -Response: the script block gets the request ($_ and its first argument: Target, Url, Request) and what it
        /// outputs is the answer; nothing (or $null) leaves the request unanswered, as a server that never replies.
        /// </summary>
        private string? Respond(string requestJson)
        {
            var request = JObject.Parse(requestJson);
            object? data = AmoApiCmdlet.ToPowerShell(AmoWidgetCallbackResult.Plain(request["Request"]));
            var input = new PSObject();
            input.Properties.Add(new PSNoteProperty("Target", (string?)request["Target"]));
            input.Properties.Add(new PSNoteProperty("Url", (request["Request"] as JObject)?["url"]?.ToString()));
            input.Properties.Add(new PSNoteProperty("Request", data));
            Collection<PSObject> output;
            try
            {
                output = Response!.InvokeWithContext(null, new List<PSVariable> { new PSVariable("_", input) }, input);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                throw new AmoException(ErrorIds.ResponseFailed, AmoErrorKind.InvalidOperation,
                    $"-Response failed for {Printable.Escape((string?)request["Target"] ?? string.Empty)}: {ex.Message}", Path, ex);
            }

            object?[] answers = output.Where(o => o != null).Select(o => AmoApiCmdlet.ToPlain(o)).ToArray();
            if (answers.Length == 0)
            {
                return null;
            }

            try
            {
                return ApiJson.FromPlain(answers.Length == 1 ? answers[0] : answers).ToString(Formatting.None);
            }
            catch (ArgumentException ex)
            {
                throw new AmoException(ErrorIds.ResponseFailed, AmoErrorKind.InvalidArgument, $"-Response gave an answer JSON cannot hold: {ex.Message}", Path, ex);
            }
        }
    }
}
