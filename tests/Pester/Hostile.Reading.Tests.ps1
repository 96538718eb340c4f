# The reading side, through the built module: hostile files and zips, each made by the test. Every case
# asserts the finding or ErrorId, that no FullyQualifiedErrorId starts with "System.", and that the next input of
# the same call is still checked (a clean docs widget after the hostile one).

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/HostileInputs.ps1
    $script:root = New-TestFolder 'amowidget-hostile'
    $script:clean = New-DocsWidget (Join-Path $root 'clean')
    $script:n = 0

    function script:New-CaseFolder { Join-Path $root ('case' + (++$script:n)) }

    # Runs a Test-* call over the hostile path and the clean widget; returns the findings, the errors, and the
    # bools of a second run without -Detailed (one per input: the clean widget's is the last).
    function script:Invoke-Check([string] $Command, [string] $Path, [string] $Next = $clean) {
        $errors = @()
        $findings = & $Command -LiteralPath $Path, $Next -Detailed -ErrorAction SilentlyContinue -ErrorVariable +errors
        $passes = & $Command -LiteralPath $Path, $Next -ErrorAction SilentlyContinue
        foreach ($e in $errors) { $e.FullyQualifiedErrorId | Should -Not -BeLike 'System.*' }
        [pscustomobject] @{
            Findings = @($findings | Where-Object { $_.File -notlike "$Next*" })
            Next     = @($findings | Where-Object { $_.File -like "$Next*" })
            Errors   = @($errors)
            Passes   = @($passes)
        }
    }
}

