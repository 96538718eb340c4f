<#
.SYNOPSIS
    What AmoWidget is for, in one run: a manifest composed through the pipeline, then a widget scaffolded, validated
    and packed into widget.zip.

.DESCRIPTION
    On a machine with only the .NET SDK:

        dotnet tool restore && dotnet pwsh -NoProfile -File ./quickstart.ps1

    Builds the module first when it is missing or a source is newer than the last build (a check of file dates, so
    an unchanged tree costs no build), then imports out/AmoWidget and works in out/quickstart, which is git-ignored
    and emptied at the start of each run: run it as often as you like. Results print through pwsh's own formatting
    (the module's views). Exits 1 if any step fails.
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
# Into a file or a pipe, the tables come without colour escapes.
if ([Console]::IsOutputRedirected) { $PSStyle.OutputRendering = 'PlainText' }

$root = $PSScriptRoot
$module = Join-Path $root 'out/AmoWidget/AmoWidget.psd1'
$help = Join-Path $root 'out/AmoWidget/en-US/AmoWidget.dll-Help.xml'
$stamp = Join-Path $root 'out/quickstart.build.stamp'
$work = Join-Path $root 'out/quickstart'

# Everything the module and its help are built from. The build runs when one of them (or a folder, whose date moves
# when a file is added or removed) is newer than the stamp this script writes after a successful build.
function Test-ModuleCurrent {
    if (-not (Test-Path -LiteralPath $module) -or -not (Test-Path -LiteralPath $help) -or -not (Test-Path -LiteralPath $stamp)) {
        return $false
    }
    $built = (Get-Item -LiteralPath $stamp).LastWriteTimeUtc
    $inputs = @(Get-Item -LiteralPath (Join-Path $root 'AmoWidget.psd1'), (Join-Path $root 'Directory.Build.props'), (Join-Path $root 'Directory.Packages.props'))
    foreach ($folder in 'src/AmoWidget', 'src/AmoWidget.Core', 'build/AmoWidget.HelpGen', 'docs/help') {
        $path = Join-Path $root $folder
        $inputs += Get-Item -LiteralPath $path
        $inputs += Get-ChildItem -LiteralPath $path -Recurse -Force | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)([\\/]|$)' }
    }
    -not ($inputs | Where-Object { $_.LastWriteTimeUtc -gt $built })
}

try {
    if (-not (Test-ModuleCurrent)) {
        Write-Host 'Building the module (dotnet build build/AmoWidget.HelpGen: the cmdlets, then their help) ...'
        # The help generator's project builds the module (out/AmoWidget) and then its help; nothing else is needed here.
        & dotnet build (Join-Path $root 'build/AmoWidget.HelpGen/AmoWidget.HelpGen.csproj') --configuration Release --nologo --verbosity quiet
        if ($LASTEXITCODE -ne 0) { throw "dotnet build failed with exit code $LASTEXITCODE." }
        $null = New-Item -ItemType File -Path $stamp -Force
    }
    Import-Module $module -Force

    if (Test-Path -LiteralPath $work) { Remove-Item -LiteralPath $work -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $work
    Push-Location -LiteralPath $work

    Write-Host "`n1. A manifest composed through the pipeline: card and list locations, a Digital Pipeline block with a setting"
    $manifest = New-AmoManifest -Locale ru, en -SupportEmail help@my-widget.ru -SupportLink https://my-widget.ru/support |
        Add-AmoLocation lcard, ccard -RightColumn $true |
        Add-AmoLocation llist, clist -RightColumn $false |
        Set-AmoDigitalPipeline -WebhookUrl https://hooks.my-widget.ru/dp |
        Add-AmoDpSetting message -Type text -Required |
        Export-AmoManifest ./manifest/manifest.json -PassThru
    $manifest | Out-Default
    $manifest | Get-AmoLocation | Out-Default
    Write-Host "manifest.json as written ($($manifest.Path)):"
    Get-Content -LiteralPath $manifest.Path | Out-Default

    Write-Host "`n2. A widget scaffolded for the lead card, the lead list, Digital Pipeline and the settings page"
    $folder = New-AmoWidget ./widget -Location lcard, llist, digital_pipeline, settings -SupportEmail help@my-widget.ru -SupportLink https://my-widget.ru/support
    Get-ChildItem -LiteralPath $folder.FullName -Recurse -File | Select-Object @{ n = 'File'; e = { [IO.Path]::GetRelativePath($folder.FullName, $_.FullName) } }, Length | Out-Default

    Write-Host "3. Validated as amoCRM's uploader and moderator would (Test-AmoWidget -Strict: errors and warnings fail)"
    $findings = @(Test-AmoWidget $folder.FullName -Detailed)
    if ($findings) { $findings | Out-Default } else { Write-Host 'No findings.' }
    if (-not (Test-AmoWidget $folder.FullName -Strict)) { throw 'The scaffolded widget does not pass Test-AmoWidget -Strict.' }

    Write-Host "`n4. Packed into widget.zip, and the archive validated (layout included)"
    $zip = Compress-AmoWidget $folder.FullName
    $passed = Test-AmoWidget $zip.FullName -Strict
    [pscustomobject] @{ Archive = [IO.Path]::GetRelativePath($root, $zip.FullName); Bytes = $zip.Length; StrictlyValid = $passed } | Out-Default
    if (-not $passed) { throw 'widget.zip does not pass Test-AmoWidget -Strict.' }
    Write-Host 'Next: replace the starter logos and texts, write the widget in script.js, then Compress-AmoWidget ./widget -Force.'
}
catch {
    [Console]::Error.WriteLine("quickstart.ps1: $_")
    exit 1
}
finally {
    if ((Get-Location).ProviderPath -eq $work) { Pop-Location }
}
