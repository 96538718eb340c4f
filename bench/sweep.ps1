<#
.SYNOPSIS
Prints every finding of Test-AmoWidget -Detailed over the corpus, one line each, in a stable order, so that two
builds can be compared with diff: a change that is not meant to change findings leaves this output byte for byte.
.EXAMPLE
dotnet pwsh -NoProfile -File bench/sweep.ps1 > /tmp/before.txt
.EXAMPLE
dotnet pwsh -NoProfile -File bench/sweep.ps1 -Platform Any > /tmp/any.txt
Every widget judged by what either platform accepts, instead of the platform each manifest is written for.
#>
param(
    [string] $Corpus = (Join-Path $PSScriptRoot '../../shared/corpus'),
    [string] $Module = (Join-Path $PSScriptRoot '../out/AmoWidget/AmoWidget.psd1'),
    [ValidateSet('AmoCrm', 'Kommo', 'Any')]
    [string] $Platform
)

$ErrorActionPreference = 'Stop'
# A relative path such as out/AmoWidget/AmoWidget.psd1 is a path here, not a module name.
Import-Module (Resolve-Path -LiteralPath $Module).ProviderPath
$root = (Resolve-Path -LiteralPath $Corpus).Path
foreach ($folder in Get-ChildItem -LiteralPath $root -Directory | Sort-Object { $_.Name } -Culture ([cultureinfo]::InvariantCulture)) {
    $judge = if ($Platform) { @{ Platform = $Platform } } else { @{} }
    foreach ($d in Test-AmoWidget -LiteralPath $folder.FullName -Detailed @judge) {
        $file = if ($d.File) { $d.File.Replace($root, '<corpus>') } else { '' }
        '{0} | {1} | {2} | {3} | {4}:{5} | {6} | {7}' -f $d.RuleName, $d.Severity, $file, $d.Path, $d.Line, $d.Column, $d.Message, $d.Suggestion
    }
}
