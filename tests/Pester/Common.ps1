# Shared helpers of the Pester suite. Every test file dot-sources this in BeforeAll (and in BeforeDiscovery where
# discovery needs the module): `. $PSScriptRoot/Common.ps1` (`. $PSScriptRoot/../Common.ps1` from Rules/). It imports the built module (out/AmoWidget) and defines
# the helpers below; nothing here runs a test or leaves a process or file behind.

Set-StrictMode -Off
$script:RepoRoot = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
$script:ModulePath = Join-Path $script:RepoRoot 'out/AmoWidget/AmoWidget.psd1'
$script:Configuration = if ($env:AMOWIDGET_CONFIGURATION) { $env:AMOWIDGET_CONFIGURATION } else { 'Release' }
$script:Utf8 = [System.Text.UTF8Encoding]::new($false)
# The whole-manifest cases beside the clone (../shared/cases/whole-manifest), each a folder with its case.md.
$script:Cases = Join-Path $script:RepoRoot '../shared/cases/whole-manifest'
Import-Module $script:ModulePath -Force

# The ErrorId part of an ErrorRecord's FullyQualifiedErrorId ("ManifestJsonInvalid,AmoWidget.Commands..." -> the first).
function Get-ErrorId([System.Management.Automation.ErrorRecord] $Record) {
    $Record.FullyQualifiedErrorId.Split(',')[0]
}

# Runs a script block and returns the ErrorRecords it wrote or threw (non-terminating and terminating alike).
function Get-ErrorRecord([scriptblock] $ScriptBlock) {
    (Invoke-Captured $ScriptBlock).AllErrors
}

# Runs a script block with every stream captured: { Output, Errors (written), Terminating (the error that stopped it,
# or $null), AllErrors, Warnings, Verbose, Debug, Information (message texts), Text (everything any stream carried,
# output both as ToString() and as formatted, errors with their exception, details and target: for "no secret
# printed" assertions) }.
function Invoke-Captured([scriptblock] $ScriptBlock) {
    $r = [pscustomobject] @{ Output = @(); Errors = @(); Terminating = $null; AllErrors = @(); Warnings = @(); Verbose = @(); Debug = @(); Information = @(); Text = '' }
    $items = @()
    # As a script runs by default, whatever the caller's preference: a written error does not stop it.
    $ErrorActionPreference = 'Continue'
    try { & $ScriptBlock *>&1 | ForEach-Object { $items += , $_ } }
    catch { $r.Terminating = $_ }
    foreach ($item in $items) {
        switch ($item) {
            { $_ -is [System.Management.Automation.ErrorRecord] } { $r.Errors += $_; break }
            { $_ -is [System.Management.Automation.WarningRecord] } { $r.Warnings += $_.Message; break }
            { $_ -is [System.Management.Automation.VerboseRecord] } { $r.Verbose += $_.Message; break }
            { $_ -is [System.Management.Automation.DebugRecord] } { $r.Debug += $_.Message; break }
            { $_ -is [System.Management.Automation.InformationRecord] } { $r.Information += "$($_.MessageData)"; break }
            default { $r.Output += , $_ }
        }
    }
    $r.AllErrors = @($r.Errors) + @($r.Terminating | Where-Object { $null -ne $_ })
    $text = @($r.Output | ForEach-Object { "$_"; $_ | Out-String -Width 200 })
    $text += @($r.AllErrors | ForEach-Object { "$_ $($_.Exception) $($_.ErrorDetails.Message) $($_.TargetObject)" })
    $r.Text = ($text + $r.Warnings + $r.Verbose + $r.Debug + $r.Information) -join "`n"
    $r
}

