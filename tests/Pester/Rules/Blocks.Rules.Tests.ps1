# The Blocks rules (Get-AmoRule | Where-Object Area -EQ Blocks) as a pwsh user meets them: the cases of
# ../shared/cases/whole-manifest give the findings their case.md asks for.

BeforeAll {
    . $PSScriptRoot/../Common.ps1

    # A copy of a case's widget folder in a temp folder, to change.
    function Copy-Case([string] $Case, [string] $To) {
        Copy-Item -LiteralPath (Join-Path $script:Cases $Case) -Destination $To -Recurse
        $To
    }
}

Describe 'Blocks rules' {
    Context 'The whole-manifest cases' {
        It 'reports amoforms without amoforms.js (case 17)' {
            $w = Join-Path $script:Cases '17-amoforms-js-missing/widget'
            Test-AmoWidget $w -Platform AmoCrm | Should -BeFalse
            $d = Test-AmoWidget $w -Platform Any -Strict -Detailed
            $d.RuleName | Should -Be 'AmoFormsScriptMissing'
            [string] $d.Severity | Should -Be 'Error'
            $d.Path | Should -Be '/locations/0'
        }

        It 'reports a left-menu icon that is missing, and one that is a PNG (case 18)' {
            $w = Join-Path $script:Cases '18-left-menu-icon-missing/widget'
            $d = Test-AmoWidget $w -Platform Any -Strict -Detailed
            $d.RuleName | Should -Be 'AmoLeftMenuIcon'
            [string] $d.Severity | Should -Be 'Error'
            $d.Path | Should -Be '/left_menu/main/icon'

            $root = New-TestFolder
            try {
                $copy = Copy-Case '18-left-menu-icon-missing/widget' (Join-Path $root 'widget')
                Set-WidgetText (Join-Path $copy 'manifest.json') 'images/left_menu.svg' 'images/logo_min.png'
                $png = Test-AmoWidget $copy -Platform Any -Strict -Detailed
                $png.RuleName | Should -Be 'AmoLeftMenuIcon'
                [string] $png.Severity | Should -Be 'Warning'
                Test-AmoWidget $copy -Platform Any | Should -BeTrue
            }
            finally { Remove-Item -LiteralPath $root -Recurse -Force }
        }
    }

    Context 'The new rules on the docs widget' {
        BeforeEach {
            $root = New-TestFolder
            $w = New-DocsWidget (Join-Path $root 'widget')
        }

        AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

        It 'AmoTourImageMissing fires on a slide that is not in the widget, once a file' {
            Set-WidgetText (Join-Path $w 'manifest.json') '"is_tour": true,' '"is_tour": true, "tour_images": { "ru": ["/images/tour_1.png"], "en": ["/images/tour_1.png"] },'
            $d = @(Test-AmoWidget $w -Detailed)
            $d.RuleName | Should -Be @('AmoTourImageMissing')
            $d.Path | Should -Be '/tour/tour_images/ru/0'
            [IO.File]::WriteAllBytes((Join-Path $w 'images/tour_1.png'), (New-Png 1188 616))
            Test-AmoWidget $w -Strict | Should -BeTrue
        }

        It 'AmoLeftMenuItemInvalid fails <Problem>' -ForEach @(
            @{ Problem = 'hiding settings'; Menu = '"settings": { "is_hidden": true }'; Path = '/left_menu/settings/is_hidden' }
            @{ Problem = 'is_hidden on a code that is no system section'; Menu = '"lead": { "is_hidden": true }'; Path = '/left_menu/lead/is_hidden' }
            @{ Problem = 'an item of its own without a title'; Menu = '"main": { "icon": "images/menu.svg" }'; Path = '/left_menu/main' }
            @{ Problem = 'an item of its own without an icon'; Menu = '"main": { "title": "advanced.title" }'; Path = '/left_menu/main' }) {
            Set-WidgetText (Join-Path $w 'manifest.json') '"tour": {' ('"left_menu": { ' + $Menu + ' }, "tour": {')
            Test-AmoWidget $w | Should -BeFalse
            $d = @(Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ 'AmoLeftMenuItemInvalid')
            $d.Count | Should -Be 1
            [string] $d.Severity | Should -Be 'Error'
            $d.Path | Should -Be $Path
        }

        It 'AmoLeftMenuItemInvalid passes hiding a system section and an item of its own with a title and an icon' {
            Set-Content -LiteralPath (Join-Path $w 'images/menu.svg') -Value '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"/>' -NoNewline
            Set-WidgetText (Join-Path $w 'manifest.json') '"tour": {' '"left_menu": { "leads": { "is_hidden": true }, "main": { "title": "advanced.title", "icon": "images/menu.svg" } }, "tour": {'
            @(Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ 'AmoLeftMenuItemInvalid').Count | Should -Be 0
        }
    }
}
