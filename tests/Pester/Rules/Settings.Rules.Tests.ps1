# The Settings rules (Get-AmoRule | Where-Object Area -EQ Settings) as a pwsh user meets them through Test-AmoWidget.

BeforeAll {
    . $PSScriptRoot/../Common.ps1
}

Describe 'Settings rules' {
    Context 'A change to the docs widget' {
        BeforeEach {
            $root = New-TestFolder
            $w = New-DocsWidget (Join-Path $root 'widget')
        }

        AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

        It 'AmoSettingType fails a settings field of a type outside the set, naming the allowed ones' {
            Set-WidgetText (Join-Path $w 'manifest.json') '"login": { "name": "settings.login", "type": "text"' '"login": { "name": "settings.login", "type": "checkbox"'
            Test-AmoWidget $w | Should -BeFalse
            $d = @(Test-AmoWidget $w -Detailed)
            $d.RuleName | Should -Be @('AmoSettingType')
            $d.Path | Should -Be '/settings/login/type'
            $d.Message | Should -Match 'allowed: text, pass, users, users_lp, custom'
        }

        It 'AmoDpWebhookUrl fails a dp.webhook_url that is not an absolute http(s) URL' {
            Set-WidgetText (Join-Path $w 'manifest.json') '"webhook_url": "https://hooks.my-widget.ru/dp"' '"webhook_url": "hooks/dp"'
            Test-AmoWidget $w | Should -BeFalse
            $d = @(Test-AmoWidget $w -Detailed)
            $d.RuleName | Should -Be @('AmoDpWebhookUrl')
            [string] $d.Severity | Should -Be 'Error'
            $d.Path | Should -Be '/dp/webhook_url'
        }

        It 'AmoSettingsBlockMissing fails the settings location without a settings object, and passes an empty one' {
            $manifest = Join-Path $w 'manifest.json'
            Set-WidgetText $manifest '"settings": { "login": { "name": "settings.login", "type": "text", "required": true } },' ''
            Test-AmoWidget $w | Should -BeFalse
            $d = @(Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ 'AmoSettingsBlockMissing')
            $d.Count | Should -Be 1
            [string] $d.Severity | Should -Be 'Error'
            $d.Path | Should -Be '/locations/3'
            Set-WidgetText $manifest '"tour": {' '"settings": {}, "tour": {'
            @(Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ 'AmoSettingsBlockMissing').Count | Should -Be 0
        }

        It 'AmoSalesbotDefaultMissing warns for a Salesbot field without default_value, and not for one with it' {
            $manifest = Join-Path $w 'manifest.json'
            Set-WidgetText $manifest '"tour": {' '"salesbot_designer": { "send": { "name": "advanced.title", "settings": { "message": { "name": "dp.message", "type": "text", "required": true } } } }, "tour": {'
            Set-WidgetText $manifest '"advanced_settings"]' '"advanced_settings", "salesbot_designer"]'
            $d = @(Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ 'AmoSalesbotDefaultMissing')
            $d.Count | Should -Be 1
            [string] $d.Severity | Should -Be 'Warning'
            $d.Path | Should -Be '/salesbot_designer/send/settings/message'
            @(Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ 'AmoKeyUnknown').Count | Should -Be 0
            Set-WidgetText $manifest '"required": true } } } }' '"required": true, "default_value": "" } } } }'
            @(Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ 'AmoSalesbotDefaultMissing').Count | Should -Be 0
        }
    }
}
