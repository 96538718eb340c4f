# The browser oracle of the headless widget host, for tests/Pester/RuntimeOracle.Tests.ps1 and bench/runtime-oracle.ps1:
# starts tests/oracle/oracle.js (Chromium from apt, driven by puppeteer-core, kept warm), asks it to walk a widget,
# builds the walk's plan from the host's own area table, and compares the two traces. Dot-source it after the module
# is imported (the plan reads AmoWidget.Core's area table). Needs node, /usr/bin/chromium and `npm ci` in tests/oracle.

$script:OracleRoot = $PSScriptRoot
$script:OracleChromium = if ($env:AMOWIDGET_CHROMIUM) { $env:AMOWIDGET_CHROMIUM } else { '/usr/bin/chromium' }

# Why the oracle cannot run here, or $null when it can.
function Get-RuntimeOracleAbsence {
    if (-not (Test-Path -LiteralPath $script:OracleChromium -PathType Leaf)) { return "Chromium is not installed at $script:OracleChromium (.ci/run installs it: apt-get install -y chromium)." }
    if (-not (Get-Command node -CommandType Application -ErrorAction SilentlyContinue)) { return 'node is not installed (.ci/run installs it with npm).' }
    if (-not (Test-Path -LiteralPath (Join-Path $script:OracleRoot 'node_modules/puppeteer-core') -PathType Container)) { return "tests/oracle has no node_modules (.ci/run runs: npm ci --prefix tests/oracle)." }
    $null
}

# Starts the oracle and waits for its browser; the object is what Invoke-/Stop-RuntimeOracle take.
function Start-RuntimeOracle {
    $info = [System.Diagnostics.ProcessStartInfo]::new((Get-Command node -CommandType Application | Select-Object -First 1).Source)
    $info.ArgumentList.Add((Join-Path $script:OracleRoot 'oracle.js'))
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $info.Environment['AMOWIDGET_CHROMIUM'] = $script:OracleChromium
    $process = [System.Diagnostics.Process]::Start($info)
    $errors = $process.StandardError.ReadToEndAsync()
    $oracle = [pscustomobject]@{ Process = $process; BrowserPid = $null; Version = $null; Errors = $errors; Serial = 0 }
    $ready = Read-OracleLine $oracle 60
    if (-not $ready.ready) {
        Stop-RuntimeOracle $oracle
        throw "The browser oracle did not start: $($ready.error)"
    }
    $oracle.BrowserPid = $ready.browserPid
    $oracle.Version = $ready.version
    $oracle
}

function Read-OracleLine($Oracle, [int] $Seconds) {
    $read = $Oracle.Process.StandardOutput.ReadLineAsync()
    if (-not $read.Wait([TimeSpan]::FromSeconds($Seconds))) { throw "The browser oracle did not answer in $Seconds s." }
    if ($null -eq $read.Result) {
        $Oracle.Process.WaitForExit(5000) | Out-Null
        throw "The browser oracle ended: $(if ($Oracle.Errors.IsCompleted) { $Oracle.Errors.Result })"
    }
    $read.Result | ConvertFrom-Json
}

# Closes the oracle's input (it closes Chromium and exits); kills both by id if they outlive a grace period.
function Stop-RuntimeOracle($Oracle) {
    if (-not $Oracle) { return }
    try { $Oracle.Process.StandardInput.Close() } catch { }
    if (-not $Oracle.Process.WaitForExit(15000)) { try { $Oracle.Process.Kill($true) } catch { } }
    if ($Oracle.BrowserPid) {
        $browser = Get-Process -Id $Oracle.BrowserPid -ErrorAction SilentlyContinue
        if ($browser -and -not $browser.HasExited) { try { $browser.Kill($true) } catch { } }
    }
    $Oracle.Process.Dispose()
}

# The walk the host makes over a widget (WidgetHost.Drive with the default options): its env and its areas, read from
# the widget's files and from the host's own area table (AmoWidget.Runtime.RuntimeAreas), so the page repeats only the
# order of the steps.
function New-RuntimeOraclePlan([string] $Path) {
    $core = [AmoWidget.AmoWidgetRuntime].Assembly
    $areasType = $core.GetType('AmoWidget.Runtime.RuntimeAreas', $true)
    $find = $areasType.GetMethod('Find')
    function Read-Json([string] $File) {
        if (-not (Test-Path -LiteralPath $File -PathType Leaf)) { return $null }
        try { [System.IO.File]::ReadAllText($File).TrimStart([char]0xFEFF) | ConvertFrom-Json -AsHashtable -Depth 100 } catch { $null }
    }
    $manifest = Read-Json (Join-Path $Path 'manifest.json')
    if ($manifest -isnot [System.Collections.IDictionary]) { $manifest = @{} }
    $widget = if ($manifest['widget'] -is [System.Collections.IDictionary]) { $manifest['widget'] } else { @{} }
    $code = if ($widget['code'] -is [string] -and $widget['code'].Length -gt 0) { $widget['code'] } else { 'amo_widget_under_test' }
    $init = $widget['init_once']
    $initOnce = ($init -is [bool] -and $init) -or ($init -is [string] -and $init -eq 'Y')
    $list = if ($manifest['locations'] -is [array]) { $manifest['locations'] } elseif ($widget['locations'] -is [array]) { $widget['locations'] } else { @() }
    $locations = @($list | Where-Object { $_ -is [string] })
    $language = if ($widget['locale'] -is [array] -and $widget['locale'].Count -gt 0 -and $widget['locale'][0] -is [string]) { $widget['locale'][0] } else { 'ru' }
    $langs = Read-Json (Join-Path $Path "i18n/$language.json")
    $settings = $manifest['settings']
    $env = [ordered]@{
        code = $code
        version = if ($null -ne $widget['version']) { "$($widget['version'])" } else { '0.0.1' }
        initOnce = [bool]$initOnce
        path = "/widgets/$code"
        langId = $language
        langs = if ($langs -is [System.Collections.IDictionary]) { $langs } else { @{} }
        settingCodes = @(if ($settings -is [System.Collections.IDictionary]) { $settings.Keys })
        settings = @{}
        selection = @(@{ id = 1 }, @{ id = 2 })
        pipelineId = $null
    }
    $seen = @{}
    $areas = foreach ($location in $locations) {
        $area = $find.Invoke($null, [object[]]@([string]$location))
        if (-not $area -or $seen[$area.Location]) { continue }
        $seen[$area.Location] = $true
        Convert-OracleArea $area $code
    }
    $fallback = [ordered]@{ location = 'settings'; area = 'settings'; widgetsArea = 'widgetsSettings'; baseEntity = 'widgetsSettings'; isCard = $false; isList = $false; cardId = 0; callbacks = @() }
    [ordered]@{ env = $env; areas = @($areas); fallback = $fallback }
}

