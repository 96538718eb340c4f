# The rules of the whole manifest as a pwsh user meets them: the cases of ../shared/cases/whole-manifest give the
# findings their case.md asks for, each new rule fires on a change to the docs widget and is silent on the widget
# itself, and over the corpus the new rules find exactly the findings judged in the issue's note.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Cases = Join-Path $script:RepoRoot '../shared/cases/whole-manifest'
    $script:NewRules = 'AmoKeyUnknown', 'AmoArchiveName', 'AmoFormsScriptMissing', 'AmoLeftMenuIcon', 'AmoTourImageMissing'

    # A copy of a case's widget folder in a temp folder, to change.
    function Copy-Case([string] $Case, [string] $To) {
        Copy-Item -LiteralPath (Join-Path $script:Cases $Case) -Destination $To -Recurse
        $To
    }
}

Describe 'Get-AmoRule' {
    It 'lists <Name> as a <Severity>' -ForEach @(
        @{ Name = 'AmoKeyUnknown'; Severity = 'Warning' }
        @{ Name = 'AmoArchiveName'; Severity = 'Warning' }
        @{ Name = 'AmoFormsScriptMissing'; Severity = 'Error' }
        @{ Name = 'AmoLeftMenuIcon'; Severity = 'Error' }
        @{ Name = 'AmoTourImageMissing'; Severity = 'Warning' }
    ) {
        $rule = Get-AmoRule $Name
        [string] $rule.Severity | Should -Be $Severity
        $rule.Description | Should -Not -BeNullOrEmpty
        $rule.HelpUri | Should -Match '^https://'
    }

    It 'completes the new rule names' {
        $line = 'Test-AmoWidget ./w -ExcludeRule AmoKeyU'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'AmoKeyUnknown'
    }
}

Describe 'The whole-manifest cases' {
    It 'reports webhook_url at the top level as belonging in dp (case 02)' {
        $w = Join-Path $script:Cases '02-webhook-url-top-level/widget'
        Test-AmoWidget $w | Should -BeTrue
        Test-AmoWidget $w -Strict | Should -BeFalse
        $d = Test-AmoWidget $w -Strict -Detailed
        $d.RuleName | Should -Be @('AmoKeyUnknown')
        $d.Path | Should -Be '/webhook_url'
        $d.Message | Should -Match 'belongs in dp'
        $d.Suggestion | Should -Match 'dp\.webhook_url'
        Test-AmoWidget $w -Strict -ExcludeRule AmoKeyUnknown | Should -BeTrue
    }

    It 'suggests locations for locatons and webhook_url for dp.webhookUrl (case 02, typos)' {
        $d = @(Test-AmoManifest (Join-Path $script:Cases '02-webhook-url-top-level/manifest-typos.json') -Detailed | Where-Object RuleName -EQ 'AmoKeyUnknown')
        $d.Path | Should -Be @('/locatons', '/dp/webhookUrl')
        $d[0].Suggestion | Should -Be 'Did you mean "locations"?'
        $d[1].Suggestion | Should -Be 'Did you mean "webhook_url" (dp.webhook_url)?'
    }

    It 'warns of an archive not named widget.zip (case 05)' {
        $zip = Join-Path $script:Cases '05-zip-not-named-widget/excel-export-widget.zip'
        Test-AmoWidget $zip | Should -BeTrue
        $d = Test-AmoWidget $zip -Strict -Detailed
        $d.RuleName | Should -Be 'AmoArchiveName'
        [string] $d.Severity | Should -Be 'Warning'
        $d.File | Should -Be ([IO.Path]::GetFullPath($zip))
    }

    It 'reports amoforms without amoforms.js (case 17)' {
        $w = Join-Path $script:Cases '17-amoforms-js-missing/widget'
        Test-AmoWidget $w -Platform AmoCrm | Should -BeFalse
        $d = Test-AmoWidget $w -Strict -Detailed
        $d.RuleName | Should -Be 'AmoFormsScriptMissing'
        [string] $d.Severity | Should -Be 'Error'
        $d.Path | Should -Be '/locations/0'
    }

    It 'reports a left-menu icon that is missing, and one that is a PNG (case 18)' {
        $w = Join-Path $script:Cases '18-left-menu-icon-missing/widget'
        $d = Test-AmoWidget $w -Strict -Detailed
        $d.RuleName | Should -Be 'AmoLeftMenuIcon'
        [string] $d.Severity | Should -Be 'Error'
        $d.Path | Should -Be '/left_menu/main/icon'

        $root = New-TestFolder
        try {
            $copy = Copy-Case '18-left-menu-icon-missing/widget' (Join-Path $root 'widget')
            Set-WidgetText (Join-Path $copy 'manifest.json') 'images/left_menu.svg' 'images/logo_min.png'
            $png = Test-AmoWidget $copy -Strict -Detailed
            $png.RuleName | Should -Be 'AmoLeftMenuIcon'
            [string] $png.Severity | Should -Be 'Warning'
            Test-AmoWidget $copy | Should -BeTrue
        }
        finally { Remove-Item -LiteralPath $root -Recurse -Force }
    }

    It 'keeps the one-line style of case 14 in what run.ps1 does' {
        $root = New-TestFolder
        try {
            Copy-Item (Join-Path $script:Cases '14-minified-edit/manifest.json') $root
            Push-Location $root
            try { Import-AmoManifest ./manifest.json | Add-AmoSetting api_key -Type text -Required | Export-AmoManifest ./out.json }
            finally { Pop-Location }
            $text = [IO.File]::ReadAllText((Join-Path $root 'out.json'))
            $text | Should -Match '"name":"settings\.fakeConfig"\},"api_key":\{"name":"settings\.api_key","type":"text","required":true\}\}'
            $text | Should -Not -Match '[,:] '
        }
        finally { Remove-Item -LiteralPath $root -Recurse -Force }
    }
}

