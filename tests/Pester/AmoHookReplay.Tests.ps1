# Invoke-AmoHookReplay: a recorded or saved request sent again unchanged, or with its token signed again with fresh
# times, against the real back ends of tests/receivers (PHP, Python).

BeforeDiscovery {
    . $PSScriptRoot/RealReceivers.ps1
    $script:ReceiversMissing = Get-MissingReceiverTool
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/RealReceivers.ps1
    # Skipped Describes (tools missing) need nothing started.
    if (Get-MissingReceiverTool) { return }
    $script:secretText = 'replay-secret-' + ('p' * 50)
    $script:secret = New-Secure $script:secretText
    $environment = @{ AMO_CLIENT_SECRET = $script:secretText; AMO_REDIRECT_URI = 'https://widget.example.net/amo/oauth' }
    $script:php = Start-RealReceiver Php $environment
    $script:python = Start-RealReceiver Python $environment

    # A request file with an SMS token that expired an hour ago, as a recorder would have kept it.
    $now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
    $claims = @{ iss = 'https://acme.kommo.com'; aud = 'https://widget.example.net'; jti = 'j1'; iat = $now - 5400; nbf = $now - 5400; exp = $now - 3600; account_id = 7; subdomain = 'acme'; user_id = 1; client_uuid = 'c' }
    $script:oldToken = New-TestJwt $claims $script:secretText 'HS256'
    $script:expired = Join-Path $TestDrive 'expired.amohook.json'
    @{ format = 'amowidget-hook-request/1'; time = '2026-01-01T00:00:00.000Z'; method = 'POST'; target = '/sms'
        headers = @{ 'Content-Type' = 'application/x-www-form-urlencoded'; 'X-Trace' = 'live' }; body = "text=Hi&phone=%2B1&token=$($script:oldToken)" } |
        ConvertTo-Json | Set-Content -LiteralPath $script:expired -Encoding utf8NoBOM
}

AfterAll {
    Stop-RealReceiver $script:php
    Stop-RealReceiver $script:python
}

Describe 'Invoke-AmoHookReplay' -Skip:([bool] $script:ReceiversMissing) {
    It 'sends a recorded request unchanged: the <Kind> back end refuses its expired token' -ForEach @(@{ Kind = 'php' }, @{ Kind = 'python' }) {
        $result = Invoke-AmoHookReplay -Path $script:expired -Uri "$((Get-Variable $Kind -Scope Script -ValueOnly).BaseUri)/sms" -WarningAction SilentlyContinue
        $result.StatusCode | Should -BeIn @(401, 403)
        ($result.Response | ConvertFrom-Json).error | Should -Match 'not valid now'
        $result.Body | Should -Match ([regex]::Escape($script:oldToken))
    }

    It 'with -ClientSecret signs the token again with fresh times: the <Kind> back end accepts it' -ForEach @(@{ Kind = 'php' }, @{ Kind = 'python' }) {
        $result = Invoke-AmoHookReplay -Path $script:expired -Uri "$((Get-Variable $Kind -Scope Script -ValueOnly).BaseUri)/sms" -ClientSecret $script:secret
        $result.StatusCode | Should -Be 200 -Because $result.Response
        ($result.Response | ConvertFrom-Json).phone | Should -Be '+1'
        $result.Claims['exp'] - $result.Claims['iat'] | Should -Be 1800 -Because 'exp stays as far after iat as it was'
        $result.Claims['iat'] | Should -BeGreaterOrEqual ([DateTimeOffset]::UtcNow.ToUnixTimeSeconds() - 60)
        $result.Claims['jti'] | Should -Be 'j1' -Because 'every other claim stays'
        $result.Body | Should -Match '^text=Hi&phone=%2B1&token=' -Because 'every other byte stays'
    }

    It 'replays what the recorder kept of a simulated widget_request into the PHP back end' {
        $folder = Join-Path $TestDrive 'kept'
        $recorder = Start-AmoHookRecorder -Path $folder
        try {
            $null = Send-AmoSalesbotRequest -Uri "$($recorder.Uri)salesbot" -ClientSecret $script:secret -Platform Kommo -Subdomain acme -RedirectUri 'https://widget.example.net/amo/oauth' -Data @{ lead = '77' }
        }
        finally {
            $recorder | Stop-AmoHookRecorder
        }
        $file = Get-ChildItem $folder -Filter *.amohook.json
        $result = $file | Invoke-AmoHookReplay -Uri "$($script:php.BaseUri)/salesbot" -ClientSecret $script:secret
        $result.StatusCode | Should -Be 200 -Because $result.Response
        ($result.Response | ConvertFrom-Json).data.lead | Should -Be '77'
        $result.Kind | Should -Be 'Replay' -Because 'a recorded request has no kind'
        $result.Fields.Keys | Should -Contain 'token' -Because 'a form body is decoded as the simulators decode theirs'
    }

    It 'writes AmoHookRecordingInvalid for a file that is not a request file' {
        $bad = Join-Path $TestDrive 'bad.amohook.json'
        Set-Content -LiteralPath $bad -Value '{"format":"something-else"}'
        Get-ErrorId (Get-ErrorRecord { Invoke-AmoHookReplay -Path $bad -Uri "$($script:php.BaseUri)/sms" })[0] | Should -Be 'AmoHookRecordingInvalid'
        Set-Content -LiteralPath $bad -Value 'not json'
        Get-ErrorId (Get-ErrorRecord { Invoke-AmoHookReplay -Path $bad -Uri "$($script:php.BaseUri)/sms" })[0] | Should -Be 'AmoHookRecordingInvalid'
    }

    It 'writes AmoHookTokenMissing when -ClientSecret is given for a request without a token' {
        $plain = Join-Path $TestDrive 'plain.amohook.json'
        @{ format = 'amowidget-hook-request/1'; method = 'POST'; target = '/sms'; headers = @{ 'Content-Type' = 'application/json' }; body = '{"text":"hi"}' } | ConvertTo-Json | Set-Content -LiteralPath $plain
        Get-ErrorId (Get-ErrorRecord { Invoke-AmoHookReplay -Path $plain -Uri "$($script:php.BaseUri)/sms" -ClientSecret $script:secret })[0] | Should -Be 'AmoHookTokenMissing'
    }

    It 'writes PathNotFound for a missing file' {
        Get-ErrorId (Get-ErrorRecord { Invoke-AmoHookReplay -Path (Join-Path $TestDrive 'none.json') -Uri 'http://127.0.0.1:9/' })[0] | Should -Be 'PathNotFound'
    }
}
