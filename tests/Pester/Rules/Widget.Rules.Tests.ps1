# The Widget rules (Get-AmoRule | Where-Object Area -EQ Widget) as a pwsh user meets them: the cases of
# ../shared/cases/whole-manifest give the findings their case.md asks for.

BeforeAll {
    . $PSScriptRoot/../Common.ps1
}

Describe 'Widget rules' {
    Context 'The whole-manifest cases' {
        It 'reports webhook_url at the top level as belonging in dp (case 02)' {
            # The case's own finding, judged by what either platform accepts: its support (an e-mail, no link) is what
            # Kommo takes; judged as the amoCRM widget it is (ru), the missing link is an Error too.
            $w = Join-Path $script:Cases '02-webhook-url-top-level/widget'
            (Test-AmoWidget $w -Detailed | Where-Object Severity -EQ Error).RuleName | Should -Be 'AmoSupportMissing'
            Test-AmoWidget $w -Platform Any | Should -BeTrue
            Test-AmoWidget $w -Platform Any -Strict | Should -BeFalse
            $d = Test-AmoWidget $w -Platform Any -Strict -Detailed
            $d.RuleName | Should -Be @('AmoKeyUnknown')
            $d.Path | Should -Be '/webhook_url'
            $d.Message | Should -Match 'belongs in dp'
            $d.Suggestion | Should -Match 'dp\.webhook_url'
            Test-AmoWidget $w -Platform Any -Strict -ExcludeRule AmoKeyUnknown | Should -BeTrue
        }

        It 'suggests locations for locatons and webhook_url for dp.webhookUrl (case 02, typos)' {
            $d = @(Test-AmoManifest (Join-Path $script:Cases '02-webhook-url-top-level/manifest-typos.json') -Detailed | Where-Object RuleName -EQ 'AmoKeyUnknown')
            $d.Path | Should -Be @('/locatons', '/dp/webhookUrl')
            $d[0].Suggestion | Should -Be 'Did you mean "locations"?'
            $d[1].Suggestion | Should -Be 'Did you mean "webhook_url" (dp.webhook_url)?'
        }
    }

    Context 'The new rules on the docs widget' {
        BeforeEach {
            $root = New-TestFolder
            $w = New-DocsWidget (Join-Path $root 'widget')
        }

        AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

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

        It 'AmoSupportInvalid fails a javascript: support link and an e-mail without a domain, even with -Strict off' {
            Set-WidgetText (Join-Path $w 'manifest.json') '"link": "https://support.my-widget.ru"' '"link": "javascript:alert(1)"'
            Set-WidgetText (Join-Path $w 'manifest.json') '"email": "help@my-widget.ru"' '"email": "not an email"'
            Test-AmoWidget $w | Should -BeFalse
            $d = @(Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ 'AmoSupportInvalid')
            $d.Path | Should -Be @('/widget/support/link', '/widget/support/email')
            $d[0].Message | Should -Be 'widget.support.link "javascript:alert(1)" is not an http(s) address.'
        }

        It 'AmoSupportMissing is an Error for amoCRM, a Warning for Kommo and Any, and names what each asks for' {
            Set-WidgetText (Join-Path $w 'manifest.json') '"link": "https://support.my-widget.ru", ' ''
            Test-AmoWidget $w -Platform AmoCrm | Should -BeFalse
            $amoCrm = Test-AmoWidget $w -Platform AmoCrm -Detailed | Where-Object RuleName -EQ 'AmoSupportMissing'
            [string] $amoCrm.Severity | Should -Be 'Error'
            $amoCrm.Message | Should -Match 'no link: amoCRM requires both link'
            @(Test-AmoWidget $w -Platform Any -Detailed | Where-Object RuleName -EQ 'AmoSupportMissing').Count | Should -Be 0
            # Without -Platform the widget (ru, en) is judged as amoCRM's, and the finding says so.
            (Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ 'AmoSupportMissing').Platform | Should -Be 'AmoCrm'

            Set-WidgetText (Join-Path $w 'manifest.json') ",`n    `"support`": { `"email`": `"help@my-widget.ru`" }" ''
            $any = Test-AmoWidget $w -Platform Any -Detailed | Where-Object RuleName -EQ 'AmoSupportMissing'
            [string] $any.Severity | Should -Be 'Warning'
            $any.Message | Should -Match 'amoCRM requires both link and email; Kommo asks for link, or email'
            (Test-AmoWidget $w -Platform Kommo -Detailed | Where-Object RuleName -EQ 'AmoSupportMissing').Message | Should -Match '^widget\.support is missing: Kommo asks for link'
        }
    }
}