AfterAll {
    Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'JavaScript nested too deep for the parser' {
    It 'is an AmoScriptSyntax finding where the nesting went too deep (<_>), and the next widget is checked' -ForEach @('parens', 'brackets', 'objects', 'functions', 'not', 'ternary', 'template') {
        $w = New-DeepScriptWidget (New-CaseFolder) $_
        $r = Invoke-Check Test-AmoWidget $w
        $r.Errors | Should -BeNullOrEmpty
        $syntax = @($r.Findings | Where-Object RuleName -EQ 'AmoScriptSyntax')
        $syntax.Count | Should -Be 1
        $syntax[0].Message | Should -BeLike '*nesting too deep*'
        $syntax[0].Line | Should -Be 1
        $syntax[0].Column | Should -BeGreaterThan 1000
        $r.Next | Should -BeNullOrEmpty
        $r.Passes | Should -Be @($false, $true)
    }

    It 'leaves the other rules running: the manifest and images of the same widget are still checked' {
        $w = New-DeepScriptWidget (New-CaseFolder) parens
        Set-WidgetText (Join-Path $w 'manifest.json') '"init_once": false' '"init_once": "Y"'
        $r = Invoke-Check Test-AmoWidget $w
        $r.Findings.RuleName | Should -Contain 'AmoFieldType'
        $r.Findings.RuleName | Should -Contain 'AmoScriptSyntax'
    }

    It 'parses a script nested a few hundred levels deep as before' {
        $w = New-DeepScriptWidget (New-CaseFolder) parens -Depth 300
        (Invoke-Check Test-AmoWidget $w).Findings.RuleName | Should -Not -Contain 'AmoScriptSyntax'
    }
}

Describe 'Files that are not regular, and lengths checked before reading' {
    It 'refuses a 1.9 GB sparse script.js by its length, without reading it' {
        $w = New-SparseScriptWidget (New-CaseFolder)
        $before = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
        $r = Invoke-Check Test-AmoWidget $w
        $f = @($r.Findings | Where-Object RuleName -EQ 'AmoFileTooLarge')
        $f.Count | Should -Be 1
        $f[0].Severity | Should -Be 'Warning'
        $f[0].File | Should -Be (Join-Path $w 'script.js')
        $r.Findings.RuleName | Should -Not -Contain 'AmoScriptSyntax'
        $r.Next | Should -BeNullOrEmpty
        # The test process did the check: reading the file would have grown it by gigabytes.
        ([System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 - $before) / 1MB | Should -BeLessThan 500
    }

    It 'refuses a 1 GB sparse manifest in Test-AmoManifest and Import-AmoManifest before reading it' {
        $folder = New-CaseFolder
        $null = New-Item -ItemType Directory $folder
        $big = New-SparseFile (Join-Path $folder 'manifest.json') 1GB
        $good = Join-Path $clean 'manifest.json'
        $r = Invoke-Check Test-AmoManifest $big $good
        $r.Findings.RuleName | Should -Be 'AmoFileTooLarge'
        $r.Findings[0].Severity | Should -Be 'Error'
        $r.Passes | Should -Be @($false, $true)

        $errors = @()
        $read = Import-AmoManifest -LiteralPath $big, $good -ErrorAction SilentlyContinue -ErrorVariable +errors
        @($read).Count | Should -Be 1
        $read.Path | Should -Be $good
        Get-ErrorId $errors[0] | Should -Be 'ManifestTooLarge'
        $errors[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
    }

    It 'refuses a manifest.json linked to /dev/zero: a link out of the widget, and a device' -Skip:$IsWindows {
        $w = New-LinkedManifestWidget (New-CaseFolder) '/dev/zero'
        $r = Invoke-Check Test-AmoWidget $w
        $r.Errors | Should -BeNullOrEmpty
        $f = @($r.Findings | Where-Object RuleName -EQ 'AmoLinkOutsideWidget')
        $f.Count | Should -Be 1
        $f[0].Severity | Should -Be 'Error'
        $r.Findings.RuleName | Should -Not -Contain 'AmoManifestMissing'
        $r.Passes | Should -Be @($false, $true)

        $errors = @()
        $read = Import-AmoManifest -LiteralPath $w, $clean -ErrorAction SilentlyContinue -ErrorVariable +errors
        @($read).Count | Should -Be 1
        Get-ErrorId $errors[0] | Should -Be 'FileNotRegular'
        $errors[0].CategoryInfo.Category | Should -Be 'ReadError'
    }

    It 'never opens a FIFO: Test-AmoWidget, Test-AmoManifest, Import-AmoManifest and Compress-AmoWidget go on' -Skip:($IsWindows -or -not (Get-Command mkfifo -ErrorAction SilentlyContinue)) {
        $w = New-FifoManifestWidget (New-CaseFolder)
        $fifo = Join-Path $w 'manifest.json'
        $r = Invoke-Check Test-AmoWidget $w
        ($r.Findings | Where-Object RuleName -EQ 'AmoFileNotRegular').File | Should -Be $fifo
        $r.Passes | Should -Be @($false, $true)

        $m = Invoke-Check Test-AmoManifest $fifo (Join-Path $clean 'manifest.json')
        $m.Findings.RuleName | Should -Be 'AmoFileNotRegular'
        $m.Passes | Should -Be @($false, $true)

        $errors = @()
        $read = Import-AmoManifest -LiteralPath $fifo, $clean -ErrorAction SilentlyContinue -ErrorVariable +errors
        @($read).Count | Should -Be 1
        Get-ErrorId $errors[0] | Should -Be 'FileNotRegular'

        $out = Join-Path $root 'fifo-out'
        $null = New-Item -ItemType Directory $out
        $errors = @()
        $packed = $w, $clean | Compress-AmoWidget -DestinationPath $out -SkipValidation -Force -ErrorAction SilentlyContinue -ErrorVariable +errors
        Get-ErrorId $errors[0] | Should -Be 'FileNotRegular'
        $errors[0].TargetObject | Should -Be $fifo
        @($packed).Count | Should -Be 1
        foreach ($e in $errors) { $e.FullyQualifiedErrorId | Should -Not -BeLike 'System.*' }
    }
}

Describe 'Links out of the widget folder' -Skip:(-not $IsLinux -and -not $IsMacOS) {
    It 'is a finding in Test-AmoWidget and never read' {
        $w = New-LinkOutWidget (New-CaseFolder)
        $r = Invoke-Check Test-AmoWidget $w
        $f = @($r.Findings | Where-Object RuleName -EQ 'AmoLinkOutsideWidget')
        $f.Count | Should -Be 1
        $f[0].File | Should -Be (Join-Path $w 'passwd.txt')
        $f[0].Severity | Should -Be 'Warning'
        $r.Next | Should -BeNullOrEmpty
    }

    It 'is left out of the zip with a warning by Compress-AmoWidget, once' {
        $w = New-LinkOutWidget (New-CaseFolder)
        $null = New-Item -ItemType Directory (Join-Path $w 'js')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $w 'js/hosts.js') -Target '/etc/hosts'
        Write-Utf8 (Join-Path $w 'js/inside.js') 'var x = 1;'
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $w 'js/alias.js') -Target (Join-Path $w 'js/inside.js')
        $zip = Join-Path $root 'linked.zip'
        $warnings = @()
        $file = Compress-AmoWidget $w $zip -WarningVariable +warnings -WarningAction SilentlyContinue
        $file.FullName | Should -Be $zip
        $names = Get-ZipEntryName $zip
        $names | Should -Not -Contain 'passwd.txt'
        $names | Should -Not -Contain 'js/hosts.js'
        $names | Should -Contain 'js/alias.js'
        $names | Should -Contain 'js/inside.js'
        @($warnings | Where-Object { "$_" -like '*passwd.txt*' }).Count | Should -Be 1
        @($warnings | Where-Object { "$_" -like '*hosts.js*' }).Count | Should -Be 1
    }

    It 'a linked i18n folder outside the widget is not read' {
        $w = New-DocsWidget (New-CaseFolder)
        $elsewhere = Join-Path $root ('i18n-elsewhere' + $n)
        Move-Item (Join-Path $w 'i18n') $elsewhere
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $w 'i18n') -Target $elsewhere
        $r = Invoke-Check Test-AmoWidget $w
        ($r.Findings | Where-Object RuleName -EQ 'AmoLinkOutsideWidget').File | Should -Be (Join-Path $w 'i18n')
    }
}