function Convert-OracleArea($Area, [string] $Code) {
    [ordered]@{
        location = $Area.Location; area = $Area.Area; widgetsArea = $Area.WidgetsArea.Replace('{code}', $Code)
        baseEntity = $Area.BaseEntity; isCard = $Area.IsCard; isList = $Area.IsList; cardId = if ($Area.IsCard) { 1 } else { 0 }
        callbacks = @($Area.Callbacks)
    }
}

# Walks the widget in the browser: @{ Calls = the trace; DocumentHandlers = jQuery's handlers on document after it }.
function Invoke-RuntimeOracle($Oracle, [string] $Path) {
    $Oracle.Serial++
    $request = [ordered]@{ id = $Oracle.Serial; root = [System.IO.Path]::GetFullPath($Path); plan = New-RuntimeOraclePlan $Path }
    $Oracle.Process.StandardInput.WriteLine(($request | ConvertTo-Json -Depth 40 -Compress))
    $Oracle.Process.StandardInput.Flush()
    $answer = Read-OracleLine $Oracle 60
    if ($answer.error) { throw "The browser oracle failed on ${Path}: $($answer.error) $($answer.log -join '; ')" }
    $answer.trace
}

# The host's trace of the same walk, read back from its JSON form. With a time limit of 15 s a call instead of 2 s: the
# limit is the host's guard, not the widget's behaviour, and a 370 KB bundle's load passes 2 s on a loaded machine.
function Get-HostTrace([string] $Path) {
    $options = [AmoWidget.AmoRuntimeOptions]@{ CallTimeout = [TimeSpan]::FromSeconds(15) }
    $calls = [AmoWidget.AmoWidgetRuntime]::Invoke([System.IO.Path]::GetFullPath($Path), $options)
    [AmoWidget.AmoWidgetCallbackResult]::ToJson([AmoWidget.AmoWidgetCallbackResult[]]@($calls)) | ConvertFrom-Json
}

# What the comparison holds the two sides to, one line per callback call: where, the outcome, the result, the error's
# class and line in the widget's file, and the calls to self, APP/AMOCRM and the modal with their arguments and
# answers. Left out on purpose: $ calls (the host records a stand-in, the page runs the real jQuery), an error's
# wording (V8's and Jint's differ) and column, the Arguments the walk passed (inputs, not behaviour), and a jQuery
# object's selector text (the stand-in names its chain, the real one its selector).
function ConvertTo-OracleLine($Record) {
    $result = ConvertTo-OracleValue $Record.Result
    $thrown = if ($Record.Error) {
        $class = if ($Record.Error.Message -match '^(\w*Error)\b') { $Matches[1] } else { 'thrown' }
        " $class at $($Record.Error.File):$($Record.Error.Line)"
    }
    $calls = @($Record.Calls | Where-Object { $_.Target -match '^(self|APP|AMOCRM)\.|^Modal' } |
        ForEach-Object { "$($_.Target)$(ConvertTo-OracleValue $_.Arguments)=$(ConvertTo-OracleValue $_.Answer)" })
    "$($Record.Location)/$($Record.Callback) $($Record.Outcome) $result$thrown [$($calls -join '; ')]"
}

function ConvertTo-OracleValue($Value) {
    $text = ConvertTo-Json -InputObject $Value -Depth 40 -Compress
    [regex]::Replace($text, '"\$\((?:[^"\\]|\\.)*\)"', '"$(…)"')
}

# The lines where the two traces differ ('host: …' / 'browser: …'), none when they agree.
function Compare-RuntimeTrace($HostCalls, $BrowserCalls) {
    $h = @($HostCalls | ForEach-Object { ConvertTo-OracleLine $_ })
    $b = @($BrowserCalls | ForEach-Object { ConvertTo-OracleLine $_ })
    for ($i = 0; $i -lt [Math]::Max($h.Count, $b.Count); $i++) {
        if ($h[$i] -cne $b[$i]) {
            "#$i host:    $($h[$i])"
            "#$i browser: $($b[$i])"
        }
    }
}
