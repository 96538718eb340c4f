# The module as a pwsh user imports it: the manifest, the exported cmdlets and the help of every exported cmdlet
# (Docs.Tests.ps1 runs every help example and README block). Run with ./build.ps1 -Task Test.

BeforeDiscovery {
    . $PSScriptRoot/Common.ps1
    $cmdlets = @(Get-Command -Module AmoWidget -CommandType Cmdlet | ForEach-Object Name)
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:modulePath = $script:ModulePath
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

    It 'ships a notice for every library in dependencies/, with the text of each licence it names' {
        $folder = Split-Path -Parent $script:modulePath
        $notices = Get-Content -Raw -LiteralPath (Join-Path $folder 'THIRD-PARTY-NOTICES.txt')
        foreach ($dll in Get-ChildItem -LiteralPath (Join-Path $folder 'dependencies') -Filter *.dll) {
            $notices | Should -Match "(?m)^\S+ [0-9][^ ]* \([^)]*\b$([regex]::Escape($dll.Name))\b"
        }
        $named = @([regex]::Matches($notices, '(?m)^  Licence: (\S+)$') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
        $named | Should -Contain 'Apache-2.0'
        foreach ($licence in $named | Where-Object { $_ -notlike 'licenses/*' }) {
            # An SPDX expression's standard text, or the package's own licence file when it ships one.
            $notices | Should -Match "(?m)^==== ($([regex]::Escape($licence))|.*in its package\)) ===="
        }
        $notices | Should -Match '(?m)^==== Apache-2\.0 ====\n\n\s*Apache License\s*\n\s*Version 2\.0, January 2004'
        Join-Path $folder 'licenses/underscore.LICENSE' | Should -Exist
    }

    # build.ps1 compiles it for the machine that builds, where crossgen2 can be restored for it (a warning otherwise;
    # AMOWIDGET_REQUIRE_READYTORUN=1, as .ci/run sets, makes a missing one fail here); the folder is named as the
    # loader looks for it.
    $precompiled = Join-Path (Split-Path -Parent $script:ModulePath) "readytorun/net$([Environment]::Version.Major).0-$([System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier)"
    It 'runs the ReadyToRun core the build made for this platform on PowerShell 7, with its dependencies' -Skip:(-not (Test-Path -LiteralPath $precompiled) -and $env:AMOWIDGET_REQUIRE_READYTORUN -ne '1') {
        $precompiled = Join-Path (Split-Path -Parent $script:modulePath) "readytorun/net$([Environment]::Version.Major).0-$([System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier)"
        Join-Path $precompiled 'AmoWidget.Core.dll' | Should -Exist
        $w = New-TestFolder
        try {
            $null = New-DocsWidget (Join-Path $w 'w')
            $r = Invoke-Pwsh ("Import-Module '{0}'; `$null = Test-AmoWidget -LiteralPath ./w; " -f $script:modulePath.Replace("'", "''") +
                "foreach (`$a in [AppDomain]::CurrentDomain.GetAssemblies()) { if (`$a.GetName().Name -in 'AmoWidget.Core', 'Acornima') { `$a.GetName().Name + '=' + `$a.Location } }") $w
            $r.ExitCode | Should -Be 0 -Because $r.Error
            $lines = @($r.Output -split '\r?\n')
            $lines | Should -Contain ('AmoWidget.Core=' + (Join-Path $precompiled 'AmoWidget.Core.dll'))
            $lines | Should -Contain ('Acornima=' + (Join-Path $precompiled 'Acornima.dll'))
        }
        finally {
            Remove-Item -LiteralPath $w -Recurse -Force
        }
    }

    # The engine lists AmoWidget.dll's public types before the module initializer runs (which loads the precompiled
    # core): listing them must not load the core, or the portable one would be bound first (src/AmoWidget/ReadyToRunCore.cs).
    It 'lists the cmdlet assembly''s public types without loading the core' {
        $dll = Join-Path (Split-Path -Parent $script:modulePath) 'AmoWidget.dll'
        $r = Invoke-Pwsh ("`$a = [Reflection.Assembly]::LoadFrom('{0}'); `$n = `$a.GetExportedTypes().Count; " -f $dll.Replace("'", "''") +
            "'types=' + `$n; foreach (`$l in [AppDomain]::CurrentDomain.GetAssemblies()) { if (`$l.GetName().Name -eq 'AmoWidget.Core') { 'core=' + `$l.Location } }") (Split-Path -Parent $dll)
        $r.ExitCode | Should -Be 0 -Because $r.Error
        $lines = @($r.Output -split '\r?\n')
        @($lines | Where-Object { $_ -like 'types=*' }) | Should -HaveCount 1
        [int]($lines -like 'types=*')[0].Substring(6) | Should -BeGreaterThan 50
        @($lines | Where-Object { $_ -like 'core=*' }) | Should -BeNullOrEmpty
    }

    # Jint's net8.0/net10.0 builds sort the system's time zones by display name when the first Options is made (about
    # a second of a fresh process); build/ReadyToRun compiles its netstandard2.1 build instead.
    It 'runs the ReadyToRun netstandard build of Jint in the headless host' -Skip:(-not (Test-Path -LiteralPath $precompiled) -and $env:AMOWIDGET_REQUIRE_READYTORUN -ne '1') {
        $precompiled = Join-Path (Split-Path -Parent $script:modulePath) "readytorun/net$([Environment]::Version.Major).0-$([System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier)"
        $w = New-TestFolder
        try {
            $null = New-DocsWidget (Join-Path $w 'w')
            $r = Invoke-Pwsh ("Import-Module '{0}'; `$null = Test-AmoWidget -LiteralPath ./w -Runtime; " -f $script:modulePath.Replace("'", "''") +
                "`$j = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Jint' }; " +
                "'Jint=' + `$j.Location; 'Framework=' + `$j.GetCustomAttributes([System.Runtime.Versioning.TargetFrameworkAttribute], `$false)[0].FrameworkName") $w
            $r.ExitCode | Should -Be 0 -Because $r.Error
            $lines = @($r.Output -split '\r?\n')
            $lines | Should -Contain ('Jint=' + (Join-Path $precompiled 'Jint.dll'))
            $lines | Should -Contain 'Framework=.NETStandard,Version=v2.1'
        }
        finally {
            Remove-Item -LiteralPath $w -Recurse -Force
        }
    }

    It 'runs the portable core where the build made no ReadyToRun core for the platform' {
        $w = New-TestFolder
        try {
            Copy-Item -LiteralPath (Split-Path -Parent $script:modulePath) -Destination (Join-Path $w 'AmoWidget') -Recurse
            Remove-Item -LiteralPath (Join-Path $w 'AmoWidget/readytorun') -Recurse -Force
            $r = Invoke-Pwsh ("Import-Module ./AmoWidget/AmoWidget.psd1; New-AmoManifest -Locale en -SupportEmail a@example.com -Location lcard | Test-AmoManifest; " +
                "[AmoWidget.AmoException].Assembly.Location") $w
            $r.ExitCode | Should -Be 0 -Because $r.Error
            @($r.Output -split '\r?\n') | Should -Contain (Join-Path $w 'AmoWidget/AmoWidget.Core.dll')
        }
        finally {
            Remove-Item -LiteralPath $w -Recurse -Force
        }
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
            'Send-AmoSmsRequest', 'Send-AmoInstallWebhook', 'Start-AmoHookRecorder', 'Stop-AmoHookRecorder', 'Invoke-AmoHookReplay',
            'Export-AmoDiagnostic', 'Assert-AmoWidget', 'Invoke-AmoWidgetCallback'
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

    It 'gives every parameter''s default value, and the one a literal default names is the cmdlet''s own' {
        # The cmdlet as the engine makes it before binding: a parameter left out keeps this value.
        $instance = [Activator]::CreateInstance($command.ImplementingType)
        foreach ($parameter in $parameters) {
            $entry = $documented | Where-Object name -EQ $parameter
            $shown = "$($entry.defaultValue)".Trim()
            $shown | Should -Not -BeNullOrEmpty -Because "-$parameter's default must be shown"
            $info = $command.Parameters[$parameter]
            if (@($info.ParameterSets.Values | Where-Object { -not $_.IsMandatory }).Count -eq 0) {
                $shown | Should -BeExactly 'None' -Because "-$parameter is mandatory"
                continue
            }
            $property = $command.ImplementingType.GetProperty($parameter)
            if ($null -eq $property) {
                # -WhatIf and -Confirm come from the engine (SupportsShouldProcess), off unless given.
                $shown | Should -BeExactly 'False' -Because "-$parameter is the engine's switch"
                continue
            }
            $value = $property.GetValue($instance)
            $expected = if ($value -is [System.Management.Automation.SwitchParameter]) { [string] $value.IsPresent }
            elseif ($value -is [array]) { if ($value.Count) { $value -join ', ' } else { $null } }
            elseif ($null -ne $value) { [string] $value }
            if ($null -ne $expected) {
                $shown | Should -BeExactly $expected -Because "-$parameter starts as $expected (docs/help/$name.md: 'Default value: $expected')"
            }
            else {
                # Left out, the value is worked out at run time ("the folder's name") or the parameter does nothing.
                $shown | Should -Not -Match '^(True|False|\d+)$' -Because "-$parameter starts as null, which no literal default describes"
            }
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

Describe 'about_AmoWidget' {
    BeforeAll {
        $script:aboutFile = Join-Path (Split-Path -Parent $script:modulePath) 'en-US/about_AmoWidget.help.txt'
        $script:aboutLines = [IO.File]::ReadAllLines($script:aboutFile)
    }

    It 'ships in the module and Get-Help shows it' {
        $script:aboutFile | Should -Exist
        $help = Get-Help about_AmoWidget
        "$help" | Should -Match 'about_AmoWidget'
        "$help" | Should -Match 'LOCATIONS AND BLOCKS'
    }

    It 'reads at 80 columns, in ASCII' {
        @($script:aboutLines | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty
        @($script:aboutLines | Where-Object { $_ -match '[^\x20-\x7E]' }) | Should -BeNullOrEmpty
    }

    It 'has the sections of an about topic and of each concept' {
        $headings = @($script:aboutLines | Where-Object { $_ -match '^[A-Z]' })
        $headings | Should -Be @('TOPIC', 'SHORT DESCRIPTION', 'LONG DESCRIPTION', 'PLATFORMS', 'LOCATIONS AND BLOCKS',
            'VALIDATION', "THE DEVELOPER'S LOOP", 'CONNECTIONS AND PACING', 'ERRORS', 'EXAMPLES', 'SEE ALSO')
    }

    It 'names only cmdlets of the module' {
        $named = @([regex]::Matches(($script:aboutLines -join "`n"), '\b[A-Z][a-z]+-Amo[A-Za-z]+\b') | ForEach-Object Value | Sort-Object -Unique)
        $named.Count | Should -BeGreaterThan 20
        $exported = @(Get-Command -Module AmoWidget | ForEach-Object Name)
        @($named | Where-Object { $exported -notcontains $_ }) | Should -BeNullOrEmpty
    }

    It 'lists the blocks as the block catalog has them: key, location, cmdlet' {
        $rows = @($script:aboutLines | Where-Object { $_ -match '^ {8}([a-z_]+) +([a-z_]+) +([A-Z][a-z]+-Amo\w+)$' } | ForEach-Object { '{0} {1} {2}' -f $Matches[1], $Matches[2], $Matches[3] })
        $catalog = [AmoWidget.ModuleInitializer].Assembly.GetReferencedAssemblies() | Where-Object Name -eq 'AmoWidget.Core' |
            ForEach-Object { [System.Reflection.Assembly]::Load($_).GetType('AmoWidget.AmoBlockCatalog', $true) }
        $expected = @(foreach ($block in @($catalog.GetField('All').GetValue($null))) {
                $type = $block.GetType()
                foreach ($location in @($type.GetProperty('Locations').GetValue($block))) {
                    '{0} {1} {2}' -f $type.GetProperty('Key').GetValue($block), $location, $type.GetProperty('Cmdlet').GetValue($block)
                }
            })
        $rows | Should -Be $expected
    }

    It 'names the locations of one platform as Get-AmoLocation does' {
        $text = ($script:aboutLines -join ' ') -replace '\s+', ' '
        foreach ($platform in 'AmoCrm', 'Kommo') {
            $names = @(Get-AmoLocation | Where-Object Platforms -EQ $platform | ForEach-Object Name)
            $list = if ($names.Count -gt 1) { ($names[0..($names.Count - 2)] -join ', ') + ' and ' + $names[-1] } else { $names[0] }
            $text | Should -Match ([regex]::Escape($list)) -Because "$platform alone has $list"
        }
    }
}