# Runs a script in a fresh runspace of this process with the built module imported, in -WorkingDirectory, with
# -Parameters bound to its param() block, and returns { Output, Errors, TimedOut }. Errors holds every ErrorRecord it
# wrote or threw; a raw exception that escaped the engine's own wrapping comes back as an ErrorRecord whose
# FullyQualifiedErrorId is the exception's type name. A run still going after -TimeoutSeconds is stopped (TimedOut).
# The InitialSessionState is made once and shared: each runspace is still new, and opening one is three times faster.
function Invoke-InRunspace([string] $Script, [hashtable] $Parameters = @{}, [string] $WorkingDirectory = $PWD.ProviderPath, [int] $TimeoutSeconds = 60) {
    if ($null -eq $script:RunspaceState) {
        $script:RunspaceState = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
        $script:RunspaceState.ImportPSModule($script:ModulePath)
    }
    $runspace = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace($script:RunspaceState)
    $runspace.Open()
    $ps = [powershell]::Create()
    $ps.Runspace = $runspace
    $null = $ps.AddCommand('Set-Location').AddParameter('LiteralPath', $WorkingDirectory).AddStatement().AddScript($Script)
    foreach ($key in $Parameters.Keys) { $null = $ps.AddParameter($key, $Parameters[$key]) }
    $output = @()
    $errors = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
    $async = $ps.BeginInvoke()
    $timedOut = -not $async.AsyncWaitHandle.WaitOne($TimeoutSeconds * 1000)
    if ($timedOut) {
        $null = $ps.BeginStop($null, $null).AsyncWaitHandle.WaitOne(10000)
    }
    else {
        try { $output = @($ps.EndInvoke($async)) }
        catch {
            $ex = $_.Exception
            while ($ex -is [System.Management.Automation.MethodInvocationException] -and $ex.InnerException) { $ex = $ex.InnerException }
            if ($ex -is [System.Management.Automation.IContainsErrorRecord]) { $errors.Add($ex.ErrorRecord) }
            else { $errors.Add([System.Management.Automation.ErrorRecord]::new($ex, $ex.GetType().FullName, 'NotSpecified', $null)) }
        }
    }
    foreach ($record in $ps.Streams.Error) { $errors.Add($record) }
    if (-not $timedOut) {
        $ps.Dispose()
        $runspace.Dispose()
    }
    [pscustomobject] @{ Output = $output; Errors = $errors.ToArray(); TimedOut = $timedOut }
}

