# Set-AmoFormsSettings as a pwsh user runs it: the amoforms block and location, blocks exactly as manifest-reference.md §11 shows them.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Set-AmoFormsSettings' {
    It 'writes title, required and error_text as documented, and the amoforms location' {
        $m = New-AmoManifest | Set-AmoFormsSettings -Title amoforms.button -Required $true -ErrorText amoforms.press_first
        Get-Block $m 'amoforms_settings' | Should -Be (Get-Shape '{ "title": "amoforms.button", "required": true, "error_text": "amoforms.press_first" }')
        $m.Locations.Value | Should -Be @('amoforms')
    }

    It 'gives a new block the title amoforms.title and keeps a present one' {
        $m = New-AmoManifest | Set-AmoFormsSettings
        Get-Block $m 'amoforms_settings' | Should -Be (Get-Shape '{ "title": "amoforms.title" }')
        $m = $m | Set-AmoFormsSettings -Title forms.t | Set-AmoFormsSettings -Required $false
        Get-Block $m 'amoforms_settings' | Should -Be (Get-Shape '{ "title": "forms.t", "required": false }')
    }
}