Describe 'The new rules on the docs widget' {
    BeforeEach {
        $root = New-TestFolder
        $w = New-DocsWidget (Join-Path $root 'widget')
    }

    AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

    It 'are silent on the widget the docs describe, for <_>' -ForEach 'Any', 'AmoCrm' {
        Test-AmoWidget $w -Strict -Platform $_ | Should -BeTrue
        Compress-AmoWidget $w -WarningVariable warnings | Out-Null
        $warnings | Should -BeNullOrEmpty
        Test-AmoWidget (Join-Path $root 'widget.zip') -Strict -Platform $_ | Should -BeTrue
    }

    It 'AmoTourImageMissing fires on a slide that is not in the widget, once a file' {
        Set-WidgetText (Join-Path $w 'manifest.json') '"is_tour": true,' '"is_tour": true, "tour_images": { "ru": ["/images/tour_1.png"], "en": ["/images/tour_1.png"] },'
        $d = @(Test-AmoWidget $w -Detailed)
        $d.RuleName | Should -Be @('AmoTourImageMissing')
        $d.Path | Should -Be '/tour/tour_images/ru/0'
        [IO.File]::WriteAllBytes((Join-Path $w 'images/tour_1.png'), (New-Png 1188 616))
        Test-AmoWidget $w -Strict | Should -BeTrue
    }

    It 'AmoKeyUnknown fires on a misspelt widget key and is left out with -ExcludeRule' {
        Set-WidgetText (Join-Path $w 'manifest.json') '"init_once"' '"init_onse"'
        $d = Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ 'AmoKeyUnknown'
        $d.Path | Should -Be '/widget/init_onse'
        $d.Suggestion | Should -Match 'widget\.init_once'
        @(Test-AmoWidget $w -Detailed -ExcludeRule AmoKeyUnknown | Where-Object RuleName -EQ 'AmoKeyUnknown').Count | Should -Be 0
    }

    It 'AmoKeyUnknown leaves a _comment and an editor''s $schema alone' {
        Set-WidgetText (Join-Path $w 'manifest.json') '"widget": {' '"$schema": "./manifest.schema.json", "_comment": "ours", "widget": {'
        Test-AmoWidget $w -Strict | Should -BeTrue
    }

    It 'AmoLocationUnknown suggests lcard-1 or lcard-0 for lcard-compact' {
        Set-WidgetText (Join-Path $w 'manifest.json') '"lcard-1",' '"lcard-compact",'
        $d = Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ 'AmoLocationUnknown'
        $d.Suggestion | Should -Be 'Did you mean "lcard-1" or "lcard-0"?'
    }

    It 'AmoSupportMissing is an Error for amoCRM, a Warning for Kommo and Any, and names what each asks for' {
        Set-WidgetText (Join-Path $w 'manifest.json') '"link": "https://support.my-widget.ru", ' ''
        Test-AmoWidget $w -Platform AmoCrm | Should -BeFalse
        $amoCrm = Test-AmoWidget $w -Platform AmoCrm -Detailed | Where-Object RuleName -EQ 'AmoSupportMissing'
        [string] $amoCrm.Severity | Should -Be 'Error'
        $amoCrm.Message | Should -Match 'no link: amoCRM requires both link'
        @(Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ 'AmoSupportMissing').Count | Should -Be 0

        Set-WidgetText (Join-Path $w 'manifest.json') ",`n    `"support`": { `"email`": `"help@my-widget.ru`" }" ''
        $any = Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ 'AmoSupportMissing'
        [string] $any.Severity | Should -Be 'Warning'
        $any.Message | Should -Match 'amoCRM requires both link and email; Kommo asks for link, or email'
        (Test-AmoWidget $w -Platform Kommo -Detailed | Where-Object RuleName -EQ 'AmoSupportMissing').Message | Should -Match '^widget\.support is missing: Kommo asks for link'
    }
}

