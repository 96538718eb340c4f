<#
.SYNOPSIS
    A fresh pwsh's Test-AmoWidget -Runtime on the largest real widgets, against the same without -Runtime.
.DESCRIPTION
    For each widget, rounds alternate the two sides (with -Runtime, without), each in a new pwsh process: the process's
    wall time (start, Import-Module, the call, exit) and the call's own time measured inside. Prints the medians and
    the median ratio of the calls. The largest real widgets of ../shared/widgets are the default: vuestackuz (a 615 KB
    Vue bundle that script.js loads), nikacrmgroup (the largest folder) and KonstantinAbramov (the most JavaScript whose
    walk gets past loading: 224 KB, 80 callback calls). Also printed: Import-Module + the call, timed inside the new
    process (the process's own start, about a second of pwsh, is outside the module's reach). Run from the repository root after
    ./build.ps1:  dotnet pwsh -NoProfile -File bench/runtime.ps1 [-Rounds 7] [-Widget <folder>,...]
#>
param(
    [int] $Rounds = 7,
    [string[]] $Widget = @(
        (Join-Path $PSScriptRoot '../../shared/widgets/vuestackuz__amo-widget__Widget'),
        (Join-Path $PSScriptRoot '../../shared/widgets/nikacrmgroup__w.aero-control__widget'),
        (Join-Path $PSScriptRoot '../../shared/widgets/KonstantinAbramov1992__AmoIntegration__widget'))
)

$module = Join-Path $PSScriptRoot '../out/AmoWidget/AmoWidget.psd1'
$pwsh = Join-Path $PSHOME 'pwsh.dll'
$launcher = (Get-Process -Id $PID).Path

function Invoke-Side([string] $Path, [bool] $Runtime) {
    $switch = if ($Runtime) { '-Runtime' } else { '' }
    # Inside the process: Import-Module + the call (what the goal is about), then the call alone.
    $command = "`$i = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$module'; `$t = [Diagnostics.Stopwatch]::StartNew(); `$null = Test-AmoWidget -LiteralPath '$Path' -Detailed $switch; '{0} {1}' -f `$i.Elapsed.TotalMilliseconds, `$t.Elapsed.TotalMilliseconds"
    $wall = [Diagnostics.Stopwatch]::StartNew()
    $arguments = if ([IO.Path]::GetFileNameWithoutExtension($launcher) -eq 'dotnet') { @($pwsh, '-NoProfile', '-Command', $command) } else { @('-NoProfile', '-Command', $command) }
    $out = & $launcher @arguments
    $inside = ($out | Select-Object -Last 1) -split ' '
    [pscustomobject]@{ Wall = $wall.Elapsed.TotalMilliseconds; ImportAndCall = [double] $inside[0]; Call = [double] $inside[1] }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count % 2) { $sorted[[int][math]::Floor($sorted.Count / 2)] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

foreach ($path in $Widget) {
    $full = [IO.Path]::GetFullPath($path)
    $with = [Collections.Generic.List[object]]::new()
    $without = [Collections.Generic.List[object]]::new()
    for ($i = 0; $i -lt $Rounds; $i++) {
        # Alternate which side goes first, so a drift of the machine's load falls on both.
        if ($i % 2) { $without.Add((Invoke-Side $full $false)); $with.Add((Invoke-Side $full $true)) }
        else { $with.Add((Invoke-Side $full $true)); $without.Add((Invoke-Side $full $false)) }
    }
    $ratios = for ($i = 0; $i -lt $Rounds; $i++) { $with[$i].Call / $without[$i].Call }
    '{0}: -Runtime process {1:0} ms (import + call {10:0} ms, call {2:0} ms); without process {3:0} ms (call {4:0} ms); call ratio {5:0.00} ({6:0.00}-{7:0.00}); {8} rounds, load {9}' -f
        (Split-Path -Leaf $full), (Get-Median $with.Wall), (Get-Median $with.Call), (Get-Median $without.Wall), (Get-Median $without.Call),
        (Get-Median $ratios), ($ratios | Measure-Object -Minimum).Minimum, ($ratios | Measure-Object -Maximum).Maximum, $Rounds,
        ((Get-Content /proc/loadavg -ErrorAction Ignore) -split ' ')[0], (Get-Median $with.ImportAndCall)
}
