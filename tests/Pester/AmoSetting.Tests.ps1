# Add-AmoSetting and Remove-AmoSetting as a pwsh user runs them: the settings form of manifest.json.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Add-AmoSetting' {
    Context 'Manifest pipeline' {
        BeforeEach { $script:dir = Enter-TestFolder }

        AfterEach { Exit-TestFolder $script:dir }

        It 'maps users_lp and refuses a type outside the set' {
            (New-AmoManifest | Add-AmoSetting staff -Type users_lp).ToJson() | Should -Match '"type": "users_lp"'
            { New-AmoManifest | Add-AmoSetting staff -Type checkbox } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmoWidget.Commands.AddAmoSettingCommand'
        }
    }

    Context 'Completion' {
        It 'completes setting types as manifest.json spells them for <Line>' -ForEach @(
            @{ Line = 'New-AmoManifest | Add-AmoSetting key -Type ' }
        ) {
            (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText | Sort-Object -CaseSensitive |
                Should -Be @('custom', 'pass', 'text', 'users', 'users_lp')
            $narrowed = $Line + 'us'
            (TabExpansion2 -inputScript $narrowed -cursorColumn $narrowed.Length).CompletionMatches.CompletionText | Should -Be @('users', 'users_lp')
        }
    }
}

Describe 'Remove-AmoSetting' {
    It 'removes the named fields of the settings form, says which were not there, and passes the manifest on' {
        $m = New-AmoManifest | Add-AmoSetting login | Add-AmoSetting api_key -Type pass
        $r = Invoke-Captured { $m | Remove-AmoSetting login, absent -Verbose }
        $r.AllErrors | Should -BeNullOrEmpty
        [object]::ReferenceEquals($r.Output[0], $m) | Should -BeTrue
        $r.Verbose | Should -Be @('Removed settings.login.', 'settings.absent was not there.')
        $json = $m.ToJson()
        $json | Should -Not -Match '"login"'
        $json | Should -Match '"api_key"'
    }

    It 'refuses an empty key' {
        $err = $null
        try { New-AmoManifest | Remove-AmoSetting '' -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
    }

    It 'refuses settings written as an array with ManifestShapeInvalid, and leaves the manifest out and unchanged' {
        $json = '{"settings": [{"name": "login", "type": "text"}]}'
        $m = [AmoWidget.AmoManifest]::Parse($json)
        $r = Invoke-Captured { $m | Remove-AmoSetting login }
        $r.Output | Should -BeNullOrEmpty
        @($r.AllErrors)[0].FullyQualifiedErrorId | Should -BeLike 'ManifestShapeInvalid,*'
        "$(@($r.AllErrors)[0])" | Should -Match '/settings'
        $m.ToJson() | Should -Be $json
    }
}
