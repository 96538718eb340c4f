# The manifest cmdlets as a pwsh user runs them: New-AmoManifest, Set-AmoManifest, Step-AmoManifestVersion,
# Import-AmoManifest and Export-AmoManifest (every corpus manifest through both, a minified manifest edited to the
# byte), Test-AmoManifest, and the completion of their arguments. Run with ./build.ps1 -Task Test (Pester 5).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:small = "{`n  `"widget`": {`"name`": `"a`", `"version`": `"1.0.0`"},`n  `"locations`": [`"lcard-1`"]`n}`n"
}

Describe 'Export-AmoManifest' {
    Context 'Manifest pipeline' {
        BeforeEach { $script:dir = Enter-TestFolder }

        AfterEach { Exit-TestFolder $script:dir }

        It 'edits in place and changes only the edited line' {
            # CRLF, four-space indentation, no final newline, unknown keys, number spellings, a duplicate key: all kept.
            $original = "{`r`n    `"widget`": {`r`n        `"name`": `"Виджет «тест»`",`r`n        `"version`": `"1.2.3`",`r`n        `"x_custom`": {`"keep`": [1, 2.50, true, 1e3]}`r`n    },`r`n    `"locations`": [`r`n        `"lcard-1`",`r`n        `"llist-0`",`r`n        `"settings`"`r`n    ],`r`n    `"settings`": {`"a`": {`"name`": `"x`", `"type`": `"text`"}, `"a`": 1},`r`n    `"unknown_top`": null`r`n}"
            Write-Utf8 (Join-Path $script:dir 'widget/manifest.json') $original
            Import-AmoManifest ./widget | Remove-AmoLocation llist | Export-AmoManifest
            [IO.File]::ReadAllText((Join-Path $script:dir 'widget/manifest.json')) | Should -BeExactly ($original.Replace("        `"llist-0`",`r`n", ''))
            @(Get-ChildItem -LiteralPath (Join-Path $script:dir 'widget') -Force).Name | Should -Be @('manifest.json')
        }
    }

    Context 'Import-AmoManifest and Export-AmoManifest' {
        BeforeEach { $script:dir = Enter-TestFolder }

        AfterEach { Exit-TestFolder $script:dir }

        It 'does not write a manifest back into its zip' {
            Write-Utf8 (Join-Path $script:dir 'src/manifest.json') $script:small
            [IO.Compression.ZipFile]::CreateFromDirectory((Join-Path $script:dir 'src'), (Join-Path $script:dir 'widget.zip'))
            Import-AmoManifest ./widget.zip | Add-AmoLocation settings | Export-AmoManifest -ErrorVariable problems -ErrorAction SilentlyContinue
            Get-ErrorId $problems[0] | Should -Be 'ManifestReadOnly'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
            (Import-AmoManifest ./widget.zip | Export-AmoManifest ./copy -PassThru).Path | Should -Be (Join-Path $script:dir 'copy/manifest.json')
            [IO.File]::ReadAllText((Join-Path $script:dir 'copy/manifest.json')) | Should -BeExactly $script:small
        }

        It 'needs a path for a new manifest' {
            New-AmoManifest | Export-AmoManifest -ErrorVariable problems -ErrorAction SilentlyContinue
            Get-ErrorId $problems[0] | Should -Be 'ExportPathRequired'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'takes a folder path as its manifest.json and creates missing folders' {
            $null = New-Item -ItemType Directory -Path ./existing
            $m = New-AmoManifest
            Export-AmoManifest $m ./existing
            Export-AmoManifest $m ./new/deep/
            ($m | Export-AmoManifest ./fresh -PassThru).Path | Should -Be (Join-Path $script:dir 'fresh/manifest.json')
            Join-Path $script:dir 'existing/manifest.json' | Should -Exist
            Join-Path $script:dir 'new/deep/manifest.json' | Should -Exist
        }

        It 'overwrites its own source without -Force, but not with -NoClobber' {
            $file = Join-Path $script:dir 'w/manifest.json'
            Write-Utf8 $file $script:small
            Import-AmoManifest ./w | Step-AmoManifestVersion | Export-AmoManifest
            [IO.File]::ReadAllText($file) | Should -Match '1\.0\.1'
            $e = Get-ErrorRecord { Import-AmoManifest ./w | Step-AmoManifestVersion | Export-AmoManifest -NoClobber }
            Get-ErrorId $e[0] | Should -Be 'FileExists'
            [IO.File]::ReadAllText($file) | Should -Match '1\.0\.1'
        }

        It 'needs -Force for its own source changed on disk since it was read, so that the change is not lost' {
            $file = Join-Path $script:dir 'w/manifest.json'
            Write-Utf8 $file $script:small
            $first = Import-AmoManifest ./w
            $second = Import-AmoManifest ./w
            $first | Step-AmoManifestVersion | Export-AmoManifest
            $second | Set-AmoManifest -InitOnce $true | Export-AmoManifest -ErrorVariable problems -ErrorAction SilentlyContinue
            Get-ErrorId $problems[0] | Should -Be 'ManifestChangedOnDisk'
            $problems[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            $problems[0].TargetObject | Should -Be $file
            [IO.File]::ReadAllText($file) | Should -Match '1\.0\.1' -Because 'the first export stays'

            $first | Step-AmoManifestVersion | Export-AmoManifest
            [IO.File]::ReadAllText($file) | Should -Match '1\.0\.2' -Because 'what this object wrote last is what the file holds'
            Write-Utf8 $file ([IO.File]::ReadAllText($file).Replace('1.0.2', '7.0.0'))
            { $first | Export-AmoManifest -ErrorAction Stop } | Should -Throw -ErrorId 'ManifestChangedOnDisk,AmoWidget.Commands.ExportAmoManifestCommand'
            $second | Export-AmoManifest -Force
            [IO.File]::ReadAllText($file) | Should -Match '"init_once": true'
        }

        It 'needs -Force for another existing file, and -NoClobber refuses even with -Force' {
            Write-Utf8 (Join-Path $script:dir 'w/manifest.json') 'keep me'
            New-AmoManifest | Export-AmoManifest ./w -ErrorVariable problems -ErrorAction SilentlyContinue
            Get-ErrorId $problems[0] | Should -Be 'FileExists'
            $problems[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            [IO.File]::ReadAllText((Join-Path $script:dir 'w/manifest.json')) | Should -BeExactly 'keep me'
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
            $problems[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            [IO.File]::ReadAllText($file) | Should -BeExactly $script:small
            Import-AmoManifest ./w | Step-AmoManifestVersion | Export-AmoManifest -Force
            [IO.File]::ReadAllText($file) | Should -Match '1\.0\.1'
            (Get-Item $file).IsReadOnly | Should -BeTrue
        }

        It 'writes nothing with -WhatIf' {
            $file = Join-Path $script:dir 'w/manifest.json'
            Write-Utf8 $file $script:small
            $r = Invoke-Captured {
                New-AmoManifest | Export-AmoManifest ./new/manifest.json -WhatIf -PassThru
                Import-AmoManifest ./w | Step-AmoManifestVersion | Export-AmoManifest -WhatIf
            }
            $r.AllErrors | Should -BeNullOrEmpty
            $r.Output | Should -BeNullOrEmpty
            Test-Path ./new | Should -BeFalse
            [IO.File]::ReadAllText($file) | Should -BeExactly $script:small
            @(Get-ChildItem -LiteralPath (Join-Path $script:dir 'w') -Force).Name | Should -Be @('manifest.json')
        }

        It 'leaves no temporary file and points the manifest at the written file' {
            $m = New-AmoManifest
            1..3 | ForEach-Object { $m | Export-AmoManifest ./w -Force }
            $m.Path | Should -Be (Join-Path $script:dir 'w/manifest.json')
            @(Get-ChildItem -LiteralPath (Join-Path $script:dir 'w') -Force).Name | Should -Be @('manifest.json')
        }

        It 'writes UTF-8 without BOM and keeps non-ASCII text' {
            New-AmoManifest -Name 'Виджет «тест» ✓' | Export-AmoManifest ./w
            $file = Join-Path $script:dir 'w/manifest.json'
            [IO.File]::ReadAllBytes($file)[0] | Should -Be ([byte][char]'{')
            [IO.File]::ReadAllText($file).Contains('"name": "Виджет «тест» ✓"') | Should -BeTrue
        }
    }

    Context 'Corpus round trip' {
        It 'exports every corpus manifest as the bytes it was imported from' {
            $corpus = Get-CorpusPath
            if (-not $corpus) { Set-ItResult -Skipped -Because 'the corpus is not beside this clone'; return }
            $target = Join-Path ([IO.Path]::GetTempPath()) ("amowidget-pester-" + [guid]::NewGuid().ToString('N') + '.json')
            $folders = @(Get-ChildItem -LiteralPath $corpus -Directory)
            $folders.Count | Should -BeGreaterOrEqual 90
            $same = 0; $withBom = 0; $invalid = 0
            try {
                foreach ($folder in $folders) {
                    Remove-Item -LiteralPath $target -Force -ErrorAction Ignore
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
                        if ($bom) { $withBom++ } else { $same++ }
                    }
                    else {
                        $problems.Count | Should -Be 1 -Because $folder.Name
                        Get-ErrorId $problems[0] | Should -Be 'ManifestJsonInvalid' -Because $folder.Name
                        $target | Should -Not -Exist -Because "nothing is written for $($folder.Name)"
                        $invalid++
                    }
                }
                $withBom | Should -BeGreaterOrEqual 1 -Because 'the corpus has a manifest with a BOM'
                $same + $withBom + $invalid | Should -Be $folders.Count
            }
            finally {
                Remove-Item -LiteralPath $target -Force -ErrorAction Ignore
            }
        }
    }

    Context 'A minified manifest (case 14)' {
        BeforeAll {
            $script:minified = [IO.File]::ReadAllText((Join-Path $script:Cases '14-minified-edit/manifest.json'))
        }

        BeforeEach {
            $dir = New-TestFolder
            Write-Utf8 (Join-Path $dir 'manifest.json') $script:minified
        }

        AfterEach { Remove-Item -LiteralPath $dir -Recurse -Force }

        It 'takes a setting with no space added' {
            Import-AmoManifest $dir | Add-AmoSetting api_key -Type text -Required | Export-AmoManifest
            $expected = $script:minified.Replace('"name":"settings.fakeConfig"}}', '"name":"settings.fakeConfig"},"api_key":{"name":"settings.api_key","type":"text","required":true}}')
            [IO.File]::ReadAllText((Join-Path $dir 'manifest.json')) | Should -BeExactly $expected
        }

        It 'takes a location, a version step and new blocks, and stays on one line without a space' {
            Import-AmoManifest $dir | Add-AmoLocation lcard -RightColumn $true | Step-AmoManifestVersion | Set-AmoSms https://sms.amowidget.test/in |
                Set-AmoTour -Image @{ ru = '/images/tour/ru/tour_2.png' } | Export-AmoManifest
            $text = [IO.File]::ReadAllText((Join-Path $dir 'manifest.json'))
            $expected = $script:minified.Replace('"version":"1.0.0"', '"version":"1.0.1"').
                Replace('"advanced_settings"]', '"advanced_settings","lcard-1","sms"]').
                Replace('"ru":["/images/tour/ru/tour_1.png"]', '"ru":["/images/tour/ru/tour_2.png"]').
                Replace('"advanced":{"title":"advanced.title"}}', '"advanced":{"title":"advanced.title"},"sms":{"endpoint":"https://sms.amowidget.test/in"}}')
            $text | Should -BeExactly $expected
        }
    }

    Context 'The whole-manifest cases' {
        It 'keeps the one-line style of case 14 in what run.ps1 does' {
            $root = New-TestFolder
            try {
                Copy-Item (Join-Path $script:Cases '14-minified-edit/manifest.json') $root
                Push-Location $root
                try { Import-AmoManifest ./manifest.json | Add-AmoSetting api_key -Type text -Required | Export-AmoManifest ./out.json }
                finally { Pop-Location }
                $text = [IO.File]::ReadAllText((Join-Path $root 'out.json'))
                $text | Should -Match '"name":"settings\.fakeConfig"\},"api_key":\{"name":"settings\.api_key","type":"text","required":true\}\}'
                $text | Should -Not -Match '[,:] '
            }
            finally { Remove-Item -LiteralPath $root -Recurse -Force }
        }
    }
}

Describe 'Import-AmoManifest' {
    BeforeEach { $script:dir = Enter-TestFolder }

    AfterEach { Exit-TestFolder $script:dir }

    It 'reports a bracketed name that -Path reads as a wildcard and that matches nothing with PathNotFound and the -LiteralPath advice' {
        Write-Utf8 (Join-Path $script:dir 'my [x] widget/manifest.json') $script:small
        $r = Invoke-Captured { Import-AmoManifest './my [x] widget' }
        $r.Output | Should -BeNullOrEmpty
        Get-ErrorId $r.Errors[0] | Should -Be 'PathNotFound'
        "$($r.Errors[0])" | Should -Match 'nothing matches it'
        $r.Errors[0].ErrorDetails.RecommendedAction | Should -Match 'LiteralPath'
        (Import-AmoManifest -LiteralPath './my [x] widget').Name | Should -Be 'a'
    }

    It 'reports a missing path and goes on with the next' {
        Write-Utf8 (Join-Path $script:dir 'b/manifest.json') $script:small
        $r = Invoke-Captured { (Import-AmoManifest ./missing.json, ./b).Name }
        $r.Terminating | Should -BeNullOrEmpty
        Get-ErrorId $r.Errors[0] | Should -Be 'PathNotFound'
        $r.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $r.Output | Should -Be 'a'
        Get-ErrorId (Get-ErrorRecord { Import-AmoManifest -LiteralPath ./missing.json })[0] | Should -Be 'PathNotFound'
    }

    It 'warns of a key that is there twice, with its place, and reads the last one' {
        Write-Utf8 (Join-Path $script:dir 'twice/manifest.json') "{`n  `"widget`": {`n    `"name`": `"first`",`n    `"name`": `"second`",`n    `"version`": `"1.0.0`"`n  }`n}`n"
        $r = Invoke-Captured { Import-AmoManifest -LiteralPath ./twice }
        $r.Errors | Should -BeNullOrEmpty
        $r.Output[0].Name | Should -Be 'second'
        $r.Warnings.Count | Should -Be 1
        $r.Warnings[0] | Should -BeLike '*manifest.json:4:5: /widget/name is there more than once in its object; the last one is read. Test-AmoWidget reports AmoJsonDuplicateKey.'
    }

    It 'reports a folder without manifest.json' {
        $null = New-Item -ItemType Directory -Path ./empty
        Import-AmoManifest ./empty -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ManifestNotFound'
    }

    It 'reports invalid JSON with line and column' {
        Write-Utf8 (Join-Path $script:dir 'bad/manifest.json') "{`n  `"widget`": {`n    `"name`": `"a`",`n  }`n}`n"
        Write-Utf8 (Join-Path $script:dir 'good/manifest.json') $script:small
        $m = Import-AmoManifest ./bad, ./good -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ManifestJsonInvalid'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $problems[0].Exception.Message | Should -Match 'manifest\.json:4:3'
        $m.Name | Should -Be 'a'
    }

    It 'reports a .zip that is not a zip' {
        Write-Utf8 (Join-Path $script:dir 'widget.zip') 'this is not a zip'
        Import-AmoManifest ./widget.zip -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ArchiveInvalid'
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
        $qualified = 'Microsoft.PowerShell.Core\FileSystem::' + (Join-Path $script:dir 'w1/manifest.json')
        ([pscustomobject]@{ PSPath = $qualified } | Import-AmoManifest).Path | Should -Be (Join-Path $script:dir 'w1/manifest.json')
        ([IO.DirectoryInfo] (Join-Path $script:dir 'w2') | Import-AmoManifest).Name | Should -Be 'b'
    }

    It 'resolves wildcards through the provider, and a wildcard that matches nothing is no error' {
        Write-Utf8 (Join-Path $script:dir 'w1/manifest.json') $script:small
        Write-Utf8 (Join-Path $script:dir 'w2/manifest.json') $script:small.Replace('"a"', '"b"')
        $r = Invoke-Captured { (Import-AmoManifest ./w*/manifest.json).Name; Import-AmoManifest ./none* }
        $r.AllErrors | Should -BeNullOrEmpty
        $r.Output | Should -Be @('a', 'b')
    }

    It 'takes brackets in -LiteralPath as they are' {
        Write-Utf8 (Join-Path $script:dir 'w[1]/manifest.json') $script:small
        (Import-AmoManifest -LiteralPath './w[1]').Name | Should -Be 'a'
    }
}

