# Test-AmoManifest, Test-AmoWidget and Get-AmoRule as a pwsh user runs them: the same scenarios as
# tests/AmoWidget.Module.Tests/Validation (engine-hosted xUnit); run with ./build.ps1 -Task Test.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/AmoWidget/AmoWidget.psd1') -Force

    function Get-Crc32([byte[]] $Bytes) {
        [uint32] $crc = 0xFFFFFFFF
        foreach ($b in $Bytes) {
            $crc = $crc -bxor $b
            for ($k = 0; $k -lt 8; $k++) {
                if ($crc -band 1) { $crc = ($crc -shr 1) -bxor 0xEDB88320 } else { $crc = $crc -shr 1 }
            }
        }
        [uint32] ($crc -bxor 0xFFFFFFFF)
    }

    function ConvertTo-BigEndian([int] $Value) {
        [byte[]] (($Value -shr 24) -band 255, ($Value -shr 16) -band 255, ($Value -shr 8) -band 255, $Value -band 255)
    }

    # A real PNG of the given size: signature, IHDR, one zlib IDAT of blank RGBA rows, IEND.
    function New-Png([int] $Width, [int] $Height) {
        $out = [System.IO.MemoryStream]::new()
        $out.Write([byte[]] (0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A), 0, 8)
        $chunk = {
            param([string] $Type, [byte[]] $Data)
            $typeBytes = [System.Text.Encoding]::ASCII.GetBytes($Type)
            $length = ConvertTo-BigEndian $Data.Length
            $out.Write($length, 0, 4)
            $out.Write($typeBytes, 0, 4)
            if ($Data.Length) { $out.Write($Data, 0, $Data.Length) }
            $crc = ConvertTo-BigEndian ([int] [int64] (Get-Crc32 ([byte[]] ($typeBytes + $Data))))
            $out.Write($crc, 0, 4)
        }
        & $chunk 'IHDR' ([byte[]] ((ConvertTo-BigEndian $Width) + (ConvertTo-BigEndian $Height) + (8, 6, 0, 0, 0)))
        $raw = [System.IO.MemoryStream]::new()
        $zlib = [System.IO.Compression.ZLibStream]::new($raw, [System.IO.Compression.CompressionLevel]::Optimal, $true)
        $row = [byte[]]::new(1 + $Width * 4)
        for ($y = 0; $y -lt $Height; $y++) { $zlib.Write($row, 0, $row.Length) }
        $zlib.Dispose()
        & $chunk 'IDAT' $raw.ToArray()
        & $chunk 'IEND' ([byte[]] @())
        , $out.ToArray()
    }

    # The widget the docs describe, to the letter (the same as DocsWidget in the xUnit tests).
    function New-DocsWidget([string] $Folder) {
        $utf8 = [System.Text.UTF8Encoding]::new($false)
        $null = New-Item -ItemType Directory -Force -Path (Join-Path $Folder 'i18n'), (Join-Path $Folder 'images')
        $manifest = @'
{
  "widget": {
    "name": "widget.name",
    "description": "widget.description",
    "short_description": "widget.short_description",
    "version": "1.0.0",
    "interface_version": 2,
    "init_once": false,
    "locale": ["ru", "en"],
    "installation": true,
    "support": { "link": "https://support.my-widget.ru", "email": "help@my-widget.ru" }
  },
  "locations": ["lcard-1", "ccard-1", "llist-0", "settings", "digital_pipeline", "advanced_settings"],
  "settings": { "login": { "name": "settings.login", "type": "text", "required": true } },
  "dp": {
    "settings": { "message": { "name": "dp.message", "type": "text", "required": true } },
    "action_multiple": false,
    "webhook_url": "https://hooks.my-widget.ru/dp"
  },
  "advanced": { "title": "advanced.title" },
  "tour": { "is_tour": true, "tour_description": "widget.tour_description" }
}
'@
        $i18n = @'
{
  "widget": { "name": "N", "short_description": "S", "description": "D", "tour_description": "T" },
  "settings": { "login": "Login" },
  "dp": { "message": "Message" },
  "advanced": { "title": "Settings" }
}
'@
        $script = @'
define(['jquery'], function ($) {
  return function () {
    this.callbacks = {
      render: function () { return true; }, init: function () { return true; }, bind_actions: function () { return true; },
      settings: function () { return true; }, onSave: function () { return true; }, destroy: function () {},
      dpSettings: function () { return true; }, advancedSettings: function () { return true; },
      leads: { selected: function () { return true; } }
    };
    return this;
  };
});
'@
        [System.IO.File]::WriteAllText((Join-Path $Folder 'manifest.json'), $manifest.Replace("`r`n", "`n"), $utf8)
        [System.IO.File]::WriteAllText((Join-Path $Folder 'i18n/ru.json'), $i18n, $utf8)
        [System.IO.File]::WriteAllText((Join-Path $Folder 'i18n/en.json'), $i18n, $utf8)
        [System.IO.File]::WriteAllText((Join-Path $Folder 'script.js'), $script, $utf8)
        $logos = @{ 'logo_main.png' = 400, 272; 'logo_medium.png' = 240, 84; 'logo_min.png' = 84, 84; 'logo_small.png' = 108, 108; 'logo.png' = 130, 100; 'logo_dp.png' = 174, 109 }
        foreach ($logo in $logos.GetEnumerator()) {
            [System.IO.File]::WriteAllBytes((Join-Path $Folder "images/$($logo.Key)"), (New-Png $logo.Value[0] $logo.Value[1]))
        }
        $Folder
    }

    function Set-WidgetText([string] $File, [string] $Old, [string] $New) {
        $text = [System.IO.File]::ReadAllText($File)
        if (-not $text.Contains($Old)) { throw "'$Old' is not in $File" }
        [System.IO.File]::WriteAllText($File, $text.Replace($Old, $New), [System.Text.UTF8Encoding]::new($false))
    }
}

