# The manifest cmdlets as a pwsh user runs them: the same scenarios as tests/AmoWidget.Module.Tests/Manifest.
# Run with ./build.ps1 -Task Test (Pester 5).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:small = "{`n  `"widget`": {`"name`": `"a`", `"version`": `"1.0.0`"},`n  `"locations`": [`"lcard-1`"]`n}`n"
}

Describe 'Manifest pipeline' {
    BeforeEach {
        $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("amowidget-pester-" + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $script:dir
        Push-Location $script:dir
    }

    AfterEach {
        Pop-Location
        Remove-Item -LiteralPath $script:dir -Recurse -Force
    }

    It 'writes exactly the manifest of the contract''s first example' {
        New-AmoManifest -Locale ru, en -SupportEmail dev@example.com |
            Add-AmoLocation lcard, ccard -RightColumn $true |
            Add-AmoLocation llist, clist -RightColumn $false |
            Set-AmoDigitalPipeline -WebhookUrl https://example.com/dp |
            Add-AmoDpSetting message -Type text -Required |
            Export-AmoManifest ./widget/manifest.json

        $expected = "{`n  `"widget`": {`n    `"name`": `"widget.name`",`n    `"description`": `"widget.description`",`n    `"short_description`": `"widget.short_description`",`n    `"version`": `"1.0.0`",`n    `"interface_version`": 2,`n    `"init_once`": false,`n    `"locale`": [`"ru`", `"en`"],`n    `"installation`": true,`n    `"support`": {`n      `"email`": `"dev@example.com`"`n    }`n  },`n  `"locations`": [`n    `"lcard-1`",`n    `"ccard-1`",`n    `"llist-0`",`n    `"clist-0`",`n    `"digital_pipeline`"`n  ],`n  `"settings`": {},`n  `"dp`": {`n    `"settings`": {`n      `"message`": {`n        `"name`": `"settings.message`",`n        `"type`": `"text`",`n        `"required`": true`n      }`n    },`n    `"action_multiple`": false,`n    `"webhook_url`": `"https://example.com/dp`"`n  }`n}`n"
        [IO.File]::ReadAllText((Join-Path $script:dir 'widget/manifest.json')) | Should -BeExactly $expected
        [IO.File]::ReadAllBytes((Join-Path $script:dir 'widget/manifest.json'))[0] | Should -Be ([byte][char]'{')
    }

    It 'edits in place and changes only the edited line' {
        $original = "{`r`n    `"widget`": {`"name`": `"Виджет`"},`r`n    `"locations`": [`r`n        `"lcard-1`",`r`n        `"llist-0`",`r`n        `"settings`"`r`n    ],`r`n    `"unknown_top`": null`r`n}"
        Write-Utf8 (Join-Path $script:dir 'widget/manifest.json') $original
        Import-AmoManifest ./widget | Remove-AmoLocation llist | Export-AmoManifest
        [IO.File]::ReadAllText((Join-Path $script:dir 'widget/manifest.json')) | Should -BeExactly ($original.Replace("        `"llist-0`",`r`n", ''))
        @(Get-ChildItem -LiteralPath (Join-Path $script:dir 'widget') -Force).Name | Should -Be @('manifest.json')
    }

    It 'reports -RightColumn on everywhere and still adds the other names' {
        $m = New-AmoManifest | Add-AmoLocation lcard, everywhere, ccard -RightColumn $false -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'RightColumnNotSupported'
        $m.Locations.Value | Should -Be @('lcard-0', 'ccard-0')
    }

    It 'names the nearest location for an unknown one' {
        $m = New-AmoManifest | Add-AmoLocation lcrad, settings -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'LocationUnknown'
        $problems[0].ErrorDetails.RecommendedAction | Should -Match 'lcard'
        $m.Locations.Value | Should -Be @('settings')
    }

    It 'warns about a missing companion block' {
        $null = New-AmoManifest | Add-AmoLocation digital_pipeline -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings[0].Message | Should -Match 'Set-AmoDigitalPipeline'
    }

    It 'maps users_lp and refuses a type outside the set' {
        (New-AmoManifest | Add-AmoSetting staff -Type users_lp).ToJson() | Should -Match '"type": "users_lp"'
        { New-AmoManifest | Add-AmoSetting staff -Type checkbox } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmoWidget.Commands.AddAmoSettingCommand'
    }

    It 'stops on a bad Salesbot field' {
        { New-AmoManifest | Add-AmoSalesbotHandler send -Field @{ type = 'text' } } | Should -Throw -ErrorId 'SalesbotFieldInvalid,AmoWidget.Commands.AddAmoSalesbotHandlerCommand'
    }

    It 'lists the catalog, filters it and reports an unknown name' {
        @(Get-AmoLocation).Count | Should -Be 25
        (Get-AmoLocation *card, everywhere).Name | Should -Be @('lcard', 'ccard', 'comcard', 'cucard', 'mobile_card', 'everywhere')
        $found = Get-AmoLocation digitalpipeline, lcard -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'LocationUnknown'
        $found.Name | Should -Be 'lcard'
    }
}

Describe 'Import-AmoManifest and Export-AmoManifest' {
    BeforeEach {
        $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("amowidget-pester-" + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $script:dir
        Push-Location $script:dir
    }

    AfterEach {
        Pop-Location
        Get-ChildItem -LiteralPath $script:dir -Recurse -File | ForEach-Object { $_.IsReadOnly = $false }
        Remove-Item -LiteralPath $script:dir -Recurse -Force
    }

    It 'reports a missing path and goes on with the next' {
        Write-Utf8 (Join-Path $script:dir 'b/manifest.json') $script:small
        $m = Import-AmoManifest ./missing.json, ./b -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'PathNotFound'
        $m.Name | Should -Be 'a'
    }

    It 'reports a folder without manifest.json' {
        $null = New-Item -ItemType Directory -Path ./empty
        Import-AmoManifest ./empty -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ManifestNotFound'
    }

    It 'reports invalid JSON with line and column' {
        Write-Utf8 (Join-Path $script:dir 'bad/manifest.json') "{`n  `"widget`": {`n    `"name`": `"a`",`n  }`n}`n"
        Import-AmoManifest ./bad -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ManifestJsonInvalid'
        $problems[0].Exception.Message | Should -Match 'manifest\.json:4:3'
    }

    It 'reports a .zip that is not a zip' {
        Write-Utf8 (Join-Path $script:dir 'widget.zip') 'this is not a zip'
        Import-AmoManifest ./widget.zip -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ArchiveInvalid'
    }

    It 'does not write a manifest back into its zip' {
        Write-Utf8 (Join-Path $script:dir 'src/manifest.json') $script:small
        [IO.Compression.ZipFile]::CreateFromDirectory((Join-Path $script:dir 'src'), (Join-Path $script:dir 'widget.zip'))
        Import-AmoManifest ./widget.zip | Export-AmoManifest -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ManifestReadOnly'
        (Import-AmoManifest ./widget.zip | Export-AmoManifest ./copy -PassThru).Path | Should -Be (Join-Path $script:dir 'copy/manifest.json')
    }

    It 'needs a path for a new manifest' {
        New-AmoManifest | Export-AmoManifest -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ExportPathRequired'
    }

    It 'needs -Force for another existing file, and -NoClobber refuses even with -Force' {
        Write-Utf8 (Join-Path $script:dir 'w/manifest.json') 'keep me'
        New-AmoManifest | Export-AmoManifest ./w -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'FileExists'
        New-AmoManifest | Export-AmoManifest ./w -Force -NoClobber -ErrorVariable problems2 -ErrorAction SilentlyContinue
        Get-ErrorId $problems2[0] | Should -Be 'FileExists'
        [IO.File]::ReadAllText((Join-Path $script:dir 'w/manifest.json')) | Should -BeExactly 'keep me'
        New-AmoManifest | Export-AmoManifest ./w -Force
        [IO.File]::ReadAllText((Join-Path $script:dir 'w/manifest.json')) | Should -Match 'interface_version'
    }

    It 'needs -Force for a read-only file, which stays read-only' {
        $file = Join-Path $script:dir 'w/manifest.json'
        Write-Utf8 $file $script:small
        (Get-Item $file).IsReadOnly = $true
        Import-AmoManifest ./w | Step-AmoManifestVersion | Export-AmoManifest -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'FileReadOnly'
        Import-AmoManifest ./w | Step-AmoManifestVersion | Export-AmoManifest -Force
        [IO.File]::ReadAllText($file) | Should -Match '1\.0\.1'
        (Get-Item $file).IsReadOnly | Should -BeTrue
    }

    It 'writes nothing with -WhatIf' {
        New-AmoManifest | Export-AmoManifest ./new/manifest.json -WhatIf
        Test-Path ./new | Should -BeFalse
    }

    It 'leaves no temporary file and points the manifest at the written file' {
        $m = New-AmoManifest
        1..3 | ForEach-Object { $m | Export-AmoManifest ./w -Force }
        $m.Path | Should -Be (Join-Path $script:dir 'w/manifest.json')
        @(Get-ChildItem -LiteralPath (Join-Path $script:dir 'w') -Force).Name | Should -Be @('manifest.json')
    }

    It 'reads a BOM and writes the file back without it' {
        $file = Join-Path $script:dir 'w/manifest.json'
        $null = New-Item -ItemType Directory -Path (Split-Path $file)
        [IO.File]::WriteAllBytes($file, [byte[]](0xEF, 0xBB, 0xBF) + [Text.Encoding]::UTF8.GetBytes($script:small))
        Import-AmoManifest ./w | Export-AmoManifest
        [IO.File]::ReadAllBytes($file) | Should -Be ([Text.Encoding]::UTF8.GetBytes($script:small))
    }

    It 'takes FileInfo objects, Get-ChildItem output and objects with PSPath from the pipeline' {
        Write-Utf8 (Join-Path $script:dir 'w1/manifest.json') $script:small
        Write-Utf8 (Join-Path $script:dir 'w2/manifest.json') $script:small.Replace('"a"', '"b"')
        ([IO.FileInfo[]]@((Join-Path $script:dir 'w1/manifest.json'), (Join-Path $script:dir 'w2/manifest.json')) | Import-AmoManifest).Name | Should -Be @('a', 'b')
        (Get-ChildItem -Recurse -Filter manifest.json | Import-AmoManifest).Count | Should -Be 2
        ([pscustomobject]@{ PSPath = (Join-Path $script:dir 'w2') } | Import-AmoManifest).Name | Should -Be 'b'
        (Import-AmoManifest ./w*/manifest.json).Name | Should -Be @('a', 'b')
    }
}

Describe 'Completion' {
    It 'completes location names with their descriptions for <Line>' -ForEach @(
        @{ Line = 'New-AmoManifest | Add-AmoLocation ' }
        @{ Line = 'New-AmoManifest | Remove-AmoLocation -Name ' }
        @{ Line = 'Get-AmoLocation -Name ' }
        @{ Line = 'New-AmoManifest -Location ' }
    ) {
        $found = (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
        $found.Count | Should -Be 25
        ($found | Where-Object CompletionText -EQ 'digital_pipeline').ToolTip | Should -Match 'Digital Pipeline trigger'
    }

    It 'completes setting types as manifest.json spells them' {
        $line = 'New-AmoManifest | Add-AmoDpSetting key -Type us'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('users', 'users_lp')
    }
}

Describe 'Corpus round trip' {
    It 'exports every corpus manifest as the bytes it was imported from' {
        $corpus = Get-CorpusPath
        if (-not $corpus) { Set-ItResult -Skipped -Because 'the corpus is not beside this clone'; return }
        $target = Join-Path ([IO.Path]::GetTempPath()) ("amowidget-pester-" + [guid]::NewGuid().ToString('N') + '.json')
        try {
            foreach ($folder in Get-ChildItem -LiteralPath $corpus -Directory) {
                $bytes = [IO.File]::ReadAllBytes((Join-Path $folder.FullName 'manifest.json'))
                $bom = $bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF
                $body = if ($bom) { $bytes[3..($bytes.Length - 1)] } else { $bytes }
                $valid = $true
                try { $null = [System.Text.Json.JsonDocument]::Parse([System.ReadOnlyMemory[byte]]::new([byte[]]$body), [System.Text.Json.JsonDocumentOptions]::new()) } catch { $valid = $false }
                Import-AmoManifest -LiteralPath $folder.FullName -ErrorVariable problems -ErrorAction SilentlyContinue |
                    Export-AmoManifest -Path $target -Force
                if ($valid) {
                    $problems.Count | Should -Be 0 -Because $folder.Name
                    [IO.File]::ReadAllBytes($target) | Should -Be $body -Because $folder.Name
                }
                else {
                    Get-ErrorId $problems[0] | Should -Be 'ManifestJsonInvalid' -Because $folder.Name
                }
            }
        }
        finally {
            Remove-Item -LiteralPath $target -Force -ErrorAction Ignore
        }
    }
}
