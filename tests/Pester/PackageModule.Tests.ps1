# The installable module: out/package/AmoWidget.<version>.nupkg (build.ps1 -Task Package; -Task Test makes it before
# the suite runs) installed with PSResourceGet from a local folder repository into a temporary path, then imported by
# name in a fresh pwsh whose PSModulePath is that path, and used. Nothing touches the user's module folders, and the
# repository registration is removed afterwards (it is also made under a temporary data folder where the OS allows).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:version = (Import-PowerShellDataFile -LiteralPath $script:ModulePath).ModuleVersion
    $script:package = Join-Path $script:RepoRoot "out/package/AmoWidget.$($script:version).nupkg"
    $built = Join-Path $script:RepoRoot 'out/AmoWidget/AmoWidget.dll'
    if (-not (Test-Path -LiteralPath $script:package) -or (Get-Item -LiteralPath $script:package).LastWriteTimeUtc -lt (Get-Item -LiteralPath $built).LastWriteTimeUtc) {
        $r = Invoke-Pwsh "& '$(Join-Path $script:RepoRoot 'build.ps1')' -Task Package -Configuration $script:Configuration" -TimeoutSeconds 900
        $r.ExitCode | Should -Be 0 -Because "build.ps1 -Task Package must succeed: $($r.Output) $($r.Error)"
    }
    $script:temp = New-TestFolder 'amowidget-package'
    $script:repository = 'AmoWidgetTest' + [guid]::NewGuid().ToString('N')
}

AfterAll {
    Remove-Item -LiteralPath $script:temp -Recurse -Force -ErrorAction Ignore
}

Describe 'The module package' {
    It 'is a module package with the psd1 at its root and the metadata of the psd1' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($script:package)
        try {
            $names = @($zip.Entries.FullName)
            $names | Should -Contain 'AmoWidget.psd1'
            $names | Should -Contain 'AmoWidget.dll'
            $names | Should -Contain 'LICENSE'
            $names | Should -Contain 'en-US/AmoWidget.dll-Help.xml'
            $names | Should -Contain 'en-US/about_AmoWidget.help.txt'
            $names | Should -Contain 'dependencies/Newtonsoft.Json.dll'
            $reader = [IO.StreamReader]::new($zip.GetEntry('AmoWidget.nuspec').Open())
            $nuspec = [xml] $reader.ReadToEnd()
            $reader.Dispose()
        }
        finally { $zip.Dispose() }
        $metadata = $nuspec.package.metadata
        $metadata.id | Should -Be 'AmoWidget'
        $metadata.version | Should -Be $script:version
        $metadata.tags -split ' ' | Should -Contain 'PSModule'
        $metadata.licenseUrl | Should -Be 'https://opensource.org/licenses/MIT'
        $metadata.releaseNotes | Should -Match '^0\.1\.0: '
    }

    It 'installs from a local folder repository and runs a pipeline in a fresh pwsh' {
        $repoFolder = Join-Path $script:temp 'repository'
        $modules = Join-Path $script:temp 'modules'
        $data = Join-Path $script:temp 'data'
        $null = New-Item -ItemType Directory -Path $repoFolder, $modules, $data
        Copy-Item -LiteralPath $script:package -Destination $repoFolder

        $install = Invoke-Pwsh -TimeoutSeconds 300 -Environment @{ XDG_DATA_HOME = $data } @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name $($script:repository) -Uri '$repoFolder' -Trusted
try {
    Save-PSResource -Name AmoWidget -Repository $($script:repository) -Path '$modules' -TrustRepository -Quiet
    (Find-PSResource -Name AmoWidget -Repository $($script:repository)).Version.ToString()
}
finally {
    Unregister-PSResourceRepository -Name $($script:repository)
}
@(Get-PSResourceRepository).Name -contains '$($script:repository)'
"@
        $install.ExitCode | Should -Be 0 -Because "$($install.Output) $($install.Error)"
        $lines = @($install.Output.Trim() -split '\r?\n')
        $lines[0] | Should -Be $script:version
        $lines[-1] | Should -Be 'False' -Because 'the repository registration is removed'
        Join-Path $modules "AmoWidget/$($script:version)/AmoWidget.psd1" | Should -Exist
        if ($IsLinux) { Join-Path $data 'PSResourceGet' | Should -Exist -Because 'the registration was made in the temporary data folder' }

        $work = Join-Path $script:temp 'work'
        $null = New-Item -ItemType Directory -Path $work
        $use = Invoke-Pwsh -WorkingDirectory $work -Environment @{ PSModulePath = $modules } @'
$ErrorActionPreference = 'Stop'
Import-Module AmoWidget
(Get-Module AmoWidget).ModuleBase
$m = New-AmoManifest -Locale ru, en -SupportEmail help@my-widget.ru -SupportLink https://my-widget.ru/help |
    Add-AmoLocation lcard -RightColumn $true |
    Add-AmoLocation llist |
    Set-AmoDigitalPipeline -WebhookUrl https://hooks.my-widget.ru/dp |
    Add-AmoDpSetting message -Required |
    Export-AmoManifest ./widget -PassThru
($m | Test-AmoManifest -Strict).ToString()
(Import-AmoManifest ./widget).Locations.Value -join ','
(Get-Help New-AmoManifest).Synopsis
'@
        $use.ExitCode | Should -Be 0 -Because "$($use.Output) $($use.Error)"
        $out = @($use.Output.Trim() -split '\r?\n')
        $out[0] | Should -Be (Join-Path $modules "AmoWidget/$($script:version)")
        $out[1] | Should -Be 'True'
        $out[2] | Should -Be 'lcard-1,llist-1,digital_pipeline'
        $out[3] | Should -Not -BeNullOrEmpty
        $out[3] | Should -Not -BeLike 'New-AmoManifest*'
    }
}
