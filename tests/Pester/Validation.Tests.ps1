# Test-AmoManifest, Test-AmoWidget and Get-AmoRule as a pwsh user runs them: verdicts, findings with their place,
# paths and wildcards, archives (a bomb included), rules and their completion. Run with ./build.ps1 -Task Test.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # A zip whose directory declares an 8 GB entry (a bomb's signature), written byte by byte.
    function New-ZipBomb([string] $Path) {
        $output = [IO.MemoryStream]::new()
        $w = [IO.BinaryWriter]::new($output)
        $name = [Text.Encoding]::ASCII.GetBytes('bomb.bin')
        $w.Write([uint32] 0x04034b50); $w.Write([uint16] 45); $w.Write([uint16] 0); $w.Write([uint16] 0); $w.Write([uint32] 0); $w.Write([uint32] 0)
        $w.Write([uint32] 0); $w.Write([uint32] 0); $w.Write([uint16] $name.Length); $w.Write([uint16] 0); $w.Write($name)
        $directory = $output.Position
        $w.Write([uint32] 0x02014b50); $w.Write([uint16] 45); $w.Write([uint16] 45); $w.Write([uint16] 0); $w.Write([uint16] 0); $w.Write([uint32] 0); $w.Write([uint32] 0)
        $w.Write([uint32]::MaxValue); $w.Write([uint32]::MaxValue); $w.Write([uint16] $name.Length); $w.Write([uint16] 20); $w.Write([uint16] 0)
        $w.Write([uint16] 0); $w.Write([uint16] 0); $w.Write([uint32] 0); $w.Write([uint32] 0); $w.Write($name)
        $w.Write([uint16] 1); $w.Write([uint16] 16); $w.Write([uint64] (8GB)); $w.Write([uint64] 100)
        $end = $output.Position
        $w.Write([uint32] 0x06054b50); $w.Write([uint16] 0); $w.Write([uint16] 0); $w.Write([uint16] 1); $w.Write([uint16] 1)
        $w.Write([uint32] ($end - $directory)); $w.Write([uint32] $directory); $w.Write([uint16] 0)
        $w.Flush()
        [IO.File]::WriteAllBytes($Path, $output.ToArray())
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
        $d = @(Test-AmoWidget $w -Detailed)
        $d.Count | Should -Be 1
        $d[0].PSObject.TypeNames[0] | Should -Be 'AmoWidget.AmoDiagnostic'
        "$($d.Severity)" | Should -Be 'Error'
        $d.RuleName | Should -Be 'AmoFieldType'
        $d.Path | Should -Be '/widget/init_once'
        $d.Line | Should -Be 8
        $d.Column | Should -Be 18
    }

    It 'fails warnings only with -Strict, and -ExcludeRule takes wildcards' {
        Set-WidgetText (Join-Path $w 'manifest.json') '"link": "https://support.my-widget.ru", "email": "help@my-widget.ru"' '"url": "x"'
        Test-AmoWidget $w | Should -BeTrue
        Test-AmoWidget $w -Strict | Should -BeFalse
        Test-AmoWidget $w -Strict -ExcludeRule AmoSupportMissing | Should -BeTrue
        Test-AmoWidget $w -Strict -ExcludeRule 'amosupport*' | Should -BeTrue
    }

    It 'stops on an -ExcludeRule name that is no rule' {
        { Test-AmoWidget $w -ExcludeRule AmoNoSuchRule -ErrorAction Stop } | Should -Throw -ErrorId 'RuleNotFound*'
    }

    It 'follows -Platform: script.js is required by amoCRM only' {
        Remove-Item (Join-Path $w 'script.js')
        Test-AmoWidget $w | Should -BeTrue
        Test-AmoWidget $w -Platform AmoCrm | Should -BeFalse
        "$((Test-AmoWidget $w -Platform Kommo -Detailed | Where-Object RuleName -EQ 'AmoScriptMissing').Severity)" | Should -Be 'Warning'
    }

    It 'expands wildcards, and -LiteralPath takes them as written' {
        $null = New-DocsWidget (Join-Path $root 'w1')
        $null = New-DocsWidget (Join-Path $root 'w2')
        $odd = New-DocsWidget (Join-Path $root 'w[3]')
        @(Test-AmoWidget (Join-Path $root 'w?')).Count | Should -Be 2
        Test-AmoWidget -LiteralPath $odd | Should -BeTrue
    }

    It 'refuses a zip bomb with ArchiveTooLarge and goes on' {
        $bomb = Join-Path $root 'bomb.zip'
        New-ZipBomb $bomb
        $r = Invoke-Captured { Test-AmoWidget $bomb; 'next' }
        Get-ErrorId $r.Errors[0] | Should -Be 'ArchiveTooLarge'
        $r.Errors[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $r.Output | Should -Be 'next'
    }

    It 'writes ArchiveInvalid for a file that is not a zip' {
        $notes = Join-Path $root 'notes.zip'
        Write-Utf8 $notes 'not a zip'
        Get-ErrorId (Get-ErrorRecord { Test-AmoWidget $notes })[0] | Should -Be 'ArchiveInvalid'
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
        $null = New-DocsWidget (Join-Path $root 'second')
        Get-ChildItem -LiteralPath $root -Directory | Test-AmoWidget | Should -Be @($true, $true)
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
        $m = [AmoWidget.AmoManifest]::Parse($text, 'x/manifest.json')
        $d = $m | Test-AmoManifest -Detailed
        $d.RuleName | Should -Be 'AmoInterfaceVersion'
        $d.File | Should -Be 'x/manifest.json'
        Test-AmoManifest $m | Should -BeFalse
    }

    It 'writes PathNotFound for a missing file' {
        { Test-AmoManifest -LiteralPath (Join-Path $root 'nope.json') -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound*'
    }
}

Describe 'Get-AmoRule' {
    It 'lists every rule and filters with wildcards' {
        @(Get-AmoRule).Count | Should -BeGreaterOrEqual 34
        (Get-AmoRule AmoImage*).Name | Should -Be @('AmoImageMissing', 'AmoImageSize', 'AmoImageTooLarge', 'AmoImageNotPng')
        "$((Get-AmoRule amoscriptmissing).Severity)" | Should -Be 'Warning'
    }

    It 'writes RuleNotFound for an unknown name' {
        { Get-AmoRule AmoNoSuchRule -ErrorAction Stop } | Should -Throw -ErrorId 'RuleNotFound*'
    }

    It 'completes rule names' {
        $complete = { param($Line) @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches) }
        $zip64 = & $complete 'Test-AmoWidget ./w -ExcludeRule AmoArchiveZ'
        $zip64.Count | Should -Be 1
        $zip64[0].CompletionText | Should -Be 'AmoArchiveZip64'
        $zip64[0].ToolTip | Should -Match 'Zip64'
        (& $complete 'Get-AmoRule -Name AmoImage').CompletionText | Should -Contain 'AmoImageSize'
        (& $complete 'Test-AmoManifest ./m.json -ExcludeRule ').CompletionText | Should -Contain 'AmoJsonInvalid'
    }
}