# A new empty folder under the system temp folder; the caller removes it (Remove-Item -Recurse in AfterEach/AfterAll).
function New-TestFolder([string] $Prefix = 'amowidget-pester') {
    $path = Join-Path ([System.IO.Path]::GetTempPath()) ($Prefix + '-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $path
    $path
}

# A new empty test folder (New-TestFolder) made the current location, for a BeforeEach: returns its path. Undo it with
# Exit-TestFolder in AfterEach.
function Enter-TestFolder {
    $path = New-TestFolder
    Push-Location -LiteralPath $path
    $path
}

# Returns to the location before Enter-TestFolder and removes the folder with all in it, clearing the read-only flag
# of any file a test left read-only first.
function Exit-TestFolder([string] $Path) {
    Pop-Location
    Get-ChildItem -LiteralPath $Path -Recurse -File | ForEach-Object { $_.IsReadOnly = $false }
    Remove-Item -LiteralPath $Path -Recurse -Force
}

# Writes text as UTF-8 without BOM, exactly as given (no newline added), creating the folder.
function Write-Utf8([string] $Path, [string] $Text) {
    $folder = Split-Path -Parent $Path
    if ($folder) { $null = New-Item -ItemType Directory -Path $folder -Force }
    [System.IO.File]::WriteAllBytes($Path, $script:Utf8.GetBytes($Text))
}

function Set-WidgetText([string] $File, [string] $Old, [string] $New) {
    $text = [System.IO.File]::ReadAllText($File)
    if (-not $text.Contains($Old)) { throw "'$Old' is not in $File" }
    [System.IO.File]::WriteAllText($File, $text.Replace($Old, $New), $script:Utf8)
}

# CRC-32 (IEEE) as PNG and zip use it. The constants carry the u suffix: a bare 0xFFFFFFFF is the Int32 -1.
function Get-Crc32([byte[]] $Bytes) {
    [uint32] $crc = 0xFFFFFFFFu
    foreach ($b in $Bytes) {
        $crc = $crc -bxor $b
        for ($k = 0; $k -lt 8; $k++) {
            if ($crc -band 1) { $crc = ($crc -shr 1) -bxor 0xEDB88320u } else { $crc = $crc -shr 1 }
        }
    }
    [uint32] ($crc -bxor 0xFFFFFFFFu)
}

# Four bytes, most significant first. Each operand is parenthesised: ',' binds tighter than -band.
function ConvertTo-BigEndian([int64] $Value) {
    [byte[]] @((($Value -shr 24) -band 255), (($Value -shr 16) -band 255), (($Value -shr 8) -band 255), ($Value -band 255))
}

# A real PNG of the given size, written by the test (not by the module): signature, IHDR, one zlib IDAT of blank
# RGBA rows, IEND.
function New-Png([int] $Width, [int] $Height) {
    $out = [System.IO.MemoryStream]::new()
    $out.Write([byte[]] (0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A), 0, 8)
    $chunk = {
        param([string] $Type, [byte[]] $Data)
        $typeBytes = [System.Text.Encoding]::ASCII.GetBytes($Type)
        $out.Write((ConvertTo-BigEndian $Data.Length), 0, 4)
        $out.Write($typeBytes, 0, 4)
        if ($Data.Length) { $out.Write($Data, 0, $Data.Length) }
        $out.Write((ConvertTo-BigEndian (Get-Crc32 ([byte[]] ($typeBytes + $Data)))), 0, 4)
    }
    & $chunk 'IHDR' ([byte[]] ((ConvertTo-BigEndian $Width) + (ConvertTo-BigEndian $Height) + (8, 6, 0, 0, 0)))
    $raw = [System.IO.MemoryStream]::new()
    $zlib = [System.IO.Compression.ZLibStream]::new($raw, [System.IO.Compression.CompressionLevel]::Optimal, $true)
    $row = [byte[]]::new(1 + $Width * 4)
    for ($y = 0; $y -lt $Height; $y++) { $zlib.Write($row, 0, $row.Length) }
    $zlib.Dispose()
    & $chunk 'IDAT' $raw.ToArray()
    & $chunk 'IEND' ([byte[]] @())
    , $out.ToArray()
}

# "<width>x<height>" from a PNG's IHDR. Each byte is widened before the shift: a [byte] shifted left truncates.
function Get-PngSize([string] $File) {
    $b = [System.IO.File]::ReadAllBytes($File)
    $width = ([int] $b[16] -shl 24) -bor ([int] $b[17] -shl 16) -bor ([int] $b[18] -shl 8) -bor [int] $b[19]
    $height = ([int] $b[20] -shl 24) -bor ([int] $b[21] -shl 16) -bor ([int] $b[22] -shl 8) -bor [int] $b[23]
    '{0}x{1}' -f $width, $height
}

# Key order and values of a JSON text, without its layout: the shape a block is compared by.
function Get-Shape([string] $Json) { $Json | ConvertFrom-Json | ConvertTo-Json -Compress -Depth 20 }

# The shape of a top-level block of a manifest (AmoManifest), e.g. Get-Block $m 'left_menu'.
function Get-Block($Manifest, [string] $Key) { Get-Shape $Manifest.Root[$Key].ToString() }

function Get-ZipEntryName([string] $Zip) {
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $archive = [System.IO.Compression.ZipFile]::OpenRead($Zip)
    try { @($archive.Entries.FullName) } finally { $archive.Dispose() }
}

# The widget the docs describe, to the letter: every file the manifest names, logos of the documented sizes.
function New-DocsWidget([string] $Folder) {
    $null = New-Item -ItemType Directory -Force -Path (Join-Path $Folder 'i18n'), (Join-Path $Folder 'images')
    $manifest = @'
{
  "widget": {
    "name": "widget.name",
    "description": "widget.description",
    "short_description": "widget.short_description",
    "version": "1.0.0",
    "interface_version": 2,
    "init_once": false,
    "locale": ["ru", "en"],
    "installation": true,
    "support": { "link": "https://support.my-widget.ru", "email": "help@my-widget.ru" }
  },
  "locations": ["lcard-1", "ccard-1", "llist-0", "settings", "digital_pipeline", "advanced_settings"],
  "settings": { "login": { "name": "settings.login", "type": "text", "required": true } },
  "dp": {
    "settings": { "message": { "name": "dp.message", "type": "text", "required": true } },
    "action_multiple": false,
    "webhook_url": "https://hooks.my-widget.ru/dp"
  },
  "advanced": { "title": "advanced.title" },
  "tour": { "is_tour": true, "tour_description": "widget.tour_description" }
}
'@
    $i18n = @'
{
  "widget": { "name": "N", "short_description": "S", "description": "D", "tour_description": "T" },
  "settings": { "login": "Login" },
  "dp": { "message": "Message" },
  "advanced": { "title": "Settings" }
}
'@
    $script = @'
define(['jquery'], function ($) {
  return function () {
    this.callbacks = {
      render: function () { return true; }, init: function () { return true; }, bind_actions: function () { return true; },
      settings: function () { return true; }, onSave: function () { return true; }, destroy: function () {},
      dpSettings: function () { return true; }, advancedSettings: function () { return true; },
      leads: { selected: function () { return true; } }
    };
    return this;
  };
});
'@
    Write-Utf8 (Join-Path $Folder 'manifest.json') $manifest.Replace("`r`n", "`n")
    Write-Utf8 (Join-Path $Folder 'i18n/ru.json') $i18n
    Write-Utf8 (Join-Path $Folder 'i18n/en.json') $i18n
    Write-Utf8 (Join-Path $Folder 'script.js') $script
    $logos = @{ 'logo_main.png' = 400, 272; 'logo_medium.png' = 240, 84; 'logo_min.png' = 84, 84; 'logo_small.png' = 108, 108; 'logo.png' = 130, 100; 'logo_dp.png' = 174, 109 }
    foreach ($logo in $logos.GetEnumerator()) {
        [System.IO.File]::WriteAllBytes((Join-Path $Folder "images/$($logo.Key)"), (New-Png $logo.Value[0] $logo.Value[1]))
    }
    $Folder
}

# Two widgets made by New-AmoWidget in a new test folder, for the tests of findings: Good passes; Bad has findings with
# lines and columns (an unknown location and a mistyped init_once) and a logo missing. Returns { Root, Good, Bad,
# Findings (Test-AmoWidget Bad -Detailed) }; the caller removes Root in AfterAll.
function New-FindingsFixture {
    $root = New-TestFolder 'amowidget-diagnostics'
    $good = Join-Path $root 'good'
    $null = New-AmoWidget $good -Location lcard -SupportEmail dev@mycompany.test -SupportLink https://mycompany.test/help
    $bad = Join-Path $root 'bad'
    $null = New-AmoWidget $bad -Location lcard -SupportEmail dev@mycompany.test -SupportLink https://mycompany.test/help
    Set-WidgetText (Join-Path $bad 'manifest.json') '"lcard-1"' '"lcard-1", "lcadr"'
    Set-WidgetText (Join-Path $bad 'manifest.json') '"init_once": false' '"init_once": "Y"'
    Remove-Item (Join-Path $bad 'images/logo_min.png')
    [pscustomobject] @{ Root = $root; Good = $good; Bad = $bad; Findings = @(Test-AmoWidget $bad -Detailed) }
}

# The widget dev server on a scaffolded widget, for a BeforeAll: a new test folder (Root) holding the widget (Widget,
# located at lcard and digital_pipeline) and files the server must never serve: secret.txt beside the widget, .env in
# it, and link.txt in it, a symbolic link to secret.txt. Starts Start-AmoWidgetServer on a free port and returns
# { Root, Widget, Server, Http (an HttpClient) }. Stop-DevServerFixture undoes it all in AfterAll.
function Start-DevServerFixture {
    $root = New-TestFolder 'amowidget-devserver'
    $widget = Join-Path $root 'widget'
    $null = New-AmoWidget $widget -Location lcard, digital_pipeline -SupportEmail dev@mycompany.test
    Write-Utf8 (Join-Path $root 'secret.txt') 'TOP-SECRET-OUTSIDE'
    Write-Utf8 (Join-Path $widget '.env') 'TOP-SECRET-DOTENV'
    $null = New-Item -ItemType SymbolicLink -Path (Join-Path $widget 'link.txt') -Target (Join-Path $root 'secret.txt')
    $server = Start-AmoWidgetServer $widget -Port 0
    [pscustomobject] @{ Root = $root; Widget = $widget; Server = $server; Http = [System.Net.Http.HttpClient]::new() }
}

# Stops the dev server, disposes the HttpClient and removes the folder of a Start-DevServerFixture.
function Stop-DevServerFixture($Fixture) {
    try { Stop-AmoWidgetServer }
    finally {
        $Fixture.Http.Dispose()
        Remove-Item -LiteralPath $Fixture.Root -Recurse -Force -ErrorAction SilentlyContinue
    }
}

# ../shared/corpus beside the clone (or $env:AMOWIDGET_CORPUS), or $null. With AMOWIDGET_REQUIRE_CORPUS=1 (.ci/run)
# a missing corpus throws, so a CI run cannot pass by skipping it.
function Get-CorpusPath {
    $path = if ($env:AMOWIDGET_CORPUS) { $env:AMOWIDGET_CORPUS } else { Join-Path $script:RepoRoot '../shared/corpus' }
    if (Test-Path -LiteralPath $path -PathType Container) { return [System.IO.Path]::GetFullPath($path) }
    if ($env:AMOWIDGET_REQUIRE_CORPUS -eq '1') { throw "The corpus is required (AMOWIDGET_REQUIRE_CORPUS=1) but $path is missing." }
    $null
}

# The command line of a fresh PowerShell of the kind running the tests: under `dotnet pwsh` the process is dotnet, so
# the engine is `dotnet <PSHOME>/pwsh.dll`; otherwise the process itself.
function Get-PwshCommand {
    $process = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet' -and (Test-Path -LiteralPath $dll)) {
        return @($process, $dll)
    }
    @($process)
}

