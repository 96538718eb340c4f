# Get-AmoWidgetPipeline as a pwsh user runs it, against the loopback test server (started on a free port in BeforeAll,
# its process tree stopped in AfterAll): by value and by property name, retries, completion of widget codes.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:server = Start-ApiTestServer
}

AfterAll {
    Stop-ApiTestServer $script:server
}

Describe 'Get-AmoWidgetPipeline' {
    Context 'Account API' {
        BeforeEach { $script:c = Connect-ApiTestServer $script:server }

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
            (Get-TestServerStats $script:server).byRoute.'GET /api/v4/leads/pipelines' | Should -Be 1
        }

        It 'writes AmoApiNotFound for an unknown widget and goes on with the next' {
            $r = Invoke-Captured { 'nope', 'test_widget_006' | Get-AmoWidgetPipeline }
            $r.Terminating | Should -BeNullOrEmpty
            Get-ErrorId $r.Errors[0] | Should -Be 'AmoApiNotFound'
            $r.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $r.Errors[0].TargetObject | Should -Be 'nope'
            $r.Output[-1].Code | Should -Be 'test_widget_006'
        }

        It 'retries <Kind> on a GET without surfacing it' -ForEach @(
            @{ Kind = 'TooManyRequestsJson' }, @{ Kind = 'TooManyRequestsHtml' }, @{ Kind = 'BadGateway' },
            @{ Kind = 'ServiceUnavailable' }, @{ Kind = 'GatewayTimeout' }, @{ Kind = 'Drop' }) {
            Add-TestServerFault $script:server @{ kind = $Kind; pathPrefix = '/api/v4/widgets/'; retryAfterBody = 0 }
            $r = Invoke-Captured { Get-AmoWidgetPipeline test_widget_003 -Verbose }
            $r.AllErrors | Should -BeNullOrEmpty
            $r.Output[-1].PipelineName | Should -Be 'Воронка'
            $r.Verbose -match 'retry 1 of' | Should -Not -BeNullOrEmpty
            (Get-TestServerStats $script:server).byRoute.'GET /api/v4/widgets/{code}' | Should -Be 2
        }

        It 'completes widget codes from the account' {
            $line = 'Get-AmoWidgetPipeline -Code amo_d'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches[-1].CompletionText | Should -Be 'amo_dropbox'
        }
    }
}
