# Send-AmoInstallWebhook: the install webhook (dp-salesbot-devloop.md §6) against a recorder and against the PHP
# back end of tests/receivers/php, which handles the redirect URI as the official SDK's example does and exchanges
# the code at the loopback token endpoint (-TokenEndpoint).

BeforeDiscovery {
    . $PSScriptRoot/RealReceivers.ps1
    $script:ReceiversMissing = Get-MissingReceiverTool
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/HookReceiver.ps1
    . $PSScriptRoot/RealReceivers.ps1
    # Skipped Describes (tools missing) need nothing started.
    if (Get-MissingReceiverTool) { return }
    $script:clientId = 'c0ffee00-0000-4000-8000-00000000000a'
    $script:installSecretText = 'install-secret-' + ('i' * 49)
    $script:php = Start-RealReceiver Php @{
        AMO_CLIENT_SECRET = $script:installSecretText; AMO_CLIENT_ID = $script:clientId; AMO_REDIRECT_URI = 'http://127.0.0.1:{port}/amo/oauth'
        AMO_TOKEN_SCHEME = 'http'; AMO_TRUSTED_TEST_HOST = '127.0.0.1'
    }
    $script:folder = Join-Path $TestDrive 'install'
    $script:recorder = Start-AmoHookRecorder -Path $script:folder
}

AfterAll {
    Stop-RealReceiver $script:php
    $script:recorder | Stop-AmoHookRecorder
}

Describe 'Send-AmoInstallWebhook' -Skip:([bool] $script:ReceiversMissing) {
    It 'sends a GET with code, referer, client_id, from_widget and platform on <Platform>' -ForEach @(
        @{ Platform = 'AmoCrmRu'; Referer = 'acme.amocrm.ru'; Code = '1' }
        @{ Platform = 'AmoCrmCom'; Referer = 'acme.amocrm.com'; Code = '2' }
        @{ Platform = 'Kommo'; Referer = 'acme.kommo.com'; Code = $null }) {
        $before = $script:recorder.Count
        $result = Send-AmoInstallWebhook -Uri "$($script:recorder.Uri)amo/oauth?x=1" -Subdomain acme -Platform $Platform -ClientId $script:clientId -Code 'def50200abc'
        $script:recorder.Count | Should -Be ($before + 1)
        $file = Get-ChildItem $script:folder -Filter *.amohook.json | Sort-Object Name | Select-Object -Last 1
        $got = Get-Content $file.FullName -Raw | ConvertFrom-Json
        $got.method | Should -Be 'GET'
        $query = [System.Web.HttpUtility]::ParseQueryString(([uri] "http://x$($got.target)").Query)
        $query['x'] | Should -Be '1' -Because 'the redirect URI''s own query stays'
        $query['code'] | Should -Be 'def50200abc'
        $query['referer'] | Should -Be $Referer
        $query['client_id'] | Should -Be $script:clientId
        $query['from_widget'] | Should -Be '1'
        $query['platform'] | Should -Be $Code
        $query['state'] | Should -BeNullOrEmpty -Because 'state is sent only when given'
        $result.Status | Should -Be 200
        $result.InTime | Should -BeTrue
        $result.Handshake | Should -Be 'none'
        ($result | Format-Table | Out-String -Width 80) | Should -Match 'Handshake'
    }

    It 'runs the whole handshake with the PHP back end on <Platform>: the webhook, then the code exchange at the loopback token endpoint' -ForEach @(@{ Platform = 'AmoCrmRu' }, @{ Platform = 'AmoCrmCom' }, @{ Platform = 'Kommo' }) {
        $result = Send-AmoInstallWebhook -Uri "$($script:php.BaseUri)/amo/oauth" -Platform $Platform -ClientId $script:clientId -ClientSecret (New-Secure $script:installSecretText) -TokenEndpoint
        $result.Status | Should -Be 200 -Because $result.Response
        ($result.Response | ConvertFrom-Json).token_type | Should -Be 'Bearer'
        $result.InTime | Should -BeTrue
        $result.Handshake | Should -Be 'valid'
        $result.Exchange.GrantType | Should -Be 'authorization_code'
        $result.Exchange.SecretMatches | Should -BeTrue
        $result.Referer | Should -Match '^127\.0\.0\.1:\d+$'
        ($result | Out-String) + ($result.Exchange | Out-String) | Should -Not -Match $script:installSecretText
    }

    It 'names what is wrong in an exchange: a redirect_uri that is not exactly the one registered' {
        $uri = "http://localhost:$($script:php.Port)/amo/oauth"
        $captured = Invoke-Captured { Send-AmoInstallWebhook -Uri $uri -ClientId $script:clientId -TokenEndpoint }
        $result = $captured.Output[0]
        $result.Handshake | Should -Be 'invalid'
        $result.Exchange.AnsweredStatus | Should -Be 400
        ($result.Exchange.Problems -join ' ') | Should -Match 'redirect_uri .*not exactly'
        $captured.Warnings -join ' ' | Should -Match 'code exchange breaks'
    }

    It 'reports a back end that answers after the 3 s the platform waits' {
        $receiver = Start-Receiver -DelayMs 3300
        $captured = Invoke-Captured { Send-AmoInstallWebhook -Uri $receiver.Uri }
        $got = Receive-Request $receiver
        $got.Method | Should -Be 'GET'
        $result = $captured.Output[0]
        $result.InTime | Should -BeFalse
        $result.Ms | Should -BeGreaterThan 3000
        $captured.Warnings -join ' ' | Should -Match 'never sends the code again'
    }

    It 'writes AmoInstallExchangeMissing when the back end never exchanges the code' {
        $errors = Get-ErrorRecord { Send-AmoInstallWebhook -Uri "$($script:recorder.Uri)amo/oauth" -TokenEndpoint -ExchangeTimeoutSec 1 }
        Get-ErrorId $errors[0] | Should -Be 'AmoInstallExchangeMissing'
        "$($errors[0])" | Should -Match 'http for the referer'
    }

    It 'refuses a -Uri that is not http(s)' {
        Get-ErrorId (Get-ErrorRecord { Send-AmoInstallWebhook -Uri 'ftp://x/oauth' })[0] | Should -Be 'AmoHookUriInvalid'
    }
}
