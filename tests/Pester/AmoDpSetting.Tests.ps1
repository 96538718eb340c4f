# Add-AmoDpSetting as a pwsh user runs it: the fields of the Digital Pipeline action's form (dp.settings).

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Add-AmoDpSetting' {
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
