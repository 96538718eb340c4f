# The help generator (build/AmoWidget.HelpGen) on a module made here, so that every part of a page and every
# parameter fact can be checked through Get-Help whatever cmdlets the real module has today. The sample is an
# advanced function with .ExternalHelp: it carries the same metadata as a compiled cmdlet and Get-Help reads its
# MAML the same way, without compiling C# inside a test.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:generator = Join-Path $script:RepoRoot "build/AmoWidget.HelpGen/bin/$script:Configuration/net10.0/AmoWidget.HelpGen.dll"

    $script:sampleModule = @'
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

        [int] $Depth = 3,

        [string] $Label,

        [switch] $Force
    )
    process { 'ok' }
}

function Get-HelpGenUndocumented {
    [CmdletBinding()]
    param([string] $Name)
}
'@

    $script:samplePage = @'
# Get-HelpGenSample

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

### -Depth
How deep.

Default value: 3

### -Label
A label.

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
'@

    # Writes the sample module and page into $Folder and runs the built generator on them; returns its log.
    function Invoke-HelpGen([string] $Folder) {
        Write-Utf8 (Join-Path $Folder 'Sample.psm1') $script:sampleModule
        Write-Utf8 (Join-Path $Folder 'Sample.psd1') "@{ RootModule = 'Sample.psm1'; ModuleVersion = '1.0.0'; GUID = '0e0c7a43-7a8e-4c1b-9d2a-7c0a1b2c3d4e'; FunctionsToExport = @('Get-HelpGenSample', 'Get-HelpGenUndocumented'); CmdletsToExport = @() }"
        Write-Utf8 (Join-Path $Folder 'docs/Get-HelpGenSample.md') $script:samplePage.Replace("`r`n", "`n")
        $log = & dotnet $script:generator --module (Join-Path $Folder 'Sample.psd1') --docs (Join-Path $Folder 'docs') --out (Join-Path $Folder 'Sample-help.xml') 2>&1
        $LASTEXITCODE | Should -Be 0 -Because "the generator must succeed: $log"
        $log -join "`n"
    }

    # Runs a script in a fresh runspace (its own help cache) and returns its output.
    function Invoke-InRunspace([string] $Script, [hashtable] $Variables) {
        $runspace = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault())
        $ps = [powershell]::Create()
        try {
            $runspace.Open()
            foreach ($k in $Variables.Keys) { $runspace.SessionStateProxy.SetVariable($k, $Variables[$k]) }
            $ps.Runspace = $runspace
            $out = $ps.AddScript($Script).Invoke()
            @($ps.Streams.Error) | Should -BeNullOrEmpty
            $out
        }
        finally {
            $ps.Dispose()
            $runspace.Dispose()
        }
    }
}

Describe 'The help generator' {
    BeforeAll {
        Test-Path -LiteralPath $script:generator | Should -BeTrue -Because "the help generator is built with the solution ($script:generator)"
    }

    BeforeEach {
        $folder = New-TestFolder
    }

    AfterEach {
        Remove-Item -LiteralPath $folder -Recurse -Force
    }

    It 'turns a page and the command metadata into the help Get-Help shows' {
        $log = Invoke-HelpGen $folder
        $log | Should -Match ([regex]::Escape('warning AWHELP003: Get-HelpGenSample: parameter -RightColumn has no description'))
        $log | Should -Match ([regex]::Escape('warning AWHELP004: Get-HelpGenSample has no parameter -Bogus.'))
        $log | Should -Match ([regex]::Escape('warning AWHELP001: Get-HelpGenUndocumented has no help page'))
        $log | Should -Match '1 of 2 commands documented'
        $log | Should -Match ([regex]::Escape("warning AWHELP009: Get-HelpGenSample: parameter -Label may be left out but gives no 'Default value: ...' paragraph."))
        $log | Should -Not -Match 'AWHELP009: Get-HelpGenSample: parameter -(Depth|Force|Path)'
        $log | Should -Not -Match 'AWHELP008'

        $o = @(Invoke-InRunspace -Variables @{ module = (Join-Path $folder 'Sample.psd1') } -Script @'
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
$d = Get-Help Get-HelpGenSample -Parameter Depth
'{0}|{1}|{2}|{3}' -f $d.defaultValue, @($d.description).Count, $d.description[0].Text, (Get-Help Get-HelpGenSample -Parameter Force).defaultValue
$x = @((Get-Help Get-HelpGenSample -Examples).examples.example)
'{0}|{1}|{2}|{3}' -f $x.Count, $x[0].title, $x[0].code, $x[0].remarks[0].Text
'{0}|{1}' -f $h.inputTypes.inputType.type.name, $h.returnValues.returnValue.type.name
$h.alertSet.alert[0].Text
$h.relatedLinks.navigationLink.uri
(Get-Help Get-HelpGenUndocumented).Synopsis.Trim()
'@) | ForEach-Object { "$_" }

        $o[0] | Should -BeExactly 'Gets a sample for the help generator.'
        $o[1] | Should -BeExactly "The first paragraph.|- one item`n- another item"
        $o[2] | Should -Be '2'
        $o[3] | Should -BeExactly 'true|0|True (ByValue)|true|System.String[]|The path; wildcards are allowed.'
        $o[4] | Should -BeExactly 'true|named|True (ByPropertyName)|PSPath'
        $o[5] | Should -BeExactly 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
        $o[6] | Should -BeExactly '3|1|How deep.|False' -Because "the page's default is the parameter's, and its paragraph leaves the description"
        $o = @($o[0..5]) + @($o[7..($o.Count - 1)])
        $o[6] | Should -BeExactly '2|-------------------------- Example 1: Read one path --------------------------|Get-HelpGenSample -Path ./widget|Returns ok.'
        $o[7] | Should -BeExactly 'System.String|System.String'
        $o[8] | Should -BeExactly 'A note.'
        $o[9] | Should -BeExactly 'https://example.com/help'
        $o[10] | Should -BeLike 'Get-HelpGenUndocumented*'
        [IO.File]::ReadAllText((Join-Path $folder 'Sample-help.xml')) | Should -Not -Match 'Bogus'
    }

    It 'warns about examples that are not numbered 1, 2, 3... in order' {
        $script:samplePage = $script:samplePage.Replace('### Example 2: From the pipeline', '### Example 3: From the pipeline')
        try { $log = Invoke-HelpGen $folder }
        finally { $script:samplePage = $script:samplePage.Replace('### Example 3: From the pipeline', '### Example 2: From the pipeline') }
        $log | Should -Match ([regex]::Escape("warning AWHELP008: Get-HelpGenSample: example 2 is titled 'Example 3: From the pipeline'"))
    }

    It 'does not rewrite an unchanged help file' {
        $null = Invoke-HelpGen $folder
        $file = Join-Path $folder 'Sample-help.xml'
        $stamp = [IO.File]::GetLastWriteTimeUtc($file).AddMinutes(-5)
        [IO.File]::SetLastWriteTimeUtc($file, $stamp)
        Invoke-HelpGen $folder | Should -Match 'unchanged'
        [IO.File]::GetLastWriteTimeUtc($file) | Should -Be $stamp
    }
}
