<#
.SYNOPSIS
    Builds, tests, packages or cleans the AmoWidget module.

.DESCRIPTION
    The one entry point to the build. Every task calls the dotnet CLI; the module is assembled in out/AmoWidget
    (psd1, dlls, formats, help, schema, THIRD-PARTY-NOTICES.txt) by the build itself.

    Build    dotnet build AmoWidget.sln, then the core compiled ReadyToRun for this platform (build/ReadyToRun), which
             PowerShell 7 on the same platform loads at import; elsewhere the portable core serves
    Test     Build and Package, then the C# core tests (dotnet test) and the Pester suite (tests/Pester, Pester
             5.7.1 restored from NuGet through build/Tools), in a child pwsh so this session holds none of the
             module's dlls; between them the core tests built for net472 (.NET Framework, as Windows PowerShell 5.1
             runs) under Mono with xunit's console runner (on Windows on .NET Framework itself), closing with
             "net472 (Mono): N passed, N failed". Without mono on the PATH that leg is not run and says why (one
             skipped test); with $env:AMOWIDGET_REQUIRE_MONO = '1' (as .ci/run sets) a missing mono fails the run.
             Ends with one line "N passed, N failed, N skipped" over all, and exits 1 on any failure.
    Package  Build, then out/package/AmoWidget.<version>.nupkg: a PowerShell module package (the psd1 at its root)
             that Install-PSResource / Save-PSResource take from a local folder repository.
    Clean    remove out/ and every bin/ and obj/ folder

    Works in pwsh installed any way, in pwsh run as a dotnet local tool (dotnet pwsh), and in Windows PowerShell 5.1
    (Package and Test there need Microsoft.PowerShell.PSResourceGet 1.1 or later, which pwsh 7.4+ ships).

.PARAMETER Task
    Build (the default), Test, Package or Clean.

.PARAMETER Configuration
    Release (the default) or Debug.

.PARAMETER PesterPath
    Test only: run these Pester files or folders instead of the whole of tests/Pester (the C# tests still run).

.EXAMPLE
    dotnet tool restore && dotnet pwsh -NoProfile -File ./build.ps1 -Task Test

.EXAMPLE
    ./build.ps1 -Task Test -PesterPath tests/Pester/AmoManifest.Tests.ps1
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    [string[]] $PesterPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$root = $PSScriptRoot
$solution = Join-Path $root 'AmoWidget.sln'
$moduleOut = Join-Path $root 'out/AmoWidget'
$resultsDir = Join-Path $root 'out/TestResults'
$packageDir = Join-Path $root 'out/package'
$pesterVersion = '5.7.1'

function Invoke-Dotnet {
    # A native command's failure is only an exit code: turn it into an error so the task stops.
    & dotnet @args
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE."
    }
}

# The command line that starts a fresh PowerShell of the same kind as this one. Under `dotnet pwsh` the process is
# dotnet itself, so the engine is started as `dotnet <PSHOME>/pwsh.dll`; an installed pwsh or Windows PowerShell
# is started from $PSHOME.
function Get-PowerShellCommand {
    $dll = Join-Path $PSHOME 'pwsh.dll'
    $process = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet' -and (Test-Path -LiteralPath $dll)) {
        return @($process, $dll)
    }
    return @($process)
}

function Invoke-Build {
    Invoke-Dotnet build $solution --configuration $Configuration --nologo
    # The core compiled ReadyToRun for this machine's platform and the pinned PowerShell's .NET, in
    # out/AmoWidget/readytorun/<tfm>-<rid>/: PowerShell 7 on this platform then starts without compiling the core's
    # code as it first runs (src/AmoWidget/ReadyToRunCore.cs says how it is chosen at import).
    # crossgen2 comes from NuGet for the building platform; where it cannot be had, the module is complete without it
    # (the portable core serves), so this warns instead of failing. AMOWIDGET_REQUIRE_READYTORUN=1 (.ci/run) fails.
    & dotnet publish (Join-Path $root 'build/ReadyToRun/ReadyToRun.csproj') --configuration $Configuration --nologo --verbosity quiet
    if ($LASTEXITCODE -ne 0) {
        if ($env:AMOWIDGET_REQUIRE_READYTORUN -eq '1') { throw "The ReadyToRun core was not built (dotnet publish build/ReadyToRun, exit code $LASTEXITCODE)." }
        Write-Warning "The ReadyToRun core for this platform was not built (dotnet publish build/ReadyToRun, exit code $LASTEXITCODE): PowerShell 7 will run the portable core, compiled as it runs."
    }
    Write-ThirdPartyNotice
    $help = Join-Path $moduleOut 'en-US/AmoWidget.dll-Help.xml'
    if (-not (Test-Path -LiteralPath (Join-Path $moduleOut 'AmoWidget.psd1')) -or -not (Test-Path -LiteralPath $help)) {
        throw "The build did not assemble the module with its help in $moduleOut."
    }
}

