# Time of Test-AmoWidget on a widget folder whose manifest names many files: N left_menu items, each with its own
# SVG icon, and N tour slides, all in images/. Each run is a fresh pwsh (module load and JIT included), builds given
# with -Module alternate within a round, and the median of the rounds is printed per build and size. Run after a
# Release build:
#   dotnet pwsh -NoProfile -File bench/many-icons.ps1 [-Module out/AmoWidget/AmoWidget.psd1,<other build>.psd1] [-Count 4000,8000] [-Rounds 3]
param(
    [string[]] $Module = @((Join-Path $PSScriptRoot '../out/AmoWidget/AmoWidget.psd1')),
    [string[]] $Count = @(4000, 8000),
    [int] $Rounds = 3
)

$ErrorActionPreference = 'Stop'
$Module = @($Module -split ',' | ForEach-Object { (Resolve-Path $_).Path })   # pwsh -File passes "a,b" as one string
$Count = @($Count -split ',' | ForEach-Object { [int] $_ })   # a string: [int] would read "4000,8000" as 40008000
. (Join-Path $PSScriptRoot '../tests/Pester/Common.ps1')   # imports out/AmoWidget, which makes the widgets

$pwsh = @(Get-PwshCommand)
$root = New-TestFolder 'amowidget-many-icons'
try {
    $widgets = [ordered] @{}
    foreach ($n in $Count) {
        $w = Join-Path $root "w$n"
        $null = New-AmoWidget $w -Location widget_page -SupportEmail dev@example.test
        $manifest = Get-Content -Raw (Join-Path $w 'manifest.json') | ConvertFrom-Json -AsHashtable
        $svg = '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"/>'
        $tour = [System.Collections.Generic.List[string]]::new()
        for ($i = 0; $i -lt $n; $i++) {
            $manifest.left_menu["item_$i"] = @{ title = 'left_menu.main'; icon = "images/icon_$i.svg" }
            [IO.File]::WriteAllText((Join-Path $w "images/icon_$i.svg"), $svg)
            $tour.Add("/images/tour_$i.png")
            [IO.File]::WriteAllBytes((Join-Path $w "images/tour_$i.png"), [byte[]] (0x89, 0x50, 0x4E, 0x47))
        }
        $manifest.tour = @{ is_tour = $true; tour_images = @{ en = $tour }; tour_description = 'widget.description' }
        [IO.File]::WriteAllText((Join-Path $w 'manifest.json'), ($manifest | ConvertTo-Json -Depth 20 -Compress))
        $widgets["$n"] = $w
    }

    $times = @{}
    for ($round = 1; $round -le $Rounds; $round++) {
        foreach ($n in $widgets.Keys) {
            foreach ($m in $Module) {
                $probe = "Import-Module '$m'; `$s = [Diagnostics.Stopwatch]::StartNew(); `$d = @(Test-AmoWidget '$($widgets[$n])' -Detailed); `$s.Stop(); '{0:0.000} {1}' -f `$s.Elapsed.TotalSeconds, `$d.Count"
                $out = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -Command $probe
                $seconds, $findings = "$out" -split ' '
                $key = "$m|$n"
                if (-not $times[$key]) { $times[$key] = [System.Collections.Generic.List[double]]::new() }
                $times[$key].Add([double] $seconds)
                Write-Host ("round {0}  {1,5} icons+slides  {2}  {3,8} s  {4} findings" -f $round, $n, $m, $seconds, $findings)
            }
        }
    }

    foreach ($n in $widgets.Keys) {
        foreach ($m in $Module) {
            $sorted = @($times["$m|$n"] | Sort-Object)
            '{0,5} icons and {0} tour slides  median {1:0.000} s (range {2:0.000}-{3:0.000})  {4}' -f $n, $sorted[[int][math]::Floor($sorted.Count / 2)], $sorted[0], $sorted[-1], $m
        }
    }
    '(load average: {0})' -f ((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ')[0..2]
}
finally {
    Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue
}
