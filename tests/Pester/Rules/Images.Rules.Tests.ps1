# The Images rules (Get-AmoRule | Where-Object Area -EQ Images) as a pwsh user meets them through Test-AmoWidget.

BeforeAll {
    . $PSScriptRoot/../Common.ps1
}

Describe 'Images rules' {
    Context 'A change to the docs widget' {
        BeforeEach {
            $root = New-TestFolder
            $w = New-DocsWidget (Join-Path $root 'widget')
        }

        AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

        It 'AmoImageMissing fails a logo a location needs, naming its size and the location' {
            Remove-Item -LiteralPath (Join-Path $w 'images/logo_dp.png')
            Test-AmoWidget $w | Should -BeFalse
            $d = @(Test-AmoWidget $w -Detailed)
            $d.RuleName | Should -Be @('AmoImageMissing')
            [string] $d.Severity | Should -Be 'Error'
            $d.Message | Should -Match '174x109 px.*digital_pipeline'
        }

        It 'AmoImageSize fails a logo of another size than the documented one' {
            [IO.File]::WriteAllBytes((Join-Path $w 'images/logo.png'), (New-Png 100 100))
            Test-AmoWidget $w | Should -BeFalse
            $d = @(Test-AmoWidget $w -Detailed)
            $d.RuleName | Should -Be @('AmoImageSize')
            $d.File | Should -Be (Join-Path $w 'images/logo.png')
            $d.Message | Should -Match '100x100 px; the documented size is 130x100 px'
        }
    }
}
