# Set-AmoDigitalPipeline as a pwsh user runs it: the dp block and the digital_pipeline location.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Set-AmoDigitalPipeline' {
    It 'writes the dp block with its webhook_url and the digital_pipeline location' {
        $m = New-AmoManifest | Set-AmoDigitalPipeline -WebhookUrl https://amowidget.test/dp
        $m.Locations.Value | Should -Be @('digital_pipeline')
        Get-Block $m 'dp' | Should -Be (Get-Shape '{ "settings": {}, "action_multiple": false, "webhook_url": "https://amowidget.test/dp" }')
    }

    Context 'Manifest pipeline' {
        BeforeEach { $script:dir = Enter-TestFolder }

        AfterEach { Exit-TestFolder $script:dir }

        It 'reports a failed edit and leaves the manifest out of the output: <ErrorId>' -ForEach @(
            @{ ErrorId = 'WebhookUrlInvalid'; Script = { New-AmoManifest | Set-AmoDigitalPipeline -WebhookUrl not/absolute } }
        ) {
            $r = Invoke-Captured $Script
            Get-ErrorId @($r.AllErrors)[0] | Should -Be $ErrorId
            $r.Output | Should -BeNullOrEmpty
        }
    }
}
