<#
.SYNOPSIS
    Builds, tests, packages or cleans the AmoWidget module.

.DESCRIPTION
    The pwsh entry point to the .NET build. Every task calls the dotnet CLI; the module is assembled in
    out/AmoWidget (psd1, dlls, formats, help) by the build itself.

    Build    dotnet build AmoWidget.sln
    Test     Build, then dotnet test, then Invoke-Pester tests/Pester when Pester 5 is installed
    Package  Build, then copy out/AmoWidget to out/package/AmoWidget/<version>/ (the layout Publish-PSResource
             and $env:PSModulePath expect) and zip it as out/package/AmoWidget.<version>.zip
    Clean    remove out/ and every bin/ and obj/ folder

.EXAMPLE
    ./build.ps1
    Import-Module ./out/AmoWidget/AmoWidget.psd1

.EXAMPLE
    ./build.ps1 -Task Test -Configuration Debug
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$root = $PSScriptRoot
$solution = Join-Path $root 'AmoWidget.sln'
$moduleOut = Join-Path $root 'out/AmoWidget'

function Invoke-Dotnet {
    # A native command's failure is only an exit code: turn it into an error so the task stops.
    & dotnet @args
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Build {
    Invoke-Dotnet build $solution --configuration $Configuration --nologo
    $help = Join-Path $moduleOut 'en-US/AmoWidget.dll-Help.xml'
    if (-not (Test-Path -LiteralPath (Join-Path $moduleOut 'AmoWidget.psd1')) -or -not (Test-Path -LiteralPath $help)) {
        throw "The build did not assemble the module with its help in $moduleOut."
    }
}

function Invoke-Test {
    Invoke-Build
    Invoke-Dotnet test $solution --configuration $Configuration --no-build --nologo

    $pester = Get-Module -Name Pester -ListAvailable | Where-Object { $_.Version.Major -ge 5 } | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5 is not installed, so tests/Pester was not run (Install-PSResource Pester, or Install-Module Pester -MinimumVersion 5.0).'
        return
    }

    # A child process, so the module's dlls are not held by this session (Windows would refuse the next build).
    $pwsh = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $pesterScript = "Import-Module Pester -MinimumVersion 5.0; " +
        "`$c = New-PesterConfiguration; `$c.Run.Path = '$(Join-Path $root 'tests/Pester')'; `$c.Run.Exit = `$true; " +
        "`$c.Output.Verbosity = 'Detailed'; Invoke-Pester -Configuration `$c"
    & $pwsh -NoProfile -NonInteractive -Command $pesterScript
    if ($LASTEXITCODE -ne 0) {
        throw "Pester reported failures (exit code $LASTEXITCODE)."
    }
}

function Invoke-Package {
    Invoke-Build
    $version = (Import-PowerShellDataFile -LiteralPath (Join-Path $moduleOut 'AmoWidget.psd1')).ModuleVersion
    $packageRoot = Join-Path $root 'out/package'
    $target = Join-Path $packageRoot "AmoWidget/$version"
    if (Test-Path -LiteralPath $target) {
        Remove-Item -LiteralPath $target -Recurse -Force
    }

    $null = New-Item -ItemType Directory -Path $target -Force
    Copy-Item -Path (Join-Path $moduleOut '*') -Destination $target -Recurse
    $zip = Join-Path $packageRoot "AmoWidget.$version.zip"
    Compress-Archive -Path (Join-Path $packageRoot 'AmoWidget') -DestinationPath $zip -Force
    Write-Host "Packaged AmoWidget $version in $target and $zip"
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
