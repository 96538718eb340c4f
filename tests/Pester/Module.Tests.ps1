# The module as a pwsh user imports it: the manifest, the exported cmdlets, the help of every exported cmdlet, and
# every help example. Run with ./build.ps1 -Task Test.

BeforeDiscovery {
    . $PSScriptRoot/Common.ps1
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
    . $PSScriptRoot/Common.ps1
    $script:modulePath = $script:ModulePath

    # What the examples of the widget cmdlets start from: ./widget with a valid manifest.json.
    $script:widgetSetup = {
        New-AmoManifest -Locale ru, en -SupportEmail dev@example.com -SupportLink https://example.com -Location lcard |
            Export-AmoManifest ./widget/manifest.json
    }

    # The account API examples use the address and token the README starts the test server with
    # (http://127.0.0.1:5123, amowidget-test-token). The suite starts its own server on a free port, so that suites
    # running side by side never share one, and runs each example with that address put in for 127.0.0.1:5123.
    $script:apiNouns = 'AmoAccount', 'AmoWidgetPipeline', 'AmoPipeline', 'AmoRestMethod'
    $script:apiCmdlets = 'Get-AmoWidget', 'Install-AmoWidget', 'Uninstall-AmoWidget'
    $script:apiServer = Start-AmoTestServer -Token 'amowidget-test-token'
    $script:apiSetup = {
        $AccessToken = [Net.NetworkCredential]::new('', 'amowidget-test-token').SecurePassword
        $ClientSecret = [Net.NetworkCredential]::new('', 'amowidget-test-secret').SecurePassword
        $code = (Invoke-RestMethod -Method Post 'http://127.0.0.1:5123/_test/authorization-code').code
        $AuthorizationCode = [Net.NetworkCredential]::new('', $code).SecurePassword
        $null = Connect-AmoAccount -BaseUri http://127.0.0.1:5123 -AccessToken $AccessToken
    }
}

AfterAll {
    Stop-AmoTestServer $script:apiServer
}

Describe 'The AmoWidget module' {
    It 'passes Test-ModuleManifest' {
        (Test-ModuleManifest -Path $script:modulePath).Name | Should -Be 'AmoWidget'
    }

    It 'exports at least one cmdlet' {
        @(Get-Command -Module AmoWidget -CommandType Cmdlet).Count | Should -BeGreaterThan 0
    }

    It 'carries the version stamped from the assembly' {
        $assembly = [AmoWidget.ModuleInitializer].Assembly.GetName().Version
        "$assembly" | Should -BeLike "$((Get-Module AmoWidget).Version)*"
    }

    It 'ships third-party assemblies in dependencies/ only' {
        $folder = Split-Path -Parent $script:modulePath
        @(Get-ChildItem -LiteralPath $folder -Filter *.dll -File | ForEach-Object Name | Sort-Object) | Should -Be @('AmoWidget.Core.dll', 'AmoWidget.dll')
        foreach ($dll in 'Newtonsoft.Json.dll', 'RestSharp.dll', 'Acornima.dll', 'Jint.dll', 'ICSharpCode.SharpZipLib.dll') {
            Join-Path $folder "dependencies/$dll" | Should -Exist
        }
        Join-Path $folder 'dependencies/System.Management.Automation.dll' | Should -Not -Exist
    }

    It 'exports exactly the cmdlets of the contract (CMDLETS.md), which users'' scripts depend on' {
        $contract = 'New-AmoManifest', 'Import-AmoManifest', 'Export-AmoManifest', 'Set-AmoManifest', 'Step-AmoManifestVersion',
            'Get-AmoLocation', 'Add-AmoLocation', 'Remove-AmoLocation', 'Add-AmoSetting', 'Remove-AmoSetting',
            'Set-AmoDigitalPipeline', 'Add-AmoDpSetting', 'Set-AmoAdvancedSettings', 'Add-AmoSalesbotHandler',
            'Set-AmoSms', 'Set-AmoMobileCard', 'Set-AmoFormsSettings', 'Add-AmoLeftMenuItem', 'Remove-AmoLeftMenuItem', 'Set-AmoTour', 'Remove-AmoTour',
            'Test-AmoManifest', 'Test-AmoWidget', 'Get-AmoRule', 'New-AmoWidget', 'Compress-AmoWidget',
            'Connect-AmoAccount', 'Disconnect-AmoAccount', 'Get-AmoAccount', 'Get-AmoWidget', 'Get-AmoWidgetPipeline',
            'Get-AmoPipeline', 'Install-AmoWidget', 'Uninstall-AmoWidget', 'Invoke-AmoRestMethod',
            'Start-AmoWidgetServer', 'Get-AmoWidgetServer', 'Stop-AmoWidgetServer', 'Send-AmoDpWebhook', 'Send-AmoSalesbotRequest',
            'Send-AmoSmsRequest', 'Export-AmoDiagnostic', 'Assert-AmoWidget', 'Invoke-AmoWidgetCallback'
        @((Get-Command -Module AmoWidget).Name | Sort-Object) | Should -Be @($contract | Sort-Object)
    }

    It 'has only compiled cmdlets, each with an output type' {
        Get-Command -Module AmoWidget | Where-Object { $_.CommandType -ne 'Cmdlet' -or $_.OutputType.Count -eq 0 } | Should -BeNullOrEmpty
    }
}

