# Set-AmoAdvancedSettings as a pwsh user runs it: the advanced block and the advanced_settings location.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Set-AmoAdvancedSettings' {
    It 'adds the advanced_settings location and advanced.title, and keeps a present title when -Title is not given' {
        $m = New-AmoManifest | Set-AmoAdvancedSettings
        $m.Locations.Value | Should -Be @('advanced_settings')
        Get-Block $m 'advanced' | Should -Be (Get-Shape '{ "title": "advanced.title" }')
        $m | Set-AmoAdvancedSettings -Title lang.advanced | Set-AmoAdvancedSettings | Out-Null
        Get-Block $m 'advanced' | Should -Be (Get-Shape '{ "title": "lang.advanced" }')
        $m.Locations.Value | Should -Be @('advanced_settings')
    }

    It 'reports an advanced value that is not an object and passes nothing on' {
        $r = Invoke-Captured { [AmoWidget.AmoManifest]::Parse('{"locations": [], "advanced": []}') | Set-AmoAdvancedSettings }
        @($r.AllErrors)[0].FullyQualifiedErrorId | Should -BeLike 'ManifestShapeInvalid,*'
        @($r.AllErrors)[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $r.Output | Should -BeNullOrEmpty
    }
}
