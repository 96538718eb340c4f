using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using Xunit;

namespace AmoWidget.Tests.Help
{
    /// <summary>
    /// The installed help of every cmdlet the built module exports, read through Get-Help as a user reads it.
    /// The list grows as cmdlets land; a module that exports nothing fails here instead of passing vacuously.
    /// </summary>
    [Collection("Engine")]
    public sealed class ModuleHelpTests
    {
        public static IEnumerable<object[]> Cmdlets() => HelpExamples.ExportedCmdlets().Select(c => new object[] { c });

        [Fact]
        public void TheModuleExportsCmdlets()
        {
            Assert.True(HelpExamples.ExportedCmdlets().Count > 0,
                "The built module exports no cmdlet, so there is no help to test. Build src/AmoWidget and check out/AmoWidget.");
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void HelpHasSynopsisDescriptionParametersAndExamples(string cmdlet)
        {
            const string script = @"
$h = Get-Help -Name $name -Full
$c = Get-Command -Name $name -Module AmoWidget
$common = [System.Management.Automation.Cmdlet]::CommonParameters
$text = { param($d) (@($d).Where{ $null -ne $_ }.ForEach{ [string]$_.Text }) -join ""`n"" }
[string]$h.Synopsis
& $text $h.description
@(@($h.examples.example).Where{ $null -ne $_ -and ([string]$_.code).Trim() }).Count
,@($c.Parameters.Keys.Where{ -not $common.Contains($_) -and $_ -ne 'UseTransaction' })
,@(@($h.parameters.parameter).Where{ $null -ne $_ }.ForEach{ '{0}={1}' -f $_.name, (& $text $_.description) })
";
            PsResult r = PsRunner.Run(script, "name", cmdlet).ShouldSucceed();
            Assert.Equal(5, r.Output.Count);
            string synopsis = r.Output[0].ToString().Trim();
            string description = r.Output[1].ToString().Trim();
            int examples = (int)r.Output[2].BaseObject;
            string[] actual = ((object[])r.Output[3].BaseObject).Select(o => o.ToString()!).ToArray();
            Dictionary<string, string> documented = ((object[])r.Output[4].BaseObject)
                .Select(o => o.ToString()!.Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv[1].Trim(), StringComparer.OrdinalIgnoreCase);

            var problems = new List<string>();
            string page = Path.Combine(Repo.Root, "docs", "help", cmdlet + ".md");
            if (!File.Exists(page))
            {
                problems.Add($"there is no docs/help/{cmdlet}.md");
            }

            // Without a help file the engine makes the synopsis from the syntax, which starts with the name.
            if (synopsis.Length == 0 || synopsis.StartsWith(cmdlet, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add("no SYNOPSIS (Get-Help shows the generated one)");
            }

            if (description.Length == 0)
            {
                problems.Add("no DESCRIPTION");
            }

            if (examples == 0)
            {
                problems.Add("no example with code");
            }

            foreach (string parameter in actual)
            {
                if (!documented.TryGetValue(parameter, out string? text) || text.Length == 0)
                {
                    problems.Add($"parameter -{parameter} has no description");
                }
            }

            foreach (string extra in documented.Keys.Concat(MarkdownParameters(page)).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!actual.Contains(extra, StringComparer.OrdinalIgnoreCase))
                {
                    problems.Add($"the help documents -{extra}, which {cmdlet} does not have");
                }
            }

            Assert.True(problems.Count == 0, $"Help of {cmdlet}: " + string.Join("; ", problems));
        }

        /// <summary>The '### -Name' headings of a page: the help file only carries real parameters, the page may not.</summary>
        private static IEnumerable<string> MarkdownParameters(string page) =>
            File.Exists(page)
                ? File.ReadAllLines(page).Select(l => Regex.Match(l, @"^###\s+-(\w+)\s*$")).Where(m => m.Success).Select(m => m.Groups[1].Value)
                : Enumerable.Empty<string>();
    }
}