Describe 'The test suite''s layout' {
    BeforeAll {
        $script:testFiles = @(Get-ChildItem -LiteralPath $PSScriptRoot -Filter *.Tests.ps1 -File -Recurse)
        $script:describes = @(foreach ($file in $script:testFiles) {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$null, [ref]$null)
            $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Describe' }, $true) |
                ForEach-Object { $_.CommandElements[1].SafeGetValue() }
        })
    }

    It 'has a Describe named after every cmdlet, so its tests are found by name' {
        $missing = @(Get-Command -Module AmoWidget -CommandType Cmdlet | Where-Object { $script:describes -notcontains $_.Name } | ForEach-Object Name)
        $missing | Should -BeNullOrEmpty
    }

    It 'has a test file for every rule area' {
        $areas = @(Get-AmoRule | ForEach-Object Area | Sort-Object -Unique)
        $files = @(Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot 'Rules') -Filter *.Rules.Tests.ps1 | ForEach-Object { $_.Name -replace '\.Rules\.Tests\.ps1$' })
        @($areas | Where-Object { $files -notcontains $_ }) | Should -BeNullOrEmpty
    }

    It 'names a cmdlet of the module for every manifest block the block catalog lists' {
        $catalog = [AmoWidget.ModuleInitializer].Assembly.GetReferencedAssemblies() | Where-Object Name -eq 'AmoWidget.Core' |
            ForEach-Object { [System.Reflection.Assembly]::Load($_).GetType('AmoWidget.AmoBlockCatalog', $true) }
        $blocks = @($catalog.GetField('All').GetValue($null))
        $blocks.Count | Should -BeGreaterThan 5
        foreach ($block in $blocks) {
            $cmdlet = $block.GetType().GetProperty('Cmdlet').GetValue($block)
            Get-Command -Module AmoWidget -Name $cmdlet -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty -Because "block $block names $cmdlet"
        }
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
        # The help file carries only real parameters; the page's '### -Name' headings may name others.
        $page = Join-Path $PSScriptRoot "../../docs/help/$name.md"
        foreach ($heading in @(Select-String -LiteralPath $page -Pattern '^###\s+-(\w+)\s*$' | ForEach-Object { $_.Matches[0].Groups[1].Value })) {
            $parameters | Should -Contain $heading -Because "docs/help/$name.md documents -$heading"
        }
    }
}

Describe 'Example <Number> of <Cmdlet>' -ForEach $examples {
    It 'runs without error' {
        $noun = $Cmdlet.Substring($Cmdlet.IndexOf('-') + 1)
        $setup = if ($Cmdlet -in $script:apiCmdlets -or $noun -in $script:apiNouns) { $script:apiSetup } else { $script:widgetSetup }
        $folder = Join-Path ([IO.Path]::GetTempPath()) ('amowidget-example-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $folder
        $iss = [initialsessionstate]::CreateDefault()
        $iss.ImportPSModule($script:modulePath)
        $runspace = [runspacefactory]::CreateRunspace($iss)
        $ps = [powershell]::Create()
        $previous = [Environment]::CurrentDirectory
        try {
            [Environment]::CurrentDirectory = $folder
            $runspace.Open()
            $ps.Runspace = $runspace
            $null = $runspace.SessionStateProxy.Path.SetLocation($folder)
            # The setup and the example run in one scope, as a reader would type them one after the other.
            $text = $setup.ToString() + "`n" + '$ErrorActionPreference = "Continue"' + "`n" + $Code
            $null = $ps.AddScript($text.Replace('http://127.0.0.1:5123', $script:apiServer.BaseUri)).Invoke()
            $errors = @($ps.Streams.Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" })
            $errors | Should -BeNullOrEmpty -Because "example $Number of $Cmdlet must run:`n$Code"
        }
        finally {
            [Environment]::CurrentDirectory = $previous
            $ps.Dispose()
            $runspace.Dispose()
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}
