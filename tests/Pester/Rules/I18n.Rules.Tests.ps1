# The I18n rules (Get-AmoRule | Where-Object Area -EQ I18n) as a pwsh user meets them through Test-AmoWidget.

BeforeAll {
    . $PSScriptRoot/../Common.ps1
}

Describe 'I18n rules' {
    Context 'A change to the docs widget' {
        BeforeEach {
            $root = New-TestFolder
            $w = New-DocsWidget (Join-Path $root 'widget')
        }

        AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

        It 'AmoI18nFileMissing fails a locale of widget.locale that has no i18n file, at its place in the manifest' {
            Remove-Item -LiteralPath (Join-Path $w 'i18n/en.json')
            Test-AmoWidget $w | Should -BeFalse
            $d = @(Test-AmoWidget $w -Detailed)
            $d.RuleName | Should -Be @('AmoI18nFileMissing')
            [string] $d.Severity | Should -Be 'Error'
            $d.Path | Should -Be '/widget/locale/1'
            $d.Message | Should -Match 'i18n/en\.json does not exist'
        }

        It 'AmoI18nKeyMissing warns of a key the manifest names that one language lacks' {
            Write-Utf8 (Join-Path $w 'i18n/en.json') '{ "widget": { "name": "N", "short_description": "S", "description": "D", "tour_description": "T" }, "settings": { "login": "Login" }, "advanced": { "title": "Settings" } }'
            Test-AmoWidget $w | Should -BeTrue
            Test-AmoWidget $w -Strict | Should -BeFalse
            $d = @(Test-AmoWidget $w -Detailed)
            $d.RuleName | Should -Be @('AmoI18nKeyMissing')
            [string] $d.Severity | Should -Be 'Warning'
            $d.File | Should -Be (Join-Path $w 'i18n/en.json')
            $d.Message | Should -Match '"dp\.message"'
            Test-AmoWidget $w -Strict -ExcludeRule AmoI18nKeyMissing | Should -BeTrue
        }
    }
}
