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
}
