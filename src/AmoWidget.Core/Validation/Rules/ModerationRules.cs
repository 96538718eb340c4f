using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using AmoWidget.IO;
using AmoWidget.Widget;

namespace AmoWidget.Validation.Rules
{
    /// <summary>What a code or style file is, as a reviewer reads it.</summary>
    internal enum CodeKind
    {
        /// <summary>Written by the widget's author: every rule applies.</summary>
        HandWritten,

        /// <summary>A third-party library shipped in the archive (by name, folder or license banner): not the author's code, not audited line by line.</summary>
        Vendored,

        /// <summary>Minified or obfuscated code that is not a named library (a committed build): one AmoCodeMinified finding, no line rules.</summary>
        Minified,
    }

    /// <summary>
    /// The moderation rehearsal (Test-AmoWidget -Moderation): every file of the widget, sorted into code (.js),
    /// styles (.css), texts and images, each checked by the rules of its kind (ModerationScriptRules,
    /// ModerationStyleRules, ModerationTextRules, ModerationImageRules). Rules and sources:
    /// https://www.amocrm.ru/developers/content/integrations/requirements and https://developers.kommo.com/docs/getting-listed.
    /// </summary>
    internal static class ModerationRules
    {
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>Folders that hold third-party code by convention (npm, bower, and the usual vendor folders).</summary>
        private static readonly HashSet<string> VendorFolders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "vendor", "vendors", "node_modules", "bower_components", "third_party", "third-party", "plugins",
        };

