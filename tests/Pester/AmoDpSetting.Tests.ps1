# Add-AmoDpSetting as a pwsh user runs it: the fields of the Digital Pipeline action's form (dp.settings).

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Add-AmoDpSetting' {
    It 'writes a field of the Digital Pipeline form under dp.settings, as manifest.json spells it' {
        $m = New-AmoManifest | Set-AmoDigitalPipeline | Add-AmoDpSetting message -Type users -Required -Name dp.message
        Get-Block $m 'dp' | Should -Be (Get-Shape '{ "settings": { "message": { "name": "dp.message", "type": "users", "required": true } }, "action_multiple": false }')
    }

    It 'warns that the dp block needs the digital_pipeline location' {
        $m = New-AmoManifest | Add-AmoDpSetting message -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match 'digital_pipeline'
        Get-Block $m 'dp' | Should -Be (Get-Shape '{ "settings": { "message": { "name": "settings.message", "type": "text", "required": false } }, "action_multiple": false }')
    }

    It 'reports a dp value that is not an object and passes nothing on' {
        $r = Invoke-Captured { [AmoWidget.AmoManifest]::Parse('{"locations": [], "dp": []}') | Add-AmoDpSetting message }
        @($r.AllErrors)[0].FullyQualifiedErrorId | Should -BeLike 'ManifestShapeInvalid,*'
        $r.Output | Should -BeNullOrEmpty
    }

    Context 'Completion' {
        It 'completes setting types as manifest.json spells them for <Line>' -ForEach @(
            @{ Line = 'New-AmoManifest | Add-AmoDpSetting key -Type ' }
        ) {
            (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText | Sort-Object -CaseSensitive |
                Should -Be @('custom', 'pass', 'text', 'users', 'users_lp')
            $narrowed = $Line + 'us'
            (TabExpansion2 -inputScript $narrowed -cursorColumn $narrowed.Length).CompletionMatches.CompletionText | Should -Be @('users', 'users_lp')
        }
    }
}
