# The Folder rules (Get-AmoRule | Where-Object Area -EQ Folder) as a pwsh user meets them through Test-AmoWidget. Files that
# are not regular, too large, or links out of the widget: Hostile.Reading.Tests.ps1.

BeforeAll {
    . $PSScriptRoot/../Common.ps1
}

Describe 'Folder rules' {
    Context 'A change to the docs widget' {
        BeforeEach {
            $root = New-TestFolder
            $w = New-DocsWidget (Join-Path $root 'widget')
        }

        AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

        It 'AmoManifestMissing fails a widget folder without manifest.json, naming the file it looked for' {
            Remove-Item -LiteralPath (Join-Path $w 'manifest.json')
            Test-AmoWidget $w | Should -BeFalse
            $d = @(Test-AmoWidget $w -Detailed)
            $d.RuleName | Should -Be @('AmoManifestMissing')
            [string] $d.Severity | Should -Be 'Error'
            $d.File | Should -Be (Join-Path $w 'manifest.json')
        }
    }
}
