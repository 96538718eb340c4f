<#
.SYNOPSIS
    Cold start of the module against Test-ModuleManifest, in fresh pwsh processes, alternating the sides.

.DESCRIPTION
    Each round starts fresh `dotnet pwsh -NoProfile -NonInteractive -Command` processes, one for each side, the
    sides taking turns at the head of the round (the first process of a round runs slower):
      A  Import-Module out/AmoWidget/AmoWidget.psd1, then the first Test-AmoWidget on a small widget (the one
         New-AmoWidget scaffolds: manifest, script.js, two i18n files, logos);
      B  Test-ModuleManifest on the same psd1;
      C  an empty command (the engine's own start; not part of A or B);
      F  the floor: Import-Module of a binary module with one cmdlet and nothing else (built here with Add-Type),
         then its first call. No binary module imports faster, so F / B is the least ratio A / B can reach on the
         engine the bench runs.
    A and B are timed inside the process with a Stopwatch around the command alone, so the engine's start (C's work,
    the same for both) is outside both; A also reports its two parts (Import-Module, the first call) and a second
    call (warm). Beside the wall time, the processor time the process spent on the command (all threads). Printed:
    the median of each with its range, and the median of the per-round ratios A / B.
    Build first (./build.ps1 -Configuration Release).

.PARAMETER Rounds
    Rounds of A, B, C (default 15).

.PARAMETER Module
    The psd1 to import (default out/AmoWidget/AmoWidget.psd1).

.PARAMETER Shell
    The PowerShell to start: a pwsh.dll (started with dotnet) or a pwsh executable. Default: the one running the
    bench. bench/ready-pwsh.ps1 makes a precompiled (ReadyToRun) copy of the pinned pwsh, as the released packages
    are, and prints the path to give here.

.PARAMETER Baseline
    Another build's psd1 (a copy of out/AmoWidget from an earlier commit): its A runs in each round too, between
    this build's A and B, so before and after meet the same load. B stays Test-ModuleManifest on -Module.

.EXAMPLE
    dotnet pwsh -NoProfile -File bench/cold-start.ps1 -Rounds 21
#>
[CmdletBinding()]
param(
    [int] $Rounds = 15,
    [string] $Module = (Join-Path $PSScriptRoot '../out/AmoWidget/AmoWidget.psd1'),
    [string] $Baseline,
    [string] $Shell
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$psd1 = (Resolve-Path -LiteralPath $Module).ProviderPath
$basePsd1 = if ($Baseline) { (Resolve-Path -LiteralPath $Baseline).ProviderPath } else { $null }
$dll = Join-Path $PSHOME 'pwsh.dll'
$process = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
$start = if ($Shell) {
    $resolved = (Resolve-Path -LiteralPath $Shell).ProviderPath
    if ($resolved.EndsWith('.dll')) { @((Get-Command dotnet -CommandType Application)[0].Source, $resolved) } else { @($resolved) }
} elseif ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @($process, $dll) } else { @($process) }

