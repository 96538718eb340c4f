# The platform's requests simulated (Send-AmoDpWebhook, Send-AmoSalesbotRequest, Send-AmoSmsRequest) against a real
# loopback receiver the test runs (System.Net.HttpListener in its own runspace), field by field against the spec
# (dp-salesbot-devloop.md §1-2, manifest-reference.md §11.1); tokens are checked with System.IdentityModel.Tokens.Jwt.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    foreach ($assembly in 'Microsoft.IdentityModel.Abstractions', 'Microsoft.IdentityModel.Logging', 'Microsoft.IdentityModel.Tokens', 'Microsoft.IdentityModel.JsonWebTokens', 'System.IdentityModel.Tokens.Jwt') {
        Import-TestAssembly $assembly '8.23.0'
    }
    # 64 characters: HMAC-SHA512 keys are at least 512 bits for the JWT library (amoCRM client secrets have 64).
    $script:secretText = 'pester-secret-' + ('s' * 50)
    $script:secret = [System.Net.NetworkCredential]::new('', $script:secretText).SecurePassword

    # Starts a receiver that takes one request, answers it, and (with -Continue) then posts a continue call to the
    # return_url of the JSON body it got. Receive-Request returns what it saw.
    function Start-Receiver([int] $Status = 200, [int] $DelayMs = 0, [string] $Continue, [string] $Authorization = 'Bearer access-token') {
        $port = Get-FreePort
        $listener = [System.Net.HttpListener]::new()
        $listener.Prefixes.Add("http://127.0.0.1:$port/")
        $listener.Start()
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($Listener, $Status, $DelayMs, $Continue, $Authorization)
                $context = $Listener.GetContext()
                $request = $context.Request
                $reader = [System.IO.StreamReader]::new($request.InputStream, [System.Text.Encoding]::UTF8)
                $body = $reader.ReadToEnd()
                $headers = @{}
                foreach ($key in $request.Headers.AllKeys) { $headers[$key] = $request.Headers[$key] }
                if ($DelayMs) { Start-Sleep -Milliseconds $DelayMs }
                $context.Response.StatusCode = $Status
                $bytes = [System.Text.Encoding]::UTF8.GetBytes('{"ok":true}')
                $context.Response.ContentType = 'application/json'
                $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                $context.Response.Close()
                $continueStatus = $null
                if ($Continue) {
                    $returnUrl = ($body | ConvertFrom-Json).return_url
                    $client = [System.Net.Http.HttpClient]::new()
                    $message = [System.Net.Http.HttpRequestMessage]::new('POST', $returnUrl)
                    if ($Authorization) { $message.Headers.TryAddWithoutValidation('Authorization', $Authorization) | Out-Null }
                    $message.Content = [System.Net.Http.StringContent]::new($Continue, [System.Text.Encoding]::UTF8, 'application/json')
                    $continueStatus = [int] $client.SendAsync($message).GetAwaiter().GetResult().StatusCode
                    $client.Dispose()
                }
                [pscustomobject] @{ Method = $request.HttpMethod; Path = $request.RawUrl; ContentType = $request.ContentType; Body = $body; Headers = $headers; ContinueStatus = $continueStatus }
            }).AddArgument($listener).AddArgument($Status).AddArgument($DelayMs).AddArgument($Continue).AddArgument($Authorization)
        [pscustomobject] @{ Listener = $listener; PowerShell = $ps; Handle = $ps.BeginInvoke(); Uri = "http://127.0.0.1:$port/hook"; Port = $port }
    }

    function Receive-Request($Receiver, [int] $TimeoutMs = 20000) {
        try {
            if (-not $Receiver.Handle.AsyncWaitHandle.WaitOne($TimeoutMs)) { return $null }
            $Receiver.PowerShell.EndInvoke($Receiver.Handle)[0]
        }
        finally {
            $Receiver.Listener.Close()
            $Receiver.PowerShell.Dispose()
        }
    }

    function ConvertFrom-Form([string] $Body) {
        $fields = [ordered] @{}
        foreach ($pair in $Body.Split('&')) {
            $kv = $pair.Split('=', 2)
            $fields[[System.Uri]::UnescapeDataString($kv[0].Replace('+', ' '))] = [System.Uri]::UnescapeDataString($kv[1].Replace('+', ' '))
        }
        $fields
    }

    # Validates a JWT with the reference library; returns its claims by name.
    function Confirm-Jwt([string] $Token, [string] $Secret, [string] $Algorithm, [string] $Issuer, [string] $Audience) {
        $parameters = [Microsoft.IdentityModel.Tokens.TokenValidationParameters]::new()
        $parameters.IssuerSigningKey = [Microsoft.IdentityModel.Tokens.SymmetricSecurityKey]::new([System.Text.Encoding]::UTF8.GetBytes($Secret))
        $parameters.ValidIssuer = $Issuer
        $parameters.ValidAudience = $Audience
        $parameters.ValidAlgorithms = [string[]] @($Algorithm)
        $parameters.RequireExpirationTime = $true
        $handler = [System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler]::new()
        $handler.MapInboundClaims = $false
        $validated = $null
        $null = $handler.ValidateToken($Token, $parameters, [ref] $validated)
        $validated.Header.Alg | Should -Be $Algorithm
        $claims = @{}
        foreach ($claim in $validated.Claims) { $claims[$claim.Type] = $claim.Value }
        $claims
    }

    function Get-ClosedPortUri { "http://127.0.0.1:$(Get-FreePort)/hook" }
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

