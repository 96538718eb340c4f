using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AmoWidget
{
    /// <summary>
    /// One call of one widget callback, as the headless host (or a browser running the same stand-ins) saw it: where,
    /// which callback, with which arguments, what it gave back, what it threw, and every call it made to self, APP,
    /// $ and the network. Values are plain data (dictionaries, arrays, strings, numbers, booleans, null), so the JSON
    /// form (<see cref="ToJson"/>) is the same whichever side produced it.
    /// </summary>
    public sealed class AmoWidgetCallbackResult
    {
        /// <summary>The manifest location being driven (lcard, llist, settings...), without the -0/-1 suffix.</summary>
        public string Location { get; set; } = string.Empty;

        /// <summary>The callback's name, nested ones dotted (leads.selected); 'script.js' for loading the module.</summary>
        public string Callback { get; set; } = string.Empty;

        /// <summary>The arguments the host passed, as plain data.</summary>
        public object?[] Arguments { get; set; } = Array.Empty<object?>();

        /// <summary>
        /// How the call ended: value (returned <see cref="Result"/>), fulfilled or rejected (returned a promise that
        /// settled so), pending (a promise still open when the host stopped waiting), error (threw: see
        /// <see cref="Error"/>), missing (the widget has no such callback).
        /// </summary>
        public string Outcome { get; set; } = AmoWidgetOutcome.Value;

        /// <summary>What the callback returned, or what its promise settled to.</summary>
        public object? Result { get; set; }

        /// <summary>What it threw (or the limit it hit), with the file, line and column.</summary>
        public AmoWidgetCallbackError? Error { get; set; }

        /// <summary>The calls the widget made during this callback, in order.</summary>
        public AmoWidgetCall[] Calls { get; set; } = Array.Empty<AmoWidgetCall>();

        /// <summary>Whether the callback gave true (directly or through a promise).</summary>
        public bool ReturnedTrue => (Outcome == AmoWidgetOutcome.Value || Outcome == AmoWidgetOutcome.Fulfilled) && Result is bool b && b;

        public override string ToString() => $"{Location} {Callback}: {Outcome}";

        private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings
        {
            NullValueHandling = NullValueHandling.Include,
            Formatting = Formatting.Indented,
        };

        /// <summary>The trace as JSON: an array of {Location, Callback, Arguments, Outcome, Result, Error, Calls}.</summary>
        /// <remarks>An array, not IEnumerable: PowerShell converts its object[] to an array of the type, not to IEnumerable of it.</remarks>
        public static string ToJson(params AmoWidgetCallbackResult[] results) =>
            JsonConvert.SerializeObject(results.Select(r => new
            {
                r.Location, r.Callback, r.Arguments, r.Outcome, r.Result,
                Error = r.Error == null ? null : new { r.Error.Message, r.Error.File, r.Error.Line, r.Error.Column },
                Calls = r.Calls.Select(c => new { c.Target, c.Arguments, c.Answer }),
            }), Settings);

        /// <summary>Reads the JSON form back (what the browser oracle writes). Throws JsonException on other text.</summary>
        public static AmoWidgetCallbackResult[] FromJson(string json)
        {
            var list = new List<AmoWidgetCallbackResult>();
            foreach (JObject item in JArray.Parse(json).OfType<JObject>())
            {
                var error = item["Error"] as JObject;
                list.Add(new AmoWidgetCallbackResult
                {
                    Location = (string?)item["Location"] ?? string.Empty,
                    Callback = (string?)item["Callback"] ?? string.Empty,
                    Arguments = item["Arguments"] is JArray args ? args.Select(Plain).ToArray() : Array.Empty<object?>(),
                    Outcome = (string?)item["Outcome"] ?? AmoWidgetOutcome.Value,
                    Result = Plain(item["Result"]),
                    Error = error == null ? null : new AmoWidgetCallbackError((string?)error["Message"] ?? string.Empty,
                        (string?)error["File"], (int?)error["Line"], (int?)error["Column"]),
                    Calls = item["Calls"] is JArray calls
                        ? calls.OfType<JObject>().Select(c => new AmoWidgetCall((string?)c["Target"] ?? string.Empty,
                            c["Arguments"] is JArray a ? a.Select(Plain).ToArray() : Array.Empty<object?>(), Plain(c["Answer"]))).ToArray()
                        : Array.Empty<AmoWidgetCall>(),
                });
            }

            return list.ToArray();
        }

        /// <summary>A JSON value as plain .NET data: Dictionary, object[], string, long, double, bool or null.</summary>
        internal static object? Plain(JToken? token)
        {
            switch (token?.Type)
            {
                case null:
                case JTokenType.Null:
                case JTokenType.Undefined:
                    return null;
                case JTokenType.Object:
                    var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (JProperty p in ((JObject)token).Properties())
                    {
                        map[p.Name] = Plain(p.Value);
                    }

                    return map;
                case JTokenType.Array:
                    return ((JArray)token).Select(Plain).ToArray();
                case JTokenType.Integer:
                    return (long)token;
                case JTokenType.Float:
                    return (double)token;
                case JTokenType.Boolean:
                    return (bool)token;
                default:
                    return token.ToString();
            }
        }
    }

    /// <summary>The values of <see cref="AmoWidgetCallbackResult.Outcome"/>.</summary>
    public static class AmoWidgetOutcome
    {
        public const string Value = "value";
        public const string Fulfilled = "fulfilled";
        public const string Rejected = "rejected";
        public const string Pending = "pending";
        public const string Error = "error";
        public const string Missing = "missing";
    }

    /// <summary>What a callback threw, or the limit it hit; File/Line/Column are where (1-based), when known.</summary>
    public sealed class AmoWidgetCallbackError
    {
        public AmoWidgetCallbackError(string message, string? file, int? line, int? column)
        {
            Message = message;
            File = file;
            Line = line;
            Column = column;
        }

        public string Message { get; }

        public string? File { get; }

        public int? Line { get; }

        public int? Column { get; }

        public override string ToString() => File == null ? Message : $"{Message} ({File}:{Line}:{Column})";
    }

    /// <summary>One call the widget made: its target ('self.crm_post', '$.on', 'APP.constant'...), arguments and answer.</summary>
    public sealed class AmoWidgetCall
    {
        public AmoWidgetCall(string target, object?[] arguments, object? answer)
        {
            Target = target;
            Arguments = arguments;
            Answer = answer;
        }

        public string Target { get; }

        public object?[] Arguments { get; }

        public object? Answer { get; }

        public override string ToString() => Target;

        /// <summary>The characters <see cref="Text"/> shows of a value at most.</summary>
        internal const int TextChars = 400;

        /// <summary>
        /// A value of the trace (an argument list, a result, an answer) as one line of compact JSON for the views:
        /// a widget's control characters come out as JSON escapes (\u001b), never as themselves, and a long value
        /// is cut at <see cref="TextChars"/> characters. The properties keep the data.
        /// </summary>
        public static string Text(object? value)
        {
            string json = JsonConvert.SerializeObject(value, Formatting.None);
            return json.Length <= TextChars ? json : json.Substring(0, TextChars) + "...";
        }
    }
}
