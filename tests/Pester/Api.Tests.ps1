# The account API cmdlets as a pwsh user runs them, against the loopback test server: the same scenarios as
# tests/AmoWidget.Module.Tests/Api. Run with ./build.ps1 -Task Test (Pester 5).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:server = Start-AmoTestServer
    $script:uri = $script:server.BaseUri
    $script:tokenText = $script:server.Token
    $script:token = $script:server.SecureToken
    function Add-Fault([hashtable] $Fault) { Add-TestServerFault $script:server $Fault }
    function Get-Stats { Get-TestServerStats $script:server }
    $script:c = Connect-AmoAccount -BaseUri $script:uri -AccessToken $script:token
}

AfterAll {
    Stop-AmoTestServer $script:server
}

Describe 'Account API' {
    BeforeEach {
        Reset-TestServer $script:server
    }

    It 'gives widget pipelines by value and by property name' {
        $r = @('test_widget_003', 'amo_dropbox' | Get-AmoWidgetPipeline) + @([pscustomobject]@{ Code = 'test_widget_009' } | Get-AmoWidgetPipeline)
        $r.Count | Should -Be 3
        $r[0].PipelineName | Should -Be 'Воронка'
        $r[1].IsLeadSource | Should -BeFalse
        $r[1].PipelineId | Should -BeNullOrEmpty
        (Get-Stats).byRoute.'GET /api/v4/leads/pipelines' | Should -BeLessOrEqual 1
    }

    It 'enforces the token and never prints it' {
        $bad = [Net.NetworkCredential]::new('', 'pester-wrong-token').SecurePassword
        $err = $null
        try { Connect-AmoAccount -BaseUri $script:uri -AccessToken $bad } catch { $err = $_ }
        Get-ErrorId $err | Should -Be 'AmoApiUnauthorized'
        ($err | Out-String) | Should -Not -Match 'pester-wrong-token'
        ($script:c | Out-String) + $script:c.ToString() | Should -Not -Match $script:tokenText
    }

    It 'pages the widget list and treats 204 as nothing' {
        (Get-AmoWidget).Count | Should -Be 300
        @(Invoke-AmoRestMethod GET /api/v4/widgets -Query @{ page = 9; limit = 250 }).Count | Should -Be 0
    }

    It 'retries <Kind> on a GET without surfacing it' -ForEach @(
        @{ Kind = 'TooManyRequestsJson' }, @{ Kind = 'TooManyRequestsHtml' }, @{ Kind = 'BadGateway' },
        @{ Kind = 'ServiceUnavailable' }, @{ Kind = 'GatewayTimeout' }, @{ Kind = 'Drop' }) {
        Add-Fault @{ kind = $Kind; pathPrefix = '/api/v4/widgets/'; retryAfterBody = 0 }
        (Get-AmoWidgetPipeline test_widget_003 -ErrorAction Stop).PipelineName | Should -Be 'Воронка'
    }

    It 'maps <Kind> to <ErrorId>' -ForEach @(
        @{ Kind = 'ForbiddenHtml'; ErrorId = 'AmoApiBlocked' },
        @{ Kind = 'ForbiddenJson'; ErrorId = 'AmoApiForbidden' },
        @{ Kind = 'InternalServerError'; ErrorId = 'AmoApiServerError' },
        @{ Kind = 'TruncatedJson'; ErrorId = 'AmoApiResponseInvalid' }) {
        Add-Fault @{ kind = $Kind; pathPrefix = '/api/v4/widgets/' }
        $err = $null
        try { Get-AmoWidget amo_dropbox -ErrorAction Stop } catch { $err = $_ }
        Get-ErrorId $err | Should -Be $ErrorId
    }

    It 'times out a slow answer' {
        Add-Fault @{ kind = 'Slow'; pathPrefix = '/api/v4/widgets/'; delayMs = 4000 }
        $quick = Connect-AmoAccount -BaseUri $script:uri -AccessToken $script:token -TimeoutSec 1
        $err = $null
        try { Get-AmoWidget amo_dropbox -Connection $quick -ErrorAction Stop } catch { $err = $_ }
        Get-ErrorId $err | Should -Be 'AmoApiTimeout'
    }

    It 'never sends an install twice after <Kind>' -ForEach @(@{ Kind = 'DropAfterHandling' }, @{ Kind = 'BadGatewayAfterHandling' }) {
        Add-Fault @{ kind = $Kind; method = 'POST'; times = 5 }
        { Install-AmoWidget amo_dropbox -Confirm:$false -ErrorAction Stop } | Should -Throw
        (Get-Stats).installPosts | Should -Be 1
    }

    It 'sends no install or delete with -WhatIf' {
        Install-AmoWidget amo_dropbox -WhatIf
        Uninstall-AmoWidget amo_dropbox -WhatIf
        (Get-Stats).installPosts | Should -Be 0
        (Get-Stats).deletes | Should -Be 0
    }

    It 'checks required settings before sending anything' {
        $err = $null
        try { Install-AmoWidget amo_asterisk -Settings @{ login = 'x' } -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        Get-ErrorId $err | Should -Be 'AmoWidgetSettingRequired'
        (Get-Stats).installPosts | Should -Be 0
    }

    It 'installs with users settings shaped as the API wants' {
        $p = [Net.NetworkCredential]::new('', 'eXaMp1E').SecurePassword
        $w = Install-AmoWidget amo_asterisk -Settings @{ login = 'example'; password = $p; phones = @{ 504141 = 1039 }; script_path = 'https://example.com/' } -Confirm:$false
        $w.Settings.phones.'504141' | Should -Be '1039'
        $w.Settings.password | Should -BeOfType [securestring]
        Uninstall-AmoWidget amo_asterisk -Confirm:$false
    }

    It 'lists the validation errors of a 400' {
        $err = $null
        try { Invoke-AmoRestMethod POST /api/v4/widgets/amo_asterisk -Body @{ login = 'x' } -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        Get-ErrorId $err | Should -Be 'AmoApiValidationFailed'
        $err.Exception.Message | Should -Match 'password'
    }

    It 'keeps a working token pair when two processes refresh at once' {
        $cache = Join-Path ([IO.Path]::GetTempPath()) ("amowidget-pester-tokens-" + [guid]::NewGuid().ToString('N') + '.json')
        $code = (Invoke-RestMethod -Method Post "$script:uri/_test/authorization-code").code
        $secret = [Net.NetworkCredential]::new('', 'amowidget-test-secret').SecurePassword
        $null = Connect-AmoAccount -BaseUri $script:uri -ClientId amowidget-test-client -ClientSecret $secret -RedirectUri https://example.com/oauth -AuthorizationCode ([Net.NetworkCredential]::new('', $code).SecurePassword) -TokenCachePath $cache
        $null = Invoke-RestMethod -Method Post "$script:uri/_test/expire-tokens"
        $module = $script:ModulePath
        $command = "Import-Module '$module'; `$s = [Net.NetworkCredential]::new('', 'amowidget-test-secret').SecurePassword; `$r = [Net.NetworkCredential]::new('', 'x').SecurePassword; `$null = Connect-AmoAccount -BaseUri $script:uri -ClientId amowidget-test-client -ClientSecret `$s -RedirectUri https://example.com/oauth -RefreshToken `$r -TokenCachePath '$cache'; (Get-AmoWidgetPipeline test_widget_003).PipelineName"
        $children = 1..2 | ForEach-Object { Start-PwshProcess $command -Environment @{ AMOWIDGET_TEST_TOKEN_SAVE_DELAY_MS = '1500' } }
        foreach ($child in $children) {
            $r = Wait-PwshProcess $child
            $r.ExitCode | Should -Be 0 -Because $r.Error
        }
        (Get-Stats).revokedTokenReuses | Should -Be 0
        Remove-Item $cache, "$cache.lock" -ErrorAction SilentlyContinue
    }
}