# Starts a script in a fresh pwsh (-NoProfile -NonInteractive) and returns the Process, its standard output and error
# read in the background (.Output, .Error: tasks that complete when it exits). Wait with Wait-PwshProcess.
# -Prefix runs it under another command, e.g. setpriv to drop capabilities.
function Start-PwshProcess([string] $Command, [string] $WorkingDirectory = $PWD.ProviderPath, [hashtable] $Environment = @{}, [string[]] $Prefix = @()) {
    $shell = @($Prefix) + @(Get-PwshCommand)
    $info = [System.Diagnostics.ProcessStartInfo]::new($shell[0])
    foreach ($a in @($shell | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $Command)) { $info.ArgumentList.Add($a) }
    $info.WorkingDirectory = $WorkingDirectory
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    foreach ($k in $Environment.Keys) { $info.Environment[$k] = [string] $Environment[$k] }
    $p = [System.Diagnostics.Process]::Start($info)
    [pscustomobject] @{ Process = $p; Output = $p.StandardOutput.ReadToEndAsync(); Error = $p.StandardError.ReadToEndAsync() }
}

# Waits for a Start-PwshProcess child and returns { ExitCode, Output, Error }. A child still running after
# -TimeoutSeconds is killed with its whole process tree, and the wait throws.
function Wait-PwshProcess($Child, [int] $TimeoutSeconds = 120) {
    $p = $Child.Process
    try {
        if (-not $p.WaitForExit($TimeoutSeconds * 1000)) {
            $p.Kill($true)
            throw "pwsh did not finish within $TimeoutSeconds s."
        }
        $p.WaitForExit()
        [pscustomobject] @{ ExitCode = $p.ExitCode; Output = $Child.Output.Result; Error = $Child.Error.Result }
    }
    finally { $p.Dispose() }
}

