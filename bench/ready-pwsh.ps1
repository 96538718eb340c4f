<#
.SYNOPSIS
    A precompiled (ReadyToRun) copy of the running PowerShell, as its released packages are built, for the cold-start
    bench.

.DESCRIPTION
    The pinned PowerShell is the .NET tool package, whose assemblies ship as IL only, so everything the engine does for
    the first time in a process is compiled then. The released packages (deb, rpm, tar.gz, msi) are ReadyToRun
    images: https://github.com/PowerShell/PowerShell/pull/12361 turned it on for every PowerShell assembly, and
    https://github.com/PowerShell/PowerShell/issues/3335 says the official releases are crossgen'd. This script copies
    $PSHOME to -Destination and compiles each IL-only assembly in its top folder with crossgen2 from the NuGet
    package the build restored (./build.ps1 restores it for the module's own ReadyToRun core). It prints the path of
    the copy's pwsh.dll, to give to bench/cold-start.ps1 -Shell. The copy is the same engine and version.

.PARAMETER Destination
    Where the copy goes (default: amowidget-pwsh-ready under the temporary folder). Replaced if it exists.

.EXAMPLE
    $engine = dotnet pwsh -NoProfile -File bench/ready-pwsh.ps1
    dotnet pwsh -NoProfile -File bench/cold-start.ps1 -Rounds 11 -Shell $engine
#>
[CmdletBinding()]
param(
    [string] $Destination = (Join-Path ([System.IO.Path]::GetTempPath()) 'amowidget-pwsh-ready')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
$rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
$runtime = [System.Environment]::Version
$os, $arch = $rid.Split("-")[0, -1]
if ($os -eq "win") { $os = "windows" } elseif ($os -eq "osx") { $os = "osx" }
$pack = Join-Path $packages "microsoft.netcore.app.crossgen2.$rid"
$crossgen = Get-ChildItem -LiteralPath $pack -Directory -ErrorAction Ignore |
    Where-Object { $_.Name -like "$($runtime.Major).*" } |
    Sort-Object { [version]($_.Name -replace '-.*$', '') } -Descending |
    ForEach-Object { Get-ChildItem -LiteralPath (Join-Path $_.FullName 'tools') -Filter 'crossgen2*' -File } |
    Where-Object { $_.Extension -in '', '.exe' } | Select-Object -First 1
if (-not $crossgen) { throw "No crossgen2 for .NET $($runtime.Major) under ${pack}: run ./build.ps1 first (it restores it)." }

$framework = Split-Path -Parent ([object].Assembly.Location)
if (Test-Path -LiteralPath $Destination) { Remove-Item -LiteralPath $Destination -Recurse -Force }
$null = Copy-Item -LiteralPath $PSHOME -Destination $Destination -Recurse -PassThru

function Test-IlOnly([string] $Path) {
    $stream = [System.IO.File]::OpenRead($Path)
    try {
        $reader = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        $headers = $reader.PEHeaders
        $null -ne $headers.CorHeader -and $headers.CorHeader.ManagedNativeHeaderDirectory.Size -eq 0
    }
    catch [System.BadImageFormatException] { $false }
    finally { $stream.Dispose() }
}

$compiled = 0
foreach ($assembly in Get-ChildItem -LiteralPath $PSHOME -Filter '*.dll' -File) {
    if (-not (Test-IlOnly $assembly.FullName)) { continue }
    $output = Join-Path $Destination $assembly.Name
    # A response file: pwsh on Unix would expand the references' wildcards itself if they were arguments.
    $response = Join-Path $Destination 'crossgen2.rsp'
    Set-Content -LiteralPath $response -Value @($assembly.FullName, '-o', $output, '-r', (Join-Path $framework '*.dll'),
        '-r', (Join-Path $PSHOME '*.dll'), "--targetos:$os", "--targetarch:$arch", '-O')
    $log = & $crossgen.FullName "@$response" 2>&1
    # An assembly crossgen2 cannot compile (a reference it cannot resolve) stays IL, as the copy already holds it.
    if ($LASTEXITCODE -ne 0) { Copy-Item -LiteralPath $assembly.FullName -Destination $output -Force; Write-Verbose "left as IL: $($assembly.Name): $log" }
    else { $compiled++ }
}
Remove-Item -LiteralPath (Join-Path $Destination 'crossgen2.rsp') -ErrorAction Ignore
Write-Verbose "$compiled assemblies compiled with $($crossgen.FullName)"
Join-Path $Destination 'pwsh.dll'