Describe 'Findings capped per rule and file' {
    It 'lists 50 duplicate keys and one finding counting the rest' {
        $w = New-DocsWidget (New-CaseFolder)
        Write-Utf8 (Join-Path $w 'manifest.json') (Get-DuplicateKeyManifest 170000)
        $r = Invoke-Check Test-AmoWidget $w
        $dups = @($r.Findings | Where-Object RuleName -EQ 'AmoJsonDuplicateKey')
        $dups.Count | Should -Be 51
        $dups[-1].Message | Should -BeLike '169950 more AmoJsonDuplicateKey findings*'
        $r.Next | Should -BeNullOrEmpty
    }

    It 'lists 50 of 100,000 unknown locations and one finding counting the rest' {
        $w = New-DocsWidget (New-CaseFolder)
        Write-Utf8 (Join-Path $w 'manifest.json') (Get-WideManifest locations 100000)
        $r = Invoke-Check Test-AmoWidget $w
        $unknown = @($r.Findings | Where-Object RuleName -EQ 'AmoLocationUnknown')
        $unknown.Count | Should -Be 51
        $unknown[0].Suggestion | Should -Not -BeNullOrEmpty
        $unknown[-1].Message | Should -BeLike '99950 more AmoLocationUnknown findings*'
        $r.Next | Should -BeNullOrEmpty
    }

    It 'lists 50 of 60,000 undocumented left_menu keys and one finding counting the rest' {
        $w = New-DocsWidget (New-CaseFolder)
        Write-Utf8 (Join-Path $w 'manifest.json') (Get-WideManifest left_menu 60000)
        $r = Invoke-Check Test-AmoWidget $w
        $unknown = @($r.Findings | Where-Object RuleName -EQ 'AmoKeyUnknown')
        $unknown.Count | Should -Be 51
        $unknown[0].Path | Should -Be '/left_menu/i0/x'
        $unknown[-1].Message | Should -BeLike '59950 more AmoKeyUnknown findings*'
        $r.Next | Should -BeNullOrEmpty
    }

    It 'refuses a manifest of 800,000 duplicate keys by its length' {
        $w = New-DocsWidget (New-CaseFolder)
        Write-Utf8 (Join-Path $w 'manifest.json') (Get-DuplicateKeyManifest 800000)
        (Invoke-Check Test-AmoWidget $w).Findings.RuleName | Should -Contain 'AmoFileTooLarge'
    }
}

