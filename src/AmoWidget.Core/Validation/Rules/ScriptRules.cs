using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
    /// <summary>script.js: present, parses as JavaScript, and defines every callback the widget's locations need.</summary>
    internal static class ScriptRules
    {
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>The script rules; the facts read (with the tree kept when the moderation rules will walk it), or null when script.js was not parsed.</summary>
        public static ScriptFacts? CheckAll(ValidationRun run, WidgetSource source, ManifestContext? m)
        {
            if (!source.Exists("script.js"))
            {
                ScriptMissing(run, source);
                return null;
            }

            string display = source.Describe("script.js");
            byte[]? data = source.Read("script.js", AmoReadLimits.TextBytes, run.Report, AmoSeverity.Warning);
            if (data == null)
            {
                return null;
            }

            JsonRules.CheckBom(run, display, JsonRules.HasBom(data));
            string code;
            try
            {
                code = StrictUtf8.GetString(data, JsonRules.HasBom(data) ? 3 : 0, data.Length - (JsonRules.HasBom(data) ? 3 : 0));
            }
            catch (DecoderFallbackException)
            {
                run.Add(RuleNames.AmoScriptSyntax, display, "script.js is not valid UTF-8; save it as UTF-8 without BOM.");
                return null;
            }

            ScriptFacts facts = ScriptAnalyzer.Analyze(code, keepTree: run.Options.Moderation);
            if (facts.SyntaxError != null)
            {
                run.Add(RuleNames.AmoScriptSyntax, display, $"script.js does not parse: {facts.SyntaxError}.", line: facts.Line, column: facts.Column);
                return facts;
            }

            if (m != null)
            {
                CallbackMissing(run, display, m, facts);
            }

            DevLoader(run, display, facts);
            return facts;
        }

        /// <summary>
        /// AmoScriptDevLoader: each load from a loopback or private address (once an address). Such a script works only
        /// on the computer or network that serves it (a Compress-AmoWidget -DevLoader archive), and the Kommo checklist
        /// forbids loading code from other hosts (https://developers.kommo.com/docs/getting-listed).
        /// </summary>
        public static void DevLoader(ValidationRun run, string display, ScriptFacts facts)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (ScriptLoad load in facts.Loads)
            {
                string? place = PrivateHost(load.Address);
                if (place != null && seen.Add(load.Address))
                {
                    run.Add(RuleNames.AmoScriptDevLoader, display,
                        $"script.js loads code from {Shorten(load.Address)}, {place}: it works only where that address is served (a development loader, such as Compress-AmoWidget -DevLoader writes), and a published widget may not load code from other hosts.",
                        "Pack the widget without -DevLoader, and ship the code in the archive.", line: load.Line, column: load.Column);
                }
            }
        }

        /// <summary>
        /// What kind of address a load names ("a loopback address", "a private network address", "a local network
        /// name"), or null for a public host or a relative path. The host is read as a browser does: after
        /// "scheme://" or "//", without user information and port; an IPv4 address in any form IPAddress reads
        /// (127.1, a decimal number), as the URL standard's host parser also does (https://url.spec.whatwg.org/#host-parsing).
        /// </summary>
        internal static string? PrivateHost(string address)
        {
            string text = address.Trim();
            int start = text.StartsWith("//", StringComparison.Ordinal) ? 2 : -1;
            int scheme = text.IndexOf("://", StringComparison.Ordinal);
            if (start < 0 && scheme > 0 && text.Substring(0, scheme).All(c => char.IsLetterOrDigit(c) || c == '+' || c == '-' || c == '.'))
            {
                start = scheme + 3;
            }

            if (start < 0)
            {
                return null;
            }

            int end = text.IndexOfAny(new[] { '/', '?', '#', '\\' }, start);
            string authority = end < 0 ? text.Substring(start) : text.Substring(start, end - start);
            string host = authority.Substring(authority.LastIndexOf('@') + 1);
            if (host.StartsWith("[", StringComparison.Ordinal))
            {
                int close = host.IndexOf(']');
                host = close < 0 ? host.Substring(1) : host.Substring(1, close - 1);
            }
            else if (host.IndexOf(':') is int colon && colon >= 0)
            {
                host = host.Substring(0, colon);
            }

            host = host.TrimEnd('.').ToLowerInvariant();
            if (host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal))
            {
                return "a loopback address";
            }

            if (host.EndsWith(".local", StringComparison.Ordinal))
            {
                return "a local network name";
            }

            if (host.Length == 0 || !IPAddress.TryParse(host, out IPAddress? ip))
            {
                return null;
            }

            if (ip.IsIPv4MappedToIPv6)
            {
                ip = ip.MapToIPv4();
            }

            byte[] b = ip.GetAddressBytes();
            if (IPAddress.IsLoopback(ip))
            {
                return "a loopback address";
            }

            if (ip.AddressFamily == AddressFamily.InterNetwork)
            {
                return b[0] == 0 ? "an unspecified address (this computer)"
                    : b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168) ? "a private network address"
                    : null;
            }

            return ip.Equals(IPAddress.IPv6Any) ? "an unspecified address (this computer)" : (b[0] & 0xFE) == 0xFC ? "a private network address" : null;
        }

        private static string Shorten(string address) => address.Length <= 200 ? address : address.Substring(0, 200) + "...";

        public static void ScriptMissing(ValidationRun run, WidgetSource source)
        {
            bool amoCrm = run.Platform == AmoPlatform.AmoCrm;
            run.Add(RuleNames.AmoScriptMissing, source.Describe("script.js"),
                amoCrm ? "script.js is missing; amoCRM requires it." : "script.js is missing; amoCRM requires it (Kommo does not).",
                "New-AmoWidget writes one with every callback the locations need.", amoCrm ? AmoSeverity.Error : (AmoSeverity?)null);
        }

        /// <summary>Callbacks every widget needs, then each location's own, with the location that needs it.</summary>
        public static IEnumerable<(string Callback, string? Location)> RequiredCallbacks(ManifestContext m)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string callback in AmoLocationCatalog.BaseCallbacks)
            {
                if (seen.Add(callback))
                {
                    yield return (callback, null);
                }
            }

            foreach (LocationEntry entry in m.Locations.Where(e => e.Info != null))
            {
                foreach (string callback in entry.Info!.RequiredCallbacks)
                {
                    if (seen.Add(callback))
                    {
                        yield return (callback, entry.Value);
                    }
                }
            }
        }

        private static string Snippet(string callback)
        {
            int dot = callback.IndexOf('.');
            return dot < 0
                ? callback + ": function () { return true; }"
                : callback.Substring(0, dot) + ": { " + callback.Substring(dot + 1) + ": function () { return true; } }";
        }

        public static void CallbackMissing(ValidationRun run, string display, ManifestContext m, ScriptFacts facts)
        {
            if (!facts.FoundCallbacks)
            {
                run.Add(RuleNames.AmoCallbackMissing, display,
                    "No callbacks object found in script.js (this.callbacks = {...} or callbacks: {...}); the callbacks cannot be checked.",
                    "If the script is bundled, check the source that defines the callbacks.", AmoSeverity.Warning);
                return;
            }

            foreach ((string callback, string? location) in RequiredCallbacks(m))
            {
                if (!facts.Callbacks.Contains(callback))
                {
                    run.Add(RuleNames.AmoCallbackMissing, display,
                        location == null ? $"callbacks.{callback} is missing; every widget needs it." : $"callbacks.{callback} is missing; the {location} location needs it.",
                        $"Add {Snippet(callback)} to the callbacks object.", line: facts.CallbacksLine, column: facts.CallbacksColumn);
                }
            }
        }
    }
}
