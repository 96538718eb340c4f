# Invoke-AmoWidgetCallback as a widget's own Pester tests use it: the trace of each callback call, the data passed in,
# the answers -Response gives, and the failure paths.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Invoke-AmoWidgetCallback' {
    BeforeEach {
        $root = New-TestFolder
        $w = New-DocsWidget (Join-Path $root 'widget')
        $js = Join-Path $w 'script.js'
    }

    AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

    It 'runs render, init, bind_actions, the location''s callbacks and destroy, then enters the first location again' {
        $calls = @(Invoke-AmoWidgetCallback $w -Location llist, settings)
        @($calls | ForEach-Object { "$($_.Location)/$($_.Callback)" }) | Should -Be @(
            '/script.js', 'llist/render', 'llist/init', 'llist/bind_actions', 'llist/leads.selected', 'llist/destroy',
            'settings/render', 'settings/init', 'settings/bind_actions', 'settings/settings', 'settings/onSave', 'settings/destroy',
            'llist/render', 'llist/init', 'llist/bind_actions', 'llist/destroy')
        $calls[0].GetType().FullName | Should -Be 'AmoWidget.AmoWidgetCallbackResult'
        ($calls | Where-Object Callback -EQ 'init')[0].ReturnedTrue | Should -BeTrue
    }

    It 'shows the calls a widget made at 80 columns with its control characters escaped, as JSON, in the table and the list' {
        Set-WidgetText $js 'render: function () { return true; }' 'render: function () { console.debug("\u001b[31mRED\u001b[0m\u0007 \u001b]0;pwned\u0007", { k: "\u009b2J" }); return true; }'
        $render = @(Invoke-AmoWidgetCallback $w -Location lcard -Callback render)[0]
        $render.Calls.Target | Should -Contain 'console.debug'
        $render.Calls[0].Arguments[0] | Should -Match "`e" -Because 'the property keeps the data as the widget gave it'
        foreach ($text in @(($render.Calls | Out-String -Width 80), ($render.Calls | Format-List | Out-String -Width 80), ($render | Format-List | Out-String -Width 80), ($render | Out-String -Width 80))) {
            $text | Should -Not -Match '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]' -Because "no control character of the widget reaches the terminal:`n$text"
            @($text -split '\r?\n' | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty
        }
        ($render.Calls | Out-String -Width 80) | Should -Match '\\u001b\[31mRED'
    }

    It 'does not count the time -Response takes against the widget''s 2 s' {
        Set-WidgetText $js 'return function () {' 'return function () { var self = this;'
        Set-WidgetText $js 'init: function () { return true; }' 'init: function () { self.crm_post("https://a.test/1"); self.crm_post("https://a.test/2"); return true; }'
        $init = @(Invoke-AmoWidgetCallback $w -Location lcard -Callback init -Response { Start-Sleep -Milliseconds 1300; @{ ok = 1 } })[0]
        $init.Error | Should -BeNullOrEmpty -Because 'two answers of 1.3 s each are the test''s time, not the widget''s'
        $init.ReturnedTrue | Should -BeTrue
    }

    It 'stops at the first throw of -Response: one ResponseFailed, the script block run once, however often the widget asks' {
        Set-WidgetText $js 'return function () {' 'return function () { var self = this;'
        Set-WidgetText $js 'init: function () { return true; }' 'init: function () { for (var i = 0; i < 200; i++) { try { self.crm_post("https://a.test/" + i); } catch (e) {} } return true; }'
        $script:asked = 0
        $r = Invoke-Captured { Invoke-AmoWidgetCallback $w -Location lcard -Response { $script:asked++; throw 'no server' } }
        $script:asked | Should -Be 1
        @($r.AllErrors).Count | Should -Be 1
        Get-ErrorId @($r.AllErrors)[0] | Should -Be 'ResponseFailed'
    }

    It 'passes -Settings, -Selection and -Constant, and records the calls with their answers' {
        Set-WidgetText $js 'return function () {' 'return function () { var self = this;'
        Set-WidgetText $js 'leads: { selected: function () { return true; } }' 'leads: { selected: function () { var rows = self.list_selected().selected; var user = APP.constant("user"); self.crm_post("https://api.my-widget.ru/leads", { ids: rows.map(function (r) { return r.id; }), login: self.get_settings().login, user: user.id }, function (answer) { self.set_settings({ sent: answer.sent }); }, "json"); return true; } }'
        $requests = [System.Collections.Generic.List[object]]::new()
        $selected = Invoke-AmoWidgetCallback $w -Location llist -Callback leads.selected -Settings @{ login = 'anna' } -Selection 7, 9 `
            -Constant @{ user = @{ id = 42 } } -Response { param($Request) $requests.Add($Request); @{ sent = 2 } }
        $selected.Count | Should -Be 1
        $post = $selected.Calls | Where-Object Target -EQ 'self.crm_post'
        $post.Arguments[0] | Should -Be 'https://api.my-widget.ru/leads'
        $post.Arguments[1].ids | Should -Be @(7, 9)
        $post.Arguments[1].login | Should -Be 'anna'
        $post.Arguments[1].user | Should -Be 42
        $post.Answer.sent | Should -Be 2
        $requests[0].Target | Should -Be 'self.crm_post'
        $requests[0].Url | Should -Be 'https://api.my-widget.ru/leads'
        ($selected.Calls | Where-Object Target -EQ 'self.set_settings').Arguments[0].sent | Should -Be 2
    }

    It 'shows an exception with its place, and the host goes on' {
        Set-WidgetText $js 'bind_actions: function () { return true; }' 'bind_actions: function () { null.f(); return true; }'
        $calls = @(Invoke-AmoWidgetCallback $w -Location lcard)
        $bind = $calls | Where-Object Callback -EQ 'bind_actions' | Select-Object -First 1
        $bind.Outcome | Should -Be 'error'
        $bind.Error.File | Should -Be 'script.js'
        $bind.Error.Line | Should -Be 4
        $bind.Error.Message | Should -Match 'TypeError'
        $calls.Callback | Should -Contain 'destroy'
    }

    It 'caps a thrown message of megabytes, so a log never carries it whole' {
        Set-WidgetText $js 'bind_actions: function () { return true; }' 'bind_actions: function () { throw new Error(new Array(3000000).join("A")); }'
        $bind = @(Invoke-AmoWidgetCallback $w -Location lcard -Callback bind_actions)[0]
        $bind.Outcome | Should -Be 'error'
        $bind.Error.Message.Length | Should -BeLessThan 2100
        $bind.Error.Message | Should -Match 'more characters\)$'
    }

    It 'warns of a fault outside any call, and of a -Callback no call had, rather than writing nothing' {
        # The widget breaks the host's own calls while its module loads: no callback row can be made.
        $text = [IO.File]::ReadAllText($js)
        Write-Utf8 $js ("Function.prototype.call = null; JSON.stringify = function () { throw 1; };`n" + $text)
        $r = Invoke-Captured { Invoke-AmoWidgetCallback $w -Location lcard }
        $r.AllErrors | Should -BeNullOrEmpty
        ($r.Warnings -join "`n") | Should -Match 'The host stopped'
        ($r.Warnings -join "`n") | Should -Not -Match 'Exception:'

        Write-Utf8 $js $text
        $typo = Invoke-Captured { Invoke-AmoWidgetCallback $w -Location lcard -Callback rendr }
        $typo.Output | Should -BeNullOrEmpty
        ($typo.Warnings -join "`n") | Should -Match "-Callback 'rendr': no such call in lcard"
    }

    It 'stops a script that never ends when the pipeline is stopped (Ctrl+C): <Command>' -ForEach @(
        @{ Command = 'Invoke-AmoWidgetCallback'; Script = 'Invoke-AmoWidgetCallback $w -Location lcard' }
        @{ Command = 'Test-AmoWidget -Runtime'; Script = 'Test-AmoWidget $w -Runtime' }
    ) {
        # The loop runs while script.js loads, whose limit is 10 s: a stop must not wait for it.
        Write-Utf8 $js ("while (true) {}`n" + [IO.File]::ReadAllText($js))
        $runspace = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault())
        $ps = [powershell]::Create()
        try {
            $runspace.Open()
            $runspace.SessionStateProxy.SetVariable('m', $script:ModulePath)
            $runspace.SessionStateProxy.SetVariable('w', $w)
            $ps.Runspace = $runspace
            $null = $ps.AddScript("Import-Module `$m; $Script")
            $null = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 1500
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $ps.Dispose()
            $runspace.Dispose()
        }
    }

    It 'writes a JSON trace that reads back the same' {
        $calls = Invoke-AmoWidgetCallback $w -Location lcard
        $json = [AmoWidget.AmoWidgetCallbackResult]::ToJson($calls)
        [AmoWidget.AmoWidgetCallbackResult]::ToJson([AmoWidget.AmoWidgetCallbackResult]::FromJson($json)) | Should -Be $json
    }

    It 'fails with <Id> for <Case>' -ForEach @(
        @{ Case = 'a path that does not exist'; Id = 'PathNotFound'; Run = { Invoke-AmoWidgetCallback (Join-Path $root 'nope') -Location lcard -ErrorAction Stop } }
        @{ Case = 'a location the widget does not declare'; Id = 'LocationNotDeclared'; Run = { Invoke-AmoWidgetCallback $w -Location tlist -ErrorAction Stop } }
        @{ Case = 'a widget without script.js'; Id = 'ScriptNotFound'; Run = { Remove-Item $js; Invoke-AmoWidgetCallback $w -Location lcard -ErrorAction Stop } }
        @{ Case = 'a folder without manifest.json'; Id = 'ManifestNotFound'; Run = { Remove-Item (Join-Path $w 'manifest.json'); Invoke-AmoWidgetCallback $w -Location lcard -ErrorAction Stop } }
        @{ Case = 'a file that is no widget'; Id = 'WidgetPathInvalid'; Run = { Invoke-AmoWidgetCallback (Join-Path $w 'i18n/en.json') -Location lcard -ErrorAction Stop } }
        @{ Case = 'a -Language the widget has no file for'; Id = 'LocaleUnknown'; Run = { Invoke-AmoWidgetCallback $w -Location lcard -Language zz -ErrorAction Stop } }
        @{ Case = 'a -Language that is a path'; Id = 'LocaleUnknown'; Run = { Invoke-AmoWidgetCallback $w -Location lcard -Language ../manifest -ErrorAction Stop } }
        @{ Case = '-Settings that hold themselves'; Id = 'NestingTooDeep'; Run = { $h = @{}; $h.me = $h; Invoke-AmoWidgetCallback $w -Location settings -Settings $h -ErrorAction Stop } }
        @{ Case = '-Settings nested 300 deep'; Id = 'NestingTooDeep'; Run = { $h = @{}; $c = $h; 1..300 | ForEach-Object { $c.n = @{}; $c = $c.n }; Invoke-AmoWidgetCallback $w -Location settings -Settings $h -ErrorAction Stop } }
        @{ Case = 'a -Response that throws'; Id = 'ResponseFailed'; Run = {
                Set-WidgetText $js 'init: function () { return true; }' 'init: function () { this.x = 1; return true; }'
                Set-WidgetText $js 'return function () {' 'return function () { var self = this;'
                Set-WidgetText $js 'init: function () { this.x = 1; return true; }' 'init: function () { self.crm_post("https://a.test/"); return true; }'
                Invoke-AmoWidgetCallback $w -Location lcard -Response { throw 'no server' } -ErrorAction Stop } }
    ) {
        { & $Run } | Should -Throw -ErrorId "$Id,*"
    }
}
