# The module as a pwsh user imports it: the manifest, the help of every exported cmdlet, and every help example.
# The same checks as tests/AmoWidget.Module.Tests/Help (engine-hosted xUnit); run with ./build.ps1 -Task Test.

BeforeDiscovery {
    $modulePath = Join-Path $PSScriptRoot '../../out/AmoWidget/AmoWidget.psd1'
    Import-Module $modulePath -Force
    $cmdlets = @(Get-Command -Module AmoWidget -CommandType Cmdlet | ForEach-Object Name)
    $examples = foreach ($cmdlet in $cmdlets) {
        $number = 0
        foreach ($example in @((Get-Help -Name $cmdlet -Full).examples.example)) {
            if ($null -eq $example) { continue }
            $number++
            @{ Cmdlet = $cmdlet; Number = $number; Code = [string]$example.code }
        }
    }
}

BeforeAll {
    $script:modulePath = Join-Path $PSScriptRoot '../../out/AmoWidget/AmoWidget.psd1'
    Import-Module $script:modulePath -Force

    # The same widget folder as HelpExamples.WidgetSetup in the engine tests.
    $script:widgetSetup = {
        $folder = Join-Path $PWD.ProviderPath 'widget'
        if ((Get-Command New-AmoManifest, Export-AmoManifest -ErrorAction Ignore).Count -eq 2) {
            New-AmoManifest -Locale ru, en -SupportEmail dev@example.com -SupportLink https://example.com -Location lcard |
                Export-AmoManifest (Join-Path $folder 'manifest.json')
        }
        else {
            $null = New-Item -ItemType Directory -Path $folder -Force
            $manifest = [ordered]@{
                widget    = [ordered]@{
                    name = 'widget.name'; description = 'widget.description'; short_description = 'widget.short_description'
                    version = '1.0.0'; interface_version = 2; init_once = $false; locale = @('ru', 'en'); installation = $true
                    support = [ordered]@{ link = 'https://example.com'; email = 'dev@example.com' }
                }
                locations = @('lcard-1')
                settings  = @{}
            }
            $manifest | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $folder 'manifest.json') -Encoding utf8NoBOM
        }
    }

    $script:apiNouns = 'AmoAccount', 'AmoWidgetPipeline', 'AmoPipeline', 'AmoRestMethod'
    $script:apiCmdlets = 'Get-AmoWidget', 'Install-AmoWidget', 'Uninstall-AmoWidget'
}

Describe 'The AmoWidget module' {
    It 'passes Test-ModuleManifest' {
        (Test-ModuleManifest -Path $script:modulePath).Name | Should -Be 'AmoWidget'
    }

    It 'exports at least one cmdlet' {
        @(Get-Command -Module AmoWidget -CommandType Cmdlet).Count | Should -BeGreaterThan 0
    }
}

Describe 'Help of <_>' -ForEach $cmdlets {
    BeforeAll {
        $name = $_
        $help = Get-Help -Name $name -Full
        $command = Get-Command -Name $name -Module AmoWidget
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        $parameters = @($command.Parameters.Keys | Where-Object { -not $common.Contains($_) -and $_ -ne 'UseTransaction' })
        $documented = @($help.parameters.parameter | Where-Object { $null -ne $_ })
    }

    It 'has a page in docs/help' {
        Join-Path $PSScriptRoot "../../docs/help/$name.md" | Should -Exist
    }

    It 'has a synopsis of its own' {
        $help.Synopsis.Trim() | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -BeLike "$name*"
    }

    It 'has a description' {
        (@($help.description) | ForEach-Object Text) -join '' | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example' {
        @($help.examples.example | Where-Object { "$($_.code)".Trim() }).Count | Should -BeGreaterThan 0
    }

    It 'describes every parameter' {
        foreach ($parameter in $parameters) {
            $entry = $documented | Where-Object name -EQ $parameter
            $entry | Should -Not -BeNullOrEmpty -Because "-$parameter must be documented"
            ((@($entry.description) | ForEach-Object Text) -join '').Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'documents no parameter the cmdlet lacks' {
        foreach ($entry in $documented) {
            $parameters | Should -Contain $entry.name
        }
    }
}

Describe 'Example <Number> of <Cmdlet>' -ForEach $examples {
    It 'runs without error' {
        $noun = $Cmdlet.Substring($Cmdlet.IndexOf('-') + 1)
        if ($Cmdlet -in $script:apiCmdlets -or $noun -in $script:apiNouns) {
            Set-ItResult -Skipped -Because 'account API examples need the loopback test server: the engine tests run them'
            return
        }

        $folder = Join-Path ([IO.Path]::GetTempPath()) ('amowidget-example-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $folder
        $iss = [initialsessionstate]::CreateDefault()
        $iss.ImportPSModule($script:modulePath)
        $runspace = [runspacefactory]::CreateRunspace($iss)
        $ps = [powershell]::Create()
        try {
            $runspace.Open()
            $ps.Runspace = $runspace
            $null = $runspace.SessionStateProxy.Path.SetLocation($folder)
            $null = $ps.AddScript($script:widgetSetup.ToString()).Invoke()
            $ps.HadErrors | Should -BeFalse -Because 'the example setup must succeed'
            $ps.Commands.Clear()
            $null = $ps.AddScript($Code).Invoke()
            $errors = @($ps.Streams.Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" })
            $errors | Should -BeNullOrEmpty -Because "example $Number of $Cmdlet must run:`n$Code"
        }
        finally {
            $ps.Dispose()
            $runspace.Dispose()
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}