Describe 'Test-AmoWidget' {
    BeforeEach {
        $root = Join-Path ([System.IO.Path]::GetTempPath()) ([guid]::NewGuid().ToString('N'))
        $w = New-DocsWidget (Join-Path $root 'widget')
    }

    AfterEach {
        Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction Ignore
    }

    It 'passes a widget made by the docs to the letter, even with -Strict (the CI gate)' {
        Test-AmoWidget $w | Should -BeTrue
        Test-AmoWidget $w -Strict | Should -BeTrue
        @(Test-AmoWidget $w -Detailed).Count | Should -Be 0
    }

    It 'reports init_once "Y" with its rule, pointer, line and column' {
        Set-WidgetText (Join-Path $w 'manifest.json') '"init_once": false' '"init_once": "Y"'
        Test-AmoWidget $w | Should -BeFalse
        $d = Test-AmoWidget $w -Detailed
        $d.RuleName | Should -Be 'AmoFieldType'
        $d.Path | Should -Be '/widget/init_once'
        $d.Line | Should -Be 8
        $d.Column | Should -Be 18
    }

    It 'fails warnings only with -Strict, and -ExcludeRule takes wildcards' {
        Set-WidgetText (Join-Path $w 'manifest.json') '"link": "https://support.my-widget.ru", "email": "help@my-widget.ru"' '"url": "x"'
        Test-AmoWidget $w | Should -BeTrue
        Test-AmoWidget $w -Strict | Should -BeFalse
        Test-AmoWidget $w -Strict -ExcludeRule 'amosupport*' | Should -BeTrue
    }

    It 'stops on an -ExcludeRule name that is no rule' {
        { Test-AmoWidget $w -ExcludeRule AmoNoSuchRule -ErrorAction Stop } | Should -Throw -ErrorId 'RuleNotFound*'
    }

    It 'follows -Platform: script.js is required by amoCRM only' {
        Remove-Item (Join-Path $w 'script.js')
        Test-AmoWidget $w | Should -BeTrue
        Test-AmoWidget $w -Platform AmoCrm | Should -BeFalse
    }

    It 'writes PathNotFound for a missing path and goes on with the next' {
        $result = Test-AmoWidget (Join-Path $root 'nope'), $w -ErrorVariable err -ErrorAction SilentlyContinue
        $result | Should -Be $true
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound*'
    }

    It 'reads a zip in memory and reports a nested manifest' {
        $good = Join-Path $root 'good.zip'
        Compress-Archive -Path (Join-Path $w '*') -DestinationPath $good
        Test-AmoWidget $good | Should -BeTrue
        $nested = Join-Path $root 'nested.zip'
        Compress-Archive -Path $w -DestinationPath $nested
        (Test-AmoWidget $nested -Detailed).RuleName | Should -Contain 'AmoArchiveNested'
    }

    It 'binds folder objects from the pipeline' {
        Get-Item $w | Test-AmoWidget | Should -BeTrue
    }
}

Describe 'Test-AmoManifest' {
    BeforeAll {
        $root = Join-Path ([System.IO.Path]::GetTempPath()) ([guid]::NewGuid().ToString('N'))
        $w = New-DocsWidget (Join-Path $root 'widget')
    }

    AfterAll {
        Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction Ignore
    }

    It 'checks a manifest file and a widget folder' {
        Test-AmoManifest (Join-Path $w 'manifest.json') | Should -BeTrue
        Test-AmoManifest $w | Should -BeTrue
    }

    It 'reports invalid JSON as one finding, not an error' {
        $bad = Join-Path $root 'broken.json'
        Set-Content -LiteralPath $bad -Value '{ "widget": ' -NoNewline
        Test-AmoManifest -LiteralPath $bad -ErrorAction Stop | Should -BeFalse
        (Test-AmoManifest -LiteralPath $bad -Detailed).RuleName | Should -Be 'AmoJsonInvalid'
    }

    It 'takes documents from the pipeline' {
        $text = [System.IO.File]::ReadAllText((Join-Path $w 'manifest.json')).Replace('"interface_version": 2', '"interface_version": 1')
        ([AmoWidget.AmoManifest]::Parse($text, 'x/manifest.json') | Test-AmoManifest -Detailed).RuleName | Should -Be 'AmoInterfaceVersion'
    }

    It 'writes PathNotFound for a missing file' {
        { Test-AmoManifest -LiteralPath (Join-Path $root 'nope.json') -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound*'
    }
}

Describe 'Get-AmoRule' {
    It 'lists every rule and filters with wildcards' {
        @(Get-AmoRule).Count | Should -BeGreaterOrEqual 34
        (Get-AmoRule AmoImage*).Name | Should -Be @('AmoImageMissing', 'AmoImageSize', 'AmoImageTooLarge', 'AmoImageNotPng')
    }

    It 'writes RuleNotFound for an unknown name' {
        { Get-AmoRule AmoNoSuchRule -ErrorAction Stop } | Should -Throw -ErrorId 'RuleNotFound*'
    }

    It 'completes rule names' {
        $line = 'Test-AmoWidget ./w -ExcludeRule AmoArchiveZ'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'AmoArchiveZip64'
    }
}
