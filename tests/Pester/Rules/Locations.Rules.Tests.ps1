# The Locations rules (Get-AmoRule | Where-Object Area -EQ Locations) as a pwsh user meets them through Test-AmoWidget.

BeforeAll {
    . $PSScriptRoot/../Common.ps1
}

Describe 'Locations rules' {
    Context 'The new rules on the docs widget' {
        BeforeEach {
            $root = New-TestFolder
            $w = New-DocsWidget (Join-Path $root 'widget')
        }

        AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

        It 'AmoLocationUnknown suggests lcard-1 or lcard-0 for lcard-compact' {
            Set-WidgetText (Join-Path $w 'manifest.json') '"lcard-1",' '"lcard-compact",'
            $d = Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ 'AmoLocationUnknown'
            $d.Suggestion | Should -Be 'Did you mean "lcard-1" or "lcard-0"?'
        }

        It 'AmoLocationDuplicate warns of a location listed again, at the repeat' {
            Set-WidgetText (Join-Path $w 'manifest.json') '"lcard-1",' '"lcard-1", "lcard-1",'
            Test-AmoWidget $w | Should -BeTrue
            Test-AmoWidget $w -Strict | Should -BeFalse
            $d = @(Test-AmoWidget $w -Detailed)
            $d.RuleName | Should -Be @('AmoLocationDuplicate')
            $d.Path | Should -Be '/locations/1'
            $d.Message | Should -Match 'first at locations\[0\]'
        }
    }
}
