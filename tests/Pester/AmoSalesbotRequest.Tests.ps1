# Send-AmoSalesbotRequest: the Salesbot widget_request simulated against a real loopback receiver (HookReceiver.ps1: System.Net.HttpListener in its own runspace), field by field against
# the spec (dp-salesbot-devloop.md §2); tokens are checked with System.IdentityModel.Tokens.Jwt.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/HookReceiver.ps1
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
