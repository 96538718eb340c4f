# Send-AmoSmsRequest: the request amoCRM sends to sms.endpoint, simulated against a real loopback receiver (HookReceiver.ps1: System.Net.HttpListener in its own runspace), field by field against
# the spec (manifest-reference.md §11.1); tokens are checked with System.IdentityModel.Tokens.Jwt.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/HookReceiver.ps1
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
        $claims = Confirm-Jwt $form.token $script:secretText 'HS256' 'https://acme.amocrm.ru' 'http://127.0.0.1'
        $claims.account_id | Should -Be '29000001'
        $claims.user_id | Should -Be '77'
        $claims.subdomain | Should -Be 'acme'
        $claims.client_uuid | Should -Be 'c0ffee00-0000-4000-8000-000000000002'
        $claims.jti | Should -Not -BeNullOrEmpty
        $result.Kind | Should -Be 'SmsRequest'
        $result.StatusCode | Should -Be 200
        ($result | Out-String) + $result.Body | Should -Not -Match ([regex]::Escape($script:secretText))
    }

    It 'with -Encoding Json, -Platform Kommo and -RedirectUri posts JSON, iss on kommo.com, aud the redirect URI''s scheme://host' {
        $receiver = Start-Receiver
        $result = Send-AmoSmsRequest -Uri $receiver.Uri -ClientSecret $script:secret -Encoding Json -Platform Kommo -Subdomain acme -RedirectUri 'https://widget.example.net:8443/amo/oauth'
        $got = Receive-Request $receiver
        $got.ContentType | Should -Be 'application/json; charset=utf-8'
        $body = $got.Body | ConvertFrom-Json
        $null = Confirm-Jwt $body.token $script:secretText 'HS256' 'https://acme.kommo.com' 'https://widget.example.net'
        $body.phone | Should -Be '+10000000000'
        $result.Claims['iss'] | Should -Be 'https://acme.kommo.com'
    }

    It 'needs a URL: -Uri or the manifest''s sms.endpoint' {
        Get-ErrorId (Get-ErrorRecord { New-AmoManifest | Send-AmoSmsRequest -ClientSecret $script:secret })[0] | Should -Be 'AmoHookUriMissing'
    }

    Context 'the account subdomain' {
        It 'refuses -Subdomain ''evil.example/x#'' (its token''s iss would name another host), and sends nothing' {
            $receiver = Start-Receiver
            $errors = Get-ErrorRecord { Send-AmoSmsRequest -Uri $receiver.Uri -ClientSecret $script:secret -Subdomain 'evil.example/x#' }
            Get-ErrorId $errors[0] | Should -Be 'AmoSubdomainInvalid'
            Receive-Request $receiver -TimeoutMs 1000 | Should -BeNullOrEmpty -Because 'nothing may be sent'
        }
    }
}