Describe 'Hostile zips' {
    It 'reports two manifest.json entries as AmoArchiveDuplicateEntry' {
        $zip = New-DuplicateEntryZip (New-CaseFolder) @('manifest.json', '{"widget": {}}')
        $r = Invoke-Check Test-AmoWidget $zip
        $f = @($r.Findings | Where-Object RuleName -EQ 'AmoArchiveDuplicateEntry')
        $f.Count | Should -Be 1
        $f[0].Message | Should -BeLike '*stored 2 times*'
        $r.Passes | Should -Be @($false, $true)
    }

    It 'reports names that differ only in case as AmoArchiveDuplicateEntry' {
        $zip = New-DuplicateEntryZip (New-CaseFolder) @('Script.JS', 'x')
        $f = @((Invoke-Check Test-AmoWidget $zip).Findings | Where-Object RuleName -EQ 'AmoArchiveDuplicateEntry')
        $f.Count | Should -Be 1
        $f[0].Message | Should -BeLike '*differ only in case*'
    }

    It 'reports a local header whose name disagrees with the central directory' {
        $zip = New-HeaderMismatchZip (New-CaseFolder)
        $r = Invoke-Check Test-AmoWidget $zip
        $f = @($r.Findings | Where-Object RuleName -EQ 'AmoArchiveHeaderMismatch')
        $f.Count | Should -Be 1
        $f[0].File | Should -Be "$zip!script.js"
        $r.Findings.RuleName | Should -Not -Contain 'AmoScriptMissing'
        $r.Passes | Should -Be @($false, $true)
    }

    It 'reports a NUL in an entry name as AmoArchiveUnsafePath, not as a missing script.js' {
        $zip = New-NulNameZip (New-CaseFolder)
        $r = Invoke-Check Test-AmoWidget $zip
        $r.Findings.RuleName | Should -Contain 'AmoArchiveUnsafePath'
        $r.Findings.RuleName | Should -Not -Contain 'AmoScriptMissing'
        $r.Findings.RuleName | Should -Not -Contain 'AmoArchiveHeaderMismatch'
        ($r.Findings | Where-Object RuleName -EQ 'AmoArchiveUnsafePath').File | Should -Be "$zip!script.js\0.txt"
    }

    It 'names an encrypted entry as such' {
        $zip = New-EncryptedEntryZip (New-CaseFolder)
        $r = Invoke-Check Test-AmoWidget $zip
        ($r.Findings | Where-Object RuleName -EQ 'AmoArchiveEncrypted').File | Should -Be "$zip!i18n/en.json"
        $r.Findings.RuleName | Should -Not -Contain 'AmoI18nFileMissing'

        $manifestZip = New-EncryptedEntryZip (New-CaseFolder) 'manifest.json'
        $m = Invoke-Check Test-AmoManifest $manifestZip
        $m.Findings.RuleName | Should -Be 'AmoArchiveEncrypted'
        $errors = @()
        $null = Import-AmoManifest -LiteralPath $manifestZip -ErrorAction SilentlyContinue -ErrorVariable +errors
        Get-ErrorId $errors[0] | Should -Be 'ArchiveEntryUnreadable'
    }

    It 'refuses a 250 MB script.js in a 1.3 MB zip by its declared size' {
        $zip = New-BigScriptZip (New-CaseFolder)
        (Get-Item $zip).Length / 1MB | Should -BeLessThan 2
        $before = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
        $r = Invoke-Check Test-AmoWidget $zip
        ($r.Findings | Where-Object RuleName -EQ 'AmoFileTooLarge').File | Should -Be "$zip!script.js"
        $r.Errors | Should -BeNullOrEmpty
        ([System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 - $before) / 1MB | Should -BeLessThan 250
    }

    It 'gives one ErrorId for one unreadable archive in Import-AmoManifest, Test-AmoManifest and Test-AmoWidget' {
        $folder = New-CaseFolder
        $null = New-Item -ItemType Directory $folder
        $bad = Join-Path $folder 'broken.zip'
        [System.IO.File]::WriteAllBytes($bad, [byte[]] (0x50, 0x4B, 3, 4) + [byte[]]::new(100))
        $ids = foreach ($command in 'Import-AmoManifest', 'Test-AmoManifest', 'Test-AmoWidget') {
            $errors = @()
            $out = & $command -LiteralPath $bad, $clean -ErrorAction SilentlyContinue -ErrorVariable +errors
            @($out).Count | Should -Be 1 -Because "$command goes on with the clean widget"
            $errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -Not -BeLike 'System.*' }
            Get-ErrorId $errors[0]
        }
        $ids | Should -Be @('ArchiveInvalid', 'ArchiveInvalid', 'ArchiveInvalid')
    }
}