function Invoke-Fresh([string] $Command) {
    $output = & $start[0] @($start | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $Command 2>&1
    if ($LASTEXITCODE -ne 0 -or -not ($output -like "ms=*")) { throw "pwsh failed ($LASTEXITCODE): $output" }
    $line = @($output | Where-Object { $_ -like 'ms=*' })[0]
    $figures = @{}
    foreach ($pair in $line.Split(' ')) {
        $name, $value = $pair.Split('=')
        $figures[$name] = [double]::Parse($value, [cultureinfo]::InvariantCulture)
    }
    $figures
}

function Show([string] $Label, [double[]] $Values, [string] $Format = '0') {
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    $median = if ($n % 2) { $sorted[($n - 1) / 2] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
    '{0,-56} {1} (range {2}-{3}, n {4})' -f $Label, $median.ToString($Format), $sorted[0].ToString($Format), $sorted[-1].ToString($Format), $n
}

$work = Join-Path ([System.IO.Path]::GetTempPath()) ('amowidget-cold-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $work
try {
    $widget = Join-Path $work 'w'
    $q = { param($s) "'" + $s.Replace("'", "''") + "'" }
    $null = & $start[0] @($start | Select-Object -Skip 1) -NoProfile -NonInteractive -Command "Import-Module $(& $q $psd1); `$null = New-AmoWidget -Path $(& $q $widget) -Location lcard,llist -SupportEmail bench@example.com"
    if (-not (Test-Path -LiteralPath (Join-Path $widget 'manifest.json'))) { throw "New-AmoWidget did not write $widget" }

    # The floor: one cmdlet, no format file, no dependency, compiled against the running engine's own assemblies.
    $floor = Join-Path $work 'floor'
    $null = New-Item -ItemType Directory -Path $floor
    Add-Type -OutputAssembly (Join-Path $floor 'Floor.dll') -OutputType Library -TypeDefinition @'
using System.Management.Automation;
[Cmdlet(VerbsDiagnostic.Test, "Floor")]
public sealed class TestFloorCommand : PSCmdlet
{
    [Parameter(Position = 0)] public string LiteralPath { get; set; }
    protected override void ProcessRecord() { WriteObject(LiteralPath); }
}
'@
    $floorPsd1 = Join-Path $floor 'Floor.psd1'
    Set-Content -LiteralPath $floorPsd1 -Value "@{ RootModule = 'Floor.dll'; ModuleVersion = '1.0.0'; GUID = '$([guid]::NewGuid())'; CmdletsToExport = @('Test-Floor'); FunctionsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }"

    # cpu: the processor time the process spent on the command, every thread (the JIT's background compiles and the
    # GC included); on a shared machine it moves far less with the load than the wall time does.
    $timed = '$p = [Diagnostics.Process]::GetCurrentProcess(); $t = $p.TotalProcessorTime; $c = [Diagnostics.Stopwatch]::StartNew(); {0}; $ms = $c.Elapsed.TotalMilliseconds; $p.Refresh(); $cpu = ($p.TotalProcessorTime - $t).TotalMilliseconds; {1}[Console]::Out.WriteLine(''ms='' + $ms.ToString([cultureinfo]::InvariantCulture) + '' cpu='' + $cpu.ToString([cultureinfo]::InvariantCulture){2})'
    $cmdA = $timed -f "Import-Module $(& $q $psd1); `$i = `$c.Elapsed.TotalMilliseconds; `$null = Test-AmoWidget -LiteralPath $(& $q $widget)",
        "`$w = [Diagnostics.Stopwatch]::StartNew(); `$null = Test-AmoWidget -LiteralPath $(& $q $widget); `$warm = `$w.Elapsed.TotalMilliseconds; ",
        " + ' import=' + `$i.ToString([cultureinfo]::InvariantCulture) + ' warm=' + `$warm.ToString([cultureinfo]::InvariantCulture)"
    $cmdBase = if ($basePsd1) { $cmdA.Replace((& $q $psd1), (& $q $basePsd1)) } else { $null }
    $cmdF = $cmdA.Replace((& $q $psd1), (& $q $floorPsd1)).Replace('Test-AmoWidget', 'Test-Floor')
    $cmdB = $timed -f "`$null = Test-ModuleManifest -Path $(& $q $psd1)", '', ''
    $cmdC = $timed -f '$null = 0', '', ''

    $null = Invoke-Fresh $cmdB
    $timesA = @(); $timesB = @(); $timesC = @(); $import = @(); $first = @(); $warm = @(); $ratio = @(); $cpuA = @(); $cpuB = @(); $cpuRatio = @(); $baseA = @(); $baseCpu = @(); $baseRatio = @(); $baseCpuRatio = @(); $floorA = @(); $floorRatio = @(); $floorCpuRatio = @(); $own = @()
    # The sides take turns at the head of the round: the first process of a round ran about 40 ms slower than the
    # same command later in it (measured: one build as A and as the baseline, both ways round), so a fixed order
    # would load that on whichever side always goes first.
    $sides = @('A', 'B', 'F', 'C') + @(if ($cmdBase) { 'Base' })
    for ($r = 0; $r -lt $Rounds; $r++) {
        $figures = @{}
        for ($k = 0; $k -lt $sides.Count; $k++) {
            $side = $sides[($r + $k) % $sides.Count]
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $figures[$side] = switch ($side) { 'A' { Invoke-Fresh $cmdA } 'B' { Invoke-Fresh $cmdB } 'F' { Invoke-Fresh $cmdF } 'C' { Invoke-Fresh $cmdC } 'Base' { Invoke-Fresh $cmdBase } }
            $figures["wall$side"] = $clock.Elapsed.TotalMilliseconds
        }
        $fa = $figures.A; $fb = $figures.B; $ff = $figures.F; $fbase = $figures['Base']
        $wallA = $figures.wallA; $wallB = $figures.wallB; $wallC = $figures.wallC
        $timesA += $fa.ms; $timesB += $fb.ms; $timesC += $wallC
        $import += $fa.import; $first += $fa.ms - $fa.import; $warm += $fa.warm
        $ratio += $fa.ms / $fb.ms
        $cpuA += $fa.cpu; $cpuB += $fb.cpu; $cpuRatio += $fa.cpu / $fb.cpu
        $floorA += $ff.ms; $floorRatio += $ff.ms / $fb.ms; $floorCpuRatio += $ff.cpu / $fb.cpu; $own += $fa.ms - $ff.ms
        if ($cmdBase) { $baseA += $fbase.ms; $baseCpu += $fbase.cpu; $baseRatio += $fbase.ms / $fb.ms; $baseCpuRatio += $fbase.cpu / $fb.cpu }
        Write-Verbose ("round {0}: A {1:0} ms, B {2:0} ms (processes {3:0}, {4:0}, {5:0} ms)" -f $r, $fa.ms, $fb.ms, $wallA, $wallB, $wallC)
    }

    "cold start, $Rounds rounds, $([Environment]::ProcessorCount) cores, engine $($start[-1]), load $((Get-Content -LiteralPath /proc/loadavg -ErrorAction Ignore) -join ' ')"
    Show 'A Import-Module + first Test-AmoWidget, ms' $timesA
    Show '  of which Import-Module, ms' $import
    Show '  of which the first Test-AmoWidget, ms' $first
    Show '  a second Test-AmoWidget (warm), ms' $warm '0.0'
    Show 'B Test-ModuleManifest, ms' $timesB
    Show 'C a whole pwsh process running nothing, ms' $timesC
    Show 'ratio A / B per round (goal <= 2, stretch 1)' $ratio '0.00'
    Show 'F the floor: a one-cmdlet module + its first call, ms' $floorA
    Show 'ratio F / B per round (the least A / B can be)' $floorRatio '0.00'
    Show 'ratio of processor time F / B per round' $floorCpuRatio '0.00'
    Show 'A - F per round: the module''s own part, ms' $own
    Show 'A processor time, ms' $cpuA
    Show 'B processor time, ms' $cpuB
    Show 'ratio of processor time A / B per round' $cpuRatio '0.00'
    if ($cmdBase) {
        "baseline $basePsd1"
        Show 'A of the baseline, ms' $baseA
        Show 'A of the baseline, processor time, ms' $baseCpu
        Show 'ratio A of the baseline / B per round' $baseRatio '0.00'
        Show 'ratio of processor time, baseline A / B' $baseCpuRatio '0.00'
    }
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
