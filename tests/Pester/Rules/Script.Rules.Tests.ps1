# The Script rules (Get-AmoRule | Where-Object Area -EQ Script) as a pwsh user meets them through Test-AmoWidget.

BeforeAll {
    . $PSScriptRoot/../Common.ps1
}

Describe 'Script rules' {
    BeforeEach {
        $root = New-TestFolder
        $w = New-DocsWidget (Join-Path $root 'widget')
    }

    AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

    Context 'Test-AmoWidget' {
        It 'follows -Platform: script.js is required by amoCRM only' {
            Remove-Item (Join-Path $w 'script.js')
            Test-AmoWidget $w -Platform Any | Should -BeTrue
            Test-AmoWidget $w -Platform AmoCrm | Should -BeFalse
            # Without -Platform the docs widget (ru, en) is judged as the amoCRM widget it is.
            Test-AmoWidget $w | Should -BeFalse
            "$((Test-AmoWidget $w -Platform Kommo -Detailed | Where-Object RuleName -EQ 'AmoScriptMissing').Severity)" | Should -Be 'Warning'
        }
    }

    Context 'A change to the docs widget' {
        It 'AmoScriptSyntax fails a script.js that does not parse, with the parser''s message' {
            Write-Utf8 (Join-Path $w 'script.js') 'define([''jquery''], function ($) { return function () { this.callbacks = { ; }; });'
            Test-AmoWidget $w | Should -BeFalse
            $d = @(Test-AmoWidget $w -Detailed)
            $d.RuleName | Should -Be @('AmoScriptSyntax')
            [string] $d.Severity | Should -Be 'Error'
            $d.File | Should -Be (Join-Path $w 'script.js')
            $d.Message | Should -Match 'does not parse'
        }
    }

    Context 'AmoScriptDevLoader' {
        BeforeAll {
            $script:loaderRoot = New-TestFolder
            $script:loaderWidget = New-DocsWidget (Join-Path $script:loaderRoot 'widget')
            $script:loaderZip = Join-Path $script:loaderRoot 'widget.zip'
            $null = Compress-AmoWidget $script:loaderWidget $script:loaderZip -DevLoader 'http://127.0.0.1:9000/' -WarningAction SilentlyContinue
        }

        AfterAll { Remove-Item -LiteralPath $script:loaderRoot -Recurse -Force }

        It 'fails the archive Compress-AmoWidget -DevLoader makes, naming the loaded address' {
            Test-AmoWidget $script:loaderWidget | Should -BeTrue
            Test-AmoWidget $script:loaderZip | Should -BeFalse
            $d = @(Test-AmoWidget $script:loaderZip -Detailed | Where-Object RuleName -EQ 'AmoScriptDevLoader')
            $d.Count | Should -Be 1
            [string] $d.Severity | Should -Be 'Error'
            $d.File | Should -Be "$($script:loaderZip)!script.js"
            $d.Message | Should -Match ([regex]::Escape('http://127.0.0.1:9000/script.js'))
            $d.Message | Should -Match 'loopback'
        }

        It 'makes Assert-AmoWidget throw on the loader archive' {
            { Assert-AmoWidget $script:loaderZip } | Should -Throw -ExpectedMessage '*AmoScriptDevLoader*'
        }

        It 'fails a folder whose script.js requires code from a private address, and not one from a public https host' {
            # $w is the Describe's fresh docs widget, removed after the test.
            $text = [System.IO.File]::ReadAllText((Join-Path $w 'script.js'))
            Write-Utf8 (Join-Path $w 'script.js') ($text + "`nrequire(['http://192.168.1.5/x.js'], function () {});`n")
            (Test-AmoWidget $w -Detailed).RuleName | Should -Be @('AmoScriptDevLoader')
            Write-Utf8 (Join-Path $w 'script.js') ($text + "`nrequire(['https://cdn.example.com/x.js', './lib/y'], function () {});`n")
            Test-AmoWidget $w -Strict | Should -BeTrue
        }
    }
}