# out/AmoWidget/THIRD-PARTY-NOTICES.txt: every library the module ships in dependencies/, with its package's version,
# licence, copyright and project, then each licence's text once. MIT, BSD and Apache-2.0 all ask for the notice and
# the licence to travel with each copy. A package with its own licence file gives that text; one that names only an
# SPDX expression (most do) gets the expression's standard text from build/licenses. The packages come from the
# cmdlet project's restore (its project.assets.json), so a dependency added or removed is listed or dropped by itself.
function Write-ThirdPartyNotice {
    $assets = [System.IO.File]::ReadAllText((Join-Path $root 'src/AmoWidget/obj/project.assets.json')) | ConvertFrom-Json
    $shipped = @(Get-ChildItem -LiteralPath (Join-Path $moduleOut 'dependencies') -Filter '*.dll' | ForEach-Object Name)
    $precompiled = @(Get-ChildItem -Path (Join-Path $moduleOut 'readytorun/*/*.dll') -ErrorAction Ignore | ForEach-Object Name)
    $folders = @($assets.packageFolders.PSObject.Properties.Name)
    $lines = [System.Collections.Generic.List[string]]::new()
    $texts = [ordered]@{}
    $lines.Add('AmoWidget ships these libraries beside its own code, in dependencies/. The text of each licence follows the list.')
    $lines.Add('')
    foreach ($library in @($assets.targets.PSObject.Properties)[0].Value.PSObject.Properties) {
        $runtime = $library.Value.PSObject.Properties['runtime']
        if ($library.Value.type -ne 'package' -or -not $runtime) { continue }
        $dlls = @($runtime.Value.PSObject.Properties.Name | ForEach-Object { Split-Path -Leaf $_ } | Where-Object { $shipped -contains $_ })
        if ($dlls.Count -eq 0) { continue }
        $id, $version = $library.Name.Split('/')
        $relative = $assets.libraries.($library.Name).path
        $folder = @($folders | ForEach-Object { Join-Path $_ $relative } | Where-Object { Test-Path -LiteralPath $_ })[0]
        $meta = ([xml] [System.IO.File]::ReadAllText((Get-ChildItem -LiteralPath $folder -Filter '*.nuspec')[0].FullName)).package.metadata
        $licence = if ($meta.PSObject.Properties['license']) { $meta.license.InnerText } else { "see $($meta.licenseUrl)" }
        $own = @(Get-ChildItem -LiteralPath $folder -File | Where-Object Name -match '^licen[cs]e(\.(txt|md))?$')
        $key = if ($own.Count -gt 0) { "$id $version ($($own[0].Name) in its package)" } else { $licence }
        if (-not $texts.Contains($key)) {
            $template = Join-Path $root "build/licenses/$licence.txt"
            $texts[$key] = if ($own.Count -gt 0) { [System.IO.File]::ReadAllText($own[0].FullName) }
                elseif (Test-Path -LiteralPath $template) { [System.IO.File]::ReadAllText($template) }
                else { throw "No text for the licence '$licence' of ${id} ${version}: add build/licenses/$licence.txt." }
        }
        $lines.Add("$id $version ($($dlls -join ', '))")
        $lines.Add("  Licence: $licence")
        $lines.Add("  Copyright: $(if ($meta.PSObject.Properties['copyright']) { $meta.copyright } else { $meta.authors })")
        $lines.Add("  Project: $($meta.projectUrl)")
        if (@($dlls | Where-Object { $precompiled -contains $_ }).Count -gt 0) {
            $lines.Add('  Also in readytorun/, precompiled for PowerShell 7 by crossgen2; build/ReadyToRunPrep first clears the')
            $lines.Add('  AggressiveOptimization flag of its methods, which would keep crossgen2 from compiling them.')
        }
        $lines.Add('')
    }
    foreach ($vendor in Get-ChildItem -LiteralPath (Join-Path $moduleOut 'licenses') -Filter '*.LICENSE' -ErrorAction Ignore) {
        $lines.Add("$($vendor.BaseName) (the widget host's own copy, inside AmoWidget.Core.dll)")
        $lines.Add("  Licence: licenses/$($vendor.Name)")
        $lines.Add('')
    }
    foreach ($key in $texts.Keys) {
        $lines.Add("==== $key ====")
        $lines.Add('')
        $lines.Add($texts[$key].TrimEnd())
        $lines.Add('')
    }
    $path = Join-Path $moduleOut 'THIRD-PARTY-NOTICES.txt'
    $text = ($lines -join "`n") + "`n"
    if (-not (Test-Path -LiteralPath $path) -or [System.IO.File]::ReadAllText($path) -ne $text) {
        [System.IO.File]::WriteAllText($path, $text, [System.Text.UTF8Encoding]::new($false))
    }
}

