# Get-AmoRule as a pwsh user runs it: the rule catalog, wildcards, severities and the completion of rule names.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Get-AmoRule' {
    It 'lists every rule and filters with wildcards' {
        @(Get-AmoRule).Count | Should -BeGreaterOrEqual 34
        (Get-AmoRule AmoImage*).Name | Should -Be @('AmoImageMissing', 'AmoImageSize', 'AmoImageTooLarge', 'AmoImageNotPng', 'AmoImageAnimated')
        "$((Get-AmoRule amoscriptmissing).Severity)" | Should -Be 'Warning'
    }

    It 'writes RuleNotFound for an unknown name' {
        { Get-AmoRule AmoNoSuchRule -ErrorAction Stop } | Should -Throw -ErrorId 'RuleNotFound*'
    }

    It 'completes rule names' {
        $complete = { param($Line) @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches) }
        $zip64 = & $complete 'Test-AmoWidget ./w -ExcludeRule AmoArchiveZ'
        $zip64.Count | Should -Be 1
        $zip64[0].CompletionText | Should -Be 'AmoArchiveZip64'
        $zip64[0].ToolTip | Should -Match 'Zip64'
        (& $complete 'Get-AmoRule -Name AmoImage').CompletionText | Should -Contain 'AmoImageSize'
        (& $complete 'Test-AmoManifest ./m.json -ExcludeRule ').CompletionText | Should -Contain 'AmoJsonInvalid'
    }

    It 'lists <Name> as a <Severity>' -ForEach @(
        @{ Name = 'AmoKeyUnknown'; Severity = 'Warning' }
        @{ Name = 'AmoArchiveName'; Severity = 'Warning' }
        @{ Name = 'AmoFormsScriptMissing'; Severity = 'Error' }
        @{ Name = 'AmoLeftMenuIcon'; Severity = 'Error' }
        @{ Name = 'AmoTourImageMissing'; Severity = 'Warning' }
    ) {
        $rule = Get-AmoRule $Name
        [string] $rule.Severity | Should -Be $Severity
        $rule.Description | Should -Not -BeNullOrEmpty
        $rule.HelpUri | Should -Match '^https://'
    }

    It 'completes the new rule names' {
        $line = 'Test-AmoWidget ./w -ExcludeRule AmoKeyU'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'AmoKeyUnknown'
    }
}
