<#
.SYNOPSIS
The warm cost of one headless-host run: fresh pwsh processes, alternating two builds of the module (A, B); each
imports its build, runs Invoke-AmoWidgetCallback three times to warm up, then times -Calls more runs on the same
widget and prints the median of them. Prints each side's median over the rounds and the median of the per-round
ratios A/B (over 1: B is faster). -Whole times the widget's whole lifecycle instead (every declared location and the
walk back to the first, [AmoWidget.AmoWidgetRuntime]::Invoke with no options, as bench/runtime-oracle.ps1 runs it).
.EXAMPLE
dotnet pwsh -NoProfile -File bench/runtime-warm.ps1 -A /tmp/old/AmoWidget.psd1 -B out/AmoWidget/AmoWidget.psd1 -Widget ../shared/widgets/errload__widget-close-tasks
#>
param(
    [Parameter(Mandatory)] [string] $A,
    [Parameter(Mandatory)] [string] $B,
    [Parameter(Mandatory)] [string] $Widget,
    [string] $Location,
    [int] $Rounds = 5,
    [int] $Calls = 15,
    [switch] $Whole
)
$ErrorActionPreference = 'Stop'
# The running engine, started again as it was started here (pwsh, or dotnet with pwsh.dll as a local tool).
$process = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
$prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($process) -eq "dotnet") { Join-Path $PSHOME "pwsh.dll" })
function Measure-Side([string] $Module) {
    $script = @"
Import-Module '$((Resolve-Path $Module).ProviderPath)'
`$w = '$((Resolve-Path $Widget).ProviderPath)'
`$loc = '$Location'
if (-not `$loc) { `$loc = ((Get-Content -Raw (Join-Path `$w 'manifest.json') | ConvertFrom-Json).locations | Select-Object -First 1) -replace '-[01]$', '' }
function Step { if (`$$($Whole.IsPresent)) { `$null = [AmoWidget.AmoWidgetRuntime]::Invoke(`$w, `$null) } else { `$null = Invoke-AmoWidgetCallback `$w -Location `$loc } }
1..3 | ForEach-Object { Step }
`$t = foreach (`$i in 1..$Calls) { `$s = [Diagnostics.Stopwatch]::StartNew(); Step; `$s.Elapsed.TotalMilliseconds }
(`$t | Sort-Object)[[int][Math]::Floor(`$t.Count / 2)]
"@
    $out = & $process @prefix -NoProfile -NonInteractive -Command $script
    [double] ($out | Select-Object -Last 1)
}
$ra = @(); $rb = @(); $ratio = @()
foreach ($round in 1..$Rounds) {
    if ($round % 2) { $x = Measure-Side $A; $y = Measure-Side $B } else { $y = Measure-Side $B; $x = Measure-Side $A }
    $ra += $x; $rb += $y; $ratio += $x / $y
    "round ${round}: A $([Math]::Round($x,1)) ms, B $([Math]::Round($y,1)) ms"
}
function Median($v) { $s = @($v | Sort-Object); if ($s.Count % 2) { $s[[int][Math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
"A median $([Math]::Round((Median $ra),1)) ms; B median $([Math]::Round((Median $rb),1)) ms; ratio A/B $([Math]::Round((Median $ratio),2)) (range $([Math]::Round(($ratio | Measure-Object -Minimum).Minimum,2))-$([Math]::Round(($ratio | Measure-Object -Maximum).Maximum,2)))"
