# Invoke-AmoRestMethod as a pwsh user runs it, against the loopback test server (started on a free port in BeforeAll,
# its process tree stopped in AfterAll). Limits, pacing and the addresses the token may go to: ApiLimits.Tests.ps1.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:server = Start-ApiTestServer
}

AfterAll {
    Stop-ApiTestServer $script:server
}

Describe 'Invoke-AmoRestMethod' {
    Context 'Account API' {
        BeforeEach { $script:c = Connect-ApiTestServer $script:server }

        It 'pages the widget list and treats 204 as nothing' {
            (Get-AmoWidget).Count | Should -Be 300
            @(Invoke-AmoRestMethod GET /api/v4/widgets -All).Count | Should -Be 300
            @(Invoke-AmoRestMethod GET /api/v4/widgets -Query @{ page = 9; limit = 250 }).Count | Should -Be 0
            (Invoke-AmoRestMethod -Path api/v4/account).name | Should -Be 'example'
        }

        It 'pages the lead list as the API pages every list: 50 a page by -Query, the last page short, then 204' {
            $before = (Get-TestServerStats $script:server).requests
            $leads = @(Invoke-AmoRestMethod GET /api/v4/leads -Query @{ limit = 50 } -All)
            $leads.Count | Should -Be 120
            @($leads.id | Sort-Object -Unique).Count | Should -Be 120
            @($leads | Where-Object { $_.pipeline_id -notin 3177727, 3177730 }) | Should -BeNullOrEmpty
            (Get-TestServerStats $script:server).requests - $before | Should -Be 3 -Because 'three pages of 50, the third with 20 and no next link'
            Invoke-AmoRestMethod GET /api/v4/leads -Query @{ page = 4; limit = 50 } | Should -BeNullOrEmpty
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
    }

    Context 'A redirect from the account API' {
        BeforeEach {
            Reset-TestServer $script:server
            $script:c = Connect-AmoAccount -BaseUri $script:server.BaseUri -AccessToken $script:server.SecureToken
            $script:port = ([uri] $script:server.BaseUri).Port
        }

        It 'is AmoApiRedirected on a <Method> answered <Status>, naming the Location, and never follows it' -ForEach @(
            @{ Method = 'GET'; Status = 301; Location = 'https://www.amocrm.ru/?auth=1' },
            @{ Method = 'GET'; Status = 302; Location = 'http://localhost:{port}/_test/landing?from=302' },
            @{ Method = 'GET'; Status = 303; Location = '/_test/landing?from=303' },
            @{ Method = 'POST'; Status = 307; Location = 'http://localhost:{port}/_test/landing?from=307' },
            @{ Method = 'DELETE'; Status = 308; Location = '/_test/landing?from=308' }) {
            $sent = $Location -replace '\{port\}', $script:port
            $shown = if ($sent.StartsWith('/')) { $script:server.BaseUri + $sent } else { $sent }
            Add-TestServerFault $script:server @{ kind = 'Redirect'; status = $Status; location = $sent; pathPrefix = '/api/v4/leads' }
            $r = Invoke-Captured {
                if ($Method -eq 'GET') { Invoke-AmoRestMethod GET /api/v4/leads -All }
                else { Invoke-AmoRestMethod $Method /api/v4/leads -Body @(@{ name = 'x' }) -Confirm:$false }
            }
            @($r.Output).Count | Should -Be 0
            @($r.AllErrors).Count | Should -Be 1
            $e = @($r.AllErrors)[0]
            Get-ErrorId $e | Should -Be 'AmoApiRedirected'
            $e.CategoryInfo.Category | Should -Be 'ConnectionError'
            $e.Exception.Message | Should -BeLike "$Method $($script:server.BaseUri)/api/v4/leads*: $Status *, redirected to $shown. *not followed*"
            $e.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
            $r.Text | Should -Not -Match $script:server.Token
            $stats = Get-TestServerStats $script:server
            $stats.landings | Should -Be 0
            $stats.landingsWithAuthorization | Should -Be 0
            # Sent once: a redirect is neither followed nor retried.
            $stats.byRoute."$Method /api/v4/leads" | Should -Be 1
        }

        It 'is AmoApiRedirected without a Location too' {
            Add-TestServerFault $script:server @{ kind = 'Redirect'; status = 302; pathPrefix = '/api/v4/account' }
            $err = $null
            try { Invoke-AmoRestMethod GET /api/v4/account -ErrorAction Stop } catch { $err = $_ }
            Get-ErrorId $err | Should -Be 'AmoApiRedirected'
            $err.Exception.Message | Should -BeLike '*: 302 Found without a Location header.*'
        }

        It 'has a landing that counts a client that follows, with its token (the check above can fail)' {
            Add-TestServerFault $script:server @{ kind = 'Redirect'; status = 302; location = '/_test/landing?from=control'; pathPrefix = '/api/v4/leads' }
            $null = Invoke-RestMethod "$($script:server.BaseUri)/api/v4/leads" -Headers @{ Authorization = "Bearer $($script:server.Token)" } -PreserveAuthorizationOnRedirect
            $stats = Get-TestServerStats $script:server
            $stats.landings | Should -Be 1
            $stats.landingsWithAuthorization | Should -Be 1
        }
    }

    Context 'An HTTP error stops the command, as Invoke-RestMethod''s does' {
        BeforeEach { $script:c = Connect-ApiTestServer $script:server }

        It 'is caught by try/catch: a 404 is AmoApiNotFound, whatever -ErrorAction says, and nothing runs after it' {
            foreach ($action in 'Continue', 'SilentlyContinue') {
                $err = $null
                $after = $false
                try { Invoke-AmoRestMethod GET /api/v4/nope -ErrorAction $action; $after = $true } catch { $err = $_ }
                $after | Should -BeFalse -Because "-ErrorAction $action does not make an HTTP error non-terminating"
                $err.FullyQualifiedErrorId | Should -Be 'AmoApiNotFound,AmoWidget.Commands.InvokeAmoRestMethodCommand'
                $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
                $err.TargetObject | Should -Be '/api/v4/nope'
            }
        }

        It 'sends no body after the first that fails' {
            $before = (Get-TestServerStats $script:server).requests
            $r = Invoke-Captured { @{ name = 'a' }, @{ name = 'b' }, @{ name = 'c' } | Invoke-AmoRestMethod POST /api/v4/nope -Confirm:$false }
            $r.Errors | Should -BeNullOrEmpty
            Get-ErrorId $r.Terminating | Should -Be 'AmoApiNotFound'
            (Get-TestServerStats $script:server).requests - $before | Should -Be 1
        }

        It 'leaves the pipeline cmdlets'' per-input errors non-terminating' {
            $r = Invoke-Captured { 'nope', 'amo_dropbox' | Get-AmoWidget }
            $r.Terminating | Should -BeNullOrEmpty
            @($r.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('AmoApiNotFound')
            $r.Output.Code | Should -Be 'amo_dropbox'
        }
    }
}
