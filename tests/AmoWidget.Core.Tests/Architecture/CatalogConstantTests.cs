using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace AmoWidget.Tests.Architecture
{
    /// <summary>
    /// Rule names and ErrorIds are constants of RuleNames and ErrorIds (src/AmoWidget.Core/Errors), so that a misspelt
    /// one fails the build. Read from the sources: a literal written in their place would compile and silently
    /// report under a name nothing documents.
    /// </summary>
    public sealed class CatalogConstantTests
    {
        private static readonly string[] Catalogs =
        {
            Path.Combine("src", "AmoWidget.Core", "Errors", "RuleNames.cs"),
            Path.Combine("src", "AmoWidget.Core", "Errors", "ErrorIds.cs"),
        };

        /// <summary>Where an ErrorId is given: the first argument of an AmoException or of NewError, the id of an ErrorRecord.</summary>
        private static readonly Regex LiteralErrorId = new Regex(
            @"(?:new\s+AmoException\s*\(|\bNewError\s*\(|new\s+ErrorRecord\s*\([^,;]+,)\s*[@$]*""", RegexOptions.Compiled);

        [Fact]
        public void NoRuleNameOrErrorIdIsWrittenAsALiteral()
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string rule in Constants(typeof(RuleNames)))
            {
                names[rule] = "RuleNames." + rule;
            }

            foreach (string id in Constants(typeof(ErrorIds)))
            {
                names[id] = "ErrorIds." + id;
            }

            string root = RepoRoot();
            var violations = new List<string>();
            foreach (string file in SourceFiles(root))
            {
                string relative = file.Substring(root.Length + 1);
                if (Catalogs.Contains(relative, StringComparer.Ordinal))
                {
                    continue;
                }

                var lexer = new Lexer(File.ReadAllText(file));
                string code = lexer.Scan();
                foreach ((int index, string value) in lexer.Literals)
                {
                    if (names.TryGetValue(value, out string? constant))
                    {
                        violations.Add($"{relative}:{Line(code, index)}: \"{value}\" is {constant}");
                    }
                }

                foreach (Match m in LiteralErrorId.Matches(code))
                {
                    violations.Add($"{relative}:{Line(code, m.Index)}: an ErrorId written as a literal; add it to ErrorIds and use the constant");
                }
            }

            Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        }

        [Fact]
        public void EveryRuleOfTheCatalogHasAConstantAndEveryConstantARule()
        {
            var constants = new HashSet<string>(Constants(typeof(RuleNames)), StringComparer.Ordinal);
            var rules = new HashSet<string>(AmoRuleCatalog.All.Select(r => r.Name), StringComparer.Ordinal);
            Assert.Empty(rules.Except(constants));
            Assert.Empty(constants.Except(rules));
        }

        [Theory]
        [InlineData(typeof(RuleNames))]
        [InlineData(typeof(ErrorIds))]
        public void EveryConstantIsItsOwnName(Type catalog)
        {
            FieldInfo[] fields = catalog.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);
            Assert.NotEmpty(fields);
            Assert.All(fields, f =>
            {
                Assert.True(f.IsLiteral, f.Name + " is not a const");
                Assert.Equal(f.Name, (string?)f.GetRawConstantValue());
            });
        }

        private static IEnumerable<string> Constants(Type catalog) =>
            catalog.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

        private static IEnumerable<string> SourceFiles(string root)
        {
            string sep = Path.DirectorySeparatorChar.ToString();
            return Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(sep + "obj" + sep) && !f.Contains(sep + "bin" + sep))
                .OrderBy(f => f, StringComparer.Ordinal);
        }

        private static int Line(string text, int index) => text.Take(index).Count(c => c == '\n') + 1;

        /// <summary>
        /// Tells C#'s comments and kinds of string literal apart: <see cref="Scan"/> returns the text with comments,
        /// character literals and the text of verbatim, interpolated and raw strings blanked (line breaks kept, so
        /// indexes and lines stay), and collects the ordinary "..." literals, including those inside an
        /// interpolation's braces.
        /// </summary>
        private sealed class Lexer
        {
            private readonly string text;
            private readonly char[] view;
            private int i;

            public Lexer(string text)
            {
                this.text = text;
                view = text.ToCharArray();
            }

            public List<(int Index, string Value)> Literals { get; } = new List<(int, string)>();

            public string Scan()
            {
                Code(hole: false);
                return new string(view);
            }

            private char At(int k) => k < text.Length ? text[k] : '\0';

            private void Blank(int from, int to)
            {
                for (int k = from; k < Math.Min(to, text.Length); k++)
                {
                    if (view[k] != '\n')
                    {
                        view[k] = ' ';
                    }
                }
            }

            /// <summary>Code up to the end, or in an interpolation hole up to its closing brace.</summary>
            private void Code(bool hole)
            {
                int depth = 0;
                while (i < text.Length)
                {
                    char c = text[i];
                    if (hole && c == '{')
                    {
                        depth++;
                    }
                    else if (hole && c == '}')
                    {
                        if (depth == 0)
                        {
                            return;
                        }

                        depth--;
                    }

                    if (c == '/' && At(i + 1) == '/')
                    {
                        int end = text.IndexOf('\n', i);
                        end = end < 0 ? text.Length : end;
                        Blank(i, end);
                        i = end;
                    }
                    else if (c == '/' && At(i + 1) == '*')
                    {
                        int end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                        end = end < 0 ? text.Length : end + 2;
                        Blank(i, end);
                        i = end;
                    }
                    else if (c == '\'')
                    {
                        int j = i + 1;
                        while (j < text.Length && text[j] != '\'')
                        {
                            j += text[j] == '\\' ? 2 : 1;
                        }

                        Blank(i, j + 1);
                        i = j + 1;
                    }
                    else if (!((c == '"' || c == '$' || c == '@') && StringLiteral()))
                    {
                        i++;
                    }
                }
            }

            /// <summary>A string literal starting at i, if there is one: skips it and returns true.</summary>
            private bool StringLiteral()
            {
                int j = i;
                bool verbatim = false;
                int dollars = 0;
                while (At(j) == '$' || At(j) == '@')
                {
                    verbatim |= text[j] == '@';
                    dollars += text[j] == '$' ? 1 : 0;
                    j++;
                }

                if (At(j) != '"')
                {
                    return false;
                }

                int quotes = 0;
                while (At(j + quotes) == '"')
                {
                    quotes++;
                }

                if (quotes >= 3)
                {
                    int close = text.IndexOf(new string('"', quotes), j + quotes, StringComparison.Ordinal);
                    close = close < 0 ? text.Length : close;
                    Blank(j + quotes, close);
                    i = close + quotes;
                    return true;
                }

                int k = j + 1;
                if (!verbatim && dollars == 0)
                {
                    while (k < text.Length && text[k] != '"' && text[k] != '\n')
                    {
                        k += text[k] == '\\' ? 2 : 1;
                    }

                    Literals.Add((j, text.Substring(j + 1, Math.Min(k, text.Length) - j - 1)));
                    i = k + 1;
                    return true;
                }

                while (k < text.Length)
                {
                    char ch = text[k];
                    if ((verbatim && ch == '"' && At(k + 1) == '"') || (!verbatim && ch == '\\') || (dollars > 0 && ch == '{' && At(k + 1) == '{'))
                    {
                        Blank(k, k + 2);
                        k += 2;
                    }
                    else if (ch == '"')
                    {
                        break;
                    }
                    else if (dollars > 0 && ch == '{')
                    {
                        i = k + 1;
                        Code(hole: true);
                        k = i + 1;
                    }
                    else
                    {
                        Blank(k, k + 1);
                        k++;
                    }
                }

                i = k + 1;
                return true;
            }
        }

        private static string RepoRoot()
        {
            for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AmoWidget.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("AmoWidget.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
