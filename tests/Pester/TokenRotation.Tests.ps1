# Refresh-token rotation across real OS processes: each one is a fresh pwsh running Connect-AmoAccount on a shared
# token cache, as two scheduled scripts on one machine would. Each test starts its own loopback server (no rate limit,
# the refresh-token reuse policy under test) and stops it, with every child process, in AfterEach.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # The child's script: connect through the cache (the refresh token given is used only without a cache), then one call.
    function Start-Refresher($Server, [string] $Cache, [int] $SaveDelayMs) {
        $command = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($script:ModulePath)'
`$s = [Net.NetworkCredential]::new('', 'amowidget-test-secret').SecurePassword
`$r = [Net.NetworkCredential]::new('', 'only-used-without-a-cache').SecurePassword
`$null = Connect-AmoAccount -BaseUri $($Server.BaseUri) -ClientId amowidget-test-client -ClientSecret `$s -RedirectUri https://example.com/oauth -RefreshToken `$r -TokenCachePath '$Cache'
'pipeline=' + (Get-AmoWidgetPipeline test_widget_003).PipelineName
"@
        $child = Start-PwshProcess $command -Environment @{ AMOWIDGET_TEST_TOKEN_SAVE_DELAY_MS = [string] $SaveDelayMs }
        $script:children += $child
        $child
    }

    # A cache holding a pair the server has issued, whose access token the server no longer accepts.
    function New-SeededCache($Server, [string] $Folder) {
        $pair = Invoke-RestMethod -Method Post "$($Server.BaseUri)/_test/token-pair"
        $null = Invoke-RestMethod -Method Post "$($Server.BaseUri)/_test/expire-tokens"
        $cache = Join-Path $Folder 'tokens.json'
        $expires = [DateTimeOffset]::UtcNow.AddHours(12).ToUnixTimeSeconds()
        Write-Utf8 $cache (@{ access_token = $pair.access_token; refresh_token = $pair.refresh_token; expires_at = $expires } | ConvertTo-Json)
        $cache
    }

    function Test-RefreshTokenUsable($Server, [string] $Token) {
        (Invoke-RestMethod -Method Post "$($Server.BaseUri)/_test/refresh-token-usable" -ContentType 'application/json' -Body (@{ refresh_token = $Token } | ConvertTo-Json)).usable
    }
}

Describe 'Token rotation across processes' {
    BeforeEach {
        $script:children = @()
        $script:server = $null
        $folder = New-TestFolder
    }

    AfterEach {
        # Every child, even when the test failed half-way (a child already waited for is disposed: nothing to end).
        foreach ($child in $script:children) {
            try { if (-not $child.Process.HasExited) { $child.Process.Kill($true); $null = $child.Process.WaitForExit(10000) } }
            catch [System.InvalidOperationException] { }
            finally { $child.Process.Dispose() }
        }
        Stop-AmoTestServer $script:server
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction Ignore
    }

    It 'keeps a working pair when two processes refresh at once' {
        $script:server = Start-AmoTestServer -ArgumentList '--rate', '0', '--refresh-reuse', 'Strict'
        $cache = New-SeededCache $script:server $folder

        # The save delay keeps the first refresher inside the lock while the second one's 401 arrives.
        $running = @(Start-Refresher $script:server $cache 1500; Start-Refresher $script:server $cache 1500)
        foreach ($child in $running) {
            $r = Wait-PwshProcess $child
            $r.ExitCode | Should -Be 0 -Because "$($r.Output)$($r.Error)"
            $r.Output | Should -Match 'pipeline=Воронка'
        }

        $stats = Get-TestServerStats $script:server
        $stats.revokedTokenReuses | Should -Be 0
        $stats.tokenExchanges | Should -Be 1
        $saved = ([IO.File]::ReadAllText($cache) | ConvertFrom-Json).refresh_token
        Test-RefreshTokenUsable $script:server $saved | Should -BeTrue -Because 'the cached refresh token must still work'
        @(Get-ChildItem -LiteralPath $folder -Filter *.tmp) | Should -BeNullOrEmpty
    }

    It 'loses nothing when a process dies between the exchange and the save' {
        $script:server = Start-AmoTestServer -ArgumentList '--rate', '0', '--refresh-reuse', 'UntilSuccessorUsed'
        $cache = New-SeededCache $script:server $folder
        $before = [IO.File]::ReadAllText($cache)

        $doomed = Start-Refresher $script:server $cache 60000
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ((Get-TestServerStats $script:server).tokenExchanges -eq 0 -and [DateTime]::UtcNow -lt $deadline -and -not $doomed.Process.HasExited) {
            Start-Sleep -Milliseconds 50
        }
        (Get-TestServerStats $script:server).tokenExchanges | Should -Be 1 -Because "the refresher must reach the exchange ($($doomed.Process.HasExited))"
        $doomed.Process.Kill($true)
        $null = $doomed.Process.WaitForExit(10000)

        # The server rotated, the process died before saving: the cache still holds the old pair, which still works.
        [IO.File]::ReadAllText($cache) | Should -BeExactly $before
        $r = Wait-PwshProcess (Start-Refresher $script:server $cache 0)
        $r.ExitCode | Should -Be 0 -Because "$($r.Output)$($r.Error)"
        $r.Output | Should -Match 'pipeline=Воронка'
        $saved = ([IO.File]::ReadAllText($cache) | ConvertFrom-Json).refresh_token
        Test-RefreshTokenUsable $script:server $saved | Should -BeTrue
        (Get-TestServerStats $script:server).revokedTokenReuses | Should -Be 0
    }
}
