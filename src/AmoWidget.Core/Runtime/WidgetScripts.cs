using System;
using System.Collections.Generic;
using Acornima.Ast;
using Jint;

namespace AmoWidget.Runtime
{
    /// <summary>
    /// The widget's own files parsed for Jint, kept for the process by their text: parsing a bundled library was about
    /// two fifths of a whole walk (a 220 KB select2 on every run), and a prepared script is immutable and meant to be
    /// run by many engines (https://github.com/sebastienros/jint, "Prepared scripts"). A browser keeps compiled code
    /// the same way (V8's code cache, https://v8.dev/blog/code-caching-for-devs), so a second run of the same widget in
    /// one session pays for its own code only. The text is compared whole on every hit, so an edited file is parsed
    /// again; what is kept is bounded (<see cref="MaxChars"/>), beyond which the oldest texts are dropped.
    /// </summary>
    internal static class WidgetScripts
    {
        /// <summary>The characters of source kept at most (their trees weigh several times that).</summary>
        internal const int MaxChars = 4 * 1024 * 1024;

        private static readonly object Gate = new object();
        private static readonly Dictionary<PreparedKey, Prepared<Script>> Kept = new Dictionary<PreparedKey, Prepared<Script>>();
        private static readonly LinkedList<PreparedKey> Order = new LinkedList<PreparedKey>();
        private static long keptChars;

        /// <summary>
        /// The prepared form of one file, parsed as <c>Engine.Execute(text, path)</c> parses it (script goal, regular
        /// expressions run interpreted under <paramref name="regexTimeout"/>, no constant folding, no analysis ahead). Null when it does
        /// not parse: the caller then runs the text itself, so a syntax error reads exactly as the engine reports it.
        /// </summary>
        public static Prepared<Script>? Prepare(string text, string path, TimeSpan regexTimeout)
        {
            var key = new PreparedKey(path, text, regexTimeout);
            lock (Gate)
            {
                if (Kept.TryGetValue(key, out Prepared<Script> kept))
                {
                    return kept;
                }
            }

            Prepared<Script> script;
            try
            {
                script = Engine.PrepareScript(text, path, strict: false, new ScriptPreparationOptions
                {
                    ParsingOptions = ScriptParsingOptions.Default with { CompileRegex = false, RegexTimeout = regexTimeout },
                    FoldConstants = false,

                    // Jint's static analysis prepares every function of the file ahead, which took five times the parse
                    // itself on a minified library whose functions mostly never run; the engine prepares a function
                    // when it is first called, as Engine.Execute(text) always did.
                    StaticAnalysis = false,
                });
            }
            catch (ScriptPreparationException)
            {
                return null;
            }

            lock (Gate)
            {
                if (text.Length <= MaxChars && !Kept.ContainsKey(key))
                {
                    while (keptChars + text.Length > MaxChars && Order.First != null)
                    {
                        PreparedKey oldest = Order.First.Value;
                        Order.RemoveFirst();
                        Kept.Remove(oldest);
                        keptChars -= oldest.Text.Length;
                    }

                    Kept[key] = script;
                    Order.AddLast(key);
                    keptChars += text.Length;
                }
            }

            return script;
        }

        /// <summary>The characters of source kept now.</summary>
        internal static long KeptChars
        {
            get
            {
                lock (Gate)
                {
                    return keptChars;
                }
            }
        }

        /// <summary>Forgets every kept file (tests, and the bench's uncached side).</summary>
        internal static void Clear()
        {
            lock (Gate)
            {
                Kept.Clear();
                Order.Clear();
                keptChars = 0;
            }
        }

        private readonly struct PreparedKey : IEquatable<PreparedKey>
        {
            private readonly int hash;

            public PreparedKey(string path, string text, TimeSpan regexTimeout)
            {
                Path = path;
                Text = text;
                RegexTimeout = regexTimeout;
                hash = (StringComparer.Ordinal.GetHashCode(path) * 31 + StringComparer.Ordinal.GetHashCode(text)) * 31 + regexTimeout.GetHashCode();
            }

            public string Path { get; }

            public string Text { get; }

            public TimeSpan RegexTimeout { get; }

            public bool Equals(PreparedKey other) =>
                hash == other.hash && RegexTimeout == other.RegexTimeout
                && string.Equals(Path, other.Path, StringComparison.Ordinal) && string.Equals(Text, other.Text, StringComparison.Ordinal);

            public override bool Equals(object? obj) => obj is PreparedKey other && Equals(other);

            public override int GetHashCode() => hash;
        }
    }
}