        /// <summary>Folders that hold libraries, the author's own as often as third-party ones: vendored only with a license banner or minified.</summary>
        private static readonly HashSet<string> LibraryFolders = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "lib", "libs" };

        private static readonly Regex LicenseBanner = new Regex(@"\A\s*(/\*!|//!|/\*\*?[^\n]*(@license|@preserve|\blicen[cs]e\b|\(c\)|copyright))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);


        /// <summary>
        /// The measured minification threshold. Over the 86 .js and .css files of the 24 real widgets with code
        /// (../shared/widgets), hand-written files average at most 61 characters a non-empty line and their longest
        /// line is at most 1,166 characters; the minified ones (two committed builds, jquery.min.js, select2.min.css)
        /// average 16,000 or more. A file of over 2,000 characters is minified when its lines average over 300, or
        /// when one line is over 5,000 characters (a minified block appended to readable code); the gap on either side
        /// is five times or more.
        /// </summary>
        internal const int MinifiedAverageLine = 300;

        internal const int MinifiedLongestLine = 5000;

        internal const int MinifiedMinimumLength = 2000;

        /// <summary>
        /// Every moderation rule. The whole pass runs on one thread with the parser's stack: each .js file is parsed and
        /// walked on it, and starting a thread a file cost more than the parse of a small file on a loaded machine.
        /// </summary>
        public static void CheckAll(ValidationRun run, WidgetSource source, ManifestContext? manifest, List<LanguageFile> languages, ScriptFacts? script) =>
            ScriptAnalyzer.OnParserStack(() => CheckAllHere(run, source, manifest, languages, script));

        private static void CheckAllHere(ValidationRun run, WidgetSource source, ManifestContext? manifest, List<LanguageFile> languages, ScriptFacts? script)
        {
            var files = new HashSet<string>(StringComparer.Ordinal);
            foreach (string name in source.AllFiles())
            {
                files.Add(name);
                string extension = Extension(name);
                if (extension == ".js" || extension == ".css")
                {
                    CheckCode(run, source, name, extension, script);
                }
                else if (ModerationTextRules.TextExtensions.Contains(extension))
                {
                    ModerationTextRules.CheckFileFormat(run, source, name);
                }

                if (ModerationImageRules.IsImage(extension))
                {
                    ModerationImageRules.CheckAnimated(run, source, name);
                }
            }

            ModerationTextRules.CheckLanguages(run, languages);
            if (manifest != null)
            {
                ModerationTextRules.CheckLengths(run, manifest, languages);
                ModerationImageRules.CheckTourSizes(run, source, manifest, files);
            }
        }

        private static void CheckCode(ValidationRun run, WidgetSource source, string name, string extension, ScriptFacts? script)
        {
            // Pooled: the file is looked at here and dropped (once decoded, the text is what the rules read).
            string code;
            string display;
            using (PooledBytes? bytes = source.ReadPooled(name, AmoReadLimits.TextBytes, run.Report, AmoSeverity.Warning))
            {
                if (bytes == null)
                {
                    return;
                }

                ReadOnlySpan<byte> data = bytes.Span;
                display = source.Describe(name);
                ModerationTextRules.CheckFileFormat(run, name, display, data);
                if (IsVendoredByName(name))
                {
                    return;
                }

                // Measured on the bytes first, so a large build is judged without decoding it (for ASCII, bytes are characters).
                (int lines, int longest) = Lines(data);
                bool minifiedByLines = data.Length > MinifiedMinimumLength && (data.Length / Math.Max(1, lines) > MinifiedAverageLine || longest > MinifiedLongestLine);
                if (minifiedByLines)
                {
                    if (!InLibraryFolder(name))
                    {
                        run.Add(RuleNames.AmoCodeMinified, display,
                            $"{name} is minified or obfuscated ({data.Length / Math.Max(1, lines)} bytes a line on average, the longest {longest}); both code audits ask for readable code, and reviewers cannot audit this file.",
                            "Ship the readable source (or an unminified build); keep third-party libraries in a vendor/ folder or under their .min name.");
                    }

                    return;
                }

                bool bom = JsonRules.HasBom(data);
                try
                {
                    code = StrictUtf8.GetString(bytes.Array, bom ? 3 : 0, bytes.Count - (bom ? 3 : 0));
                }
                catch (DecoderFallbackException)
                {
                    // Not text (an AppleDouble ._x.js, a binary named .js): nothing a reviewer reads as code.
                    return;
                }
            }

            switch (Classify(name, code))
            {
                case CodeKind.Vendored:
                    return;
                case CodeKind.Minified:
                    run.Add(RuleNames.AmoCodeMinified, display,
                        $"{name} is minified or obfuscated ({Measure(code)}); both code audits ask for readable code, and reviewers cannot audit this file.",
                        "Ship the readable source (or an unminified build); keep third-party libraries in a vendor/ folder or under their .min name.");
                    return;
            }

            if (extension == ".css")
            {
                ModerationStyleRules.Check(run, display, code);
                return;
            }

            if (name == "script.js")
            {
                // The script rules parsed it already (and reported AmoScriptSyntax when it does not parse).
                if (script?.Tree != null)
                {
                    ModerationScriptRules.Check(run, display, script.Tree, own => source.HasFile(own));
                }

                return;
            }

            var facts = new ScriptFacts();
            ScriptTree? tree = ScriptAnalyzer.ParseTreeHere(code, facts);
            if (tree == null)
            {
                run.Add(RuleNames.AmoScriptSyntax, display, $"{name} does not parse: {facts.SyntaxError}; the moderation rules cannot check it, and the code audit requires valid syntax.",
                    line: facts.Line, column: facts.Column);
                return;
            }

            ModerationScriptRules.Check(run, display, tree, own => source.HasFile(own));
        }

        /// <summary>
        /// A reviewer's reading of a file: a library when it says so (a .min name, a vendor folder, a license banner
        /// in lib/ or libs/, or minified code under lib/ or libs/); minified when it measures so; otherwise hand-written.
        /// </summary>
        internal static CodeKind Classify(string name, string code)
        {
            if (IsVendoredByName(name))
            {
                return CodeKind.Vendored;
            }

            bool minified = IsMinified(code);
            if (InLibraryFolder(name) && (minified || LicenseBanner.IsMatch(code)))
            {
                return CodeKind.Vendored;
            }

            return minified ? CodeKind.Minified : CodeKind.HandWritten;
        }

        private static bool InLibraryFolder(string name)
        {
            string[] parts = name.Split('/');
            return parts.Take(parts.Length - 1).Any(LibraryFolders.Contains);
        }

        /// <summary>
        /// Non-empty lines and the longest line's length, in bytes. Line ends are found with the span's vectorized
        /// IndexOf, and a line is known non-empty at its first byte over ' ' (past its indentation, mostly), so most
        /// bytes are never looked at one by one: a 600 KB build is measured in a fraction of the time of a byte loop.
        /// </summary>
        internal static (int Lines, int Longest) Lines(ReadOnlySpan<byte> all)
        {
            int lines = 0, longest = 0, start = 0;
            while (true)
            {
                int end = all.Slice(start).IndexOf((byte)'\n');
                int stop = end < 0 ? all.Length : start + end;
                longest = Math.Max(longest, stop - start);
                for (int i = start; i < stop; i++)
                {
                    if (all[i] > (byte)' ')
                    {
                        lines++;
                        break;
                    }
                }

                if (end < 0)
                {
                    return (lines, longest);
                }

                start = stop + 1;
            }
        }

        /// <summary>A library by its name alone (a .min name, a vendor folder): known before the file is decoded or measured.</summary>
        internal static bool IsVendoredByName(string name)
        {
            string[] parts = name.Split('/');
            string leaf = parts[parts.Length - 1];
            return leaf.EndsWith(".min.js", StringComparison.OrdinalIgnoreCase) || leaf.EndsWith(".min.css", StringComparison.OrdinalIgnoreCase)
                || parts.Take(parts.Length - 1).Any(VendorFolders.Contains);
        }

        internal static bool IsMinified(string code)
        {
            if (code.Length > MinifiedMinimumLength)
            {
                (int lines, int longest) = Lines(code);
                if (code.Length / Math.Max(1, lines) > MinifiedAverageLine || longest > MinifiedLongestLine)
                {
                    return true;
                }
            }

            return HasPackerSignature(code);
        }

        /// <summary>
        /// Dean Edwards' packer (eval(function(p,a,c,k,e,d)...) or the string tables obfuscators emit: six \xNN escapes
        /// in a row. Scanned by hand: a regular expression over a whole file cost more than the rest of the sorting.
        /// </summary>
        private static bool HasPackerSignature(string code)
        {
            if (code.IndexOf("eval(function(p,a,c,k,e,", StringComparison.Ordinal) >= 0)
            {
                return true;
            }

            int run = 0;
            for (int i = code.IndexOf("\\x", StringComparison.Ordinal); i >= 0 && i + 3 < code.Length; )
            {
                bool escape = code[i] == '\\' && code[i + 1] == 'x' && Uri.IsHexDigit(code[i + 2]) && Uri.IsHexDigit(code[i + 3]);
                run = escape ? run + 1 : 0;
                if (run >= 6)
                {
                    return true;
                }

                i = escape ? i + 4 : code.IndexOf("\\x", i + 1, StringComparison.Ordinal);
            }

            return false;
        }

        private static string Measure(string code)
        {
            (int lines, int longest) = Lines(code);
            int average = code.Length / Math.Max(1, lines);
            return code.Length > MinifiedMinimumLength && (average > MinifiedAverageLine || longest > MinifiedLongestLine)
                ? $"{average} characters a line on average, the longest {longest}"
                : "a packer or hex-escape signature";
        }

        /// <summary>Non-empty lines and the longest line's length, in characters (found as in the byte measure above).</summary>
        internal static (int Lines, int Longest) Lines(string code)
        {
            ReadOnlySpan<char> all = code.AsSpan();
            int lines = 0, longest = 0, start = 0;
            while (true)
            {
                int end = all.Slice(start).IndexOf('\n');
                int stop = end < 0 ? all.Length : start + end;
                longest = Math.Max(longest, stop - start);
                for (int i = start; i < stop; i++)
                {
                    if (!char.IsWhiteSpace(all[i]))
                    {
                        lines++;
                        break;
                    }
                }

                if (end < 0)
                {
                    return (lines, longest);
                }

                start = stop + 1;
            }
        }

        internal static string Extension(string name)
        {
            int slash = name.LastIndexOf('/');
            int dot = name.LastIndexOf('.');
            return dot > slash + 1 ? name.Substring(dot).ToLowerInvariant() : string.Empty;
        }
    }
}