Describe 'New-AmoManifest' {
    Context 'Manifest pipeline' {
        BeforeEach { $script:dir = Enter-TestFolder }

        AfterEach { Exit-TestFolder $script:dir }

        It 'writes exactly the manifest of the contract''s first example' {
            $r = Invoke-Captured {
                New-AmoManifest -Locale ru, en -SupportEmail dev@example.com |
                    Add-AmoLocation lcard, ccard -RightColumn $true |
                    Add-AmoLocation llist, clist -RightColumn $false |
                    Set-AmoDigitalPipeline -WebhookUrl https://example.com/dp |
                    Add-AmoDpSetting message -Type text -Required |
                    Export-AmoManifest ./widget/manifest.json
            }
            $r.AllErrors | Should -BeNullOrEmpty
            $r.Output | Should -BeNullOrEmpty
            $r.Warnings | Should -BeNullOrEmpty

            $expected = "{`n  `"widget`": {`n    `"name`": `"widget.name`",`n    `"description`": `"widget.description`",`n    `"short_description`": `"widget.short_description`",`n    `"version`": `"1.0.0`",`n    `"interface_version`": 2,`n    `"init_once`": false,`n    `"locale`": [`"ru`", `"en`"],`n    `"installation`": true,`n    `"support`": {`n      `"email`": `"dev@example.com`"`n    }`n  },`n  `"locations`": [`n    `"lcard-1`",`n    `"ccard-1`",`n    `"llist-0`",`n    `"clist-0`",`n    `"digital_pipeline`"`n  ],`n  `"settings`": {},`n  `"dp`": {`n    `"settings`": {`n      `"message`": {`n        `"name`": `"settings.message`",`n        `"type`": `"text`",`n        `"required`": true`n      }`n    },`n    `"action_multiple`": false,`n    `"webhook_url`": `"https://example.com/dp`"`n  }`n}`n"
            [IO.File]::ReadAllText((Join-Path $script:dir 'widget/manifest.json')) | Should -BeExactly $expected
            [IO.File]::ReadAllBytes((Join-Path $script:dir 'widget/manifest.json'))[0] | Should -Be ([byte][char]'{')
        }

        It 'adds each known name of New-AmoManifest -Location and reports the unknown one' {
            $m = New-AmoManifest -Location lcard, anywhere, llist -ErrorVariable problems -ErrorAction SilentlyContinue
            Get-ErrorId $problems[0] | Should -Be 'LocationUnknown'
            $problems[0].Exception.Message | Should -Match "'everywhere'"
            $m.Locations.Value | Should -Be @('lcard-1', 'llist-1')
        }
    }

    Context 'Completion' {
        It 'completes location names with their descriptions for <Line>' -ForEach @(
            @{ Line = 'New-AmoManifest -Location ' }
        ) {
            $found = (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
            $found.Count | Should -Be 25
            ($found | Where-Object CompletionText -EQ 'digital_pipeline').ToolTip | Should -Match 'Digital Pipeline trigger'
        }
    }
}

Describe 'Set-AmoManifest' {
    Context 'Manifest pipeline' {
        BeforeEach { $script:dir = Enter-TestFolder }

        AfterEach { Exit-TestFolder $script:dir }

        It 'writes a support link or e-mail the validator refuses, and warns as AmoSupportInvalid would; good ones pass without a word' {
            $r = Invoke-Captured { New-AmoManifest -SupportEmail not-email -SupportLink relative/path | Set-AmoManifest -SupportLink 'javascript:alert(1)' }
            $r.Warnings.Count | Should -Be 3
            $r.Warnings | ForEach-Object { $_ | Should -Match 'AmoSupportInvalid' }
            $r.Output[0].ToJson() | Should -Match '"email": "not-email"'
            @(Test-AmoManifest -Manifest $r.Output[0] -Detailed -Platform Any | Where-Object RuleName -EQ AmoSupportInvalid).Count | Should -Be 2
            $quiet = Invoke-Captured { New-AmoManifest -SupportEmail dev@example.com | Set-AmoManifest -SupportLink https://example.com/help }
            $quiet.Warnings | Should -BeNullOrEmpty
        }

        It 'writes a locale of neither platform and warns as AmoLocaleUnknown would; known ones pass without a word' {
            $m = New-AmoManifest -Locale ru, de -WarningVariable newWarnings -WarningAction SilentlyContinue
            @($newWarnings).Count | Should -Be 1
            "$($newWarnings[0])" | Should -Match '"de".*AmoLocaleUnknown'
            $m | Set-AmoManifest -Locale en, xx, es -WarningVariable setWarnings -WarningAction SilentlyContinue | Out-Null
            @($setWarnings).Count | Should -Be 1
            "$($setWarnings[0])" | Should -Match '"xx"'
            $m.Locale | Should -Be @('en', 'xx', 'es')
            @(Test-AmoManifest -Manifest $m -Detailed | Where-Object RuleName -EQ 'AmoLocaleUnknown').Path | Should -Be @('/widget/locale/1')
            $null = New-AmoManifest -Locale en, es, pt, tr, id -WarningVariable none -WarningAction SilentlyContinue
            @($none).Count | Should -Be 0
        }

        It 'emits from every stage the same manifest, changed in place' {
            $m = New-AmoManifest -Name n -Version 2.3.4
            $out = $m | Set-AmoManifest -Description d -ShortDescription s -InitOnce $true -Installation $false -Locale en, es, pt -SupportLink https://example.com/help |
                Step-AmoManifestVersion -Part Minor |
                Add-AmoSetting api_key -Type pass -Required |
                Add-AmoSetting staff -Type users_lp |
                Add-AmoSetting gone |
                Remove-AmoSetting gone |
                Set-AmoAdvancedSettings -Title advanced.page |
                Add-AmoSalesbotHandler send -Field @{ key = 'text'; type = 'text'; default_value = 'hi'; manual = $true }, @{ key = 'url'; type = 'URL' }
            [object]::ReferenceEquals($m, $out) | Should -BeTrue
            $json = $m.ToJson()
            foreach ($expected in '"version": "2.4.0"', '"description": "d"', '"short_description": "s"', '"init_once": true',
                '"installation": false', '"locale": ["en", "es", "pt"]', '"link": "https://example.com/help"',
                "`"api_key`": {`n      `"name`": `"settings.api_key`",`n      `"type`": `"pass`",`n      `"required`": true`n    }",
                '"type": "users_lp"', '"title": "advanced.page"', '"advanced_settings"', '"salesbot_designer"', '"default_value": "hi"',
                '"manual": true', '"type": "url"') {
                $json.Contains($expected) | Should -BeTrue -Because "the manifest must hold $expected"
            }
            $json | Should -Not -Match 'gone'
        }
    }
}

Describe 'Step-AmoManifestVersion' {
    Context 'Manifest pipeline' {
        BeforeEach { $script:dir = Enter-TestFolder }

        AfterEach { Exit-TestFolder $script:dir }

        It 'passes every manifest of the pipeline through a stage' {
            1..3 | ForEach-Object { New-AmoManifest -Version "1.$_.0" } | Step-AmoManifestVersion | ForEach-Object Version | Should -Be @('1.1.1', '1.2.1', '1.3.1')
        }

        It 'reports a failed edit and leaves the manifest out of the output: <ErrorId>' -ForEach @(
            @{ ErrorId = 'VersionInvalid'; Script = { New-AmoManifest -Version 1.x | Step-AmoManifestVersion } }
        ) {
            $r = Invoke-Captured $Script
            Get-ErrorId @($r.AllErrors)[0] | Should -Be $ErrorId
            $r.Output | Should -BeNullOrEmpty
        }
    }

    Context 'Completion' {
        It 'completes version parts' {
            $line = 'New-AmoManifest | Step-AmoManifestVersion -Part M'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('Major', 'Minor')
        }
    }
}

Describe 'Test-AmoManifest' {
    BeforeAll {
        $root = New-TestFolder
        $w = New-DocsWidget (Join-Path $root 'widget')
    }

    AfterAll {
        Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction Ignore
    }

    It 'checks a manifest file and a widget folder' {
        Test-AmoManifest (Join-Path $w 'manifest.json') | Should -BeTrue
        Test-AmoManifest $w | Should -BeTrue
    }

    It 'reports invalid JSON as one finding, not an error' {
        $bad = Join-Path $root 'broken.json'
        Set-Content -LiteralPath $bad -Value '{ "widget": ' -NoNewline
        Test-AmoManifest -LiteralPath $bad -ErrorAction Stop | Should -BeFalse
        (Test-AmoManifest -LiteralPath $bad -Detailed).RuleName | Should -Be 'AmoJsonInvalid'
    }

    It 'takes documents from the pipeline' {
        $text = [System.IO.File]::ReadAllText((Join-Path $w 'manifest.json')).Replace('"interface_version": 2', '"interface_version": 1')
        $m = [AmoWidget.AmoManifest]::Parse($text, 'x/manifest.json')
        $d = $m | Test-AmoManifest -Detailed
        $d.RuleName | Should -Be 'AmoInterfaceVersion'
        $d.File | Should -Be 'x/manifest.json'
        Test-AmoManifest $m | Should -BeFalse
    }

    It 'writes PathNotFound for a missing file' {
        { Test-AmoManifest -LiteralPath (Join-Path $root 'nope.json') -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound*'
    }
}
