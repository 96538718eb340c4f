# The headless widget host against the warm browser oracle: one widget's whole lifecycle (every declared location,
# the walk back to the first) in the in-process host (AmoWidgetRuntime.Invoke) and in Chromium (tests/oracle, the
# browser already running; each run is a new page that loads requirejs, the libraries and the widget, then walks).
# The sides alternate (host first on even rounds, browser first on odd ones); medians and the median of the per-round
# ratios are printed, both for the browser's whole round trip and for its walk alone inside the page, against the host
# as it runs in a session (the widget's parsed files kept) and against the host with them forgotten before the run.
# Then a fresh pwsh's Test-AmoWidget -Runtime.
#
#   dotnet pwsh -NoProfile -File ./build.ps1                      # the module in out/AmoWidget
#   npm ci --prefix tests/oracle                                  # puppeteer-core and the libraries; Chromium from apt
#   dotnet pwsh -NoProfile -File bench/runtime-oracle.ps1 [-Widget <folder>] [-Rounds 15] [-FreshRuns 5]
#
# Without -Widget: the widget of ../shared/widgets with the most JavaScript whose walk gets past loading script.js in
# both the host and the browser (a widget that fails to load on one side has no lifecycle to compare).
param(
    [string] $Widget,
    [int] $Rounds = 15,
    [int] $FreshRuns = 5
)
$ErrorActionPreference = 'Stop'
$repo = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..'))
$module = Join-Path $repo 'out/AmoWidget/AmoWidget.psd1'
Import-Module $module -Force
. (Join-Path $repo 'tests/oracle/RuntimeOracle.ps1')
$absent = Get-RuntimeOracleAbsence
if ($absent) { throw $absent }

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    if ($n % 2) { $sorted[($n - 1) / 2] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

function Get-ScriptBytes([string] $Folder) {
    (Get-ChildItem -LiteralPath $Folder -Recurse -File -Filter *.js | Where-Object FullName -NotMatch '__MACOSX' | Measure-Object Length -Sum).Sum
}

$oracle = Start-RuntimeOracle
try {
    if (-not $Widget) {
        $shared = Join-Path $repo '../shared/widgets'
        $Widget = Get-ChildItem -LiteralPath $shared -Directory | Sort-Object { Get-ScriptBytes $_.FullName } -Descending |
            Where-Object { @([AmoWidget.AmoWidgetRuntime]::Invoke($_.FullName, $null)).Count -gt 1 -and @((Invoke-RuntimeOracle $oracle $_.FullName).Calls).Count -gt 1 } |
            Select-Object -First 1 -ExpandProperty FullName
    }
    $Widget = [System.IO.Path]::GetFullPath($Widget)
    # Warm both sides: the host's assembly and Jint, the browser's first page.
    $hostCalls = @([AmoWidget.AmoWidgetRuntime]::Invoke($Widget, $null))
    $browser = Invoke-RuntimeOracle $oracle $Widget
    $hostMs = [System.Collections.Generic.List[double]]::new()
    $coldMs = [System.Collections.Generic.List[double]]::new()
    $browserMs = [System.Collections.Generic.List[double]]::new()
    $pageMs = [System.Collections.Generic.List[double]]::new()
    $watch = [System.Diagnostics.Stopwatch]::new()
    # The host keeps the widget's parsed files for the process (Runtime/WidgetScripts.cs), as the warm browser keeps
    # V8's code cache; the 'uncached' side forgets them before each run, so it parses the widget as a first run does.
    $forget = [AmoWidget.AmoWidgetRuntime].Assembly.GetType('AmoWidget.Runtime.WidgetScripts').GetMethod('Clear', [System.Reflection.BindingFlags]'NonPublic,Static')
    $load = @((Get-Content /proc/loadavg -ErrorAction Ignore) -split ' ')[0]
    for ($i = 0; $i -lt $Rounds; $i++) {
        $sides = if ($i % 2) { 'browser', 'uncached', 'host' } else { 'host', 'uncached', 'browser' }
        foreach ($side in $sides) {
            if ($side -eq 'uncached') { $null = $forget.Invoke($null, $null) }
            $watch.Restart()
            if ($side -eq 'host') {
                $null = [AmoWidget.AmoWidgetRuntime]::Invoke($Widget, $null)
                $watch.Stop()
                $hostMs.Add($watch.Elapsed.TotalMilliseconds)
            } elseif ($side -eq 'uncached') {
                $null = [AmoWidget.AmoWidgetRuntime]::Invoke($Widget, $null)
                $watch.Stop()
                $coldMs.Add($watch.Elapsed.TotalMilliseconds)
            } else {
                $run = Invoke-RuntimeOracle $oracle $Widget
                $watch.Stop()
                $browserMs.Add($watch.Elapsed.TotalMilliseconds)
                $pageMs.Add([double]$run.Ms)
            }
        }
    }
} finally {
    Stop-RuntimeOracle $oracle
}

$h = Get-Median $hostMs
$c = Get-Median $coldMs
$b = Get-Median $browserMs
$p = Get-Median $pageMs
# Ratios are taken round by round (the sides of one round ran under the same load), then their median.
function Get-RatioMedian($Over, $Under) { Get-Median @(for ($i = 0; $i -lt $Over.Count; $i++) { $Over[$i] / $Under[$i] }) }
'Widget: {0} ({1:N0} bytes of JavaScript; {2} callback calls in the host, {3} in the browser)' -f (Split-Path $Widget -Leaf), (Get-ScriptBytes $Widget), $hostCalls.Count, @($browser.Calls).Count
'Browser: {0}; {1} rounds, sides alternating; load average {2} at the start, {3} at the end' -f $oracle.Version, $Rounds, $load, @((Get-Content /proc/loadavg -ErrorAction Ignore) -split ' ')[0]
'Host (in-process)             median {0,8:N1} ms' -f $h
'Host, parsed files forgotten  median {0,8:N1} ms' -f $c
'Browser, whole round trip     median {0,8:N1} ms   per-round ratio browser/host {1,6:N1} (uncached host {2:N1})' -f $b, (Get-RatioMedian $browserMs $hostMs), (Get-RatioMedian $browserMs $coldMs)
'Browser, walk inside the page median {0,8:N1} ms   per-round ratio browser/host {1,6:N1} (uncached host {2:N1})' -f $p, (Get-RatioMedian $pageMs $hostMs), (Get-RatioMedian $pageMs $coldMs)

if ($FreshRuns -gt 0) {
    # A fresh pwsh each time: start, import the module, Test-AmoWidget -Runtime, exit.
    $process = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    # Under `dotnet pwsh` the process is dotnet and the engine its pwsh.dll (as Common.ps1's Get-PwshCommand).
    $prefix = @(if ((Split-Path $process -Leaf) -like 'dotnet*') { Join-Path $PSHOME 'pwsh.dll' })
    $command = "Import-Module '$module'; `$null = Test-AmoWidget -LiteralPath '$Widget' -Runtime"
    $fresh = [System.Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $FreshRuns; $i++) {
        $watch.Restart()
        & $process @prefix -NoProfile -NonInteractive -Command $command
        $watch.Stop()
        if ($LASTEXITCODE -ne 0) { throw "The fresh pwsh failed ($LASTEXITCODE)." }
        $fresh.Add($watch.Elapsed.TotalMilliseconds)
    }
    'Fresh pwsh: Import-Module + Test-AmoWidget -Runtime, median of {0}: {1:N0} ms' -f $FreshRuns, (Get-Median $fresh)
}
