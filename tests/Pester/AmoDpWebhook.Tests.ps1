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

    Context 'secrets at any depth, the account subdomain, broken answers' {
        BeforeAll {
            $script:nestedText = 'nested-secure-' + [guid]::NewGuid().ToString('N')
            $script:credText = 'cred-pass-' + [guid]::NewGuid().ToString('N')
            $script:nestedSecure = [System.Net.NetworkCredential]::new('', $script:nestedText).SecurePassword
            $script:credential = [pscredential]::new('dp-user', [System.Net.NetworkCredential]::new('', $script:credText).SecurePassword)

            # A receiver on a raw socket that reads one whole request, then answers with -Answer's bytes as they are
            # and closes (-Reset: with a TCP reset), so the answer can break HTTP as no HTTP server library would.
            function Start-RawReceiver([string] $Answer, [switch] $Reset) {
                $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
                $listener.Start()
                $ps = [powershell]::Create()
                $null = $ps.AddScript({
                        param($Listener, $Answer, $Reset)
                        $client = $Listener.AcceptTcpClient()
                        $stream = $client.GetStream()
                        $seen = [System.IO.MemoryStream]::new()
                        $buffer = [byte[]]::new(8192)
                        $headEnd = -1
                        $length = 0
                        while ($true) {
                            $read = $stream.Read($buffer, 0, $buffer.Length)
                            if ($read -le 0) { break }
                            $seen.Write($buffer, 0, $read)
                            $text = [System.Text.Encoding]::ASCII.GetString($seen.ToArray())
                            if ($headEnd -lt 0 -and ($headEnd = $text.IndexOf("`r`n`r`n")) -ge 0) {
                                if ($text -match '(?im)^Content-Length:\s*(\d+)') { $length = [int] $Matches[1] }
                            }
                            if ($headEnd -ge 0 -and $seen.Length -ge $headEnd + 4 + $length) { break }
                        }
                        $bytes = [System.Text.Encoding]::ASCII.GetBytes($Answer)
                        $stream.Write($bytes, 0, $bytes.Length)
                        $stream.Flush()
                        if ($Reset) { $client.Client.LingerState = [System.Net.Sockets.LingerOption]::new($true, 0) }
                        Start-Sleep -Milliseconds 200
                        $client.Close()
                        [System.Text.Encoding]::UTF8.GetString($seen.ToArray())
                    }).AddArgument($listener).AddArgument($Answer).AddArgument([bool] $Reset)
                [pscustomobject] @{ Listener = $listener; PowerShell = $ps; Handle = $ps.BeginInvoke(); Uri = "http://127.0.0.1:$($listener.LocalEndpoint.Port)/hook" }
            }

            function Stop-RawReceiver($Receiver) {
                try {
                    if ($Receiver.Handle.AsyncWaitHandle.WaitOne(20000)) { $Receiver.PowerShell.EndInvoke($Receiver.Handle)[0] }
                }
                finally {
                    $Receiver.Listener.Stop()
                    $Receiver.PowerShell.Dispose()
                }
            }
        }

        It 'sends a SecureString and a PSCredential nested in -Settings in plain, and never shows them' {
            $settings = @{
                nested = @{ key = $script:nestedSecure; list = @(1, [pscustomobject] @{ login = $script:credential }) }
                top    = $script:credential
                note   = 'plain'
            }
            $receiver = Start-Receiver
            $captured = Invoke-Captured { Send-AmoDpWebhook -Uri $receiver.Uri -Settings $settings -Verbose }
            $got = Receive-Request $receiver
            $form = ConvertFrom-Form $got.Body
            $nested = $form['action[settings][widget][settings][nested]'] | ConvertFrom-Json
            $nested.key | Should -Be $script:nestedText
            $nested.list[1].login | Should -Be $script:credText -Because 'a PSCredential sends its password'
            $form['action[settings][widget][settings][top]'] | Should -Be $script:credText -Because 'a top-level PSCredential sends its password, not its type name'
            $form['action[settings][widget][settings][note]'] | Should -Be 'plain'

            $result = $captured.Output[0]
            $result.StatusCode | Should -Be 200
            $captured.Verbose | Should -Not -BeNullOrEmpty
            $shown = $result.Body + ($result | Out-String -Width 200) + ($result | Format-List * | Out-String -Width 200) + ($result.Fields.Values -join ' ') + $captured.Text
            $shown | Should -Not -Match $script:nestedText
            $shown | Should -Not -Match $script:credText
            $result.Fields['action[settings][widget][settings][top]'] | Should -Be '***'
            ($result.Fields['action[settings][widget][settings][nested]'] | ConvertFrom-Json).key | Should -Be '***'
            ($result.Fields['action[settings][widget][settings][nested]'] | ConvertFrom-Json).list[1].login | Should -Be '***'
            $result.Body | Should -Match 'top%5D=\*\*\*'
        }

        It 'sends them in plain with -Encoding Json too, and masks them in Body' {
            $receiver = Start-Receiver
            $result = Send-AmoDpWebhook -Uri $receiver.Uri -Encoding Json -Settings @{ nested = @(@{ key = $script:nestedSecure }); top = $script:credential }
            $json = (Receive-Request $receiver).Body | ConvertFrom-Json
            ($json.action.settings.widget.settings.nested | ConvertFrom-Json)[0].key | Should -Be $script:nestedText
            $json.action.settings.widget.settings.top | Should -Be $script:credText
            $shownJson = $result.Body | ConvertFrom-Json
            $shownJson.action.settings.widget.settings.top | Should -Be '***'
            ($shownJson.action.settings.widget.settings.nested | ConvertFrom-Json)[0].key | Should -Be '***'
            $result.Body + ($result | Out-String) | Should -Not -Match "$script:nestedText|$script:credText"
        }

        It 'refuses a -Subdomain that is not one DNS label, and sends nothing' {
            $receiver = Start-Receiver
            $errors = Get-ErrorRecord { Send-AmoDpWebhook -Uri $receiver.Uri -Subdomain 'evil.example/x#' }
            Get-ErrorId $errors[0] | Should -Be 'AmoSubdomainInvalid'
            Receive-Request $receiver -TimeoutMs 1000 | Should -BeNullOrEmpty -Because 'nothing may be sent'
        }

        It 'takes -Subdomain as Connect-AmoAccount does: the label, case and an .amocrm.ru ending aside' {
            $receiver = Start-Receiver
            $null = Send-AmoDpWebhook -Uri $receiver.Uri -Subdomain ' Acme.amocrm.ru '
            (ConvertFrom-Form (Receive-Request $receiver).Body)['subdomain'] | Should -Be 'acme'
        }

        It 'reports a body shorter than its Content-Length as AmoHookResponseInvalid' {
            $receiver = Start-RawReceiver "HTTP/1.1 200 OK`r`nContent-Type: text/plain`r`nContent-Length: 100`r`n`r`nshort"
            $errors = Get-ErrorRecord { Send-AmoDpWebhook -Uri $receiver.Uri }
            Stop-RawReceiver $receiver | Should -Match '^POST /hook HTTP/1\.1'
            Get-ErrorId $errors[0] | Should -Be 'AmoHookResponseInvalid'
            "$($errors[0])" | Should -Match 'not valid HTTP after answering 200'
        }

        It 'reports a bad chunk as AmoHookResponseInvalid' {
            $receiver = Start-RawReceiver "HTTP/1.1 200 OK`r`nContent-Type: text/plain`r`nTransfer-Encoding: chunked`r`n`r`nzz`r`nabc`r`n0`r`n`r`n"
            $errors = Get-ErrorRecord { Send-AmoDpWebhook -Uri $receiver.Uri }
            $null = Stop-RawReceiver $receiver
            Get-ErrorId $errors[0] | Should -Be 'AmoHookResponseInvalid'
        }

        It 'reports a connection reset in the middle of the answer as a hook error, not a file system error' {
            $receiver = Start-RawReceiver "HTTP/1.1 200 OK`r`nContent-Type: text/plain`r`nContent-Length: 100000`r`n`r`npartial" -Reset
            $errors = Get-ErrorRecord { Send-AmoDpWebhook -Uri $receiver.Uri }
            $null = Stop-RawReceiver $receiver
            @($errors).Count | Should -Be 1
            Get-ErrorId $errors[0] | Should -BeIn @('AmoHookConnectionFailed', 'AmoHookResponseInvalid')
        }
    }
}
