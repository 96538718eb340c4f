# Pester 5 tests of New-AmoWidget and Compress-AmoWidget: the scenarios of tests/AmoWidget.Module.Tests/Package.

BeforeDiscovery {
    . $PSScriptRoot/Common.ps1
    $locations = [AmoWidget.AmoLocationCatalog]::All | ForEach-Object { @{ Name = $_.Name; Platforms = [string]$_.Platforms } }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:Addresses = @{
        SupportEmail   = 'dev@amowidget.test'
        SupportLink    = 'https://amowidget.test/support'
        SmsEndpoint    = 'https://widgets.amowidget.test/sms'
        MobileFrameUrl = 'https://widgets.amowidget.test/mobile'
    }

}

Describe 'New-AmoWidget and Compress-AmoWidget' {
    BeforeEach {
        $root = New-TestFolder
    }

    AfterEach {
        Remove-Item -LiteralPath $root -Recurse -Force
    }

    It 'round-trips a widget for <Name> through Compress-AmoWidget and Test-AmoWidget' -ForEach $locations {
        $locale = if ($Platforms -eq 'Kommo') { 'en', 'es', 'pt', 'tr', 'id' } else { 'ru', 'en' }
        $platform = if ($Platforms -eq 'Both') { 'Any' } else { $Platforms }
        $w = Join-Path $root 'w'
        $null = New-AmoWidget $w -Location $Name -Locale $locale @Addresses -WarningAction SilentlyContinue
        Test-AmoWidget $w -Strict -Platform $platform | Should -BeTrue
        $zip = Compress-AmoWidget $w
        $zip.FullName | Should -Be (Join-Path $root 'widget.zip')
        Test-AmoWidget $zip.FullName -Strict -Platform $platform | Should -BeTrue
    }

    It 'passes the issue example strictly' {
        Push-Location $root
        try {
            $null = New-AmoWidget ./w -Location lcard, llist, digital_pipeline, advanced_settings, catalogs, lead_sources, settings -SupportEmail dev@amowidget.test
            $zip = Compress-AmoWidget ./w
            Test-AmoWidget $zip.FullName -Strict | Should -BeTrue
        }
        finally {
            Pop-Location
        }
    }

    It 'gives identical bytes for two compressions of one folder' {
        $w = Join-Path $root 'w'
        $null = New-AmoWidget $w -Location lcard, digital_pipeline, widget_page -SupportEmail dev@amowidget.test
        $a = Compress-AmoWidget $w (Join-Path $root 'a.zip')
        (Get-Item (Join-Path $w 'script.js')).LastWriteTimeUtc = [datetime]::UtcNow.AddDays(-2)
        $b = Compress-AmoWidget $w (Join-Path $root 'b.zip')
        (Get-FileHash $a.FullName).Hash | Should -Be (Get-FileHash $b.FullName).Hash
    }

    It 'stores entries at the root with / and leaves junk out' {
        $w = Join-Path $root 'w'
        $null = New-AmoWidget $w -SupportEmail dev@amowidget.test
        foreach ($junk in '.DS_Store', '__MACOSX/x', 'node_modules/x/index.js', '.git/config', 'old.zip', '.hidden', 'images/.DS_Store') {
            $file = Join-Path $w $junk
            $null = New-Item -ItemType File -Path $file -Force
        }
        $zip = Compress-AmoWidget $w
        $names = Get-ZipEntryName $zip.FullName
        $names | Should -Contain 'manifest.json'
        $names | Should -Contain 'images/logo_main.png'
        $names | Should -Not -Match '\\'
        $names | Should -Not -Match '(^|/)(\.|__MACOSX|node_modules)|\.zip$'
        $names.Count | Should -Be 9
    }

    It 'refuses a folder with an invalid manifest with WidgetInvalid' {
        $w = Join-Path $root 'w'
        $null = New-AmoWidget $w -SupportEmail dev@amowidget.test
        $manifest = Join-Path $w 'manifest.json'
        [IO.File]::WriteAllText($manifest, [IO.File]::ReadAllText($manifest).Replace('"interface_version": 2', '"interface_version": 1'))
        Compress-AmoWidget $w -ErrorAction SilentlyContinue -ErrorVariable problems | Should -BeNullOrEmpty
        $problems.FullyQualifiedErrorId | Should -Match '^WidgetInvalid,'
        Join-Path $root 'widget.zip' | Should -Not -Exist
    }

    It 'packs an invalid folder with -SkipValidation' {
        $w = Join-Path $root 'w'
        $null = New-Item -ItemType Directory -Path $w
        Set-Content -LiteralPath (Join-Path $w 'manifest.json') -Value '{ not json'
        $zip = Compress-AmoWidget $w -SkipValidation
        Get-ZipEntryName $zip.FullName | Should -Be 'manifest.json'
    }

    It 'needs -Force to replace an existing archive' {
        $w = Join-Path $root 'w'
        $null = New-AmoWidget $w -SupportEmail dev@amowidget.test
        Set-Content -LiteralPath (Join-Path $root 'widget.zip') -Value 'old'
        { Compress-AmoWidget $w -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,AmoWidget.Commands.CompressAmoWidgetCommand'
        Compress-AmoWidget $w -Force | Should -Not -BeNullOrEmpty
    }

    It 'refuses a non-empty folder without -Force with FolderNotEmpty' {
        Set-Content -LiteralPath (Join-Path $root 'notes.txt') -Value 'mine'
        { New-AmoWidget $root -ErrorAction Stop } | Should -Throw -ErrorId 'FolderNotEmpty,AmoWidget.Commands.NewAmoWidgetCommand'
        (New-AmoWidget $root -Force -SupportEmail dev@amowidget.test).FullName | Should -Be $root
        Get-Content -LiteralPath (Join-Path $root 'notes.txt') | Should -Be 'mine'
    }

    It 'writes nothing with -WhatIf' {
        New-AmoWidget (Join-Path $root 'w') -Location lcard, digital_pipeline -WhatIf
        $real = Join-Path $root 'real'
        $null = New-AmoWidget $real -SupportEmail dev@amowidget.test
        Compress-AmoWidget $real -WhatIf
        @(Get-ChildItem -LiteralPath $root).Name | Should -Be 'real'
    }

    It 'writes PNGs of the documented sizes' {
        $null = New-AmoWidget $root -Location digital_pipeline -SupportEmail dev@amowidget.test
        $expected = @{
            'logo.png' = '130x100'; 'logo_main.png' = '400x272'; 'logo_medium.png' = '240x84'
            'logo_min.png' = '84x84'; 'logo_small.png' = '108x108'; 'logo_dp.png' = '174x109'
        }
        foreach ($name in $expected.Keys) {
            $file = Join-Path $root "images/$name"
            Get-PngSize $file | Should -Be $expected[$name]
            (Get-Item $file).Length | Should -BeLessThan 307200
        }
    }

    It 'refuses unknown locations before writing' {
        { New-AmoWidget (Join-Path $root 'w') -Location lcrad -ErrorAction Stop } | Should -Throw -ErrorId 'LocationUnknown,AmoWidget.Commands.NewAmoWidgetCommand'
        Join-Path $root 'w' | Should -Not -Exist
    }
}
