# Time and peak memory of Test-AmoWidget (or Test-AmoManifest) on each hostile input, each run in a fresh
# pwsh so that one case's memory cannot hide in another's. Run after a Release build:
#   dotnet pwsh -NoProfile -File bench/hostile.ps1 [-Case deep-parens,zip-big-script] [-Repeat 3]
# Prints one line per case: the median seconds, the largest peak working set (MB) of the runs, and what the check
# reported (rule names of the findings, or the ErrorId). The issue's bar: within seconds, under 300 MB.
param(
    [string[]] $Case,
    [int] $Repeat = 1
)

$ErrorActionPreference = 'Stop'
$Case = $Case -split ','   # pwsh -File passes "a,b" as one string
. (Join-Path $PSScriptRoot '../tests/Pester/Common.ps1')
. (Join-Path $PSScriptRoot '../tests/Pester/HostileInputs.ps1')

$root = New-TestFolder 'amowidget-hostile-bench'
$cases = [ordered] @{
    'deep-parens'          = { New-DeepScriptWidget (Join-Path $root 'p') parens }
    'deep-brackets'        = { New-DeepScriptWidget (Join-Path $root 'b') brackets }
    'deep-objects'         = { New-DeepScriptWidget (Join-Path $root 'o') objects }
    'deep-functions'       = { New-DeepScriptWidget (Join-Path $root 'f') functions }
    'deep-not'             = { New-DeepScriptWidget (Join-Path $root 'n') not }
    'deep-ternary'         = { New-DeepScriptWidget (Join-Path $root 't') ternary }
    'deep-template'        = { New-DeepScriptWidget (Join-Path $root 'l') template }
    'sparse-script-1.9GB'  = { New-SparseScriptWidget (Join-Path $root 's') }
    'sparse-manifest-1GB'  = { $f = New-Item -ItemType Directory (Join-Path $root 'm'); New-SparseFile (Join-Path $f 'manifest.json') 1GB }
    'manifest-dev-zero'    = { New-LinkedManifestWidget (Join-Path $root 'z') '/dev/zero' }
    'manifest-fifo'        = { New-FifoManifestWidget (Join-Path $root 'q') }
    'link-out-passwd'      = { New-LinkOutWidget (Join-Path $root 'k') }
    'duplicate-keys-800k'  = { $f = Join-Path $root 'd'; $null = New-DocsWidget $f; Write-Utf8 (Join-Path $f 'manifest.json') (Get-DuplicateKeyManifest 800000); $f }
    'duplicate-keys-170k'  = { $f = Join-Path $root 'e'; $null = New-DocsWidget $f; Write-Utf8 (Join-Path $f 'manifest.json') (Get-DuplicateKeyManifest); $f }
    'locations-100k-unknown' = { $f = Join-Path $root 'u'; $null = New-DocsWidget $f; Write-Utf8 (Join-Path $f 'manifest.json') (Get-WideManifest locations 100000); $f }
    'left-menu-60k-items'  = { $f = Join-Path $root 'i'; $null = New-DocsWidget $f; Write-Utf8 (Join-Path $f 'manifest.json') (Get-WideManifest left_menu 60000); $f }
    'script-1MB-statements' = { $f = Join-Path $root 'a'; $null = New-DocsWidget $f; Write-Utf8 (Join-Path $f 'script.js') ('a;' * (512KB - 1)); $f }
    'zip-duplicate'        = { New-DuplicateEntryZip (Join-Path $root 'zd') @('manifest.json', '{"widget": {}}') }
    'zip-case-duplicate'   = { New-DuplicateEntryZip (Join-Path $root 'zc') @('Script.js', 'x') }
    'zip-header-mismatch'  = { New-HeaderMismatchZip (Join-Path $root 'zh') }
    'zip-nul-name'         = { New-NulNameZip (Join-Path $root 'zn') }
    'zip-encrypted'        = { New-EncryptedEntryZip (Join-Path $root 'ze') }
    'zip-big-script-250MB' = { New-BigScriptZip (Join-Path $root 'zb') }
}

$module = Join-Path $PSScriptRoot '../out/AmoWidget/AmoWidget.psd1'
try {
    foreach ($name in $cases.Keys) {
        if ($Case -and $name -notin $Case) { continue }
        if ($name -match 'fifo|dev-zero|passwd' -and $IsWindows) { continue }
        $path = @(& $cases[$name])[-1]
        $command = if ($name -like 'sparse-manifest*') { 'Test-AmoManifest' } else { 'Test-AmoWidget' }
        $runs = foreach ($i in 1..$Repeat) {
            $script = @"
`$ErrorActionPreference = 'Continue'
Import-Module '$module'
`$watch = [System.Diagnostics.Stopwatch]::StartNew()
`$found = $command -LiteralPath '$path' -Detailed -ErrorVariable failed 2>`$null
`$watch.Stop()
`$what = @(`$found | ForEach-Object RuleName | Sort-Object -Unique) + @(`$failed | ForEach-Object { 'error:' + `$_.FullyQualifiedErrorId.Split(',')[0] })
[pscustomobject] @{ Seconds = `$watch.Elapsed.TotalSeconds; PeakMB = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB; What = (`$what -join ' ') } | ConvertTo-Json -Compress
"@
            $result = Invoke-Pwsh $script -TimeoutSeconds 300
            if ($result.ExitCode) { throw "$name failed: $($result.Error)" }
            $result.Output.Trim().Split("`n")[-1] | ConvertFrom-Json
        }
        $seconds = ($runs.Seconds | Sort-Object)[[int][Math]::Floor(($runs.Count - 1) / 2)]
        '{0,-22} {1,7:0.00} s {2,7:0} MB  {3}' -f $name, $seconds, ($runs.PeakMB | Measure-Object -Maximum).Maximum, $runs[0].What
    }
}
finally {
    Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue
}
