# The account API cmdlets as a pwsh user runs them, against the loopback test server (started on a free port in
# BeforeAll, its process tree stopped in AfterAll). Token rotation across processes: TokenRotation.Tests.ps1.
# Run with ./build.ps1 -Task Test (Pester 5).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:server = Start-AmoTestServer -ArgumentList '--rate', '7'
    $script:uri = $script:server.BaseUri
    $script:tokenText = $script:server.Token
    $script:token = $script:server.SecureToken
    function Add-Fault([hashtable] $Fault) { Add-TestServerFault $script:server $Fault }
    function Get-Stats { Get-TestServerStats $script:server }
}

AfterAll {
    Disconnect-AmoAccount
    Stop-AmoTestServer $script:server
}

Describe 'Account API' {
    BeforeEach {
        Reset-TestServer $script:server
        $script:c = Connect-AmoAccount -BaseUri $script:uri -AccessToken $script:token
    }

    It 'gives widget pipelines by value and by property name' {
        $r = @('test_widget_003', 'amo_dropbox' | Get-AmoWidgetPipeline) + @([pscustomobject]@{ Code = 'test_widget_009' } | Get-AmoWidgetPipeline)
        $r.Count | Should -Be 3
        $r[0].Code | Should -Be 'test_widget_003'
        $r[0].IsLeadSource | Should -BeTrue
        $r[0].PipelineId | Should -Be 3177727
        $r[0].PipelineName | Should -Be 'Воронка'
        $r[1].IsLeadSource | Should -BeFalse
        $r[1].PipelineId | Should -BeNullOrEmpty
        $r[1].PipelineName | Should -BeNullOrEmpty
        $r[2].Code | Should -Be 'test_widget_009'
        (Get-Stats).byRoute.'GET /api/v4/leads/pipelines' | Should -Be 1
    }

    It 'writes AmoApiNotFound for an unknown widget and goes on with the next' {
        $r = Invoke-Captured { 'nope', 'test_widget_006' | Get-AmoWidgetPipeline }
        $r.Terminating | Should -BeNullOrEmpty
        Get-ErrorId $r.Errors[0] | Should -Be 'AmoApiNotFound'
        $r.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $r.Errors[0].TargetObject | Should -Be 'nope'
        $r.Output[-1].Code | Should -Be 'test_widget_006'
    }

    It 'pages the widget list, filters installed widgets and matches wildcards' {
        $all = Get-AmoWidget
        $all.Count | Should -Be 300
        (Get-AmoWidget -InstalledOnly).Count | Should -Be @($all | Where-Object IsActiveInAccount).Count
        (Get-AmoWidget 'amo_*').Code -join ',' | Should -Be 'amo_dropbox,amo_mailchimp,amo_asterisk'
        # Three listings (all, installed, wildcard), each two pages of 250.
        (Get-Stats).byRoute.'GET /api/v4/widgets' | Should -Be 6
    }

    It 'gives lenient fields as the account sent them' {
        $w = Get-AmoWidget amo_dropbox
        $w.Rating | Should -BeExactly '2,8'
        $w.PipelineId | Should -BeNullOrEmpty
        $w | Should -BeOfType ([AmoWidget.AmoWidgetInfo])
    }

    It 'lists pipelines and writes AmoApiNotFound for an unknown id' {
        (Get-AmoPipeline).Name -join ',' | Should -Be 'Воронка,Партнёры'
        (Get-AmoPipeline 3177727).Statuses.Count | Should -Be 5
        $e = Get-ErrorRecord { Get-AmoPipeline 999 }
        Get-ErrorId $e[0] | Should -Be 'AmoApiNotFound'
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'gives the account and the connection' {
        (Get-AmoAccount).Id | Should -Be 12345678
        $script:c | Should -BeOfType ([AmoWidget.AmoConnection])
        $script:c.AccountName | Should -Be 'example'
    }

    It 'says to connect when there is no connection' {
        Disconnect-AmoAccount
        $e = Get-ErrorRecord { Get-AmoWidget amo_dropbox }
        Get-ErrorId $e[0] | Should -Be 'AmoNotConnected'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
    }

    It 'enforces the token and never prints it' {
        $bad = [Net.NetworkCredential]::new('', 'pester-wrong-token').SecurePassword
        $r = Invoke-Captured { Connect-AmoAccount -BaseUri $script:uri -AccessToken $bad; 'unreached' }
        $e = @($r.AllErrors)[0]
        Get-ErrorId $e | Should -Be 'AmoApiUnauthorized'
        $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $r.Text | Should -Not -Match 'pester-wrong-token'
        ($script:c | Out-String) + $script:c.ToString() | Should -Not -Match $script:tokenText
    }

    It 'puts no token text in any stream' {
        Add-Fault @{ kind = 'TooManyRequestsJson'; pathPrefix = '/api/v4/widgets/'; retryAfterBody = 0 }
        $r = Invoke-Captured {
            $script:c
            $script:c.ToString()
            Get-AmoWidgetPipeline amo_dropbox, nope -Verbose -Debug
            Get-AmoAccount | Out-String
            $script:c | Out-String
        }
        Get-ErrorId $r.Errors[0] | Should -Be 'AmoApiNotFound'
        $r.Verbose | Should -Not -BeNullOrEmpty
        $r.Text | Should -Not -Match $script:tokenText
    }

    It 'validates connection targets: <Name> is <ErrorId>' -ForEach @(
        @{ Name = '-Subdomain evil.com/x'; Arguments = @{ Subdomain = 'evil.com/x' }; ErrorId = 'AmoSubdomainInvalid'; Category = 'InvalidArgument' }
        @{ Name = 'an http -BaseUri'; Arguments = @{ BaseUri = 'http://example.amocrm.ru' }; ErrorId = 'AmoBaseUriInsecure'; Category = 'SecurityError' }
        @{ Name = 'no target'; Arguments = @{}; ErrorId = 'AmoConnectionTargetInvalid'; Category = $null }
        @{ Name = 'a -BaseUri with a query'; Arguments = @{ BaseUri = 'http://127.0.0.1:1/x?y' }; ErrorId = 'AmoBaseUriInvalid'; Category = $null }
    ) {
        $e = Get-ErrorRecord { Connect-AmoAccount @Arguments -AccessToken $script:token }
        Get-ErrorId $e[0] | Should -Be $ErrorId
        if ($Category) { $e[0].CategoryInfo.Category | Should -Be $Category }
    }

    It 'closes the connection on Disconnect-AmoAccount, and disconnects twice without error' {
        Disconnect-AmoAccount
        $script:c.IsConnected | Should -BeFalse
        Get-ErrorId (Get-ErrorRecord { Get-AmoAccount -Connection $script:c })[0] | Should -Be 'AmoConnectionClosed'
        (Get-ErrorRecord { Disconnect-AmoAccount }) | Should -BeNullOrEmpty
    }

    It 'pages the widget list and treats 204 as nothing' {
        (Get-AmoWidget).Count | Should -Be 300
        @(Invoke-AmoRestMethod GET /api/v4/widgets -All).Count | Should -Be 300
        @(Invoke-AmoRestMethod GET /api/v4/widgets -Query @{ page = 9; limit = 250 }).Count | Should -Be 0
        (Invoke-AmoRestMethod -Path api/v4/account).name | Should -Be 'example'
    }

    It 'retries <Kind> on a GET without surfacing it' -ForEach @(
        @{ Kind = 'TooManyRequestsJson' }, @{ Kind = 'TooManyRequestsHtml' }, @{ Kind = 'BadGateway' },
        @{ Kind = 'ServiceUnavailable' }, @{ Kind = 'GatewayTimeout' }, @{ Kind = 'Drop' }) {
        Add-Fault @{ kind = $Kind; pathPrefix = '/api/v4/widgets/'; retryAfterBody = 0 }
        $r = Invoke-Captured { Get-AmoWidgetPipeline test_widget_003 -Verbose }
        $r.AllErrors | Should -BeNullOrEmpty
        $r.Output[-1].PipelineName | Should -Be 'Воронка'
        $r.Verbose -match 'retry 1 of' | Should -Not -BeNullOrEmpty
        (Get-Stats).byRoute.'GET /api/v4/widgets/{code}' | Should -Be 2
    }

    It 'maps <Kind> to <ErrorId>' -ForEach @(
        @{ Kind = 'ForbiddenHtml'; ErrorId = 'AmoApiBlocked'; Category = 'PermissionDenied'; RetryAfter = $null },
        @{ Kind = 'ForbiddenJson'; ErrorId = 'AmoApiForbidden'; Category = 'PermissionDenied'; RetryAfter = $null },
        @{ Kind = 'TooManyRequestsJson'; ErrorId = 'AmoApiRateLimited'; Category = 'LimitsExceeded'; RetryAfter = 3600 },
        @{ Kind = 'InternalServerError'; ErrorId = 'AmoApiServerError'; Category = $null; RetryAfter = $null },
        @{ Kind = 'TruncatedJson'; ErrorId = 'AmoApiResponseInvalid'; Category = $null; RetryAfter = $null }) {
        # A retry_after of an hour is beyond the 10 minutes a command waits: reported at once, not waited for.
        $fault = @{ kind = $Kind; pathPrefix = '/api/v4/widgets/' }
        if ($RetryAfter) { $fault.retryAfterBody = $RetryAfter }
        Add-Fault $fault
        $err = $null
        try { Get-AmoWidget amo_dropbox -ErrorAction Stop } catch { $err = $_ }
        Get-ErrorId $err | Should -Be $ErrorId
        if ($Category) { $err.CategoryInfo.Category | Should -Be $Category }
    }

    It 'times out a slow answer' {
        Add-Fault @{ kind = 'Slow'; pathPrefix = '/api/v4/widgets/'; delayMs = 4000 }
        $quick = Connect-AmoAccount -BaseUri $script:uri -AccessToken $script:token -TimeoutSec 1
        $err = $null
        try { Get-AmoWidget amo_dropbox -Connection $quick -ErrorAction Stop } catch { $err = $_ }
        Get-ErrorId $err | Should -Be 'AmoApiTimeout'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'cancels the request in flight when the pipeline is stopped (Ctrl+C)' {
        Add-Fault @{ kind = 'Slow'; pathPrefix = '/api/v4/widgets/'; delayMs = 20000 }
        $runspace = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault())
        $ps = [powershell]::Create()
        try {
            $runspace.Open()
            $runspace.SessionStateProxy.SetVariable('m', $script:ModulePath)
            $runspace.SessionStateProxy.SetVariable('uri', $script:uri)
            $runspace.SessionStateProxy.SetVariable('token', $script:token)
            $ps.Runspace = $runspace
            $null = $ps.AddScript('Import-Module $m; $null = Connect-AmoAccount -BaseUri $uri -AccessToken $token; Get-AmoWidget amo_dropbox')
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $null = $ps.BeginInvoke()
            while (-not (Get-Stats).byRoute.'GET /api/v4/widgets/{code}' -and $clock.Elapsed.TotalSeconds -lt 20) { Start-Sleep -Milliseconds 50 }
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 15
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $ps.Dispose()
            $runspace.Dispose()
        }
    }

    It 'never sends an install twice after <Kind>' -ForEach @(
        @{ Kind = 'DropAfterHandling'; ErrorId = 'AmoApiConnectionFailed' },
        @{ Kind = 'BadGatewayAfterHandling'; ErrorId = 'AmoApiServerError' }) {
        Add-Fault @{ kind = $Kind; method = 'POST'; times = 5 }
        $err = $null
        try { Install-AmoWidget amo_dropbox -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        Get-ErrorId $err | Should -Be $ErrorId
        (Get-Stats).installPosts | Should -Be 1
    }

    It 'sends no install or delete with -WhatIf' {
        Install-AmoWidget amo_dropbox -WhatIf
        Uninstall-AmoWidget amo_dropbox -WhatIf
        $stats = Get-Stats
        $stats.installPosts | Should -Be 0
        $stats.deletes | Should -Be 0
        $stats.byRoute.'GET /api/v4/widgets/{code}' | Should -Be 1
    }

    It 'checks required settings before sending anything' {
        $err = $null
        try { Install-AmoWidget amo_asterisk -Settings @{ login = 'x' } -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        Get-ErrorId $err | Should -Be 'AmoWidgetSettingRequired'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e = Get-ErrorRecord { Install-AmoWidget amo_asterisk -Settings @{ login = 'x'; password = 'p'; phones = 'not-a-map'; script_path = 'https://e.x/' } -Confirm:$false }
        Get-ErrorId $e[0] | Should -Be 'AmoWidgetSettingInvalid'
        (Get-Stats).installPosts | Should -Be 0
    }

    It 'installs with users settings shaped as the API wants, and uninstalls' {
        $r = Invoke-Captured {
            $p = [Net.NetworkCredential]::new('', 'eXaMp1E').SecurePassword
            $w = Install-AmoWidget amo_asterisk -Settings @{ login = 'example'; password = $p; phones = @{ 504141 = 1039 }; script_path = 'https://example.com/' } -Confirm:$false
            $w.IsActiveInAccount
            $w.Settings.phones.'504141'
            $w.Settings.password.GetType().Name
            $w
            Uninstall-AmoWidget amo_asterisk -Confirm:$false
            (Get-AmoWidget amo_asterisk).IsActiveInAccount
        }
        $r.AllErrors | Should -BeNullOrEmpty
        $r.Output[0] | Should -BeTrue
        $r.Output[1] | Should -BeExactly '1039'
        $r.Output[2] | Should -Be 'SecureString'
        $r.Output[-1] | Should -BeFalse
        $r.Text | Should -Not -Match 'eXaMp1E'
        (Get-Stats).installPosts | Should -Be 1
        (Get-Stats).deletes | Should -Be 1
    }

    It 'lists the validation errors of a 400, and refuses foreign paths and -All on a POST' {
        $err = $null
        try { Invoke-AmoRestMethod POST /api/v4/widgets/amo_asterisk -Body @{ login = 'x' } -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        Get-ErrorId $err | Should -Be 'AmoApiValidationFailed'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -Match 'password'
        Get-ErrorId (Get-ErrorRecord { Invoke-AmoRestMethod GET https://evil.example/api/v4/account })[0] | Should -Be 'AmoApiPathInvalid'
        Get-ErrorId (Get-ErrorRecord { Invoke-AmoRestMethod POST /api/v4/leads -All -Confirm:$false })[0] | Should -Be 'AmoApiAllNeedsGet'
    }

    It 'completes widget codes from the account' {
        $line = 'Get-AmoWidgetPipeline -Code amo_d'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches[-1].CompletionText | Should -Be 'amo_dropbox'
    }

    It 'has a view for <_>' -ForEach 'AmoConnection', 'AmoAccountInfo', 'AmoWidgetInfo', 'AmoWidgetPipeline', 'AmoPipeline' {
        Get-FormatData -TypeName "AmoWidget.$_" | Should -Not -BeNullOrEmpty
    }
}
