# The Archive rules (Get-AmoRule | Where-Object Area -EQ Archive) as a pwsh user meets them through Test-AmoWidget.

BeforeAll {
    . $PSScriptRoot/../Common.ps1
}

Describe 'Archive rules' {
    Context 'The whole-manifest cases' {
        It 'warns of an archive not named widget.zip (case 05)' {
            $zip = Join-Path $script:Cases '05-zip-not-named-widget/excel-export-widget.zip'
            Test-AmoWidget $zip -Platform Any | Should -BeTrue
            $d = Test-AmoWidget $zip -Platform Any -Strict -Detailed
            $d.RuleName | Should -Be 'AmoArchiveName'
            [string] $d.Severity | Should -Be 'Warning'
            $d.File | Should -Be ([IO.Path]::GetFullPath($zip))
        }
    }

    Context 'Test-AmoWidget' {
        BeforeEach {
            $root = New-TestFolder
            $w = New-DocsWidget (Join-Path $root 'widget')
        }

        AfterEach {
            Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction Ignore
        }

        It 'reads a zip in memory and reports a nested manifest' {
            $good = Join-Path $root 'good.zip'
            Compress-Archive -Path (Join-Path $w '*') -DestinationPath $good
            Test-AmoWidget $good | Should -BeTrue
            $nested = Join-Path $root 'nested.zip'
            Compress-Archive -Path $w -DestinationPath $nested
            (Test-AmoWidget $nested -Detailed).RuleName | Should -Contain 'AmoArchiveNested'
        }
    }
}
