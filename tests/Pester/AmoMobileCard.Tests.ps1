# Set-AmoMobileCard as a pwsh user runs it: the mobile block and the mobile_card location, blocks exactly as manifest-reference.md §11 shows them.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Set-AmoMobileCard' {
    It 'writes the documented mobile block and the mobile_card location' {
        $m = New-AmoManifest | Set-AmoMobileCard https://example.com/ -Color '#ffff00'
        Get-Block $m 'mobile' | Should -Be (Get-Shape '{ "frame_url": "https://example.com/", "color": "#ffff00" }')
        $m.Locations.Value | Should -Be @('mobile_card')
    }

    It 'keeps the colour when -Color is not given' {
        $m = New-AmoManifest | Set-AmoMobileCard https://example.com/ -Color '#ffff00' | Set-AmoMobileCard https://m.amowidget.test/
        Get-Block $m 'mobile' | Should -Be (Get-Shape '{ "frame_url": "https://m.amowidget.test/", "color": "#ffff00" }')
    }

    It 'reports a colour that is not #rrggbb' {
        New-AmoManifest | Set-AmoMobileCard https://example.com/ -Color yellow -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ColorInvalid'
    }

    It 'reports a frame URL that is not absolute' {
        New-AmoManifest | Set-AmoMobileCard ./card.html -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'UrlInvalid'
    }
}