Describe 'Send-AmoSalesbotRequest' {
    It 'posts {token, data, return_url} with an HS512 JWT carrying the documented claims' {
        $receiver = Start-Receiver
        $result = Send-AmoSalesbotRequest -Uri $receiver.Uri -ClientSecret $script:secret -Data @{ lead = '{{lead.id}}'; text = 'hello' } -EntityType customer -EntityId 4242 -Subdomain acme -AccountId 29000001 -ClientId 'c0ffee00-0000-4000-8000-000000000001'
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
        ($got.Body | ConvertFrom-Json).return_url | Should -Match '^http://127\.0\.0\.1:\d+/api/v4/salesbot/\d+/continue/\d+$'
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
    }
}

Describe 'Send-AmoSmsRequest' {
    It 'posts text, phone and an HS256 disposable token to sms.endpoint' {
        $receiver = Start-Receiver
        $manifest = New-AmoManifest | Add-AmoLocation sms -WarningAction SilentlyContinue | Set-AmoSms -Endpoint $receiver.Uri
        $result = $manifest | Send-AmoSmsRequest -ClientSecret $script:secret -Phone '+79001234567' -Text 'Ваш код: 1234' -Subdomain acme -AccountId 29000001 -UserId 77 -ClientId 'c0ffee00-0000-4000-8000-000000000002'
        $got = Receive-Request $receiver
        $got.ContentType | Should -Be 'application/x-www-form-urlencoded'
        $form = ConvertFrom-Form $got.Body
        @($form.Keys) | Should -Be @('text', 'phone', 'token')
        $form.text | Should -Be 'Ваш код: 1234'
        $form.phone | Should -Be '+79001234567'
        $claims = Confirm-Jwt $form.token $script:secretText 'HS256' 'https://acme.amocrm.ru' "http://127.0.0.1:$($receiver.Port)"
        $claims.account_id | Should -Be '29000001'
        $claims.user_id | Should -Be '77'
        $claims.subdomain | Should -Be 'acme'
        $claims.client_uuid | Should -Be 'c0ffee00-0000-4000-8000-000000000002'
        $claims.jti | Should -Not -BeNullOrEmpty
        $result.Kind | Should -Be 'SmsRequest'
        $result.StatusCode | Should -Be 200
        ($result | Out-String) + $result.Body | Should -Not -Match ([regex]::Escape($script:secretText))
    }

    It 'needs a URL: -Uri or the manifest''s sms.endpoint' {
        Get-ErrorId (Get-ErrorRecord { New-AmoManifest | Send-AmoSmsRequest -ClientSecret $script:secret })[0] | Should -Be 'AmoHookUriMissing'
    }
}
