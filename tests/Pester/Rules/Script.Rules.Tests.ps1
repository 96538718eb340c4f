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
            Test-AmoWidget $w | Should -BeTrue
            Test-AmoWidget $w -Platform AmoCrm | Should -BeFalse
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
}
