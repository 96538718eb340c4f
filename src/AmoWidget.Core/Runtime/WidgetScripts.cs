using System;
using System.Collections.Generic;
using System.Text;
using Acornima.Ast;
using Jint;

namespace AmoWidget.Runtime
{
    /// <summary>
    /// The widget's own files parsed for Jint, kept for the process by their bytes: parsing a bundled library was about
    /// two fifths of a whole walk (a 220 KB select2 on every run), and a prepared script is immutable and meant to be
    /// run by many engines (https://github.com/sebastienros/jint, "Prepared scripts"). A browser keeps compiled code
    /// the same way (V8's code cache, https://v8.dev/blog/code-caching-for-devs), so a second run of the same widget in
    /// one session pays for its own code only. A file is found by its path and compared whole, byte for byte, on every
    /// hit, so an edited file is parsed again; the bytes are the key rather than the text decoded from them because
    /// decoding the file and hashing its text on each hit was a third of what loading a kept file cost (dotnet-trace,
    /// a warm walk of KonstantinAbramov), where a length check and a memory compare cost next to nothing. What is kept
    /// is bounded (<see cref="MaxBytes"/>), beyond which the oldest files are dropped.
    /// </summary>
    internal static class WidgetScripts
    {
        /// <summary>The bytes of source kept at most (their trees weigh several times that).</summary>
        internal const int MaxBytes = 4 * 1024 * 1024;

        private static readonly object Gate = new object();
        private static readonly Dictionary<(string Path, TimeSpan RegexTimeout), List<Kept>> ByPath = new Dictionary<(string, TimeSpan), List<Kept>>();
        private static readonly LinkedList<Kept> Order = new LinkedList<Kept>();
        private static long keptBytes;

        /// <summary>
        /// The prepared form of one file (its bytes as read), parsed from <see cref="Text"/> as <c>Engine.Execute(text,
        /// path)</c> parses it (script goal, regular expressions run interpreted under <paramref name="regexTimeout"/>,
        /// no constant folding, no analysis ahead). Null when it does not parse: the caller then runs the text itself,
        /// so a syntax error reads exactly as the engine reports it.
        /// </summary>
        public static Prepared<Script>? Prepare(byte[] data, string path, TimeSpan regexTimeout) => Prepare(data, data.Length, path, regexTimeout);

        /// <summary>As <see cref="Prepare(byte[], string, TimeSpan)"/> for the first <paramref name="count"/> bytes of a (pooled) buffer.</summary>
        public static Prepared<Script>? Prepare(byte[] buffer, int count, string path, TimeSpan regexTimeout)
        {
            var key = (path, regexTimeout);
            lock (Gate)
            {
                if (Find(key, buffer, count) is Kept kept)
                {
                    return kept.Script;
                }
            }

            Prepared<Script> script;
            try
            {
                script = Engine.PrepareScript(Text(buffer, count), path, strict: false, new ScriptPreparationOptions
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
                if (count <= MaxBytes && Find(key, buffer, count) == null)
                {
                    while (keptBytes + count > MaxBytes && Order.First != null)
                    {
                        Forget(Order.First.Value);
                    }

                    if (!ByPath.TryGetValue(key, out List<Kept> same))
                    {
                        same = new List<Kept>();
                        ByPath[key] = same;
                    }

                    // Copied: the caller's buffer goes back to its pool or is changed, the kept bytes are not.
                    var kept = new Kept(key, buffer.AsSpan(0, count).ToArray(), script);
                    same.Add(kept);
                    Order.AddLast(kept);
                    keptBytes += count;
                }
            }

            return script;
        }

        private static Kept? Find((string Path, TimeSpan RegexTimeout) key, byte[] buffer, int count)
        {
            if (ByPath.TryGetValue(key, out List<Kept> same))
            {
                foreach (Kept kept in same)
                {
                    if (kept.Data.Length == count && kept.Data.AsSpan().SequenceEqual(buffer.AsSpan(0, count)))
                    {
                        return kept;
                    }
                }
            }

            return null;
        }

        /// <summary>A widget file's text as the host runs it: UTF-8 (an invalid sequence as U+FFFD), without a leading BOM.</summary>
        public static string Text(byte[] data) => Text(data, data.Length);

        /// <summary>As <see cref="Text(byte[])"/> for the first <paramref name="count"/> bytes of a buffer.</summary>
        public static string Text(byte[] buffer, int count)
        {
            string text = new UTF8Encoding(false).GetString(buffer, 0, count);
            return text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
        }

        private static void Forget(Kept oldest)
        {
            Order.Remove(oldest);
            keptBytes -= oldest.Data.Length;
            if (ByPath.TryGetValue(oldest.Key, out List<Kept> same))
            {
                same.Remove(oldest);
                if (same.Count == 0)
                {
                    ByPath.Remove(oldest.Key);
                }
            }
        }

        /// <summary>The bytes of source kept now.</summary>
        internal static long KeptBytes
        {
            get
            {
                lock (Gate)
                {
                    return keptBytes;
                }
            }
        }

        /// <summary>Forgets every kept file (tests, and the bench's uncached side).</summary>
        internal static void Clear()
        {
            lock (Gate)
            {
                ByPath.Clear();
                Order.Clear();
                keptBytes = 0;
            }
        }

        private sealed class Kept
        {
            public Kept((string Path, TimeSpan RegexTimeout) key, byte[] data, Prepared<Script> script)
            {
                Key = key;
                Data = data;
                Script = script;
            }

            public (string Path, TimeSpan RegexTimeout) Key { get; }

            public byte[] Data { get; }

            public Prepared<Script> Script { get; }
        }
    }
}
