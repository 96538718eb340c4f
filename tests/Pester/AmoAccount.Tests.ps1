# Connect-AmoAccount, Disconnect-AmoAccount and Get-AmoAccount as a pwsh user runs them, against the loopback test
# server (started on a free port in BeforeAll, its process tree stopped in AfterAll). Token rotation across processes:
# TokenRotation.Tests.ps1; -TokenCachePath values that are no regular file: NewUser.Tests.ps1.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:server = Start-ApiTestServer
}

AfterAll {
    Stop-ApiTestServer $script:server
}

Describe 'Connect-AmoAccount' {
    Context 'Account API' {
        BeforeEach { $script:c = Connect-ApiTestServer $script:server }

        It 'enforces the token and never prints it' {
            $bad = [Net.NetworkCredential]::new('', 'pester-wrong-token').SecurePassword
            $r = Invoke-Captured { Connect-AmoAccount -BaseUri $script:server.BaseUri -AccessToken $bad; 'unreached' }
            $e = @($r.AllErrors)[0]
            Get-ErrorId $e | Should -Be 'AmoApiUnauthorized'
            $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $r.Text | Should -Not -Match 'pester-wrong-token'
            ($script:c | Out-String) + $script:c.ToString() | Should -Not -Match $script:server.Token
        }

        It 'puts no token text in any stream' {
            Add-TestServerFault $script:server @{ kind = 'TooManyRequestsJson'; pathPrefix = '/api/v4/widgets/'; retryAfterBody = 0 }
            $r = Invoke-Captured {
                $script:c
                $script:c.ToString()
                Get-AmoWidgetPipeline amo_dropbox, nope -Verbose -Debug
                Get-AmoAccount | Out-String
                $script:c | Out-String
            }
            Get-ErrorId $r.Errors[0] | Should -Be 'AmoApiNotFound'
            $r.Verbose | Should -Not -BeNullOrEmpty
            $r.Text | Should -Not -Match $script:server.Token
        }

        It 'validates connection targets: <Name> is <ErrorId>' -ForEach @(
            @{ Name = '-Subdomain evil.com/x'; Arguments = @{ Subdomain = 'evil.com/x' }; ErrorId = 'AmoSubdomainInvalid'; Category = 'InvalidArgument' }
            @{ Name = 'an http -BaseUri'; Arguments = @{ BaseUri = 'http://example.amocrm.ru' }; ErrorId = 'AmoBaseUriInsecure'; Category = 'SecurityError' }
            @{ Name = 'no target'; Arguments = @{}; ErrorId = 'AmoConnectionTargetInvalid'; Category = $null }
            @{ Name = 'a -BaseUri with a query'; Arguments = @{ BaseUri = 'http://127.0.0.1:1/x?y' }; ErrorId = 'AmoBaseUriInvalid'; Category = $null }
        ) {
            $e = Get-ErrorRecord { Connect-AmoAccount @Arguments -AccessToken $script:server.SecureToken }
            Get-ErrorId $e[0] | Should -Be $ErrorId
            if ($Category) { $e[0].CategoryInfo.Category | Should -Be $Category }
        }
    }
}

Describe 'Disconnect-AmoAccount' {
    Context 'Account API' {
        BeforeEach { $script:c = Connect-ApiTestServer $script:server }

        It 'closes the connection on Disconnect-AmoAccount, and disconnects twice without error' {
            Disconnect-AmoAccount
            $script:c.IsConnected | Should -BeFalse
            Get-ErrorId (Get-ErrorRecord { Get-AmoAccount -Connection $script:c })[0] | Should -Be 'AmoConnectionClosed'
            (Get-ErrorRecord { Disconnect-AmoAccount }) | Should -BeNullOrEmpty
        }
    }
}

Describe 'Get-AmoAccount' {
    Context 'Account API' {
        BeforeEach { $script:c = Connect-ApiTestServer $script:server }

        It 'gives the account and the connection' {
            (Get-AmoAccount).Id | Should -Be 12345678
            $script:c | Should -BeOfType ([AmoWidget.AmoConnection])
            $script:c.AccountName | Should -Be 'example'
        }
    }
}