# Runs a script in a fresh pwsh and returns { ExitCode, Output, Error }.
function Invoke-Pwsh([string] $Command, [string] $WorkingDirectory = $PWD.ProviderPath, [int] $TimeoutSeconds = 120, [hashtable] $Environment = @{}, [string[]] $Prefix = @()) {
    Wait-PwshProcess (Start-PwshProcess $Command $WorkingDirectory $Environment $Prefix) $TimeoutSeconds
}

# The command prefix under which file permissions bind: none for an ordinary user; for root (which reads any file),
# setpriv without the capabilities that override file modes, so a chmod 000 file is unreadable as it is for a user.
function Get-PermissionBoundPrefix {
    if ($IsWindows -or (& id -u) -ne '0') { return @() }
    $setpriv = Get-Command setpriv -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $setpriv) { throw 'Running as root, the tests of unreadable files need setpriv (util-linux) to drop CAP_DAC_OVERRIDE.' }
    @($setpriv.Source, '--bounding-set=-dac_override,-dac_read_search')
}

# A SecureString of a test secret (a token, a code), as Read-Host -AsSecureString would give it.
function New-Secure([string] $Text) { [System.Net.NetworkCredential]::new('', $Text).SecurePassword }

# Starts the loopback account API stand-in (tests/AmoWidget.TestServer, built with the solution) on -Port (0: a free port) and
# returns { Process, BaseUri, Token, Log }. Arguments go to the server (e.g. '--rate', '7'). Stop it with
# Stop-AmoTestServer in AfterAll: that ends its whole process tree.
function Start-AmoTestServer([string[]] $ArgumentList = @(), [string] $Token = ('pester-token-' + [guid]::NewGuid().ToString('N')), [int] $Port = 0) {
    $dll = Join-Path $script:RepoRoot "tests/AmoWidget.TestServer/bin/$script:Configuration/net10.0/AmoWidget.TestServer.dll"
    if (-not (Test-Path -LiteralPath $dll)) { throw "The test server is not built ($dll): run ./build.ps1 first." }
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($dll, '--port', [string] $Port, '--token', $Token) + $ArgumentList) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $p = [System.Diagnostics.Process]::Start($info)
    $read = $p.StandardOutput.ReadLineAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    $baseUri = $null
    while ($null -eq $baseUri) {
        $left = ($deadline - [DateTime]::UtcNow).TotalMilliseconds
        if ($left -le 0 -or -not $read.Wait([int] $left) -or $null -eq $read.Result) {
            $p.Kill($true)
            throw "The test server did not start: $($p.StandardError.ReadToEnd())"
        }
        if ($read.Result -match '^BaseUri:\s+(\S+)') { $baseUri = $Matches[1] } else { $read = $p.StandardOutput.ReadLineAsync() }
    }
    # The rest of its output is drained so that a full pipe never blocks it.
    $null = $p.StandardOutput.ReadToEndAsync()
    $null = $p.StandardError.ReadToEndAsync()
    [pscustomobject] @{
        Process     = $p
        BaseUri     = $baseUri
        Token       = $Token
        SecureToken = New-Secure $Token
    }
}

