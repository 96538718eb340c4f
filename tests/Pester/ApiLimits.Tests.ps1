# The account API under real limits, as a pwsh user meets them: pacing shared by every connection and runspace to one
# host, 429s absorbed, blocked IPs, long waits shown and stopped, accounts that moved subdomain, and -Path / -BaseUri
# that could send the token elsewhere. Each Describe starts its own test server (its own limiter and state).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # Runs a script in a fresh runspace of this process with the module imported; returns the PowerShell instance
    # (its streams hold the progress, warnings and errors) after it ended, and its output.
    function Invoke-InRunspace([string] $Script, [hashtable] $Variables = @{}) {
        $iss = [initialsessionstate]::CreateDefault()
        $iss.ImportPSModule($script:ModulePath)
        $runspace = [runspacefactory]::CreateRunspace($iss)
        $runspace.Open()
        foreach ($k in $Variables.Keys) { $runspace.SessionStateProxy.SetVariable($k, $Variables[$k]) }
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        $null = $ps.AddScript($Script)
        $output = $ps.Invoke()
        $runspace.Dispose()
        [pscustomobject] @{ PowerShell = $ps; Output = $output }
    }


    # A JWT-shaped long-lived token with the given exp claim (the server does not know it: it answers 401).
    function New-JwtToken([datetimeoffset] $Expires) {
        $b64 = { param($t) [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($t)).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
        (& $b64 '{"typ":"JWT","alg":"RS256"}') + '.' + (& $b64 ('{"aud":"x","exp":' + $Expires.ToUnixTimeSeconds() + ',"account_id":1}')) + '.' + (& $b64 'signature')
    }

    $script:codes = 1..21 | ForEach-Object { 'test_widget_{0:000}' -f $_ }
}

Describe 'Request pacing shared per host' {
    BeforeAll {
        $script:server = Start-AmoTestServer -ArgumentList '--limiter', 'SlidingWindow'
    }

    AfterAll {
        Stop-AmoTestServer $script:server
    }

    BeforeEach {
        Start-Sleep -Milliseconds 1100
        Reset-TestServer $script:server
    }

    It 'two connections to one host used at once draw no 429 from a sliding-window server' {
        $c1 = Connect-AmoAccount -BaseUri $script:server.BaseUri -AccessToken $script:server.SecureToken
        $c2 = Connect-AmoAccount -BaseUri $script:server.BaseUri -AccessToken $script:server.SecureToken
        Reset-TestServer $script:server
        $module = $script:ModulePath
        $codes = $script:codes
        $results = @($c1, $c2) | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:module
            Get-AmoWidgetPipeline -Code $using:codes -Connection $_ -ErrorAction Stop
        }
        $results.Count | Should -Be 42
        $stats = Get-TestServerStats $script:server
        $stats.requests | Should -BeGreaterOrEqual 42
        $stats.tooManyRequestsSent | Should -Be 0
    }

    It 'runspaces that each connect on their own share the pacing too' {
        $module = $script:ModulePath
        $uri = $script:server.BaseUri
        $token = $script:server.Token
        $results = 1..3 | ForEach-Object -ThrottleLimit 3 -Parallel {
            Import-Module $using:module
            $null = Connect-AmoAccount -BaseUri $using:uri -AccessToken ([Net.NetworkCredential]::new('', $using:token).SecurePassword)
            Get-AmoWidgetPipeline -Code ($using:codes | Select-Object -First 10) -ErrorAction Stop
        }
        $results.Count | Should -Be 30
        (Get-TestServerStats $script:server).tooManyRequestsSent | Should -Be 0
    }

    It 'keeps the rate configurable: -RequestsPerSecond 2 sends no more than 2 in any second' {
        $slow = Connect-AmoAccount -BaseUri $script:server.BaseUri -AccessToken $script:server.SecureToken -RequestsPerSecond 2
        $null = Invoke-RestMethod -Method Post "$($script:server.BaseUri)/_test/limiter" -ContentType 'application/json' -Body '{"model":"SlidingWindow","rate":2}'
        try {
            @(Get-AmoWidget -Code ($script:codes | Select-Object -First 5) -Connection $slow -ErrorAction Stop).Count | Should -Be 5
            (Get-TestServerStats $script:server).tooManyRequestsSent | Should -Be 0
        }
        finally {
            $null = Invoke-RestMethod -Method Post "$($script:server.BaseUri)/_test/limiter" -ContentType 'application/json' -Body '{"model":"SlidingWindow","rate":7}'
        }
    }
}

