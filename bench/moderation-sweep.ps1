<#
.SYNOPSIS
Runs Test-AmoWidget -Moderation over every widget of ../shared/widgets and prints the Moderation findings, one line
each in a stable order (-List), or their count by rule (the default), for the judged table of the moderation rules.
.EXAMPLE
dotnet pwsh -NoProfile -File bench/moderation-sweep.ps1
.EXAMPLE
dotnet pwsh -NoProfile -File bench/moderation-sweep.ps1 -List > /tmp/moderation.txt
#>
param(
    [string] $Widgets = (Join-Path $PSScriptRoot '../../shared/widgets'),
    [string] $Module = (Join-Path $PSScriptRoot '../out/AmoWidget/AmoWidget.psd1'),
    [ValidateSet('Any', 'AmoCrm', 'Kommo')] [string] $Platform = 'Any',
    [switch] $List
)

$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path -LiteralPath $Module).ProviderPath
$root = (Resolve-Path -LiteralPath $Widgets).Path
$moderation = @(Get-AmoRule | Where-Object Area -EQ 'Moderation' | ForEach-Object Name)
$findings = foreach ($folder in Get-ChildItem -LiteralPath $root -Directory | Sort-Object { $_.Name } -Culture ([cultureinfo]::InvariantCulture)) {
    Test-AmoWidget -LiteralPath $folder.FullName -Moderation -Platform $Platform -Detailed | Where-Object { $moderation -contains $_.RuleName }
}

if ($List) {
    foreach ($d in $findings) {
        $file = if ($d.File) { $d.File.Replace($root, '<widgets>') } else { '' }
        '{0} | {1} | {2}:{3}:{4} | {5}' -f $d.RuleName, $d.Severity, $file, $d.Line, $d.Column, $d.Message
    }
}
else {
    foreach ($name in $moderation) {
        [pscustomobject]@{ Rule = $name; Findings = @($findings | Where-Object RuleName -EQ $name).Count }
    }
}
