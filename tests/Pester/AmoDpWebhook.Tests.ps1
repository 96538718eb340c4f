# Send-AmoDpWebhook: the Digital Pipeline webhook amoCRM sends, simulated against a real loopback receiver (HookReceiver.ps1: System.Net.HttpListener in its own runspace), field by field against
# the spec (dp-salesbot-devloop.md §1).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/HookReceiver.ps1
}

Describe 'Send-AmoDpWebhook' {
    BeforeAll {
        $script:dpManifest = New-AmoManifest -Location digital_pipeline |
            Set-AmoDigitalPipeline -WebhookUrl 'http://127.0.0.1:1/unused' |
            Add-AmoDpSetting message -Required |
            Add-AmoDpSetting api_key -Type pass
    }

    It 'posts the form amoCRM sends: bracket keys, string values, the dp.settings filled from -Settings' {
        $receiver = Start-Receiver
        $before = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $result = $script:dpManifest | Send-AmoDpWebhook -Uri $receiver.Uri -Settings @{ message = 'Hi there & more'; api_key = 'dp-key-123' } -LeadId 3001 -StatusId 5501 -PipelineId 77 -Subdomain acme -AccountId 29000001
        $got = Receive-Request $receiver
        $got.Method | Should -Be 'POST'
        $got.Path | Should -Be '/hook'
        $got.ContentType | Should -Be 'application/x-www-form-urlencoded'
        $got.Body | Should -Match 'event%5Btype%5D=14&'
        $form = ConvertFrom-Form $got.Body
        @($form.Keys) | Should -Be @('event[type]', 'event[type_code]', 'event[time]', 'event[data][id]', 'event[data][element_type]', 'event[data][status_id]',
            'event[data][pipeline_id]', 'event[data][direction_of_movement]', 'action[settings][widget][settings][message]', 'action[settings][widget][settings][api_key]', 'subdomain', 'account_id')
        $form['event[type]'] | Should -Be '14'
        $form['event[type_code]'] | Should -Be 'lead_status_changed'
        [long] $form['event[time]'] | Should -BeGreaterOrEqual $before
        [long] $form['event[time]'] | Should -BeLessOrEqual ([DateTimeOffset]::UtcNow.ToUnixTimeSeconds())
        $form['event[data][id]'] | Should -Be '3001'
        $form['event[data][element_type]'] | Should -Be '2'
        $form['event[data][status_id]'] | Should -Be '5501'
        $form['event[data][pipeline_id]'] | Should -Be '77'
        $form['event[data][direction_of_movement]'] | Should -Be 'went_to_trigger'
        $form['action[settings][widget][settings][message]'] | Should -Be 'Hi there & more'
        $form['action[settings][widget][settings][api_key]'] | Should -Be 'dp-key-123'
        $form['subdomain'] | Should -Be 'acme'
        $form['account_id'] | Should -Be '29000001'

        $result.Kind | Should -Be 'DpWebhook'
        $result.Method | Should -Be 'POST'
        $result.Uri | Should -Be $receiver.Uri
        $result.ContentType | Should -Be 'application/x-www-form-urlencoded'
        $result.StatusCode | Should -Be 200
        $result.Response | Should -Be '{"ok":true}'
        $result.AnsweredInTime | Should -BeTrue
        $result.ElapsedMs | Should -BeLessThan 2000
        $result.Body | Should -Not -Match 'dp-key-123' -Because 'a pass setting is a secret'
        $result.Body | Should -Match 'api_key%5D=\*\*\*'
        @($result.Fields.Keys) | Should -Be @($form.Keys)
        $result.Fields['action[settings][widget][settings][api_key]'] | Should -Be '***'
        $result.Fields['event[data][id]'] | Should -Be '3001'
        ($result | Format-Table | Out-String -Width 80) | Should -Match 'DpWebhook\s+200'
    }

    It 'posts JSON with -Encoding Json, numbers where the docs show numbers' {
        $receiver = Start-Receiver
        $null = Send-AmoDpWebhook -Uri $receiver.Uri -Encoding Json -EventType lead_appeared_in_status -LeadId 7 -Settings @{ note = @{ a = 1 } }
        $got = Receive-Request $receiver
        $got.ContentType | Should -Be 'application/json; charset=utf-8'
        $json = $got.Body | ConvertFrom-Json
        $json.event.type | Should -Be 15
        $json.event.type_code | Should -Be 'lead_appeared_in_status'
        $json.event.data.id | Should -Be 7
        $json.event.data.direction_of_movement | Should -Be 'went_in_trigger'
        $json.action.settings.widget.settings.note | Should -Be '{"a":1}' -Because 'structured settings arrive as JSON text'
        $json.subdomain | Should -Be 'example'
        $json.account_id | Should -Be 1
    }

    It 'sends element_type 12 and no stage or direction for a customer event' {
        $receiver = Start-Receiver
        $null = Send-AmoDpWebhook -Uri $receiver.Uri -EventType customer_period_changed -LeadId 55
        $form = ConvertFrom-Form (Receive-Request $receiver).Body
        $form['event[type]'] | Should -Be '21'
        $form['event[data][element_type]'] | Should -Be '12'
        $form.Contains('event[data][direction_of_movement]') | Should -BeFalse
        $form.Contains('event[data][status_id]') | Should -BeFalse
        Get-ErrorId (Get-ErrorRecord { Send-AmoDpWebhook -Uri (Get-ClosedPortUri) -EventType customer_added -Direction went_to_trigger })[0] | Should -Be 'AmoDpDirectionNotApplicable'
    }

    It 'sends nothing when a required dp setting is missing' {
        $receiver = Start-Receiver
        $errors = Get-ErrorRecord { $script:dpManifest | Send-AmoDpWebhook -Uri $receiver.Uri -Settings @{ api_key = 'x' } }
        Get-ErrorId $errors[0] | Should -Be 'AmoDpSettingRequired'
        "$($errors[0])" | Should -Match "'message'"
        Receive-Request $receiver -TimeoutMs 1000 | Should -BeNullOrEmpty -Because 'nothing may be sent'
    }

    It 'takes dp.webhook_url from the manifest, and needs a URL' {
        $receiver = Start-Receiver
        $manifest = New-AmoManifest -Location digital_pipeline | Set-AmoDigitalPipeline -WebhookUrl $receiver.Uri
        ($manifest | Send-AmoDpWebhook).StatusCode | Should -Be 200
        (Receive-Request $receiver).Path | Should -Be '/hook'
        $bare = New-AmoManifest -Location digital_pipeline | Set-AmoDigitalPipeline
        Get-ErrorId (Get-ErrorRecord { $bare | Send-AmoDpWebhook })[0] | Should -Be 'AmoHookUriMissing'
        Get-ErrorId (Get-ErrorRecord { Send-AmoDpWebhook -Uri 'ftp://127.0.0.1/x' })[0] | Should -Be 'AmoHookUriInvalid'
    }

    It 'reports a receiver that is not there, and one that answers late or with an error' {
        $errors = Get-ErrorRecord { Send-AmoDpWebhook -Uri (Get-ClosedPortUri) }
        Get-ErrorId $errors[0] | Should -Be 'AmoHookConnectionFailed'
        $errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'

        $receiver = Start-Receiver -DelayMs 2300
        $result = Send-AmoDpWebhook -Uri $receiver.Uri -WarningVariable late -WarningAction SilentlyContinue
        $null = Receive-Request $receiver
        $result.StatusCode | Should -Be 200
        $result.AnsweredInTime | Should -BeFalse
        $result.ElapsedMs | Should -BeGreaterOrEqual 2000
        "$late" | Should -Match '2000 ms'

        $receiver = Start-Receiver -Status 500
        $result = Send-AmoDpWebhook -Uri $receiver.Uri -WarningAction SilentlyContinue
        $null = Receive-Request $receiver
        $result.StatusCode | Should -Be 500
        $result.AnsweredInTime | Should -BeFalse
    }
}