Describe 'Each limiter model' {
    It 'draws no 429 from a <Model> server' -ForEach @(@{ Model = 'TokenBucket' }, @{ Model = 'SlidingWindow' }, @{ Model = 'FixedWindow' }) {
        $server = Start-AmoTestServer -ArgumentList '--limiter', $Model
        try {
            $c = Connect-AmoAccount -BaseUri $server.BaseUri -AccessToken $server.SecureToken
            @(Get-AmoWidgetPipeline -Code $script:codes -Connection $c -ErrorAction Stop).Count | Should -Be 21
            (Get-TestServerStats $server).tooManyRequestsSent | Should -Be 0
        }
        finally { Stop-AmoTestServer $server }
    }
}

Describe 'When the server limits anyway' {
    BeforeAll {
        $script:server = Start-AmoTestServer
        $script:c = Connect-AmoAccount -BaseUri $script:server.BaseUri -AccessToken $script:server.SecureToken
        function Add-Fault([hashtable] $Fault) { Add-TestServerFault $script:server $Fault }
    }

    AfterAll {
        Stop-AmoTestServer $script:server
    }

    BeforeEach {
        Reset-TestServer $script:server
    }

    It 'absorbs 429s from a server stricter than the pacing, slows down, and surfaces none' {
        $null = Invoke-RestMethod -Method Post "$($script:server.BaseUri)/_test/limiter" -ContentType 'application/json' -Body '{"model":"SlidingWindow","rate":3}'
        try {
            $all = Get-AmoWidget -Code ($script:codes | Select-Object -First 12) -ErrorAction Stop -Verbose 4>&1
            @($all | Where-Object { $_ -is [AmoWidget.AmoWidgetInfo] }).Count | Should -Be 12
            (Get-TestServerStats $script:server).tooManyRequestsSent | Should -BeGreaterThan 0
            ($all | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | Out-String) | Should -Match 'slowed to 0\.5'
        }
        finally {
            $null = Invoke-RestMethod -Method Post "$($script:server.BaseUri)/_test/limiter" -ContentType 'application/json' -Body '{"model":"TokenBucket","rate":7}'
        }
    }

    It 'waits for retry_after and surfaces nothing' {
        Add-Fault @{ kind = 'TooManyRequestsJson'; pathPrefix = '/api/v4/widgets/'; retryAfterBody = 1 }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        (Get-AmoWidgetPipeline test_widget_003 -ErrorAction Stop).PipelineName | Should -Be 'Воронка'
        $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.95
    }

    It 'stops with AmoApiBlocked after 429s in a row, naming the per-IP limit and how to get unblocked' {
        Add-Fault @{ kind = 'TooManyRequestsJson'; pathPrefix = '/api/v4/widgets/'; retryAfterBody = 0; times = 5 }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $err = $null
        try { Get-AmoWidgetPipeline test_widget_003, test_widget_006 -ErrorAction SilentlyContinue } catch { $err = $_ }
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        Get-ErrorId $err | Should -Be 'AmoApiBlocked'
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err.Exception.Message | Should -Match 'per IP'
        $err.Exception.Message | Should -Match 'support'
        (Get-TestServerStats $script:server).byRoute.'GET /api/v4/widgets/{code}' | Should -Be 3
    }

    It 'a 403 problem+json stays AmoApiForbidden' {
        Add-Fault @{ kind = 'ForbiddenJson'; pathPrefix = '/api/v4/widgets/' }
        $err = $null
        try { Get-AmoWidget amo_dropbox -ErrorAction Stop } catch { $err = $_ }
        Get-ErrorId $err | Should -Be 'AmoApiForbidden'
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
    }
}

