using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace AmoWidget.Tests.Architecture
{
    /// <summary>
    /// The core's folders depend in one direction: Errors/IO/Json, then Manifest, Widget, Runtime, Schema, Validation; Http is
    /// shared by DevLoop and Hooks. Read from the sources: a type defined in one folder and named in another is a
    /// dependency of the second on the first.
    /// </summary>
    public sealed class LayeringTests
    {
        /// <summary>For each folder, the folders it must not use.</summary>
        private static readonly Dictionary<string, string[]> Forbidden = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["Errors"] = new[] { "IO", "Json", "Manifest", "Widget", "Schema", "Validation", "Scaffold", "Packaging", "Http", "DevLoop", "Hooks", "Api", "Reports", "Runtime" },
            ["IO"] = new[] { "Json", "Manifest", "Widget", "Schema", "Validation", "Scaffold", "Packaging", "Http", "DevLoop", "Hooks", "Api", "Reports", "Runtime" },
            ["Json"] = new[] { "Manifest", "Widget", "Schema", "Validation", "Scaffold", "Packaging", "Http", "DevLoop", "Hooks", "Api", "Reports", "Runtime" },
            ["Manifest"] = new[] { "Widget", "Schema", "Validation", "Scaffold", "Packaging", "Http", "DevLoop", "Hooks", "Api", "Reports", "Runtime" },
            ["Widget"] = new[] { "Schema", "Validation", "Scaffold", "Http", "DevLoop", "Hooks", "Api", "Reports", "Runtime" },
            ["Schema"] = new[] { "Validation", "Scaffold", "Http", "DevLoop", "Hooks", "Api", "Reports", "Runtime" },
            ["Scaffold"] = new[] { "Validation", "Http", "DevLoop", "Hooks", "Api", "Reports", "Runtime" },
            ["Http"] = new[] { "Manifest", "Widget", "Schema", "Validation", "Scaffold", "Packaging", "DevLoop", "Hooks", "Api", "Reports", "Runtime" },
            ["Runtime"] = new[] { "Schema", "Validation", "Scaffold", "Packaging", "Http", "DevLoop", "Hooks", "Api", "Reports" },
            ["DevLoop"] = new[] { "Hooks", "Validation" },
            ["Hooks"] = new[] { "DevLoop", "Validation" },
        };

        [Fact]
        public void NoFolderOfTheCoreUsesALaterLayer()
        {
            string src = Path.Combine(RepoRoot(), "src", "AmoWidget.Core");
            List<(string Folder, string Text)> files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
                .Select(f => (Folder: TopFolder(src, f), Text: WithoutCommentsAndStrings(File.ReadAllText(f))))
                .ToList();

            // Types named in more than one folder (nested helper types such as Walk) are left out: a name alone cannot say which is meant.
            var definedIn = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach ((string folder, string text) in files)
            {
                foreach (Match m in Regex.Matches(text, @"\b(?:class|struct|enum|interface|record)\s+([A-Z]\w*)"))
                {
                    if (!definedIn.TryGetValue(m.Groups[1].Value, out HashSet<string>? folders))
                    {
                        definedIn[m.Groups[1].Value] = folders = new HashSet<string>(StringComparer.Ordinal);
                    }

                    folders.Add(folder);
                }
            }

            var violations = new List<string>();
            foreach ((string folder, string text) in files)
            {
                if (!Forbidden.TryGetValue(folder, out string[]? forbidden))
                {
                    continue;
                }

                foreach (KeyValuePair<string, HashSet<string>> type in definedIn.Where(t => t.Value.Count == 1))
                {
                    string home = type.Value.Single();
                    // A member of the same name (AmoManifest.ArchiveEntry, a string; result.Callback read or set in an
                    // object initializer) is not the type.
                    if (forbidden.Contains(home) && Regex.IsMatch(text, @"(?<!\.)\b" + type.Key + @"\b(?!\s*=[^=>])")
                        && !Regex.IsMatch(text, @"\b(?:public|internal|private|protected)\s+[\w<>?,\[\] ]+\s" + type.Key + @"\s*[{;=]"))
                    {
                        violations.Add($"{folder} uses {type.Key} from {home}");
                    }
                }
            }

            Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations.Distinct()));
        }

        private static string TopFolder(string src, string file)
        {
            string relative = file.Substring(src.Length + 1);
            int slash = relative.IndexOfAny(new[] { '/', '\\' });
            return slash < 0 ? string.Empty : relative.Substring(0, slash);
        }

        private static string WithoutCommentsAndStrings(string text)
        {
            text = Regex.Replace(text, @"//.*", string.Empty);
            text = Regex.Replace(text, @"/\*.*?\*/", string.Empty, RegexOptions.Singleline);
            return Regex.Replace(text, "\"(?:\\\\.|[^\"\\\\\\n])*\"", "\"\"");
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
