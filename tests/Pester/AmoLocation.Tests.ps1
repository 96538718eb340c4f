# Add-AmoLocation, Get-AmoLocation and Remove-AmoLocation as a pwsh user runs them: suffixes and -RightColumn, the
# nearest name for a typo, companions, the block a removed location leaves, the catalog, and completion.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Add-AmoLocation' {
    Context 'Manifest pipeline' {
        BeforeEach { $script:dir = Enter-TestFolder }

        AfterEach { Exit-TestFolder $script:dir }

        It 'reports -RightColumn on everywhere and still adds the other names' {
            $r = Invoke-Captured { New-AmoManifest | Add-AmoLocation lcard, everywhere, ccard -RightColumn $false | ForEach-Object { $_.Locations.Value } }
            @($r.AllErrors).Count | Should -Be 1
            Get-ErrorId $r.Errors[0] | Should -Be 'RightColumnNotSupported'
            $r.Errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $r.Errors[0].TargetObject | Should -Be 'everywhere'
            $r.Output | Should -Be @('lcard-0', 'ccard-0')
        }

        It 'names the nearest location for an unknown one' {
            $m = New-AmoManifest | Add-AmoLocation lcrad, settings -ErrorVariable problems -ErrorAction SilentlyContinue
            Get-ErrorId $problems[0] | Should -Be 'LocationUnknown'
            $problems[0].Exception.Message | Should -Match "'lcard'"
            $problems[0].ErrorDetails.RecommendedAction | Should -Match 'lcard'
            $m.Locations.Value | Should -Be @('settings')
        }

        It 'replaces the suffix of a location already there, without a duplicate' {
            (New-AmoManifest -Location lcard | Add-AmoLocation lcard -RightColumn $false | Add-AmoLocation lcard).Locations.Value | Should -Be @('lcard-0')
        }

        It 'keeps the suffix a name is written with, instead of turning lcard-0 into lcard-1' {
            (New-AmoManifest -Location lcard-0, llist-1).Locations.Value | Should -Be @('lcard-0', 'llist-1')
            (New-AmoManifest -Location lcard | Add-AmoLocation lcard-0).Locations.Value | Should -Be @('lcard-0')
            (New-AmoManifest | Add-AmoLocation clist-0 -RightColumn $false).Locations.Value | Should -Be @('clist-0')
        }

        It 'reports a suffix on a location that takes none, and one that contradicts -RightColumn' {
            $r = Invoke-Captured { New-AmoManifest -Location everywhere-1, settings | ForEach-Object { $_.Locations.Value } }
            Get-ErrorId $r.Errors[0] | Should -Be 'RightColumnNotSupported'
            $r.Errors[0].TargetObject | Should -Be 'everywhere-1'
            $r.Errors[0].Exception.Message | Should -Match "Write 'everywhere' without '-1'"
            $r.Output | Should -Be @('settings')

            $r = Invoke-Captured { New-AmoManifest | Add-AmoLocation lcard-0, ccard -RightColumn $true | ForEach-Object { $_.Locations.Value } }
            Get-ErrorId $r.Errors[0] | Should -Be 'RightColumnConflict'
            $r.Errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $r.Output | Should -Be @('ccard-1')
        }

        It 'warns about a missing companion, naming the cmdlet that adds it' {
            $null = New-AmoManifest | Add-AmoLocation digital_pipeline, advanced_settings, card_sdk -WarningVariable warnings -WarningAction SilentlyContinue
            $warnings.Count | Should -Be 3
            $warnings.Message -match 'Set-AmoDigitalPipeline' | Should -Not -BeNullOrEmpty
            $warnings.Message -match 'Set-AmoAdvancedSettings' | Should -Not -BeNullOrEmpty
            $warnings.Message -match 'Add-AmoLocation lcard' | Should -Not -BeNullOrEmpty
            $null = New-AmoManifest | Set-AmoDigitalPipeline | Set-AmoAdvancedSettings | Add-AmoLocation lcard, card_sdk -WarningVariable none -WarningAction SilentlyContinue
            $none | Should -BeNullOrEmpty
        }

        It 'reports a failed edit and leaves the manifest out of the output: <ErrorId>' -ForEach @(
            @{ ErrorId = 'ManifestShapeInvalid'; Script = { [AmoWidget.AmoManifest]::Parse('{"locations": {}}') | Add-AmoLocation lcard } }
        ) {
            $r = Invoke-Captured $Script
            Get-ErrorId @($r.AllErrors)[0] | Should -Be $ErrorId
            $r.Output | Should -BeNullOrEmpty
        }
    }

    Context 'Completion' {
        It 'completes location names with their descriptions for <Line>' -ForEach @(
            @{ Line = 'New-AmoManifest | Add-AmoLocation ' }
        ) {
            $found = (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
            $found.Count | Should -Be 25
            ($found | Where-Object CompletionText -EQ 'digital_pipeline').ToolTip | Should -Match 'Digital Pipeline trigger'
        }

        It 'narrows the locations to a typed prefix or wildcard' {
            $complete = { param($Line) (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches }
            (& $complete 'Get-AmoLocation l').CompletionText | Should -Be @('lcard', 'llist', 'lead_sources')
            (& $complete 'Add-AmoLocation *card').CompletionText | Should -Be @('lcard', 'ccard', 'comcard', 'cucard', 'card_sdk', 'mobile_card')
            $lcard = @(& $complete 'New-AmoManifest | Add-AmoLocation settings, lca')
            $lcard.Count | Should -Be 1
            $lcard[0].CompletionText | Should -Be 'lcard'
            $lcard[0].ToolTip | Should -Match 'Lead card'
            $lcard[0].ToolTip | Should -Match '-RightColumn'
        }
    }
}

Describe 'Get-AmoLocation' {
    Context 'Manifest pipeline' {
        BeforeEach { $script:dir = Enter-TestFolder }

        AfterEach { Exit-TestFolder $script:dir }

        It 'reports a pattern PowerShell cannot read as a wildcard with WildcardInvalid, escaped, and goes on with the next name' {
            $r = Invoke-Captured { Get-AmoLocation "lcard[`e[31m", lcard }
            Get-ErrorId @($r.AllErrors)[0] | Should -Be 'WildcardInvalid'
            "$(@($r.AllErrors)[0])" | Should -Not -Match "`e" -Because 'the name is the user''s, but a terminal sequence in it is shown escaped'
            $r.Output.Name | Should -Be 'lcard'
            Get-ErrorId (Get-ErrorRecord { Get-AmoRule 'Amo[' })[0] | Should -Be 'WildcardInvalid'
        }

        It 'lists the catalog, filters it and reports an unknown name' {
            $all = @(Get-AmoLocation)
            $all.Count | Should -Be 25
            $all | Where-Object { -not $_.Description } | Should -BeNullOrEmpty
            (Get-AmoLocation *card, everywhere).Name | Should -Be @('lcard', 'ccard', 'comcard', 'cucard', 'mobile_card', 'everywhere')
            $found = Get-AmoLocation digitalpipeline, lcard -ErrorVariable problems -ErrorAction SilentlyContinue
            Get-ErrorId $problems[0] | Should -Be 'LocationUnknown'
            $problems[0].ErrorDetails.RecommendedAction | Should -Match 'digital_pipeline'
            $found.Name | Should -Be 'lcard'
            $r = Invoke-Captured { Get-AmoLocation nothing* }
            $r.AllErrors | Should -BeNullOrEmpty
            $r.Output | Should -BeNullOrEmpty
        }

        It 'reads the locations of a manifest, known or not' {
            New-AmoManifest -Location lcard, settings | Get-AmoLocation | ForEach-Object { '{0}|{1}|{2}' -f $_.Value, $_.RightColumn, $_.Area } |
                Should -Be @('lcard-1|True|Card', 'settings||Settings')
            ([AmoWidget.AmoManifest]::Parse('{"locations": ["anywhere"]}') | Get-AmoLocation anywhere).IsKnown | Should -BeFalse
        }
    }

    Context 'Completion' {
        It 'completes location names with their descriptions for <Line>' -ForEach @(
            @{ Line = 'Get-AmoLocation -Name ' }
        ) {
            $found = (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
            $found.Count | Should -Be 25
            ($found | Where-Object CompletionText -EQ 'digital_pipeline').ToolTip | Should -Match 'Digital Pipeline trigger'
        }
    }
}

Describe 'Remove-AmoLocation' {
    Context 'Manifest pipeline' {
        BeforeEach { $script:dir = Enter-TestFolder }

        AfterEach { Exit-TestFolder $script:dir }

        It 'removes an absent location without an error, and warns about a typo' {
            $r = Invoke-Captured { (New-AmoManifest -Location lcard | Remove-AmoLocation llist, lcard, lcrad).Locations.Count }
            $r.AllErrors | Should -BeNullOrEmpty
            $r.Output | Should -Be 0
            @($r.Warnings).Count | Should -Be 1
            $r.Warnings[0] | Should -Match "'lcard'"
        }
    }

    Context 'The block it leaves' {
        It 'warns that the block stays behind' {
            $m = New-AmoManifest | Set-AmoSms https://amowidget.test/sms
            $null = $m | Remove-AmoLocation sms -WarningVariable warnings -WarningAction SilentlyContinue
            $warnings[0].Message | Should -Match "'sms' block stays behind"
            $m.Root['sms'] | Should -Not -BeNullOrEmpty
        }

        It 'removes the block with -RemoveBlock, even when the location was already gone' {
            $m = New-AmoManifest | Set-AmoDigitalPipeline -WebhookUrl https://amowidget.test/dp | Remove-AmoLocation digital_pipeline -RemoveBlock -WarningVariable warnings
            $m.Root['dp'] | Should -BeNullOrEmpty
            $warnings | Should -BeNullOrEmpty
            $m = New-AmoManifest | Add-AmoLeftMenuItem a -Icon images/a.svg | Remove-AmoLocation widget_page -WarningAction SilentlyContinue
            $m = $m | Remove-AmoLocation widget_page -RemoveBlock
            $m.Root['left_menu'] | Should -BeNullOrEmpty
        }
    }

    Context 'Completion' {
        It 'completes location names with their descriptions for <Line>' -ForEach @(
            @{ Line = 'New-AmoManifest | Remove-AmoLocation -Name ' }
        ) {
            $found = (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
            $found.Count | Should -Be 25
            ($found | Where-Object CompletionText -EQ 'digital_pipeline').ToolTip | Should -Match 'Digital Pipeline trigger'
        }
    }
}
