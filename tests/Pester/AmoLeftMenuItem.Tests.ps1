# Add-AmoLeftMenuItem and Remove-AmoLeftMenuItem as a pwsh user runs them: the left_menu block, blocks exactly as manifest-reference.md §11 shows them.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Add-AmoLeftMenuItem' {
    It 'writes the documented item: title, icon, sort.after, submenu' {
        $m = New-AmoManifest | Add-AmoLeftMenuItem my_page -Title lang.code -Icon images/home_page.svg -After leads -Submenu @{ code = 'reports'; title = 'lang.reports'; sort = 2 }
        Get-Block $m 'left_menu' | Should -Be (Get-Shape '{ "my_page": { "title": "lang.code", "icon": "images/home_page.svg", "sort": { "after": "leads" }, "submenu": { "reports": { "title": "lang.reports", "sort": 2 } } } }')
        $m.Locations.Value | Should -Be @('widget_page')
    }

    It 'keeps the light and dark icons of an item it updates' {
        $m = [AmoWidget.AmoManifest]::Parse('{"locations": ["widget_page"], "left_menu": {"sim": {"title": "left_menu.sim", "icons": {"light": "images/l.svg", "dark": "images/d.svg"}}}}')
        $null = $m | Add-AmoLeftMenuItem sim -After stats -WarningVariable warnings
        $m.ToJson() | Should -BeExactly '{"locations": ["widget_page"], "left_menu": {"sim": {"title": "left_menu.sim", "icons": {"light": "images/l.svg", "dark": "images/d.svg"}, "sort": {"after": "stats"}}}}'
        $warnings | Should -BeNullOrEmpty
    }

    It 'warns of an item without an icon and of an icon that is not SVG' {
        $null = New-AmoManifest | Add-AmoLeftMenuItem page -WarningVariable noIcon -WarningAction SilentlyContinue
        $noIcon[0].Message | Should -Match 'no icon'
        $null = New-AmoManifest | Add-AmoLeftMenuItem page -Icon images/logo_min.png -WarningVariable png -WarningAction SilentlyContinue
        $png[0].Message | Should -Match 'SVG'
    }

    It 'stops before any change on a bad -Submenu entry' {
        { New-AmoManifest | Add-AmoLeftMenuItem page -Submenu @{ title = 'x' } } | Should -Throw -ErrorId 'LeftMenuItemInvalid,AmoWidget.Commands.AddAmoLeftMenuItemCommand'
        { New-AmoManifest | Add-AmoLeftMenuItem page -Submenu @{ code = 'a'; sort = 'first' } } | Should -Throw -ErrorId 'LeftMenuItemInvalid,AmoWidget.Commands.AddAmoLeftMenuItemCommand'
        { New-AmoManifest | Add-AmoLeftMenuItem page -Submenu @{ code = 'a'; colour = 'red' } } | Should -Throw -ErrorId 'LeftMenuItemInvalid,AmoWidget.Commands.AddAmoLeftMenuItemCommand'
    }

    It 'refuses an -After that is no system section' {
        { New-AmoManifest | Add-AmoLeftMenuItem page -After kanban } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmoWidget.Commands.AddAmoLeftMenuItemCommand'
    }
}

Describe 'Remove-AmoLeftMenuItem' {
    It 'removes items, and warns when none is left' {
        $m = New-AmoManifest | Add-AmoLeftMenuItem a -Icon images/a.svg | Add-AmoLeftMenuItem b -Icon images/b.svg
        $null = $m | Remove-AmoLeftMenuItem a, missing -WarningVariable first
        @($m.Root['left_menu'].Keys) | Should -Be @('b')
        $first | Should -BeNullOrEmpty
        $null = $m | Remove-AmoLeftMenuItem b -WarningVariable last -WarningAction SilentlyContinue
        $last[0].Message | Should -Match 'Remove-AmoLocation widget_page -RemoveBlock'
    }
}
