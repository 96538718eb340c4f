# The JSON rules (Get-AmoRule | Where-Object Area -EQ JSON) as a pwsh user meets them through Test-AmoWidget. Invalid JSON
# as one finding of Test-AmoManifest: AmoManifest.Tests.ps1; duplicate keys in hostile numbers: Hostile.Reading.Tests.ps1.

BeforeAll {
    . $PSScriptRoot/../Common.ps1
}

Describe 'JSON rules' {
    Context 'A change to the docs widget' {
        BeforeEach {
            $root = New-TestFolder
            $w = New-DocsWidget (Join-Path $root 'widget')
        }

        AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

        It 'AmoJsonDuplicateKey warns of a key written twice, at the second one' {
            Set-WidgetText (Join-Path $w 'manifest.json') '"init_once": false,' '"init_once": false, "init_once": false,'
            Test-AmoWidget $w | Should -BeTrue
            Test-AmoWidget $w -Strict | Should -BeFalse
            $d = @(Test-AmoWidget $w -Detailed)
            $d.RuleName | Should -Be @('AmoJsonDuplicateKey')
            [string] $d.Severity | Should -Be 'Warning'
            $d.Path | Should -Be '/widget/init_once'
            $d.Line | Should -Be 8
        }

        It 'AmoFileHasBom fails a manifest saved with a byte order mark' {
            $file = Join-Path $w 'manifest.json'
            [IO.File]::WriteAllBytes($file, [byte[]] (0xEF, 0xBB, 0xBF) + [IO.File]::ReadAllBytes($file))
            Test-AmoWidget $w | Should -BeFalse
            $d = @(Test-AmoWidget $w -Detailed)
            $d.RuleName | Should -Be @('AmoFileHasBom')
            [string] $d.Severity | Should -Be 'Error'
            $d.File | Should -Be $file
        }
    }
}
