# The Runtime rules (Get-AmoRule | Where-Object Area -EQ Runtime) as a pwsh user meets them through Test-AmoWidget
# -Runtime and Assert-AmoWidget -Runtime: script.js run in the headless host through its locations.

BeforeAll {
    . $PSScriptRoot/../Common.ps1
}

Describe 'Runtime rules' {
    BeforeEach {
        $root = New-TestFolder
        $w = New-DocsWidget (Join-Path $root 'widget')
        $js = Join-Path $w 'script.js'
    }

    AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

    It 'finds nothing in the docs widget, and runs nothing without -Runtime' {
        @(Test-AmoWidget $w -Runtime -Detailed) | Should -BeNullOrEmpty
        Set-WidgetText $js 'init: function () { return true; }' 'init: function () { return null.x; }'
        @(Test-AmoWidget $w -Detailed) | Should -BeNullOrEmpty
    }

    It 'AmoRuntimeException names the file, line, column, location and callback' {
        Set-WidgetText $js 'init: function () { return true; }' 'init: function () { if (self.system().area === "llist") { undefined.x; } return true; }'
        Set-WidgetText $js 'return function () {' 'return function () { var self = this;'
        $d = @(Test-AmoWidget $w -Runtime -Detailed)
        $d.RuleName | Should -Be @('AmoRuntimeException')
        [string] $d[0].Severity | Should -Be 'Error'
        $d[0].File | Should -Be $js
        $d[0].Line | Should -Be 4
        $d[0].Column | Should -BeGreaterThan 1
        $d[0].Message | Should -Match 'TypeError'
        $d[0].Message | Should -Match 'init in llist'
        Test-AmoWidget $w -Runtime | Should -BeFalse
    }

    It 'AmoRuntimeResultNotTrue for an init that forgets return true' {
        Set-WidgetText $js 'init: function () { return true; }' 'init: function () { }'
        $d = @(Test-AmoWidget $w -Runtime -Detailed)
        # One fault in every area the walk met it in is one finding, at the callback's own function.
        $d.RuleName | Should -Be @('AmoRuntimeResultNotTrue')
        $d[0].Message | Should -Match '^init in lcard, ccard, llist, [a-z_, ]+ gave back undefined, not true'
        $d[0].File | Should -BeLike '*script.js'
        $d[0].Line | Should -Be (@(Get-Content -LiteralPath $js) | Select-String -SimpleMatch 'init: function () { }')[0].LineNumber
        $d[0].Column | Should -BeGreaterThan 1
    }

    It 'AmoRuntimeException for a promise a callback not held to true rejects (selected)' {
        Set-WidgetText $js 'selected: function () { return true; }' 'selected: function () { return Promise.reject(new RangeError(''no rows'')); }'
        $d = @(Test-AmoWidget $w -Runtime -Detailed)
        $d.RuleName | Should -Be @('AmoRuntimeException')
        $d[0].Message | Should -Match '^leads\.selected in llist gave a promise rejected with RangeError: no rows'
        $d[0].Line | Should -BeGreaterThan 0
    }

    It 'AmoRuntimeResultNotTrue for a define() factory that returns no widget' {
        Set-Content -LiteralPath $js -Value 'define([''jquery''], function ($) { var unused = 1; });'
        $d = @(Test-AmoWidget $w -Runtime -Detailed | Where-Object RuleName -like 'AmoRuntime*')
        $d.RuleName | Should -Be @('AmoRuntimeResultNotTrue')
        $d[0].Message | Should -Match 'has no callbacks object'
    }

    It 'AmoRuntimeModuleUnknown names the file that depends on the module' {
        $null = New-Item -ItemType Directory -Path (Join-Path $w 'lib')
        Set-Content -LiteralPath (Join-Path $w 'lib/view.js') -Value 'define([''es6promise''], function (p) { return {}; });'
        Set-WidgetText $js "define(['jquery']" "define(['jquery', './lib/view.js']"
        $d = @(Test-AmoWidget $w -Runtime -Detailed | Where-Object RuleName -eq 'AmoRuntimeModuleUnknown')
        $d.Count | Should -Be 1
        $d[0].File | Should -BeLike '*lib?view.js'
        $d[0].Message | Should -Match "^lib/view\.js depends on the module 'es6promise'"
    }

    It 'AmoRuntimeResultNotTrue that names a script.js without define()' {
        Set-Content -LiteralPath $js -Value 'var widget = { callbacks: {} };'
        # The static check reports each callback it finds missing (AmoCallbackMissing); the run says why.
        $d = @(Test-AmoWidget $w -Runtime -Detailed | Where-Object RuleName -like 'AmoRuntime*')
        $d.RuleName | Should -Be @('AmoRuntimeResultNotTrue')
        $d[0].Message | Should -Match 'calls no define\(\)'
    }

    It 'AmoRuntimeLimit for an endless loop, and the check ends' {
        Set-WidgetText $js 'dpSettings: function () { return true; }' 'dpSettings: function () { for (;;) {} }'
        $d = @(Test-AmoWidget $w -Runtime -Detailed)
        $d.RuleName | Should -Be @('AmoRuntimeLimit')
        $d[0].Message | Should -Match 'dpSettings in digital_pipeline ran longer'
    }

    It 'AmoRuntimeHandlerRebound for a document handler bound at each area change' {
        Set-WidgetText $js 'bind_actions: function () { return true; }' 'bind_actions: function () { $(document).on("click", ".w-btn", function () {}); return true; }'
        $d = @(Test-AmoWidget $w -Runtime -Detailed)
        $d.RuleName | Should -Be @('AmoRuntimeHandlerRebound')
        [string] $d[0].Severity | Should -Be 'Warning'
        # At the handler's own function, where it is bound again.
        $bound = (@(Get-Content -LiteralPath $js) | Select-String -SimpleMatch '$(document).on("click"')[0]
        $d[0].Line | Should -Be $bound.LineNumber
        $d[0].Column | Should -Be ($bound.Line.IndexOf('function () {}') + 1)
    }

    It 'AmoRuntimeModuleUnknown, AmoRuntimeI18nKeyAbsent, AmoRuntimeSettingAbsent, AmoRuntimeAppWrite, AmoRuntimeCrmPostRate' {
        Set-WidgetText $js 'return function () {' 'return function () { var self = this;'
        Set-WidgetText $js 'advancedSettings: function () { return true; }' 'advancedSettings: function () { self.i18n("advanced").subtitle; self.get_settings().token; AMOCRM.flag = 1; self.crm_post("https://a.test/1"); self.crm_post("https://a.test/2"); return true; }'
        $d = @(Test-AmoWidget $w -Runtime -Detailed)
        @($d.RuleName | Sort-Object) | Should -Be @('AmoRuntimeAppWrite', 'AmoRuntimeCrmPostRate', 'AmoRuntimeI18nKeyAbsent', 'AmoRuntimeSettingAbsent')
        ($d | Where-Object RuleName -EQ 'AmoRuntimeI18nKeyAbsent').Message | Should -Match "'advanced.subtitle'"
        ($d | Where-Object RuleName -EQ 'AmoRuntimeSettingAbsent').Message | Should -Match "'token'"

        Set-WidgetText $js "define(['jquery']" "define(['jquery', 'no-such-module']"
        @(Test-AmoWidget $w -Runtime -Detailed).RuleName | Should -Be @('AmoRuntimeModuleUnknown')
    }

    It 'leaves out an -ExcludeRule rule, and Assert-AmoWidget -Runtime fails with WidgetInvalid' {
        Set-WidgetText $js 'init: function () { return true; }' 'init: function () { }'
        @(Test-AmoWidget $w -Runtime -Detailed -ExcludeRule AmoRuntimeResultNotTrue) | Should -BeNullOrEmpty
        { Assert-AmoWidget $w -Runtime } | Should -Throw -ErrorId 'WidgetInvalid*'
        { Assert-AmoWidget $w } | Should -Not -Throw
    }

    It 'lists every Runtime rule in Get-AmoRule' {
        @(Get-AmoRule | Where-Object Area -EQ Runtime).Count | Should -Be 9
    }
}

Describe 'Test-AmoWidget -Runtime over the real widgets' {
    It 'gives findings, never an error or a hang, for each folder of ../shared/widgets' {
        $corpus = Get-CorpusPath
        if (-not $corpus) { Set-ItResult -Skipped -Because 'the shared corpus is not beside this clone'; return }
        $widgets = Join-Path (Split-Path -Parent $corpus) 'widgets'
        $folders = @(Get-ChildItem -LiteralPath $widgets -Directory | ForEach-Object {
                Get-ChildItem -LiteralPath $_.FullName -Filter manifest.json -Recurse -File | Select-Object -First 1
            } | Where-Object { Test-Path -LiteralPath (Join-Path $_.DirectoryName 'script.js') } | ForEach-Object DirectoryName)
        $folders.Count | Should -BeGreaterThan 15
        $errors = $null
        $findings = @($folders | ForEach-Object { Test-AmoWidget -LiteralPath $_ -Runtime -Detailed -ErrorVariable +errors })
        $errors | Should -BeNullOrEmpty
        $findings | Where-Object Message -Match 'The host stopped' | Should -BeNullOrEmpty
    }
}