Describe 'The new rules over the corpus' {
    It 'find exactly the findings judged in the note' {
        $corpus = Get-CorpusPath
        if (-not $corpus) { Set-ItResult -Skipped -Because 'the corpus is not beside this clone'; return }
        # Each judged in the issue's note: a misplaced or foreign key, an icon missing or not SVG, a tour slide the folder lacks.
        $judged = @(
            'Alerom2006__Calendar AmoKeyUnknown Warning /widget/tour_description'
            'alex-Alex12345-kod__amocrm AmoKeyUnknown Warning /widget/locations'
            'alex-Alex12345-kod__amocrm__widget AmoKeyUnknown Warning /author'
            'alex-Alex12345-kod__amocrm__widget AmoKeyUnknown Warning /description'
            'alex-Alex12345-kod__amocrm__widget AmoKeyUnknown Warning /init'
            'alex-Alex12345-kod__amocrm__widget AmoKeyUnknown Warning /name'
            'alex-Alex12345-kod__amocrm__widget AmoKeyUnknown Warning /version'
            'DmitryTaran__responsible-distribution__widget AmoLeftMenuIcon Warning /left_menu/realty_widget_code/icon'
            'dyuzha__amo-widget__static AmoTourImageMissing Warning /tour/tour_images/ru/0'
            'esvirin__amo-widget-server__script_template_ui AmoTourImageMissing Warning /tour/tour_images/ru/0'
            'igorga802__lead-button__widget AmoKeyUnknown Warning /widget/advanced'
            'igorga802__lead-button__widget AmoKeyUnknown Warning /widget/locations'
            'kommo-crm__birthday-widget AmoTourImageMissing Warning /tour/tour_images/en/0'
            'kommo-crm__birthday-widget AmoTourImageMissing Warning /tour/tour_images/en/1'
            'kommo-crm__birthday-widget AmoTourImageMissing Warning /tour/tour_images/en/2'
            'kommo-crm__birthday-widget AmoTourImageMissing Warning /tour/tour_images/es/0'
            'kommo-crm__birthday-widget AmoTourImageMissing Warning /tour/tour_images/es/1'
            'kommo-crm__birthday-widget AmoTourImageMissing Warning /tour/tour_images/es/2'
            'kommo-crm__birthday-widget AmoTourImageMissing Warning /tour/tour_images/pt/0'
            'kommo-crm__birthday-widget AmoTourImageMissing Warning /tour/tour_images/pt/1'
            'kommo-crm__birthday-widget AmoTourImageMissing Warning /tour/tour_images/pt/2'
            'KonstantinAbramov1992__AmoIntegration__widget AmoLeftMenuIcon Error /left_menu/realty_widget_code/icon'
            'michaellux__distribution_deals__widget AmoTourImageMissing Warning /tour/tour_images/ru/0'
            'michaellux__distribution_deals__widget AmoTourImageMissing Warning /tour/tour_images/ru/1'
            'michaellux__distribution_deals__widget AmoTourImageMissing Warning /tour/tour_images/ru/2'
            'NikolaevConstantin__base_widget_amo__widget AmoTourImageMissing Warning /tour/tour_images/ru/0'
            'Pekea2k2__amoWidget__widget AmoTourImageMissing Warning /tour/tour_images/ru/0'
            'Reon-Frontend__clevertask__widget AmoTourImageMissing Warning /tour/tour_images/ru/0'
            'Taemur283__amo-widget-calendar AmoTourImageMissing Warning /tour/tour_images/ru/0'
            'yukkop__amo-widget__widget AmoTourImageMissing Warning /tour/tour_images/ru/0'
            'zerok06__widget-template AmoTourImageMissing Warning /tour/tour_images/en/0'
            'zerok06__widget-template AmoTourImageMissing Warning /tour/tour_images/en/1'
            'zerok06__widget-template AmoTourImageMissing Warning /tour/tour_images/en/2'
            'zerok06__widget-template AmoTourImageMissing Warning /tour/tour_images/es/0'
            'zerok06__widget-template AmoTourImageMissing Warning /tour/tour_images/es/1'
            'zerok06__widget-template AmoTourImageMissing Warning /tour/tour_images/es/2'
        )
        foreach ($platform in 'Any', 'AmoCrm', 'Kommo') {
            $found = foreach ($folder in Get-ChildItem -LiteralPath $corpus -Directory) {
                Test-AmoWidget -LiteralPath $folder.FullName -Detailed -Platform $platform | Where-Object RuleName -In $script:NewRules |
                    ForEach-Object { '{0} {1} {2} {3}' -f $folder.Name, $_.RuleName, $_.Severity, $_.Path }
            }
            @($found | Sort-Object { $_ } -Culture invariant) | Should -Be @($judged | Sort-Object { $_ } -Culture invariant) -Because "-Platform $platform"
        }
    }
}
