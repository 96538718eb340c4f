# Test-AmoManifest, Test-AmoWidget and Get-AmoRule as a pwsh user runs them: the same scenarios as
# tests/AmoWidget.Module.Tests/Validation (engine-hosted xUnit); run with ./build.ps1 -Task Test.

BeforeAll {
    . $PSScriptRoot/Common.ps1
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