# The NuGet global packages folder, where restore puts Pester and xunit's console runner.
function Get-NuGetPackageFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = & dotnet nuget locals global-packages --list | Select-Object -First 1
    ($line -replace '^\s*global-packages:\s*', '').Trim()
}

# Pester, pinned, from NuGet: restoring build/Tools downloads it into the NuGet packages folder.
function Get-PesterManifest {
    Invoke-Dotnet restore (Join-Path $root 'build/Tools/Tools.csproj') --nologo --verbosity quiet
    $manifest = Join-Path (Get-NuGetPackageFolder) "pester/$pesterVersion/tools/Pester.psd1"
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "Pester $pesterVersion was restored but $manifest is not there."
    }
    $manifest
}

# Counts of the xUnit runs, from the .trx files dotnet test wrote.
function Get-TrxCount([string] $Folder) {
    $counts = @{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($file in Get-ChildItem -LiteralPath $Folder -Filter *.trx -Recurse -File) {
        $counters = ([xml] [System.IO.File]::ReadAllText($file.FullName)).TestRun.ResultSummary.Counters
        $counts.Passed += [int] $counters.passed
        $counts.Failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        $counts.Skipped += [int] $counters.notExecuted
    }
    $counts
}

# The core's tests built for net472, the .NET Framework Windows PowerShell 5.1 runs on, run by xunit's console runner
# (restored with the test project): on Windows as it is, elsewhere under Mono, the nearest .NET Framework runtime there.
# Without Mono the leg is not run and says why (a skip, counted once); AMOWIDGET_REQUIRE_MONO=1 (.ci/run) makes that a
# failure. Prints the leg's closing line "net472 (Mono): N passed, N failed".
function Invoke-FrameworkTest([string] $Folder) {
    $onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
    $label = if ($onWindows) { 'net472 (.NET Framework)' } else { 'net472 (Mono)' }
    $result = @{ Label = $label; Passed = 0; Failed = 0; Skipped = 0; Summary = '' }
    $mono = if ($onWindows) { $null } else { Get-Command mono -CommandType Application -ErrorAction Ignore | Select-Object -First 1 }
    if (-not $onWindows -and -not $mono) {
        $why = 'mono is not installed (Debian/Ubuntu: apt-get install -y mono-complete; .ci/run installs it)'
        if ($env:AMOWIDGET_REQUIRE_MONO -eq '1') {
            $result.Failed = 1
            $result.Summary = "not run: $why"
        }
        else {
            $result.Skipped = 1
            $result.Summary = "not run (skipped): $why"
        }
        Write-Host "${label}: $($result.Summary)"
        return $result
    }

    $version = ([xml] [System.IO.File]::ReadAllText((Join-Path $root 'Directory.Packages.props'))).Project.ItemGroup.PackageVersion |
        Where-Object Include -eq 'xunit.runner.console' | ForEach-Object Version
    $runner = Join-Path (Get-NuGetPackageFolder) "xunit.runner.console/$version/tools/net472/xunit.console.exe"
    $tests = Join-Path $root "tests/AmoWidget.Core.Tests/bin/$Configuration/net472/AmoWidget.Core.Tests.dll"
    $xml = Join-Path $Folder 'results.xml'
    $null = New-Item -ItemType Directory -Path $Folder -Force
    $runnerArgs = @($tests, '-nologo', '-noshadow', '-xml', $xml)
    # Out-Host: the runner's lines are for the reader; this function's output is its counts alone.
    if ($onWindows) { & $runner @runnerArgs | Out-Host } else { & $mono.Source --debug $runner @runnerArgs | Out-Host }
    $exit = $LASTEXITCODE
    # @(): one <assembly> would otherwise be an XmlElement, whose .Count names a child element (none, under StrictMode).
    $assemblies = @(if (Test-Path -LiteralPath $xml) { ([xml] [System.IO.File]::ReadAllText($xml)).assemblies.assembly })
    foreach ($assembly in $assemblies) {
        # Attributes by name: <assembly> also has an <errors> child, which $assembly.errors would return with them.
        $result.Passed += [int] $assembly.GetAttribute('passed')
        $result.Failed += [int] $assembly.GetAttribute('failed') + [int] $assembly.GetAttribute('errors')
        $result.Skipped += [int] $assembly.GetAttribute('skipped')
    }
    # A runner that died (a crash, a stack overflow) writes no results: that is a failure, never a pass.
    if ($assemblies.Count -eq 0 -or ($exit -ne 0 -and $result.Failed -eq 0)) {
        $result.Failed += 1
        Write-Host "${label}: the runner ended with exit code $exit without complete results"
    }
    $result.Summary = "$($result.Passed) passed, $($result.Failed) failed"
    Write-Host "${label}: $($result.Summary)"
    $result
}

function Invoke-Test {
    Invoke-Build
    New-ModulePackage
    $pester = Get-PesterManifest
    if (Test-Path -LiteralPath $resultsDir) {
        Remove-Item -LiteralPath $resultsDir -Recurse -Force
    }
    $null = New-Item -ItemType Directory -Path $resultsDir

    $failures = @()
    $xunitDir = Join-Path $resultsDir 'xunit'
    & dotnet test $solution --configuration $Configuration --no-build --nologo --logger trx --results-directory $xunitDir
    if ($LASTEXITCODE -ne 0) { $failures += "dotnet test (exit code $LASTEXITCODE)" }
    $xunit = Get-TrxCount $xunitDir
    $framework = Invoke-FrameworkTest (Join-Path $resultsDir 'net472')
    if ($framework.Failed -gt 0) { $failures += "$($framework.Label) ($($framework.Failed) failed)" }

    # A child process, so this session holds none of the module's dlls (Windows would refuse the next build) and
    # the suite's own processes end with it.
    $paths = if ($PesterPath) { @($PesterPath | ForEach-Object { (Resolve-Path -LiteralPath $_).ProviderPath }) } else { @(Join-Path $root 'tests/Pester') }
    $countsFile = Join-Path $resultsDir 'pester-counts.json'
    $env:AMOWIDGET_CONFIGURATION = $Configuration
    $pesterScript = @'
param($Pester, $Paths, $ResultFile, $CountsFile)
$ErrorActionPreference = 'Stop'
Import-Module $Pester
$c = New-PesterConfiguration
$c.Run.Path = @($Paths.Split([System.IO.Path]::PathSeparator))
$c.Run.PassThru = $true
$c.Output.Verbosity = 'Normal'
$c.TestResult.Enabled = $true
$c.TestResult.OutputFormat = 'JUnitXml'
$c.TestResult.OutputPath = $ResultFile
$r = Invoke-Pester -Configuration $c
# Counts are written only for a run that finished: without them the caller reports a failure, never a pass.
if ($null -eq $r -or $null -eq $r.PassedCount) { exit 1 }
$failed = $r.FailedCount + $r.FailedBlocksCount + $r.FailedContainersCount
[System.IO.File]::WriteAllText($CountsFile, (@{ Result = [string] $r.Result; Passed = $r.PassedCount; Failed = $failed; Skipped = $r.SkippedCount + $r.NotRunCount } | ConvertTo-Json))
exit ([int] ($r.Result -ne 'Passed'))
'@
    $scriptFile = Join-Path $resultsDir 'run-pester.ps1'
    [System.IO.File]::WriteAllText($scriptFile, $pesterScript)
    $shell = @(Get-PowerShellCommand)
    $shellArgs = @($shell | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $scriptFile,
        '-Pester', $pester, '-Paths', ($paths -join [System.IO.Path]::PathSeparator), '-ResultFile', (Join-Path $resultsDir 'pester.xml'), '-CountsFile', $countsFile)
    & $shell[0] @shellArgs
    $exit = $LASTEXITCODE
    $counts = if (Test-Path -LiteralPath $countsFile) { [System.IO.File]::ReadAllText($countsFile) | ConvertFrom-Json } else { $null }
    if ($null -eq $counts) {
        $failures += "Pester did not finish (exit code $exit)"
        $counts = [pscustomobject] @{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    elseif ($counts.Failed -gt 0 -or $counts.Result -ne 'Passed' -or $exit -ne 0) {
        $failures += "Pester ($($counts.Result), exit code $exit)"
    }

    $passed = $xunit.Passed + $framework.Passed + $counts.Passed
    $failed = $xunit.Failed + $framework.Failed + $counts.Failed
    $skipped = $xunit.Skipped + $framework.Skipped + $counts.Skipped
    Write-Host "C# core: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped; $($framework.Label): $($framework.Summary); Pester: $($counts.Passed) passed, $($counts.Failed) failed, $($counts.Skipped) skipped"
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failures) {
        throw "Tests failed: $($failures -join ', ')."
    }
}

# The module as a NuGet package that PSResourceGet installs: out/package/AmoWidget.<version>.nupkg. It is made by
# PSResourceGet's own Compress-PSResource, the tool that installs it, rather than by a nuspec of ours packed with the
# dotnet CLI or System.IO.Compression: the nuspec (id, version, authors, description, licence, project, tags with
# PSModule, release notes) is then generated from the psd1 exactly as PSResourceGet publishes a module to a
# gallery, so there is no second copy of the metadata to drift from the psd1. The package holds the built module
# (out/AmoWidget) with LICENSE beside the psd1.
function New-ModulePackage {
    if (-not (Get-Command Compress-PSResource -ErrorAction Ignore)) {
        throw 'Packaging needs Compress-PSResource (Microsoft.PowerShell.PSResourceGet 1.1+, shipped with pwsh 7.4+): run dotnet tool restore && dotnet pwsh -NoProfile -File ./build.ps1 -Task Package.'
    }
    $version = (Import-PowerShellDataFile -LiteralPath (Join-Path $moduleOut 'AmoWidget.psd1')).ModuleVersion
    if (Test-Path -LiteralPath $packageDir) {
        Remove-Item -LiteralPath $packageDir -Recurse -Force
    }
    $staging = Join-Path $packageDir 'staging/AmoWidget'
    $null = New-Item -ItemType Directory -Path $staging
    try {
        Copy-Item -Path (Join-Path $moduleOut '*') -Destination $staging -Recurse
        Copy-Item -LiteralPath (Join-Path $root 'LICENSE') -Destination $staging
        Compress-PSResource -Path $staging -DestinationPath $packageDir
    }
    finally {
        Remove-Item -LiteralPath (Join-Path $packageDir 'staging') -Recurse -Force
    }
    $package = Join-Path $packageDir "AmoWidget.$version.nupkg"
    if (-not (Test-Path -LiteralPath $package)) {
        throw "Compress-PSResource did not write $package."
    }
    Write-Host "Package: $package"
}

function Invoke-Package {
    Invoke-Build
    New-ModulePackage
}

function Invoke-Clean {
    $out = Join-Path $root 'out'
    if (Test-Path -LiteralPath $out) {
        Remove-Item -LiteralPath $out -Recurse -Force
    }

    foreach ($area in 'src', 'tests', 'bench', 'build') {
        $folder = Join-Path $root $area
        if (Test-Path -LiteralPath $folder) {
            Get-ChildItem -LiteralPath $folder -Directory -Recurse |
                Where-Object { $_.Name -in 'bin', 'obj', 'TestResults' } |
                Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

try {
    Push-Location -LiteralPath $root
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Package' { Invoke-Package }
        'Clean' { Invoke-Clean }
    }
}
catch {
    [Console]::Error.WriteLine("build.ps1 -Task ${Task}: $_")
    exit 1
}
finally {
    Pop-Location
}
