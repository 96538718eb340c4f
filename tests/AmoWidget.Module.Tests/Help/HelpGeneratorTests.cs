using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace AmoWidget.Tests.Help
{
    /// <summary>
    /// The help generator (build/AmoWidget.HelpGen) on a module made here, so that every part of a page and every
    /// parameter fact can be checked through Get-Help whatever cmdlets the real module has today. The sample is
    /// an advanced function with .ExternalHelp: it carries the same metadata as a compiled cmdlet and Get-Help
    /// reads its MAML the same way, without compiling C# inside a test.
    /// </summary>
    [Collection("Engine")]
    public sealed class HelpGeneratorTests
    {
        private const string Module = @"
function Get-HelpGenSample {
    # .ExternalHelp Sample-help.xml
    [CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess = $true)]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'Path', ValueFromPipeline = $true)]
        [SupportsWildcards()]
        [string[]] $Path,

        [Parameter(Mandatory = $true, ParameterSetName = 'LiteralPath', ValueFromPipelineByPropertyName = $true)]
        [Alias('PSPath')]
        [string[]] $LiteralPath,

        [Nullable[bool]] $RightColumn,

        [switch] $Force
    )
    process { 'ok' }
}

function Get-HelpGenUndocumented {
    [CmdletBinding()]
    param([string] $Name)
}
";

        private const string Page = @"# Get-HelpGenSample

## SYNOPSIS
Gets a sample
for the help generator.

## DESCRIPTION
The first paragraph.

- one item
- another item

## EXAMPLES

### Example 1: Read one path
```powershell
Get-HelpGenSample -Path ./widget
```

Returns ok.

### Example 2: From the pipeline
```powershell
'a', 'b' | Get-HelpGenSample
```

## PARAMETERS

### -Path
The path; wildcards are allowed.

### -LiteralPath
The path as written.

### -Force
Goes on anyway.

### -Bogus
A parameter the function does not have.

### CommonParameters
The common parameters.

## INPUTS

### System.String
A path.

## OUTPUTS

### System.String
The word ok.

## NOTES
A note.

## RELATED LINKS

[Online Version](https://example.com/help)
";

        [Fact]
        public void PageAndMetadataBecomeTheHelpGetHelpShows()
        {
            using var t = new TempDir();
            string help = Generate(t, out string log);

            Assert.Contains("warning AWHELP003: Get-HelpGenSample: parameter -RightColumn has no description", log);
            Assert.Contains("warning AWHELP004: Get-HelpGenSample has no parameter -Bogus.", log);
            Assert.Contains("warning AWHELP001: Get-HelpGenUndocumented has no help page", log);
            Assert.Contains("1 of 2 commands documented", log);

            const string script = @"
Import-Module $module
$h = Get-Help Get-HelpGenSample -Full
$h.Synopsis
@($h.description).ForEach{ $_.Text.Trim() } -join '|'
@($h.syntax.syntaxItem).Count
$p = Get-Help Get-HelpGenSample -Parameter Path
'{0}|{1}|{2}|{3}|{4}|{5}' -f $p.required, $p.position, $p.pipelineInput, $p.globbing, $p.type.name, $p.description[0].Text
$l = Get-Help Get-HelpGenSample -Parameter LiteralPath
'{0}|{1}|{2}|{3}' -f $l.required, $l.position, $l.pipelineInput, $l.aliases
$w = Get-Help Get-HelpGenSample -Parameter WhatIf
$w.description[0].Text
$x = @((Get-Help Get-HelpGenSample -Examples).examples.example)
'{0}|{1}|{2}|{3}' -f $x.Count, $x[0].title, $x[0].code, $x[0].remarks[0].Text
'{0}|{1}' -f $h.inputTypes.inputType.type.name, $h.returnValues.returnValue.type.name
$h.alertSet.alert[0].Text
$h.relatedLinks.navigationLink.uri
(Get-Help Get-HelpGenUndocumented).Synopsis.Trim()
";
            PsResult r = PsRunner.Run(script, "module", t.Combine("Sample.psd1")).ShouldSucceed();
            string[] o = r.Output.Select(x => x.ToString()).ToArray();

            Assert.Equal("Gets a sample for the help generator.", o[0]);
            Assert.Equal("The first paragraph.|- one item\n- another item", o[1]);
            Assert.Equal("2", o[2]);
            Assert.Equal("true|0|True (ByValue)|true|System.String[]|The path; wildcards are allowed.", o[3]);
            Assert.Equal("true|named|True (ByPropertyName)|PSPath", o[4]);
            Assert.Equal("Shows what would happen if the cmdlet runs. The cmdlet is not run.", o[5]);
            Assert.Equal("2|-------------------------- Example 1: Read one path --------------------------|Get-HelpGenSample -Path ./widget|Returns ok.", o[6]);
            Assert.Equal("System.String|System.String", o[7]);
            Assert.Equal("A note.", o[8]);
            Assert.Equal("https://example.com/help", o[9]);
            Assert.StartsWith("Get-HelpGenUndocumented", o[10]);
            Assert.DoesNotContain("Bogus", help);
        }

        [Fact]
        public void AnUnchangedHelpFileIsNotRewritten()
        {
            using var t = new TempDir();
            Generate(t, out _);
            string file = t.Combine("Sample-help.xml");
            DateTime first = File.GetLastWriteTimeUtc(file);
            File.SetLastWriteTimeUtc(file, first.AddMinutes(-5));

            Generate(t, out string log);

            Assert.Contains("unchanged", log);
            Assert.Equal(first.AddMinutes(-5), File.GetLastWriteTimeUtc(file));
        }

        /// <summary>Writes the sample module and page into <paramref name="t"/> and runs the built generator on them.</summary>
        private static string Generate(TempDir t, out string log)
        {
            File.WriteAllText(t.Combine("Sample.psm1"), Module);
            File.WriteAllText(t.Combine("Sample.psd1"),
                "@{ RootModule = 'Sample.psm1'; ModuleVersion = '1.0.0'; GUID = '0e0c7a43-7a8e-4c1b-9d2a-7c0a1b2c3d4e'; " +
                "FunctionsToExport = @('Get-HelpGenSample', 'Get-HelpGenUndocumented'); CmdletsToExport = @() }");
            Directory.CreateDirectory(t.Combine("docs"));
            File.WriteAllText(t.Combine("docs", "Get-HelpGenSample.md"), Page);

            string configuration = typeof(HelpGeneratorTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            string generator = Path.Combine(Repo.Root, "build", "AmoWidget.HelpGen", "bin", configuration, "net10.0", "AmoWidget.HelpGen.dll");
            Assert.True(File.Exists(generator), "The help generator is not built: " + generator);

            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[] { generator, "--module", t.Combine("Sample.psd1"), "--docs", t.Combine("docs"), "--out", t.Combine("Sample-help.xml") })
            {
                start.ArgumentList.Add(arg);
            }

            using Process process = Process.Start(start)!;
            System.Threading.Tasks.Task<string> stderr = process.StandardError.ReadToEndAsync();
            log = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, "The generator failed: " + log + stderr.Result);
            return File.ReadAllText(t.Combine("Sample-help.xml"));
        }
    }
}