function Stop-AmoTestServer($Server) {
    if ($null -eq $Server) { return }
    try { if (-not $Server.Process.HasExited) { $Server.Process.Kill($true); $null = $Server.Process.WaitForExit(10000) } }
    finally { $Server.Process.Dispose() }
}

# The test server's control endpoints (no token needed).
function Add-TestServerFault($Server, [hashtable[]] $Fault) {
    $null = Invoke-RestMethod -Method Post "$($Server.BaseUri)/_test/faults" -ContentType 'application/json' -Body (ConvertTo-Json @($Fault) -Compress -Depth 5)
}

function Reset-TestServer($Server) { $null = Invoke-RestMethod -Method Post "$($Server.BaseUri)/_test/reset" }

function Get-TestServerStats($Server) { Invoke-RestMethod "$($Server.BaseUri)/_test/stats" }

# The account API stand-in as the cmdlet tests use it (Start-AmoTestServer --rate 7), for a BeforeAll: returns the
# server ({ BaseUri, Token, SecureToken, ... }). Stop it with Stop-ApiTestServer in AfterAll.
function Start-ApiTestServer { Start-AmoTestServer -ArgumentList '--rate', '7' }

# The state every account API test starts from, for a BeforeEach: the server reset (no faults, no counts) and a new
# default connection to it with its token. Returns the connection.
function Connect-ApiTestServer($Server) {
    Reset-TestServer $Server
    Connect-AmoAccount -BaseUri $Server.BaseUri -AccessToken $Server.SecureToken
}

# Closes the default connection and stops the server with its process tree, for an AfterAll.
function Stop-ApiTestServer($Server) {
    try { Disconnect-AmoAccount }
    finally { Stop-AmoTestServer $Server }
}

