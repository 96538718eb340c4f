# Get-AmoPipeline as a pwsh user runs it, against the loopback test server (started on a free port in BeforeAll, its
# process tree stopped in AfterAll).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:server = Start-ApiTestServer
}

AfterAll {
    Stop-ApiTestServer $script:server
}

Describe 'Get-AmoPipeline' {
    Context 'Account API' {
        BeforeEach { $script:c = Connect-ApiTestServer $script:server }

        It 'lists pipelines and writes AmoApiNotFound for an unknown id' {
            (Get-AmoPipeline).Name -join ',' | Should -Be 'Воронка,Партнёры'
            (Get-AmoPipeline 3177727).Statuses.Count | Should -Be 5
            $e = Get-ErrorRecord { Get-AmoPipeline 999 }
            Get-ErrorId $e[0] | Should -Be 'AmoApiNotFound'
            $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
    }
}
