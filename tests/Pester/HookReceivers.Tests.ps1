# The simulators against real back ends (tests/receivers: PHP checking tokens as the official SDK does, Node with
# jose, Python's standard library), started here on loopback and stopped in AfterAll: each must accept the simulated
# request for each platform and each encoding (dp-salesbot-devloop.md §7: aud = scheme://host of the redirect URI,
# iss and return_url on the account's host, form bodies with bracket keys, entity_type a string).

BeforeDiscovery {
    . $PSScriptRoot/RealReceivers.ps1
    $script:ReceiversMissing = Get-MissingReceiverTool
    $script:Kinds = @('Php', 'Node', 'Python')
    $script:Cases = foreach ($kind in $script:Kinds) {
        foreach ($platform in 'AmoCrmRu', 'AmoCrmCom', 'Kommo') {
            foreach ($encoding in 'Form', 'Json') {
                @{ Kind = $kind; Platform = $platform; Encoding = $encoding; Domain = @{ AmoCrmRu = 'amocrm.ru'; AmoCrmCom = 'amocrm.com'; Kommo = 'kommo.com' }[$platform] }
            }
        }
    }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/RealReceivers.ps1
    # Skipped Describes (tools missing) need nothing started.
    if (Get-MissingReceiverTool) { return }
    $script:secretText = 'receiver-secret-' + ('r' * 48)
    $script:secret = New-Secure $script:secretText
    $script:redirect = 'https://widget.example.net/amo/oauth'
    $script:receivers = @{}
    foreach ($kind in 'Php', 'Node', 'Python') {
        $script:receivers[$kind] = Start-RealReceiver $kind @{ AMO_CLIENT_SECRET = $script:secretText; AMO_REDIRECT_URI = $script:redirect; AMO_CLIENT_ID = 'c0ffee00-0000-4000-8000-000000000009' }
    }
}

AfterAll {
    foreach ($receiver in $script:receivers.Values) { Stop-RealReceiver $receiver }
}

Describe 'Send-AmoSalesbotRequest' -Skip:([bool] $script:ReceiversMissing) {
    It 'the <Kind> back end accepts a widget_request from <Platform> as <Encoding>' -ForEach $script:Cases {
        $uri = "$($script:receivers[$Kind].BaseUri)/salesbot"
        $result = Send-AmoSalesbotRequest -Uri $uri -ClientSecret $script:secret -RedirectUri $script:redirect -Platform $Platform -Subdomain acme -Encoding $Encoding -Data @{ lead = '4242'; text = 'Привет & hi' }
        $result.StatusCode | Should -Be 200 -Because $result.Response
        $answer = $result.Response | ConvertFrom-Json
        $answer.ok | Should -BeTrue
        $answer.subdomain | Should -Be 'acme'
        $answer.data.lead | Should -Be '4242'
        $answer.data.text | Should -Be 'Привет & hi'
        $result.Claims['iss'] | Should -Be "https://acme.$Domain"
        $result.Claims['aud'] | Should -Be 'https://widget.example.net'
        $result.Claims['entity_type'] | Should -Be '2'
        if ($Kind -ne 'Node') { $answer.return_url | Should -Match "^https://acme\.$([regex]::Escape($Domain))/api/v4/salesbot/\d+/continue/\d+$" }
        if ($Kind -eq 'Node') { $answer.continue | Should -Be 'accepted' -Because 'the return_url is https on the account''s host' }
        $result.ContentType | Should -Be ($Encoding -eq 'Form' ? 'application/x-www-form-urlencoded' : 'application/json; charset=utf-8')
    }

    It 'without -RedirectUri, aud is the receiver''s scheme://host, which the <Kind> back end refuses' -ForEach @(@{ Kind = 'Php' }, @{ Kind = 'Node' }, @{ Kind = 'Python' }) {
        $result = Send-AmoSalesbotRequest -Uri "$($script:receivers[$Kind].BaseUri)/salesbot" -ClientSecret $script:secret -WarningAction SilentlyContinue
        $result.Claims['aud'] | Should -Be 'http://127.0.0.1' -Because 'scheme://host, no port'
        $result.StatusCode | Should -BeIn @(401, 403)
    }

    It 'with -WaitForContinue names the return_url guard when the Node back end accepts the request and never continues' {
        $errors = Get-ErrorRecord { Send-AmoSalesbotRequest -Uri "$($script:receivers.Node.BaseUri)/salesbot" -ClientSecret $script:secret -RedirectUri $script:redirect -Platform Kommo -Subdomain acme -WaitForContinue -ContinueTimeoutSec 2 }
        Get-ErrorId $errors[0] | Should -Be 'AmoSalesbotContinueMissing'
        $message = "$($errors[0])"
        $message | Should -Match 'return_url guard'
        $message | Should -Match 'https://acme\.kommo\.com'
        ($errors[0].TargetObject.Response | ConvertFrom-Json).continue | Should -Match '^refused'
    }
}

Describe 'Send-AmoSmsRequest' -Skip:([bool] $script:ReceiversMissing) {
    It 'the <Kind> back end accepts an SMS request from <Platform> as <Encoding>' -ForEach $script:Cases {
        $uri = "$($script:receivers[$Kind].BaseUri)/sms"
        $result = Send-AmoSmsRequest -Uri $uri -ClientSecret $script:secret -RedirectUri $script:redirect -Platform $Platform -Subdomain acme -Encoding $Encoding -Phone '+79001234567' -Text 'Код: 1234'
        $result.StatusCode | Should -Be 200 -Because $result.Response
        $answer = $result.Response | ConvertFrom-Json
        $answer.subdomain | Should -Be 'acme'
        $answer.phone | Should -Be '+79001234567'
        $answer.text | Should -Be 'Код: 1234'
        $result.Claims['iss'] | Should -Be "https://acme.$Domain"
        $result.Claims['aud'] | Should -Be 'https://widget.example.net'
    }

    It 'the PHP back end refuses a token whose aud is another redirect URI''s' {
        $result = Send-AmoSmsRequest -Uri "$($script:receivers.Php.BaseUri)/sms" -ClientSecret $script:secret -RedirectUri 'https://other.example.net/oauth' -WarningAction SilentlyContinue
        $result.StatusCode | Should -Be 403
        ($result.Response | ConvertFrom-Json).error | Should -Match 'aud'
    }
}

Describe 'Send-AmoDpWebhook' -Skip:([bool] $script:ReceiversMissing) {
    It 'the <Kind> back end takes the Digital Pipeline hook as <Encoding>' -ForEach @(
        @{ Kind = 'Php'; Encoding = 'Form' }, @{ Kind = 'Php'; Encoding = 'Json' }, @{ Kind = 'Python'; Encoding = 'Form' }, @{ Kind = 'Python'; Encoding = 'Json' }) {
        $result = Send-AmoDpWebhook -Uri "$($script:receivers[$Kind].BaseUri)/dp" -Encoding $Encoding -LeadId 3001 -AccountId 29000001 -Settings @{ note = 'Hi' } -WarningAction SilentlyContinue
        $result.StatusCode | Should -Be 200 -Because $result.Response
        $answer = $result.Response | ConvertFrom-Json
        $answer.type_code | Should -Be 'lead_status_changed'
        "$($answer.lead)" | Should -Be '3001'
        "$($answer.account_id)" | Should -Be '29000001'
        if ($Kind -eq 'Php') { $answer.settings.note | Should -Be 'Hi' }
    }
}