Describe 'Compress-AmoWidget reads its sources safely' {
    It 'reports an unreadable source file as FileUnreadable naming it, and goes on' -Skip:$IsWindows {
        $w = New-DocsWidget (New-CaseFolder)
        $secret = Join-Path $w 'js/secret.js'
        Write-Utf8 $secret 'var s = 1;'
        chmod 000 $secret
        $out = Join-Path $root 'unreadable-out'
        $null = New-Item -ItemType Directory $out
        # In a fresh pwsh where the file mode binds even for root (Get-PermissionBoundPrefix).
        $command = @"
Import-Module '$ModulePath'
`$errors = @()
`$packed = '$w', '$clean' | Compress-AmoWidget -DestinationPath '$out' -Force -ErrorAction SilentlyContinue -ErrorVariable +errors
[pscustomobject] @{ Id = `$errors[0].FullyQualifiedErrorId.Split(',')[0]; Category = [string] `$errors[0].CategoryInfo.Category; Target = [string] `$errors[0].TargetObject; Packed = @(`$packed).Count } | ConvertTo-Json -Compress
"@
        $r = Invoke-Pwsh $command -Prefix (Get-PermissionBoundPrefix)
        $r.ExitCode | Should -Be 0 -Because $r.Error
        $result = $r.Output | ConvertFrom-Json
        $result.Id | Should -Be 'FileUnreadable'
        $result.Category | Should -Be 'ReadError'
        $result.Target | Should -Be $secret
        $result.Packed | Should -Be 1
    }

    It 'refuses a source file over the packing cap as FileTooLarge' {
        $w = New-DocsWidget (New-CaseFolder)
        $null = New-Item -ItemType Directory (Join-Path $w 'assets')
        $null = New-SparseFile (Join-Path $w 'assets/huge.bin') 65MB
        $zip = Join-Path $root 'huge.zip'
        $errors = @()
        $null = Compress-AmoWidget $w $zip -ErrorAction SilentlyContinue -ErrorVariable +errors
        Get-ErrorId $errors[0] | Should -Be 'FileTooLarge'
        $errors[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        Test-Path $zip | Should -BeFalse
    }
}

Describe 'The rule catalog' {
    It 'lists the new rules in Get-AmoRule' {
        $names = (Get-AmoRule).Name
        foreach ($rule in 'AmoFileNotRegular', 'AmoFileTooLarge', 'AmoLinkOutsideWidget', 'AmoArchiveDuplicateEntry', 'AmoArchiveHeaderMismatch', 'AmoArchiveEncrypted') {
            $names | Should -Contain $rule
        }
    }
}
