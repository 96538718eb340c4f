# Pester 5 tests of New-AmoWidget and Compress-AmoWidget: scaffolding every location, packing, the archive's
# layout and bytes, the refusals, the PNGs and the support contact.

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

    # Reads a PNG as an independent decoder would and returns "<width>x<height>": the signature, every chunk's CRC,
    # IHDR first (8-bit RGB), IEND last, the zlib header and Adler-32 of the IDAT data, and one filter byte plus
    # three bytes a pixel for every row once inflated.
    function Get-DecodedPngSize([string] $File) {
        $png = [IO.File]::ReadAllBytes($File)
        [byte[]] $png[0..7] | Should -Be ([byte[]] (0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A))
        $be = { param([int] $At) ([uint32] $png[$At] -shl 24) -bor ([uint32] $png[$At + 1] -shl 16) -bor ([uint32] $png[$At + 2] -shl 8) -bor [uint32] $png[$At + 3] }
        $offset = 8; $width = 0; $height = 0; $sawEnd = $false
        $idat = [IO.MemoryStream]::new()
        while ($offset -lt $png.Length) {
            $length = [int] (& $be $offset)
            $type = [Text.Encoding]::ASCII.GetString($png, $offset + 4, 4)
            Get-Crc32 ([byte[]] $png[($offset + 4)..($offset + 7 + $length)]) | Should -Be (& $be ($offset + 8 + $length)) -Because "the CRC of $type"
            switch ($type) {
                'IHDR' {
                    $offset | Should -Be 8
                    $width = [int] (& $be ($offset + 8)); $height = [int] (& $be ($offset + 12))
                    $png[$offset + 16] | Should -Be 8
                    $png[$offset + 17] | Should -Be 2
                }
                'IDAT' { $idat.Write($png, $offset + 8, $length) }
                'IEND' { $sawEnd = $true; $offset + 12 | Should -Be $png.Length }
            }
            $offset += 12 + $length
        }
        $sawEnd | Should -BeTrue
        $zlib = $idat.ToArray()
        ((([int] $zlib[0]) -shl 8) -bor $zlib[1]) % 31 | Should -Be 0
        $zlib[0] -band 0x0F | Should -Be 8
        $inflater = [IO.Compression.ZLibStream]::new([IO.MemoryStream]::new($zlib), [IO.Compression.CompressionMode]::Decompress)
        $raw = [IO.MemoryStream]::new()
        $inflater.CopyTo($raw)
        $inflater.Dispose()
        $raw.Length | Should -Be ($height * (1 + $width * 3))
        '{0}x{1}' -f $width, $height
    }

    # Runs with git reading only the given global config file, so the machine's own identity does not leak in.
    function Invoke-WithGitConfig([string] $File, [scriptblock] $ScriptBlock) {
        $saved = $env:GIT_CONFIG_GLOBAL, $env:GIT_CONFIG_NOSYSTEM
        $env:GIT_CONFIG_GLOBAL = $File
        $env:GIT_CONFIG_NOSYSTEM = '1'
        try { & $ScriptBlock }
        finally { $env:GIT_CONFIG_GLOBAL, $env:GIT_CONFIG_NOSYSTEM = $saved }
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
        $null = New-AmoWidget $w -Location $Name -Locale $locale @Addresses -WarningVariable warnings -WarningAction SilentlyContinue
        # card_sdk alone gets lcard-0 added, and says so; nothing else warns.
        $warnings.Count | Should -Be $(if ($Name -eq 'card_sdk') { 1 } else { 0 })
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
            Join-Path $root 'widget.zip' | Should -Exist
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
        $a.Length | Should -BeGreaterThan 1000
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
        [string[]] $ordinal = $names.Clone(); [Array]::Sort($ordinal, [StringComparer]::Ordinal)
        $names | Should -Be $ordinal
        $names | Should -Contain 'i18n/ru.json'
        $names | Should -Contain 'manifest.json'
        $names | Should -Contain 'images/logo_main.png'
        $names | Should -Not -Match '\\'
        $names | Should -Not -Match '(^|/)(\.|__MACOSX|node_modules)|\.zip$'
        $names.Count | Should -Be 11
    }

    It 'refuses a folder with an invalid manifest with WidgetInvalid' {
        $w = Join-Path $root 'w'
        $null = New-AmoWidget $w -SupportEmail dev@amowidget.test
        $manifest = Join-Path $w 'manifest.json'
        [IO.File]::WriteAllText($manifest, [IO.File]::ReadAllText($manifest).Replace('"interface_version": 2', '"interface_version": 1').Replace('"lcard-1"', '"lcrad"'))
        Compress-AmoWidget $w -ErrorAction SilentlyContinue -ErrorVariable problems | Should -BeNullOrEmpty
        $problems.Count | Should -BeGreaterOrEqual 2
        $problems | ForEach-Object { Get-ErrorId $_ } | Should -Be (@('WidgetInvalid') * $problems.Count)
        Join-Path $root 'widget.zip' | Should -Not -Exist
        @(Get-ChildItem -LiteralPath $root -File) | Should -BeNullOrEmpty
    }

    It 'packs an invalid folder with -SkipValidation' {
        $w = Join-Path $root 'w'
        $null = New-Item -ItemType Directory -Path $w, (Join-Path $root 'out')
        Set-Content -LiteralPath (Join-Path $w 'manifest.json') -Value '{ not json'
        Get-ErrorId (Get-ErrorRecord { Compress-AmoWidget $w })[0] | Should -Be 'WidgetInvalid'
        $zip = Compress-AmoWidget $w (Join-Path $root 'out') -SkipValidation
        $zip.FullName | Should -Be (Join-Path $root 'out/widget.zip')
        Get-ZipEntryName $zip.FullName | Should -Be 'manifest.json'
    }

    It 'needs -Force to replace an existing archive' {
        $w = Join-Path $root 'w'
        $null = New-AmoWidget $w -SupportEmail dev@amowidget.test
        Set-Content -LiteralPath (Join-Path $root 'widget.zip') -Value 'old'
        { Compress-AmoWidget $w -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,AmoWidget.Commands.CompressAmoWidgetCommand'
        Get-Content -LiteralPath (Join-Path $root 'widget.zip') | Should -Be 'old'
        Compress-AmoWidget $w -Force | Should -Not -BeNullOrEmpty
        [IO.File]::ReadAllBytes((Join-Path $root 'widget.zip'))[0] | Should -Be ([byte][char]'P')
    }

    It 'refuses a non-empty folder without -Force with FolderNotEmpty' {
        Set-Content -LiteralPath (Join-Path $root 'notes.txt') -Value 'mine'
        { New-AmoWidget $root -ErrorAction Stop } | Should -Throw -ErrorId 'FolderNotEmpty,AmoWidget.Commands.NewAmoWidgetCommand'
        @(Get-ChildItem -LiteralPath $root -Force).Name | Should -Be 'notes.txt'
        (New-AmoWidget $root -Force -SupportEmail dev@amowidget.test).FullName | Should -Be $root
        Get-Content -LiteralPath (Join-Path $root 'notes.txt') | Should -Be 'mine'
        Join-Path $root 'manifest.json' | Should -Exist
    }

    It 'writes nothing with -WhatIf' {
        $real = Join-Path $root 'real'
        $r = Invoke-Captured {
            New-AmoWidget (Join-Path $root 'w') -Location lcard, digital_pipeline -WhatIf
            $null = New-AmoWidget $real -SupportEmail dev@amowidget.test
            Compress-AmoWidget $real -WhatIf
        }
        $r.AllErrors | Should -BeNullOrEmpty
        $r.Output | Should -BeNullOrEmpty
        @(Get-ChildItem -LiteralPath $root).Name | Should -Be 'real'
    }

    It 'emits the folder, which pipes into Compress-AmoWidget' {
        $zip = New-AmoWidget (Join-Path $root 'w') -SupportEmail dev@amowidget.test | Compress-AmoWidget
        @($zip).Count | Should -Be 1
        $zip | Should -BeOfType ([IO.FileInfo])
        $zip.FullName | Should -Be (Join-Path $root 'widget.zip')
    }

    It 'writes PNGs of the documented sizes' {
        $null = New-AmoWidget $root -Location digital_pipeline -SupportEmail dev@amowidget.test
        $expected = @{
            'logo.png' = '130x100'; 'logo_main.png' = '400x272'; 'logo_medium.png' = '240x84'
            'logo_min.png' = '84x84'; 'logo_small.png' = '108x108'; 'logo_dp.png' = '174x109'
            'tour_1_ru.png' = '1188x616'; 'tour_1_en.png' = '1188x616'
        }
        @(Get-ChildItem -LiteralPath (Join-Path $root 'images')).Name | Sort-Object | Should -Be @($expected.Keys | Sort-Object)
        foreach ($name in $expected.Keys) {
            $file = Join-Path $root "images/$name"
            Get-PngSize $file | Should -Be $expected[$name]
            Get-DecodedPngSize $file | Should -Be $expected[$name]
            (Get-Item $file).Length | Should -BeLessThan 307200
        }
    }

    It 'refuses a bad request before writing anything: <Request>' -ForEach @(
        @{ Request = 'an unknown location'; ErrorId = 'LocationUnknown'; Script = { New-AmoWidget $w -Location lcrad } }
        @{ Request = 'everywhere with a right column'; ErrorId = 'RightColumnNotSupported'; Script = { New-AmoWidget $w -Location everywhere-1 } }
        @{ Request = 'an unknown locale'; ErrorId = 'ParameterArgumentValidationError'; Script = { New-AmoWidget $w -Locale de } }
        @{ Request = 'packing a missing folder'; ErrorId = 'PathNotFound'; Script = { Compress-AmoWidget $w } }
    ) {
        $w = Join-Path $root 'w'
        Get-ErrorId (Get-ErrorRecord $Script)[0] | Should -Be $ErrorId
        $w | Should -Not -Exist
    }

    It 'warns about placeholders and a missing support contact' {
        $config = Join-Path $root 'empty.gitconfig'
        Write-Utf8 $config ''
        $r = Invoke-WithGitConfig $config { Invoke-Captured { $null = New-AmoWidget (Join-Path $root 'w') -Location sms, card_sdk } }
        $r.AllErrors | Should -BeNullOrEmpty
        @($r.Warnings).Count | Should -Be 3
        $r.Warnings -match '-SmsEndpoint' | Should -Not -BeNullOrEmpty
        $r.Warnings -match 'lcard-0' | Should -Not -BeNullOrEmpty
        $r.Warnings -match 'AmoSupportMissing' | Should -Not -BeNullOrEmpty
    }

    It 'takes the git identity as the support contact when none is given, and says so' {
        $config = Join-Path $root 'dev.gitconfig'
        Write-Utf8 $config "[user]`n`temail = dev@my-widget.ru`n"
        $r = Invoke-WithGitConfig $config { Invoke-Captured { $null = New-AmoWidget (Join-Path $root 'w'); (Import-AmoManifest (Join-Path $root 'w')).SupportEmail } }
        $r.AllErrors | Should -BeNullOrEmpty
        $r.Output | Should -Be 'dev@my-widget.ru'
        $r.Warnings -match 'git user\.email' | Should -Not -BeNullOrEmpty
        $null = New-AmoWidget (Join-Path $root 'v') -SupportLink https://my-widget.ru/help
        (Import-AmoManifest (Join-Path $root 'v')).SupportEmail | Should -BeNullOrEmpty
    }

    It 'completes location names' {
        $line = 'New-AmoWidget ./w -Location digital_'
        $found = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches)
        $found.Count | Should -Be 1
        $found[0].CompletionText | Should -Be 'digital_pipeline'
        $found[0].ToolTip | Should -Match 'Digital Pipeline'
    }
}
