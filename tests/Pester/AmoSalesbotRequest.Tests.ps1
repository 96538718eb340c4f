# Send-AmoSalesbotRequest: the Salesbot widget_request simulated against a real loopback receiver (HookReceiver.ps1: System.Net.HttpListener in its own runspace), field by field against
# the spec (dp-salesbot-devloop.md §2); tokens are checked with System.IdentityModel.Tokens.Jwt.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/HookReceiver.ps1
}

Describe 'Send-AmoSalesbotRequest' {
    It 'posts by default the form live traffic showed: token, data[...] and return_url, entity_type a string' {
        $receiver = Start-Receiver
        $result = Send-AmoSalesbotRequest -Uri $receiver.Uri -ClientSecret $script:secret -Data @{ lead = '{{lead.id}}' } -EntityType contact -Subdomain acme
        $got = Receive-Request $receiver
        $got.ContentType | Should -Be 'application/x-www-form-urlencoded'
        $form = ConvertFrom-Form $got.Body
        @($form.Keys) | Should -Be @('token', 'data[lead]', 'return_url')
        $form['data[lead]'] | Should -Be '{{lead.id}}'
        $form.return_url | Should -Match '^https://acme\.amocrm\.ru/api/v4/salesbot/\d+/continue/\d+$'
        $payload = $form.token.Split('.')[1].Replace('-', '+').Replace('_', '/')
        $json = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($payload + '=' * ((4 - $payload.Length % 4) % 4)))
        $json | Should -Match '"entity_type":"1"' -Because 'the platform sends the code as a string'
        $result.Fields['data[lead]'] | Should -Be '{{lead.id}}'
    }

    It 'on Kommo puts iss and return_url on acme.kommo.com, aud on -RedirectUri''s scheme://host' {
        $receiver = Start-Receiver
        $result = Send-AmoSalesbotRequest -Uri $receiver.Uri -ClientSecret $script:secret -Platform Kommo -Subdomain acme.kommo.com -RedirectUri 'https://hooks.example.net:8443/oauth/amo'
        $form = ConvertFrom-Form (Receive-Request $receiver).Body
        $form.return_url | Should -Match '^https://acme\.kommo\.com/api/v4/salesbot/\d+/continue/\d+$'
        $null = Confirm-Jwt $form.token $script:secretText 'HS512' 'https://acme.kommo.com' 'https://hooks.example.net'
        $result.Claims['aud'] | Should -Be 'https://hooks.example.net' -Because 'the base address has no port'
    }

    It 'refuses a -RedirectUri that is not an absolute http(s) URL, and sends nothing' {
        $receiver = Start-Receiver
        $errors = Get-ErrorRecord { Send-AmoSalesbotRequest -Uri $receiver.Uri -ClientSecret $script:secret -RedirectUri 'ftp://x/' }
        Get-ErrorId $errors[0] | Should -Be 'AmoHookUriInvalid'
        Receive-Request $receiver -TimeoutMs 1000 | Should -BeNullOrEmpty -Because 'nothing may be sent'
    }

    It 'with -Encoding Json posts {token, data, return_url} with an HS512 JWT carrying the documented claims' {
        $receiver = Start-Receiver
        $result = Send-AmoSalesbotRequest -Uri $receiver.Uri -ClientSecret $script:secret -Encoding Json -Data @{ lead = '{{lead.id}}'; text = 'hello' } -EntityType customer -EntityId 4242 -Subdomain acme -AccountId 29000001 -ClientId 'c0ffee00-0000-4000-8000-000000000001'
        $got = Receive-Request $receiver
        $got.ContentType | Should -Be 'application/json; charset=utf-8'
        $body = $got.Body | ConvertFrom-Json -AsHashtable
        @($body.Keys | Sort-Object) | Should -Be @('data', 'return_url', 'token')
        $body.data.lead | Should -Be '{{lead.id}}'
        $body.data.text | Should -Be 'hello'
        $body.return_url | Should -Match '^https://acme\.amocrm\.ru/api/v4/salesbot/\d+/continue/\d+$'

        $claims = Confirm-Jwt $body.token $script:secretText 'HS512' 'https://acme.amocrm.ru' 'http://127.0.0.1'
        $claims.account_id | Should -Be '29000001'
        $claims.subdomain | Should -Be 'acme'
        $claims.entity_type | Should -Be '12'
        $claims.entity_id | Should -Be '4242'
        $claims.client_uuid | Should -Be 'c0ffee00-0000-4000-8000-000000000001'
        $claims.bot_type | Should -Be 'salesbot'
        $claims.jti | Should -Not -BeNullOrEmpty
        [long] $claims.exp - [long] $claims.iat | Should -Be 1800
        [long] $claims.nbf | Should -Be ([long] $claims.iat)
        { Confirm-Jwt $body.token ('x' * 64) 'HS512' 'https://acme.amocrm.ru' 'http://127.0.0.1' } | Should -Throw -Because 'another secret must not validate it'

        $result.Kind | Should -Be 'SalesbotRequest'
        $result.Claims['entity_id'] | Should -Be 4242
        $result.Continue | Should -BeNullOrEmpty
    }

    It 'never shows the client secret' {
        $receiver = Start-Receiver
        $all = Send-AmoSalesbotRequest -Uri $receiver.Uri -ClientSecret $script:secret -Verbose *>&1 | Out-String
        $result = Send-AmoSalesbotRequest -Uri (Get-ClosedPortUri) -ClientSecret $script:secret -ErrorAction SilentlyContinue -ErrorVariable failed
        $null = Receive-Request $receiver
        $all + ($failed | Out-String) | Should -Not -Match ([regex]::Escape($script:secretText))
    }

    It 'with -WaitForContinue runs the return_url on loopback and reports a valid continue call' {
        $continue = '{"data":{"ok":"1","answer":"Order 118 shipped"},"execute_handlers":[{"handler":"show","params":{"type":"text","value":"Done"}},{"handler":"goto","params":{"type":"question","step":1}}]}'
        $receiver = Start-Receiver -Continue $continue
        $result = Send-AmoSalesbotRequest -Uri $receiver.Uri -ClientSecret $script:secret -WaitForContinue -ContinueTimeoutSec 30
        $got = Receive-Request $receiver
        (ConvertFrom-Form $got.Body).return_url | Should -Match '^http://127\.0\.0\.1:\d+/api/v4/salesbot/\d+/continue/\d+$'
        $got.ContinueStatus | Should -Be 202
        $result.Continue.Valid | Should -BeTrue
        $result.Continue.AnsweredStatus | Should -Be 202
        $result.Continue.Method | Should -Be 'POST'
        $result.Continue.HasBearerToken | Should -BeTrue
        $result.Continue.Handlers | Should -Be @('show', 'goto')
        $result.Continue.Body | Should -Be $continue
        ($result | Format-Table | Out-String -Width 80) | Should -Match 'valid'
    }

    It 'reports every way a continue call breaks §2.4' {
        $long = 'x' * 81
        $handlers = @(@{ handler = 'show'; params = @{ type = 'text'; value = $long } }, @{ handler = 'exits'; params = @{ value = 'done' } }, @{ handler = 'goto'; params = @{ type = 'jump'; step = '1' } })
        $handlers += 1..8 | ForEach-Object { @{ handler = 'goto'; params = @{ type = 'question'; step = 1 } } }
        $receiver = Start-Receiver -Continue (@{ execute_handlers = $handlers } | ConvertTo-Json -Depth 5 -Compress) -Authorization ''
        $result = Send-AmoSalesbotRequest -Uri $receiver.Uri -ClientSecret $script:secret -WaitForContinue -ContinueTimeoutSec 30 -WarningAction SilentlyContinue
        $got = Receive-Request $receiver
        $got.ContinueStatus | Should -Be 401
        $result.Continue.Valid | Should -BeFalse
        $problems = $result.Continue.Problems -join "`n"
        $problems | Should -Match 'Authorization: Bearer'
        $problems | Should -Match 'data is missing'
        $problems | Should -Match '11 handlers'
        $problems | Should -Match '81 characters'
        $problems | Should -Match "'exits'"
        $problems | Should -Match 'params.type is jump'
        $problems | Should -Match 'step is not an integer'
    }

    It 'reports a back end that never continues' {
        $receiver = Start-Receiver
        $errors = Get-ErrorRecord { Send-AmoSalesbotRequest -Uri $receiver.Uri -ClientSecret $script:secret -WaitForContinue -ContinueTimeoutSec 1 }
        $null = Receive-Request $receiver
        Get-ErrorId $errors[0] | Should -Be 'AmoSalesbotContinueMissing'
        "$($errors[0])" | Should -Match 'accepted the request but never called the return_url\. Likely reason: its return_url guard' -Because 'it answered 200 and nothing came to the loopback return_url'
    }

    It 'says the back end refused the request itself when it answered 403, not the guard' {
        $receiver = Start-Receiver -Status 403
        $errors = Get-ErrorRecord { Send-AmoSalesbotRequest -Uri $receiver.Uri -ClientSecret $script:secret -WaitForContinue -ContinueTimeoutSec 1 -WarningAction SilentlyContinue }
        $null = Receive-Request $receiver
        Get-ErrorId $errors[0] | Should -Be 'AmoSalesbotContinueMissing'
        "$($errors[0])" | Should -Match 'answered the widget_request 403'
        "$($errors[0])" | Should -Not -Match 'guard'
    }

    Context 'secrets at any depth, the account subdomain, what the continue receiver takes' {
        BeforeAll {
            $script:nestedText = 'nested-secure-' + [guid]::NewGuid().ToString('N')
            $script:credText = 'cred-pass-' + [guid]::NewGuid().ToString('N')
            $script:nestedSecure = [System.Net.NetworkCredential]::new('', $script:nestedText).SecurePassword
            $script:credential = [pscredential]::new('bot-user', [System.Net.NetworkCredential]::new('', $script:credText).SecurePassword)

            # A receiver that answers the widget_request, then makes each of -Calls to the return_url's host, in order:
            # @{ Method; Path (default: the return_url's path); Body; ContentType }. It returns the statuses the
            # continue receiver answered (-1: the connection broke).
            function Start-ContinueCaller([hashtable[]] $Calls) {
                $port = Get-FreePort
                $listener = [System.Net.HttpListener]::new()
                $listener.Prefixes.Add("http://127.0.0.1:$port/")
                $listener.Start()
                $ps = [powershell]::Create()
                $null = $ps.AddScript({
                        param($Listener, $Calls)
                        $context = $Listener.GetContext()
                        $body = [System.IO.StreamReader]::new($context.Request.InputStream).ReadToEnd()
                        $context.Response.StatusCode = 200
                        $context.Response.Close()
                        $returnUrl = [uri] [System.Web.HttpUtility]::ParseQueryString($body)['return_url']
                        $client = [System.Net.Http.HttpClient]::new()
                        $statuses = foreach ($call in $Calls) {
                            $path = if ($call.Path) { $call.Path } else { $returnUrl.AbsolutePath }
                            $message = [System.Net.Http.HttpRequestMessage]::new($call.Method, [uri]::new($returnUrl, $path))
                            $null = $message.Headers.TryAddWithoutValidation('Authorization', 'Bearer access-token')
                            if ($null -ne $call.Body) { $message.Content = [System.Net.Http.StringContent]::new($call.Body, [System.Text.Encoding]::UTF8, 'application/json') }
                            try { [int] $client.SendAsync($message).GetAwaiter().GetResult().StatusCode } catch { -1 }
                        }
                        $client.Dispose()
                        , @($statuses)
                    }).AddArgument($listener).AddArgument($Calls)
                [pscustomobject] @{ Listener = $listener; PowerShell = $ps; Handle = $ps.BeginInvoke(); Uri = "http://127.0.0.1:$port/hook" }
            }

            function Stop-ContinueCaller($Caller) {
                try {
                    if ($Caller.Handle.AsyncWaitHandle.WaitOne(30000)) { $Caller.PowerShell.EndInvoke($Caller.Handle)[0] }
                }
                finally {
                    $Caller.Listener.Close()
                    $Caller.PowerShell.Dispose()
                }
            }
        }

        It 'sends a SecureString and a PSCredential nested in -Data in plain, and never shows them' {
            $receiver = Start-Receiver
            $data = @{ nested = @{ list = @([pscustomobject] @{ key = $script:nestedSecure }, $script:credential) }; top = $script:credential }
            $captured = Invoke-Captured { Send-AmoSalesbotRequest -Uri $receiver.Uri -ClientSecret $script:secret -Encoding Json -Data $data -Verbose }
            $body = (Receive-Request $receiver).Body | ConvertFrom-Json
            $nested = $body.data.nested | ConvertFrom-Json
            $nested.list[0].key | Should -Be $script:nestedText
            $nested.list[1] | Should -Be $script:credText -Because 'a PSCredential sends its password'
            $body.data.top | Should -Be $script:credText -Because 'a top-level PSCredential sends its password, not its type name'

            $result = $captured.Output[0]
            $captured.Verbose | Should -Not -BeNullOrEmpty
            $shown = $result.Body + ($result | Out-String -Width 200) + ($result | Format-List * | Out-String -Width 200) + $captured.Text
            $shown | Should -Not -Match $script:nestedText
            $shown | Should -Not -Match $script:credText
            $shownBody = $result.Body | ConvertFrom-Json
            $shownBody.data.top | Should -Be '***'
            ($shownBody.data.nested | ConvertFrom-Json).list[0].key | Should -Be '***'
            ($shownBody.data.nested | ConvertFrom-Json).list[1] | Should -Be '***'
        }

        It 'refuses -Subdomain ''evil.example/x#'' (its return_url would leave the account''s host), and sends nothing' {
            $receiver = Start-Receiver
            $errors = Get-ErrorRecord { Send-AmoSalesbotRequest -Uri $receiver.Uri -ClientSecret $script:secret -Subdomain 'evil.example/x#' }
            Get-ErrorId $errors[0] | Should -Be 'AmoSubdomainInvalid'
            Receive-Request $receiver -TimeoutMs 1000 | Should -BeNullOrEmpty -Because 'nothing may be sent'
        }

        It 'with -WaitForContinue ignores a stray GET / and other paths and methods, and takes the real POST' {
            $continue = '{"data":{"ok":"1"}}'
            $caller = Start-ContinueCaller @(
                @{ Method = 'GET'; Path = '/' }
                @{ Method = 'GET' }
                @{ Method = 'POST'; Path = '/api/v4/salesbot/1/continue/2'; Body = $continue }
                @{ Method = 'POST'; Body = $continue })
            $captured = Invoke-Captured { Send-AmoSalesbotRequest -Uri $caller.Uri -ClientSecret $script:secret -WaitForContinue -ContinueTimeoutSec 30 -Verbose }
            $statuses = Stop-ContinueCaller $caller
            $statuses | Should -Be @(404, 405, 404, 202)
            $captured.AllErrors | Should -BeNullOrEmpty
            $result = $captured.Output[0]
            $result.Continue.Method | Should -Be 'POST'
            $result.Continue.Valid | Should -BeTrue
            $result.Continue.Body | Should -Be $continue
            ($captured.Verbose -join "`n") | Should -Match 'ignored: GET / \(404\)'
        }

        It 'names the requests it ignored when no continue call comes' {
            $caller = Start-ContinueCaller @(@{ Method = 'GET'; Path = '/' })
            $errors = Get-ErrorRecord { Send-AmoSalesbotRequest -Uri $caller.Uri -ClientSecret $script:secret -WaitForContinue -ContinueTimeoutSec 2 }
            $null = Stop-ContinueCaller $caller
            Get-ErrorId $errors[0] | Should -Be 'AmoSalesbotContinueMissing'
            "$($errors[0])" | Should -Match 'GET / \(404\)'
        }

        It 'reports a 2 MB continue body as too large, not as a call that never came' {
            $big = '{"data":{"text":"' + ('x' * 2MB) + '"}}'
            $caller = Start-ContinueCaller @(@{ Method = 'POST'; Body = $big })
            $captured = Invoke-Captured { Send-AmoSalesbotRequest -Uri $caller.Uri -ClientSecret $script:secret -WaitForContinue -ContinueTimeoutSec 30 }
            $statuses = Stop-ContinueCaller $caller
            $statuses[0] | Should -BeIn @(413, -1) -Because 'the receiver answers 413 and closes; the sender may see the close before the answer'
            @($captured.AllErrors).Count | Should -Be 1
            Get-ErrorId $captured.AllErrors[0] | Should -Be 'AmoSalesbotContinueTooLarge'
            "$($captured.AllErrors[0])" | Should -Match 'too large'
            $result = $captured.Output[0]
            $result.Continue.TooLarge | Should -BeTrue
            $result.Continue.AnsweredStatus | Should -Be 413
            $result.Continue.Valid | Should -BeFalse
            $result.Continue.Body | Should -BeNullOrEmpty
        }
    }
}