# Loads an assembly of a test library that build/Tools restores (PackageDownload) from the NuGet packages folder,
# restoring build/Tools first when the package is not there yet; the lib folder of the newest .NET it ships is used.
function Import-TestAssembly([string] $Package, [string] $Version, [string] $Assembly = "$Package.dll") {
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { ((& dotnet nuget locals global-packages --list | Select-Object -First 1) -replace '^\s*global-packages:\s*', '').Trim() }
    $root = Join-Path $packages "$($Package.ToLowerInvariant())/$Version/lib"
    if (-not (Test-Path -LiteralPath $root)) {
        & dotnet restore (Join-Path $script:RepoRoot 'build/Tools/Tools.csproj') --nologo --verbosity quiet | Out-Null
    }
    $lib = foreach ($tfm in 'net10.0', 'net9.0', 'net8.0', 'netstandard2.1', 'netstandard2.0') {
        $file = Join-Path $root "$tfm/$Assembly"
        if (Test-Path -LiteralPath $file) { $file; break }
    }
    if (-not $lib) { throw "$Package $Version has no $Assembly under $root (restore build/Tools/Tools.csproj)." }
    Add-Type -LiteralPath $lib
}

# A free TCP port on 127.0.0.1 (the system picks it; it is free again when this returns).
function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# A widget whose manifest keys hold a line break and a GitHub Actions / Azure Pipelines command, and (where the
# file system allows a line break in a name) an i18n file whose name does too.
function New-HostileWidget([string] $Folder) {
    $widget = New-DocsWidget $Folder
    $manifest = Join-Path $widget 'manifest.json'
    $text = [System.IO.File]::ReadAllText($manifest)
    $keys = '"x\n::error file=a.js::forged": 1, "y\r\n##[set-output]z": 2, '
    Write-Utf8 $manifest ($text.Substring(0, $text.IndexOf('{') + 1) + $keys + $text.Substring($text.IndexOf('{') + 1))
    if (-not $IsWindows) {
        [System.IO.File]::WriteAllText((Join-Path $widget "i18n/e`n::error::named.json"), '{}')
    }
    $widget
}

# Lines of output that a CI runner would take as a workflow command.
function Get-CommandLine([string[]] $Text) {
    @($Text -split "`r`n|`n|`r|\u2028|\u2029|\u0085" | Where-Object { $_.TrimStart() -match '^(::|##\[)' })
}

# AmoPester.SwapRace, for the link-swap race tests (Linux and macOS): new SwapRace(file, stage, insideText, outsideFile)
# renames prepared files over file on its own thread until disposed (rename(2) is atomic: the name is always a regular
# file or a link out of the folder, never missing); SwapRace.Fetch(port, path, secret, ms) GETs a path from a loopback
# server for that long. Both in C#, so the race is tight.
function Initialize-SwapRace {
    if (-not ('AmoPester.SwapRace' -as [type])) {
        Add-Type -TypeDefinition @'
using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace AmoPester
{
    public sealed class SwapRace : IDisposable
    {
        [DllImport("libc", SetLastError = true)] private static extern int rename(string from, string to);
        [DllImport("libc", SetLastError = true)] private static extern int symlink(string target, string link);

        private readonly Thread _thread;
        private volatile bool _stop;
        private int _swaps;

        public SwapRace(string file, string stage, string insideText, string outsideFile)
        {
            string regular = Path.Combine(stage, "regular"), link = Path.Combine(stage, "link");
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    File.WriteAllText(regular, insideText);
                    if (rename(regular, file) == 0) Interlocked.Increment(ref _swaps);
                    if (symlink(outsideFile, link) == 0 && rename(link, file) == 0) Interlocked.Increment(ref _swaps);
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public int Swaps => Volatile.Read(ref _swaps);

        public void Dispose() { _stop = true; _thread.Join(); }

        /// <summary>GETs the path for the given time; returns { answers, 200s, answers holding the secret }.</summary>
        public static int[] Fetch(int port, string path, string secret, int milliseconds)
        {
            int answers = 0, served = 0, leaks = 0;
            byte[] request = Encoding.ASCII.GetBytes("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
            var clock = Stopwatch.StartNew();
            while (clock.ElapsedMilliseconds < milliseconds)
            {
                using (var client = new TcpClient("127.0.0.1", port))
                {
                    NetworkStream stream = client.GetStream();
                    stream.Write(request, 0, request.Length);
                    string answer = new StreamReader(stream, Encoding.UTF8).ReadToEnd();
                    answers++;
                    if (answer.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal)) served++;
                    if (answer.Contains(secret)) leaks++;
                }
            }

            return new[] { answers, served, leaks };
        }
    }
}
'@
    }
}
