# The default views as pwsh prints them (Out-String at 120 columns): the manifest, the location catalog and a
# manifest's locations, Test-AmoWidget -Detailed and Get-AmoRule show their key text. Views.Tests.ps1 tests every
# view at 80 and 120 columns, whole text and line widths.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    function Format-Default([scriptblock] $ScriptBlock) { (& $ScriptBlock | Out-String -Width 120) -replace "`e\[[0-9;]*m", '' }
}

Describe 'Default views' {
    It 'shows a manifest with its name, version, locales and locations' {
        $text = Format-Default { New-AmoManifest -Location lcard, llist }
        $text | Should -Match 'Name\s+: widget\.name'
        $text | Should -Match 'Version\s+: 1\.0\.0'
        $text | Should -Match 'Locale\s+: ru, en'
        $text | Should -Match 'Locations\s+: lcard-1, llist-1'
    }

    It 'breaks a manifest''s long location list at spaces at 80 columns, in the list and in the table' {
        $names = 'lcard', 'llist', 'settings', 'digital_pipeline', 'advanced_settings', 'salesbot_designer', 'lead_sources', 'widget_page', 'catalogs'
        $m = New-AmoManifest -Location $names -WarningAction SilentlyContinue
        foreach ($text in @(($m | Out-String -Width 80), ($m | Format-Table | Out-String -Width 80))) {
            $plain = $text -replace "`e\[[0-9;]*m", ''
            foreach ($value in $m.Locations.Value) {
                $plain | Should -Match ([regex]::Escape($value)) -Because "each location is printed whole, not cut inside its name:`n$plain"
            }
        }
    }

    It 'shows the location catalog with what each location needs' {
        $text = Format-Default { Get-AmoLocation lcard, everywhere }
        $text | Should -Match 'Value\s+Suffix\s+Area\s+Description'
        $text | Should -Match 'lcard\s+-1 / -0\s+Card\s+Lead card'
        $text | Should -Match 'everywhere\s+Everywhere\s+Initialized on every page'
        $text = Format-Default { Get-AmoLocation digital_pipeline | Format-List }
        $text | Should -Match 'Platforms\s+: amoCRM, Kommo'
        $text | Should -Match 'Needs\s+: dp'
    }

    It 'shows the locations of a manifest' {
        $text = Format-Default { New-AmoManifest -Location llist | Add-AmoLocation llist -RightColumn $false | Set-AmoDigitalPipeline | Get-AmoLocation }
        $text | Should -Match 'llist-0\s+-0\s+List'
        $text | Should -Match 'digital_pipeline\s+Pipeline\s+Digital Pipeline'
    }

    It 'shows findings with their rule and place, and rules with their area' {
        $root = New-TestFolder
        try {
            $w = New-DocsWidget (Join-Path $root 'widget')
            Set-WidgetText (Join-Path $w 'manifest.json') '"init_once": false' '"init_once": "Y"'
            $text = Format-Default { Test-AmoWidget $w -Detailed }
            $text | Should -Match 'RuleName\s+: AmoFieldType'
            $text | Should -Match 'File\s+: \S*manifest\.json:8:18'
        }
        finally {
            Remove-Item -LiteralPath $root -Recurse -Force
        }
        $rules = Format-Default { Get-AmoRule AmoImage* }
        $rules | Should -Match 'Area: Images'
        $rules | Should -Match 'Name\s+Severity\s+Description'
        $rules | Should -Match 'AmoImageSize'
    }
}
