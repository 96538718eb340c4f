# Add-AmoSalesbotHandler as a pwsh user runs it: the salesbot_designer block and its fields.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Add-AmoSalesbotHandler' {
    Context 'Manifest pipeline' {
        BeforeEach { $script:dir = Enter-TestFolder }

        AfterEach { Exit-TestFolder $script:dir }

        It 'stops on a bad Salesbot field (<Problem>) before any change' -ForEach @(
            @{ Problem = 'no key'; Field = @{ type = 'text' } }, @{ Problem = 'unknown type'; Field = @{ key = 'a'; type = 'checkbox' } },
            @{ Problem = 'unknown property'; Field = @{ key = 'a'; colour = 'red' } }, @{ Problem = 'manual not a boolean'; Field = @{ key = 'a'; manual = 'yes' } },
            @{ Problem = 'required not a boolean'; Field = @{ key = 'a'; required = 'yes' } }) {
            $m = New-AmoManifest
            $e = Get-ErrorRecord { $m | Add-AmoSalesbotHandler send -Field $Field }
            Get-ErrorId $e[0] | Should -Be 'SalesbotFieldInvalid'
            $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $m.ToJson() | Should -Not -Match 'salesbot'
        }

        It 'writes required and default_value of a field, and the field passes the Salesbot rules' {
            $m = New-AmoManifest | Add-AmoSalesbotHandler send -Field @{ key = 'message'; type = 'text'; required = $true; default_value = 'Hello' }
            $field = ($m.ToJson() | ConvertFrom-Json).salesbot_designer.send.settings.message
            $field.required | Should -BeTrue
            $field.default_value | Should -Be 'Hello'
            $rules = @(Test-AmoManifest $m -Detailed | Where-Object { $_.Path -like '/salesbot_designer/*' }).RuleName
            $rules | Should -Not -Contain 'AmoKeyUnknown'
            $rules | Should -Not -Contain 'AmoSalesbotDefaultMissing'
        }
    }
}