Describe 'A blocked IP' {
    It 'is AmoApiBlocked within seconds once the server answers 403 pages after repeated 429s' {
        $server = Start-AmoTestServer -ArgumentList '--block-after', '2'
        try {
            $c = Connect-AmoAccount -BaseUri $server.BaseUri -AccessToken $server.SecureToken
            Reset-TestServer $server
            Add-TestServerFault $server @{ kind = 'TooManyRequestsJson'; pathPrefix = '/api/v4/widgets/'; retryAfterBody = 0; times = 2 }
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $err = $null
            try { Get-AmoWidgetPipeline $script:codes -Connection $c -ErrorAction SilentlyContinue } catch { $err = $_ }
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
            Get-ErrorId $err | Should -Be 'AmoApiBlocked'
            $err.Exception.Message | Should -Match 'HTML page'
            $err.ErrorDetails.RecommendedAction | Should -Match 'unblock'
            $stats = Get-TestServerStats $server
            $stats.blockedAnswers | Should -Be 1
            $stats.requests | Should -Be 3
        }
        finally { Stop-AmoTestServer $server }
    }
}

Describe 'Long waits' {
    It 'a 300 s retry_after shows progress and stops at once on a pipeline stop' {
        # A server of its own: the wait holds every request to its host, as the server asked.
        $server = Start-AmoTestServer
        $iss = [initialsessionstate]::CreateDefault()
        $iss.ImportPSModule($script:ModulePath)
        $runspace = [runspacefactory]::CreateRunspace($iss)
        $ps = [powershell]::Create()
        try {
            $runspace.Open()
            $runspace.SessionStateProxy.SetVariable('uri', $server.BaseUri)
            $runspace.SessionStateProxy.SetVariable('token', $server.SecureToken)
            $ps.Runspace = $runspace
            $null = $ps.AddScript('$null = Connect-AmoAccount -BaseUri $uri -AccessToken $token; Get-AmoWidget amo_dropbox -Verbose').Invoke()
            Add-TestServerFault $server @{ kind = 'TooManyRequestsJson'; pathPrefix = '/api/v4/widgets/'; retryAfterBody = 300 }
            $ps.Commands.Clear()
            $null = $ps.AddScript('Get-AmoWidget amo_dropbox -Verbose')
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ($ps.Streams.Progress.Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Start-Sleep -Seconds 1
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $async.IsCompleted | Should -BeTrue
            $progress = @($ps.Streams.Progress | Where-Object { $_.StatusDescription -match '300' })
            $progress.Count | Should -BeGreaterThan 0
            $progress[0].SecondsRemaining | Should -BeGreaterThan 290
            ($ps.Streams.Verbose | Out-String) | Should -Match 'Waiting 300'
            @($ps.Streams.Error).Count | Should -Be 0
        }
        finally {
            $ps.Dispose()
            $runspace.Dispose()
            Stop-AmoTestServer $server
        }
    }
}

Describe 'Progress of long work' {
    BeforeAll {
        $script:server = Start-AmoTestServer
        $script:vars = @{ uri = $script:server.BaseUri; token = $script:server.SecureToken; codes = $script:codes }
    }

    AfterAll {
        Stop-AmoTestServer $script:server
    }

    It 'Get-AmoWidgetPipeline -Code with many codes counts them' {
        $r = Invoke-InRunspace '$null = Connect-AmoAccount -BaseUri $uri -AccessToken $token; Get-AmoWidgetPipeline -Code $codes' $script:vars
        $r.Output.Count | Should -Be 21
        $records = @($r.PowerShell.Streams.Progress | Where-Object Activity -EQ 'Get-AmoWidgetPipeline')
        $records.Count | Should -Be 22
        $records[5].StatusDescription | Should -Be 'test_widget_006 (6 of 21)'
        $records[5].PercentComplete | Should -Be ([math]::Floor(5 * 100 / 21))
        $records[-1].RecordType | Should -Be 'Completed'
    }

    It 'Invoke-AmoRestMethod -All counts the pages' {
        $r = Invoke-InRunspace '$null = Connect-AmoAccount -BaseUri $uri -AccessToken $token; Invoke-AmoRestMethod GET /api/v4/widgets -Query @{ limit = 100 } -All' $script:vars
        $r.Output.Count | Should -Be 300
        $records = @($r.PowerShell.Streams.Progress | Where-Object Activity -EQ 'GET /api/v4/widgets')
        ($records | ForEach-Object StatusDescription) -join '|' | Should -Be 'Page 1 (0 items so far)|Page 2 (100 items so far)|Page 3 (200 items so far)|Done'
    }
}

Describe 'Accounts that moved subdomain' {
    BeforeAll {
        $script:server = Start-AmoTestServer -ArgumentList '--move-host', '127.0.0.2'
        $script:cache = Join-Path ([IO.Path]::GetTempPath()) ('amowidget-pester-move-' + [guid]::NewGuid().ToString('N') + '.json')
        $script:secret = New-Secure 'amowidget-test-secret'
        $script:oauth = @{ ClientId = 'amowidget-test-client'; ClientSecret = $script:secret; RedirectUri = 'https://example.com/oauth'; TokenCachePath = $script:cache }
    }

    AfterAll {
        Stop-AmoTestServer $script:server
        Remove-Item -LiteralPath $script:cache, "$script:cache.lock" -ErrorAction SilentlyContinue
    }

    It 'follows an OAuth account that moved once, warns with both addresses, and keeps the new one in the token cache' {
        $old = $script:server.BaseUri.TrimEnd('/') + '/'
        $new = $old.Replace('127.0.0.1', '127.0.0.2')
        $code = (Invoke-RestMethod -Method Post "$($script:server.BaseUri)/_test/authorization-code").code
        $c = Connect-AmoAccount -BaseUri $old @script:oauth -AuthorizationCode (New-Secure $code)
        $moved = Invoke-RestMethod -Method Post "$($script:server.BaseUri)/_test/move-account" -ContentType 'application/json' -Body '{"subdomain":"example2"}'
        $moved.host | Should -Be '127.0.0.2'

        $account = Get-AmoAccount -Connection $c -WarningVariable warnings -WarningAction SilentlyContinue
        $account.Subdomain | Should -Be 'example2'
        @($warnings).Count | Should -Be 1
        "$warnings" | Should -Match ([regex]::Escape($old))
        "$warnings" | Should -Match ([regex]::Escape($new))
        $c.BaseUri | Should -Be $new
        $cached = Get-Content -LiteralPath $script:cache -Raw | ConvertFrom-Json
        $cached.base_uri | Should -Be $new
        $cached.moved_from | Should -Be $old

        $null = Get-AmoWidget amo_dropbox -Connection $c -WarningVariable more -WarningAction SilentlyContinue
        @($more).Count | Should -Be 0
        (Get-TestServerStats $script:server).subdomainLookups | Should -Be 1
    }

    It 'a later connection through the same cache goes to the new address at once' {
        $old = $script:server.BaseUri.TrimEnd('/') + '/'
        $before = (Get-TestServerStats $script:server).subdomainLookups
        $c = Connect-AmoAccount -BaseUri $old @script:oauth -RefreshToken (New-Secure 'unused') -WarningVariable warnings -WarningAction SilentlyContinue
        $c.BaseUri | Should -Be $old.Replace('127.0.0.1', '127.0.0.2')
        "$warnings" | Should -Match 'token cache'
        (Get-TestServerStats $script:server).subdomainLookups | Should -Be $before
    }
}

# From real reports, and -Path / -BaseUri values that could send the token elsewhere.
Describe 'Messages and addresses' {
    BeforeAll {
        $script:server = Start-AmoTestServer
        $script:c = Connect-AmoAccount -BaseUri $script:server.BaseUri -AccessToken $script:server.SecureToken
    }

    AfterAll {
        Stop-AmoTestServer $script:server
    }

    BeforeEach {
        Reset-TestServer $script:server
    }

    It 'a long-lived token''s 401 says when it expired, and nothing is refreshed' {
        $err = $null
        try { Connect-AmoAccount -BaseUri $script:server.BaseUri -AccessToken (New-Secure (New-JwtToken ([datetimeoffset]::new(2025, 3, 1, 12, 0, 0, [timespan]::Zero)))) } catch { $err = $_ }
        Get-ErrorId $err | Should -Be 'AmoApiUnauthorized'
        $err.Exception.Message | Should -Match 'expired at 2025-03-01 12:00:00 UTC'
        (Get-TestServerStats $script:server).tokenExchanges | Should -Be 0
    }

    It 'a long-lived token not yet expired is called revoked' {
        $err = $null
        try { Connect-AmoAccount -BaseUri $script:server.BaseUri -AccessToken (New-Secure (New-JwtToken ([datetimeoffset]::UtcNow.AddDays(30)))) } catch { $err = $_ }
        Get-ErrorId $err | Should -Be 'AmoApiUnauthorized'
        $err.Exception.Message | Should -Match 'revoked'
    }

    It '-Subdomain <Subdomain> tells to pass -Platform <Platform>' -ForEach @(
        @{ Subdomain = 'x.kommo.com'; Platform = 'Kommo' }, @{ Subdomain = 'x.amocrm.com'; Platform = 'AmoCrmCom' }) {
        $err = $null
        try { Connect-AmoAccount -Subdomain $Subdomain -AccessToken (New-Secure 'x') } catch { $err = $_ }
        Get-ErrorId $err | Should -Be 'AmoSubdomainInvalid'
        $err.Exception.Message | Should -Match "pass -Platform $Platform \(with -Subdomain x\)"
    }

    It 'warns that a lead source bound to a deleted pipeline has a broken binding, and keeps the id' {
        $w = Get-AmoWidgetPipeline test_widget_201, test_widget_003 -Connection $script:c -WarningVariable warnings -WarningAction SilentlyContinue
        $w[0].PipelineId | Should -Be 3177999
        $w[0].PipelineName | Should -BeNullOrEmpty
        $w[1].PipelineName | Should -Be 'Воронка'
        @($warnings).Count | Should -Be 1
        "$warnings" | Should -Match "test_widget_201.*3177999.*binding is broken"
    }


    It 'refuses <Path> before sending anything' -ForEach @(
        @{ Path = 'https:127.0.0.2:5124/x' }, @{ Path = 'evil.com:80/x' }, @{ Path = '//127.0.0.1/api/v4/account' },
        @{ Path = 'http://evil.example/api/v4/account' }, @{ Path = 'SAME-HOST-URL' }, @{ Path = '/api/v4/account<NUL>x' },
        @{ Path = '\\evil.example\x' }, @{ Path = '127.0.0.1:80/x' }) {
        # Test names stay printable (the JUnit report refuses a NUL): the host and the NUL are put in here.
        $p = $Path.Replace('SAME-HOST-URL', $script:server.BaseUri.TrimEnd('/') + '/api/v4/account').Replace('<NUL>', "`0")
        foreach ($method in 'GET', 'POST') {
            $err = $null
            try { Invoke-AmoRestMethod $method $p -Confirm:$false } catch { $err = $_ }
            Get-ErrorId $err | Should -Be 'AmoApiPathInvalid'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
        $err = $null
        try { Invoke-AmoRestMethod GET $p -All } catch { $err = $_ }
        Get-ErrorId $err | Should -Be 'AmoApiPathInvalid'
        (Get-TestServerStats $script:server).requests | Should -Be 0
    }

    It 'takes absolute and relative paths on the host' {
        (Invoke-AmoRestMethod GET /api/v4/account).subdomain | Should -Be 'example'
        (Invoke-AmoRestMethod GET api/v4/account -Query @{ with = 'a:b' }).subdomain | Should -Be 'example'
    }

    It 'refuses credentials in -BaseUri <Uri> without repeating them, in the message or in $Error' -ForEach @(
        @{ Uri = 'http://pester-user:pester-pw@127.0.0.1:5291'; Target = 'http://127.0.0.1:5291/'; Message = 'user name or password' },
        @{ Uri = 'https://pester-user:pester-pw@example.amocrm.ru'; Target = 'https://example.amocrm.ru/'; Message = 'user name or password' },
        @{ Uri = 'pester-user:pester-pw@127.0.0.1:5291'; Target = $null; Message = 'not an absolute http or https URI' }) {
        # $Error holds at most $MaximumErrorCount (256) records: a full list would not grow, so it starts empty here.
        $Error.Clear()
        $before = $Error.Count
        $err = $null
        try { Connect-AmoAccount -BaseUri $Uri -AccessToken (New-Secure 'x') } catch { $err = $_ }
        Get-ErrorId $err | Should -Be 'AmoBaseUriInvalid'
        $err.Exception.Message | Should -Match $Message
        $err.TargetObject | Should -Be $Target
        $Error.Count | Should -BeGreaterThan $before
        $everything = ($Error | Select-Object -First ($Error.Count - $before) | ForEach-Object { ($_ | Format-List * -Force | Out-String) + $_.Exception.ToString() + ($_ | Out-String) + "$($_.TargetObject)" }) -join "`n"
        $everything | Should -Not -Match 'pester-pw'
        $everything | Should -Not -Match 'pester-user'
    }
}
