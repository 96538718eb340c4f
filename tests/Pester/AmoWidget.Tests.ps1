# The AmoWidget cmdlets as a pwsh user runs them: New-AmoWidget (scaffolding every location, every block, the PNGs
# and the support contact), Compress-AmoWidget (the archive's layout and bytes, its name, the refusals, the dev
# loader), Test-AmoWidget (verdicts, findings with their place, paths and wildcards, archives, a bomb included),
# Assert-AmoWidget (the build gate), and Get-AmoWidget, Install-AmoWidget and Uninstall-AmoWidget against the loopback
# account API test server (started on a free port in BeforeAll, its process tree stopped in AfterAll).
# The rules each finding comes from: Rules/<Area>.Rules.Tests.ps1.

BeforeDiscovery {
    . $PSScriptRoot/Common.ps1
    $locations = [AmoWidget.AmoLocationCatalog]::All | ForEach-Object { @{ Name = $_.Name; Platforms = [string]$_.Platforms } }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:Addresses = @{
        SupportEmail   = 'dev@amowidget.test'
        SupportLink    = 'https://amowidget.test/support'
        SmsEndpoint    = 'https://widgets.amowidget.test/sms'
        MobileFrameUrl = 'https://widgets.amowidget.test/mobile'
    }

    # Reads a PNG as an independent decoder would and returns "<width>x<height>": the signature, every chunk's CRC,
    # IHDR first (8-bit RGB), IEND last, the zlib header and Adler-32 of the IDAT data, and one filter byte plus
    # three bytes a pixel for every row once inflated.
    function Get-DecodedPngSize([string] $File) {
        $png = [IO.File]::ReadAllBytes($File)
        [byte[]] $png[0..7] | Should -Be ([byte[]] (0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A))
        $be = { param([int] $At) ([uint32] $png[$At] -shl 24) -bor ([uint32] $png[$At + 1] -shl 16) -bor ([uint32] $png[$At + 2] -shl 8) -bor [uint32] $png[$At + 3] }
        $offset = 8; $width = 0; $height = 0; $sawEnd = $false
        $idat = [IO.MemoryStream]::new()
        while ($offset -lt $png.Length) {
            $length = [int] (& $be $offset)
            $type = [Text.Encoding]::ASCII.GetString($png, $offset + 4, 4)
            Get-Crc32 ([byte[]] $png[($offset + 4)..($offset + 7 + $length)]) | Should -Be (& $be ($offset + 8 + $length)) -Because "the CRC of $type"
            switch ($type) {
                'IHDR' {
                    $offset | Should -Be 8
                    $width = [int] (& $be ($offset + 8)); $height = [int] (& $be ($offset + 12))
                    $png[$offset + 16] | Should -Be 8
                    $png[$offset + 17] | Should -Be 2
                }
                'IDAT' { $idat.Write($png, $offset + 8, $length) }
                'IEND' { $sawEnd = $true; $offset + 12 | Should -Be $png.Length }
            }
            $offset += 12 + $length
        }
        $sawEnd | Should -BeTrue
        $zlib = $idat.ToArray()
        ((([int] $zlib[0]) -shl 8) -bor $zlib[1]) % 31 | Should -Be 0
        $zlib[0] -band 0x0F | Should -Be 8
        $inflater = [IO.Compression.ZLibStream]::new([IO.MemoryStream]::new($zlib), [IO.Compression.CompressionMode]::Decompress)
        $raw = [IO.MemoryStream]::new()
        $inflater.CopyTo($raw)
        $inflater.Dispose()
        $raw.Length | Should -Be ($height * (1 + $width * 3))
        '{0}x{1}' -f $width, $height
    }

    # Runs with git reading only the given global config file, so the machine's own identity does not leak in.
    function Invoke-WithGitConfig([string] $File, [scriptblock] $ScriptBlock) {
        $saved = $env:GIT_CONFIG_GLOBAL, $env:GIT_CONFIG_NOSYSTEM
        $env:GIT_CONFIG_GLOBAL = $File
        $env:GIT_CONFIG_NOSYSTEM = '1'
        try { & $ScriptBlock }
        finally { $env:GIT_CONFIG_GLOBAL, $env:GIT_CONFIG_NOSYSTEM = $saved }
    }

    # A zip whose directory declares an 8 GB entry (a bomb's signature), written byte by byte.
    function New-ZipBomb([string] $Path) {
        $output = [IO.MemoryStream]::new()
        $w = [IO.BinaryWriter]::new($output)
        $name = [Text.Encoding]::ASCII.GetBytes('bomb.bin')
        $w.Write([uint32] 0x04034b50); $w.Write([uint16] 45); $w.Write([uint16] 0); $w.Write([uint16] 0); $w.Write([uint32] 0); $w.Write([uint32] 0)
        $w.Write([uint32] 0); $w.Write([uint32] 0); $w.Write([uint16] $name.Length); $w.Write([uint16] 0); $w.Write($name)
        $directory = $output.Position
        $w.Write([uint32] 0x02014b50); $w.Write([uint16] 45); $w.Write([uint16] 45); $w.Write([uint16] 0); $w.Write([uint16] 0); $w.Write([uint32] 0); $w.Write([uint32] 0)
        $w.Write([uint32]::MaxValue); $w.Write([uint32]::MaxValue); $w.Write([uint16] $name.Length); $w.Write([uint16] 20); $w.Write([uint16] 0)
        $w.Write([uint16] 0); $w.Write([uint16] 0); $w.Write([uint32] 0); $w.Write([uint32] 0); $w.Write($name)
        $w.Write([uint16] 1); $w.Write([uint16] 16); $w.Write([uint64] (8GB)); $w.Write([uint64] 100)
        $end = $output.Position
        $w.Write([uint32] 0x06054b50); $w.Write([uint16] 0); $w.Write([uint16] 0); $w.Write([uint16] 1); $w.Write([uint16] 1)
        $w.Write([uint32] ($end - $directory)); $w.Write([uint32] $directory); $w.Write([uint16] 0)
        $w.Flush()
        [IO.File]::WriteAllBytes($Path, $output.ToArray())
    }
}

Describe 'Assert-AmoWidget' {
    BeforeAll {
        $fixture = New-FindingsFixture
        $script:root = $fixture.Root
        $script:good = $fixture.Good
        $script:bad = $fixture.Bad
        $script:findings = $fixture.Findings
    }

    AfterAll {
        Remove-Item -LiteralPath $script:root -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'returns nothing for a widget that passes' {
        { Assert-AmoWidget $script:good } | Should -Not -Throw
        Assert-AmoWidget $script:good | Should -BeNullOrEmpty
    }

    It 'throws one WidgetInvalid error listing every finding, after checking every input' {
        $errors = Get-ErrorRecord { Assert-AmoWidget $script:bad, $script:good }
        $errors.Count | Should -Be 1
        Get-ErrorId $errors[0] | Should -Be 'WidgetInvalid'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $message = $errors[0].Exception.Message
        $message | Should -Match '^1 widget of 2 failed'
        foreach ($finding in $script:findings) { $message | Should -BeLike "*$($finding.RuleName)*" }
        @($errors[0].TargetObject).Count | Should -Be $script:findings.Count
    }

    It 'fails the gate on a path it could not check: a typo, a wildcard matching nothing, a literal path' {
        # As a build script runs by default: the written PathNotFound does not stop it, the closing error does.
        $ErrorActionPreference = 'Continue'
        foreach ($call in { Assert-AmoWidget (Join-Path $script:root 'no-such-widget') },
            { Assert-AmoWidget (Join-Path $script:root 'no-such-*') },
            { Assert-AmoWidget -LiteralPath (Join-Path $script:root 'good[1]') }) {
            { & $call } | Should -Throw -ErrorId 'WidgetInvalid,AmoWidget.Commands.AssertAmoWidgetCommand' -Because "$call names nothing to check"
            $errors = Get-ErrorRecord $call
            Get-ErrorId $errors[0] | Should -Be 'PathNotFound' -Because 'the path is named as it is met'
            Get-ErrorId $errors[-1] | Should -Be 'WidgetInvalid'
            $errors[-1].Exception.Message | Should -Match '^1 input could not be checked'
        }
    }

    It 'lists the inputs it could not check after the findings of those that failed, the passing ones aside' {
        $missing = Join-Path $script:root 'no-such-widget'
        $errors = Get-ErrorRecord { Assert-AmoWidget $script:bad, $missing, $script:good }
        Get-ErrorId $errors[-1] | Should -Be 'WidgetInvalid'
        $message = $errors[-1].Exception.Message
        $message | Should -Match '^1 widget of 2 failed'
        $message | Should -Match ("1 input could not be checked.*\n  " + [regex]::Escape($missing) + '$')
        @($errors[-1].TargetObject).Count | Should -Be $script:findings.Count
    }

    It 'fails on warnings only with -Strict' {
        $warned = Join-Path $script:root 'warned'
        $null = New-AmoWidget $warned -Location lcard -SupportEmail dev@mycompany.test -SupportLink https://mycompany.test/help
        Set-WidgetText (Join-Path $warned 'manifest.json') '"lcard-1"' '"lcard-1", "lcard-1"'
        { Assert-AmoWidget $warned } | Should -Not -Throw
        Get-ErrorId (Get-ErrorRecord { Assert-AmoWidget $warned -Strict })[0] | Should -Be 'WidgetInvalid'
        { Assert-AmoWidget $warned -Strict -ExcludeRule AmoLocationDuplicate } | Should -Not -Throw
    }

    Context 'Widget text in CI logs' {
        BeforeAll {
            $script:hostileRoot = New-TestFolder 'amowidget-hostile'
            $script:hostile = New-HostileWidget (Join-Path $script:hostileRoot 'widget')
        }

        AfterAll {
            Remove-Item -LiteralPath $script:hostileRoot -Recurse -Force -ErrorAction SilentlyContinue
        }

        It 'escapes line breaks of manifest keys and file names in its error, so no line is a workflow command' {
            $errors = Get-ErrorRecord { Assert-AmoWidget $script:hostile -Strict }
            Get-ErrorId $errors[-1] | Should -Be 'WidgetInvalid'
            $message = $errors[-1].Exception.Message
            $message | Should -BeLike '*x\n::error file=a.js::forged*'
            $message | Should -BeLike '*y\r\n##`[set-output]z*'
            Get-CommandLine $message | Should -BeNullOrEmpty
            Get-CommandLine ($errors[-1] | Out-String -Width 80) | Should -BeNullOrEmpty
            Get-CommandLine ($errors[-1] | Out-String -Width 250) | Should -BeNullOrEmpty
        }
    }
}

Describe 'Compress-AmoWidget' {
    Context 'New-AmoWidget and Compress-AmoWidget' {
        BeforeEach {
            $root = New-TestFolder
        }

        AfterEach {
            Remove-Item -LiteralPath $root -Recurse -Force
        }

        It 'gives identical bytes for two compressions of one folder' {
            $w = Join-Path $root 'w'
            $null = New-AmoWidget $w -Location lcard, digital_pipeline, widget_page -SupportEmail dev@amowidget.test
            $a = Compress-AmoWidget $w (Join-Path $root 'a.zip')
            (Get-Item (Join-Path $w 'script.js')).LastWriteTimeUtc = [datetime]::UtcNow.AddDays(-2)
            $b = Compress-AmoWidget $w (Join-Path $root 'b.zip')
            $a.Length | Should -BeGreaterThan 1000
            (Get-FileHash $a.FullName).Hash | Should -Be (Get-FileHash $b.FullName).Hash
        }

        It 'stores entries at the root with / and leaves junk out' {
            $w = Join-Path $root 'w'
            $null = New-AmoWidget $w -SupportEmail dev@amowidget.test
            foreach ($junk in '.DS_Store', '__MACOSX/x', 'node_modules/x/index.js', '.git/config', 'old.zip', '.hidden', 'images/.DS_Store') {
                $file = Join-Path $w $junk
                $null = New-Item -ItemType File -Path $file -Force
            }
            $zip = Compress-AmoWidget $w
            $names = Get-ZipEntryName $zip.FullName
            [string[]] $ordinal = $names.Clone(); [Array]::Sort($ordinal, [StringComparer]::Ordinal)
            $names | Should -Be $ordinal
            $names | Should -Contain 'i18n/ru.json'
            $names | Should -Contain 'manifest.json'
            $names | Should -Contain 'images/logo_main.png'
            $names | Should -Not -Match '\\'
            $names | Should -Not -Match '(^|/)(\.|__MACOSX|node_modules)|\.zip$'
            $names.Count | Should -Be 11
        }

        It 'refuses a folder with an invalid manifest with WidgetInvalid' {
            $w = Join-Path $root 'w'
            $null = New-AmoWidget $w -SupportEmail dev@amowidget.test
            $manifest = Join-Path $w 'manifest.json'
            [IO.File]::WriteAllText($manifest, [IO.File]::ReadAllText($manifest).Replace('"interface_version": 2', '"interface_version": 1').Replace('"lcard-1"', '"lcrad"'))
            Compress-AmoWidget $w -ErrorAction SilentlyContinue -ErrorVariable problems | Should -BeNullOrEmpty
            # One error record for the whole refusal, however many findings (the Context 'A refused widget' below).
            @($problems).Count | Should -Be 1
            Get-ErrorId $problems[0] | Should -Be 'WidgetInvalid'
            Join-Path $root 'widget.zip' | Should -Not -Exist
            @(Get-ChildItem -LiteralPath $root -File) | Should -BeNullOrEmpty
        }

        It 'packs an invalid folder with -SkipValidation' {
            $w = Join-Path $root 'w'
            $null = New-Item -ItemType Directory -Path $w, (Join-Path $root 'out')
            Set-Content -LiteralPath (Join-Path $w 'manifest.json') -Value '{ not json'
            Get-ErrorId (Get-ErrorRecord { Compress-AmoWidget $w })[0] | Should -Be 'WidgetInvalid'
            $zip = Compress-AmoWidget $w (Join-Path $root 'out') -SkipValidation
            $zip.FullName | Should -Be (Join-Path $root 'out/widget.zip')
            Get-ZipEntryName $zip.FullName | Should -Be 'manifest.json'
        }

        It 'needs -Force to replace an existing archive' {
            $w = Join-Path $root 'w'
            $null = New-AmoWidget $w -SupportEmail dev@amowidget.test
            Set-Content -LiteralPath (Join-Path $root 'widget.zip') -Value 'old'
            { Compress-AmoWidget $w -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,AmoWidget.Commands.CompressAmoWidgetCommand'
            Get-Content -LiteralPath (Join-Path $root 'widget.zip') | Should -Be 'old'
            Compress-AmoWidget $w -Force | Should -Not -BeNullOrEmpty
            [IO.File]::ReadAllBytes((Join-Path $root 'widget.zip'))[0] | Should -Be ([byte][char]'P')
        }

        It 'judges the folder as Assert-AmoWidget does: an amoCRM widget without script.js is refused, and -Platform Any packs it' {
            $w = Join-Path $root 'w'
            $null = New-AmoWidget $w -Platform AmoCrm -Location lcard -SupportEmail help@mycompany.ru -SupportLink https://mycompany.ru/support
            Remove-Item -LiteralPath (Join-Path $w 'script.js')
            { Assert-AmoWidget $w } | Should -Throw -ErrorId 'WidgetInvalid,*'
            $r = Invoke-Captured { Compress-AmoWidget $w -Verbose }
            $r.Output | Should -BeNullOrEmpty
            @($r.AllErrors)[0].FullyQualifiedErrorId | Should -BeLike 'WidgetInvalid,*'
            "$(@($r.AllErrors)[0])" | Should -Match "judged as amoCRM's\):"
            "$(@($r.AllErrors)[0])" | Should -Match 'AmoScriptMissing'
            ([regex]::Matches("$(@($r.AllErrors)[0])", 'SkipValidation')).Count | Should -Be 1
            @($r.AllErrors)[0].ErrorDetails.RecommendedAction | Should -BeNullOrEmpty -Because 'the advice ends the message, and PowerShell 7 would print a recommendation under it again'
            $r.Verbose -join "`n" | Should -Match "judged as amoCRM's: widget.locale has ru"
            Test-Path (Join-Path $root 'widget.zip') | Should -BeFalse
            $packed = Compress-AmoWidget $w -Platform Any -WarningVariable warned -WarningAction SilentlyContinue
            $packed.Name | Should -Be 'widget.zip'
            "$warned" | Should -Match 'AmoScriptMissing'
        }

        It 'reads -DestinationPath as Export-AmoManifest reads -Path: <Given> writes <Written>' -ForEach @(
            @{ Given = 'dist/widget.zip'; Written = 'dist/widget.zip' }
            @{ Given = 'dist'; Written = 'dist/widget.zip' }
            @{ Given = 'out.zip/'; Written = 'out.zip/widget.zip' }
            @{ Given = 'a/b/'; Written = 'a/b/widget.zip' }
        ) {
            $w = Join-Path $root 'w'
            $null = New-AmoWidget $w -SupportEmail dev@amowidget.test
            $packed = Compress-AmoWidget $w (Join-Path $root $Given) -WarningAction SilentlyContinue
            $packed.FullName | Should -Be ([IO.Path]::GetFullPath((Join-Path $root $Written)))
            Test-Path -LiteralPath $packed.FullName -PathType Leaf | Should -BeTrue
        }

        It 'never packs a second piped folder over the archive the first got, even with -Force (FileExists)' {
            $null = New-AmoWidget (Join-Path $root 'one') -SupportEmail dev@amowidget.test
            $null = New-AmoWidget (Join-Path $root 'two') -SupportEmail dev@amowidget.test
            $packed = @(Get-ChildItem -LiteralPath $root -Directory | Sort-Object Name |
                Compress-AmoWidget -Force -ErrorVariable failed -ErrorAction SilentlyContinue)
            $packed.Count | Should -Be 1
            @($failed).Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
            "$($failed[0])" | Should -Match 'two'
            $entries = [IO.Compression.ZipFile]::OpenRead($packed[0].FullName)
            try { ($entries.Entries | Where-Object Name -EQ 'manifest.json') | Should -Not -BeNullOrEmpty } finally { $entries.Dispose() }
        }
    }

    Context 'A refused widget' {
        BeforeEach {
            $root = New-TestFolder
        }

        AfterEach {
            Remove-Item -LiteralPath $root -Recurse -Force
        }

        It 'writes one WidgetInvalid error listing every finding one a line, escaped, errors first, the advice once, and no warning' {
            $w = Join-Path $root 'w'
            $null = New-AmoWidget $w -SupportEmail dev@amowidget.test
            $manifest = Join-Path $w 'manifest.json'
            $text = [IO.File]::ReadAllText($manifest).Replace('"interface_version": 2', '"interface_version": 1').Replace('"lcard-1"', '"lcrad"')
            # A key with a line break and a CI workflow command: its finding must stay on its own line.
            $keys = '"x\n::error file=a.js::forged": 1, '
            Write-Utf8 $manifest ($text.Substring(0, $text.IndexOf('{') + 1) + $keys + $text.Substring($text.IndexOf('{') + 1))
            $findings = @(Test-AmoWidget $w -Detailed)
            $errorsFound = @($findings | Where-Object Severity -EQ Error | ForEach-Object { "$_" })
            $warningsFound = @($findings | Where-Object Severity -EQ Warning | ForEach-Object { "$_" })
            $errorsFound.Count | Should -BeGreaterOrEqual 2
            $warningsFound.Count | Should -BeGreaterOrEqual 1

            $r = Invoke-Captured { Compress-AmoWidget $w }
            $r.Output | Should -BeNullOrEmpty
            $r.Warnings | Should -BeNullOrEmpty
            @($r.AllErrors).Count | Should -Be 1
            $e = @($r.AllErrors)[0]
            $e.FullyQualifiedErrorId | Should -Be 'WidgetInvalid,AmoWidget.Commands.CompressAmoWidgetCommand'
            $e.CategoryInfo.Category | Should -Be 'InvalidData'
            $message = $e.Exception.Message
            $lines = @($message -split "`n")
            $lines.Count | Should -Be ($findings.Count + 2)
            $lines[0] | Should -BeLike "The widget '*' was not packed: $($errorsFound.Count) errors and $($warningsFound.Count) warning*:"
            $listed = @($lines[1..$findings.Count] | ForEach-Object { $_.Trim() })
            @($listed | Select-Object -First $errorsFound.Count | Sort-Object) | Should -Be @($errorsFound | Sort-Object)
            @($listed | Select-Object -Skip $errorsFound.Count | Sort-Object) | Should -Be @($warningsFound | Sort-Object)
            $lines[-1] | Should -BeLike 'Fix the errors*-SkipValidation*'
            ([regex]::Matches($message, 'SkipValidation')).Count | Should -Be 1
            $message | Should -BeLike '*x\n::error file=a.js::forged*'
            @($lines | Where-Object { $_.TrimStart() -match '^(::|##\[)' }) | Should -BeNullOrEmpty
            @($e.TargetObject).Count | Should -Be $findings.Count
            @(Get-ChildItem -LiteralPath $root -File) | Should -BeNullOrEmpty
        }
    }

    Context 'Compress-AmoWidget and the archive''s name (case 05)' {
        BeforeEach {
            $root = New-TestFolder
            $w = New-DocsWidget (Join-Path $root 'excel-export')
        }

        AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

        It 'warns when the archive is not named widget.zip, and writes it as asked' {
            $zip = Compress-AmoWidget $w -DestinationPath (Join-Path $root 'excel-export-widget.zip') -WarningVariable warnings -WarningAction SilentlyContinue
            $zip.Name | Should -Be 'excel-export-widget.zip'
            @($warnings.Message -match 'must be called widget.zip').Count | Should -Be 1
            (Test-AmoWidget $zip.FullName -Detailed).RuleName | Should -Be @('AmoArchiveName')
        }

        It 'says nothing of the name for widget.zip' {
            $zip = Compress-AmoWidget $w -WarningVariable warnings
            $zip.Name | Should -Be 'widget.zip'
            $warnings | Should -BeNullOrEmpty
            Test-AmoWidget $zip.FullName -Strict | Should -BeTrue
        }
    }

    Context '-DevLoader' {
        BeforeAll {
            $script:dev = Start-DevServerFixture
            $script:root = $script:dev.Root
            $script:widget = $script:dev.Widget
            $script:server = $script:dev.Server
            $script:http = $script:dev.Http

            $script:zip = Join-Path $script:root 'dev.zip'
            $null = Compress-AmoWidget $script:widget $script:zip -DevLoader $script:server.Url -WarningVariable loaderWarnings -WarningAction SilentlyContinue
            $script:loaderWarnings = $loaderWarnings
            Add-Type -AssemblyName System.IO.Compression.FileSystem
            $archive = [System.IO.Compression.ZipFile]::OpenRead($script:zip)
            try {
                $reader = [System.IO.StreamReader]::new($archive.GetEntry('script.js').Open())
                $script:loader = $reader.ReadToEnd(); $reader.Dispose()
                $stream = [System.IO.MemoryStream]::new(); $archive.GetEntry('manifest.json').Open().CopyTo($stream)
                $script:zipManifest = $stream.ToArray()
            }
            finally { $archive.Dispose() }
            $script:loaderFile = Join-Path $script:root 'loader.js'
            Write-Utf8 $script:loaderFile $script:loader
        }

        AfterAll {
            Stop-DevServerFixture $script:dev
        }

        It 'packs an archive that Test-AmoWidget fails only for its loader (AmoScriptDevLoader), with the folder''s other files as they are' {
            # A loader archive must never pass the checks that gate a release: its one Error is the loader itself.
            Test-AmoWidget $script:zip | Should -BeFalse
            @(Test-AmoWidget $script:zip -Detailed | Where-Object Severity -EQ 'Error').RuleName | Should -Be @('AmoScriptDevLoader')
            $script:zipManifest | Should -Be ([System.IO.File]::ReadAllBytes((Join-Path $script:widget 'manifest.json')))
            Get-ZipEntryName $script:zip | Should -Not -Contain '.env'
        }

        It 'writes a script.js that node parses as an AMD module loading the served script and returning it' {
            $probe = "global.define = function (deps, factory) { console.log(JSON.stringify({ deps: deps, same: factory('W') === 'W' })); }; require(process.argv[1]);"
            $out = & node -e $probe $script:loaderFile
            $LASTEXITCODE | Should -Be 0
            $amd = $out | ConvertFrom-Json
            $amd.same | Should -BeTrue
            @($amd.deps).Count | Should -Be 1
            $amd.deps[0] | Should -Match ('^' + [regex]::Escape("$($script:server.Url)script.js") + '\?v=1\.0\.0&t=\d{14}$')
        }

        It 'names a URL the dev server answers with the folder''s script.js' {
            $deps = (& node -e "global.define = function (d) { console.log(d[0]); }; require(process.argv[1]);" $script:loaderFile)
            $response = $script:http.GetAsync($deps).GetAwaiter().GetResult()
            [int] $response.StatusCode | Should -Be 200
            $response.Content.ReadAsStringAsync().GetAwaiter().GetResult() | Should -Be ([System.IO.File]::ReadAllText((Join-Path $script:widget 'script.js')))
        }

        It 'warns that the loader must never be published, and about plain http off loopback' {
            "$($script:loaderWarnings)" | Should -Match 'never publish'
            $warnings = @()
            $null = Compress-AmoWidget $script:widget (Join-Path $script:root 'lan.zip') -DevLoader 'http://192.0.2.10:9000/' -WarningVariable warnings -WarningAction SilentlyContinue
            "$warnings" | Should -Match 'mixed content'
        }

        It 'refuses a loader address that is not an absolute http(s) URL' {
            Get-ErrorId (Get-ErrorRecord { Compress-AmoWidget $script:widget (Join-Path $script:root 'bad.zip') -DevLoader 'ftp://127.0.0.1/' -WarningAction SilentlyContinue })[0] | Should -Be 'DevLoaderUriInvalid'
            Join-Path $script:root 'bad.zip' | Should -Not -Exist
        }
    }

    Context 'A file swapped for a link out of the folder while it is packed' {
        BeforeAll {
            Add-Type -AssemblyName System.IO.Compression.FileSystem
            $script:packRoot = New-TestFolder 'amowidget-pack-race'
            $script:packWidget = Join-Path $script:packRoot 'widget'
            $null = New-AmoWidget $script:packWidget -Location lcard -SupportEmail dev@amowidget.test
            $script:packStage = Join-Path $script:packRoot 'stage'
            $null = New-Item -ItemType Directory -Path $script:packStage
            $script:packSecret = Join-Path $script:packRoot 'outside-secret.js'
            Write-Utf8 $script:packSecret 'OUTSIDE-SECRET-CONTENT'
            Write-Utf8 (Join-Path $script:packWidget 'race.js') 'inside content'

            # Renames prepared files over race.js (rename(2) is atomic: the name is always a regular file or a link to
            # the outside file, never missing), on its own thread, until disposed.
            Initialize-SwapRace
        }

        AfterAll {
            Remove-Item -LiteralPath $script:packRoot -Recurse -Force -ErrorAction SilentlyContinue
        }

        It 'never packs the outside file while race.js keeps turning into a link to it (150 zips)' -Skip:$IsWindows {
            $zipPath = Join-Path $script:packRoot 'race.zip'
            $zips = 0; $leaks = 0; $refused = 0; $withRace = 0
            $errorIds = [System.Collections.Generic.List[string]]::new()
            $swapper = [AmoPester.SwapRace]::new((Join-Path $script:packWidget 'race.js'), $script:packStage, 'inside content', $script:packSecret)
            try {
                for ($i = 0; $i -lt 150; $i++) {
                    $failed = $null
                    $zip = Compress-AmoWidget $script:packWidget $zipPath -Force -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable failed
                    if ($failed) { $refused++; $errorIds.Add((Get-ErrorId $failed[0])); continue }
                    $zips++
                    $archive = [System.IO.Compression.ZipFile]::OpenRead($zip.FullName)
                    try {
                        foreach ($entry in $archive.Entries) {
                            $reader = [System.IO.StreamReader]::new($entry.Open())
                            try { $text = $reader.ReadToEnd() } finally { $reader.Dispose() }
                            if ($text -match 'OUTSIDE-SECRET') { $leaks++ }
                            if ($entry.FullName -eq 'race.js') { $withRace++ }
                        }
                    }
                    finally { $archive.Dispose() }
                }
            }
            finally { $swapper.Dispose() }
            Write-Host "    packer swap race: $zips zips made ($withRace with race.js), $refused refused, $leaks leaks, $($swapper.Swaps) swaps"
            # The race must have run (a loaded machine swaps less often, never not at all); what is asserted is that no zip leaks.
            $swapper.Swaps | Should -BeGreaterThan 10
            $zips | Should -BeGreaterThan 0
            $leaks | Should -Be 0
            $errorIds | Where-Object { $_ -ne 'FileOutsideWidget' } | Should -BeNullOrEmpty -Because "a refusal in the race is FileOutsideWidget (got: $($errorIds -join ', '))"
        }
    }

    Context '-DevLoader with user information' {
        BeforeAll {
            $script:credRoot = New-TestFolder
            $script:credWidget = New-DocsWidget (Join-Path $script:credRoot 'widget')
        }

        AfterAll { Remove-Item -LiteralPath $script:credRoot -Recurse -Force -ErrorAction SilentlyContinue }

        It 'refuses http://u:p@127.0.0.1:9000/ with DevLoaderUriHasCredentials, writes no zip, and does not repeat the password' {
            $zip = Join-Path $script:credRoot 'widget.zip'
            $errors = Get-ErrorRecord { Compress-AmoWidget $script:credWidget $zip -DevLoader 'http://u:p4ssw0rd@127.0.0.1:9000/' -WarningAction SilentlyContinue }
            @($errors).Count | Should -Be 1
            Get-ErrorId $errors[0] | Should -Be 'DevLoaderUriHasCredentials'
            $errors[0].Exception.Message | Should -Not -Match 'p4ssw0rd'
            $errors[0].Exception.Message | Should -Match ([regex]::Escape('http://127.0.0.1:9000/'))
            $zip | Should -Not -Exist
            @(Get-ChildItem -LiteralPath $script:credRoot -Force).Name | Should -Be @('widget')
        }
    }

    Context 'A file name that is not UTF-8' {
        BeforeAll {
            $script:rawRoot = New-TestFolder
            $script:rawWidget = New-DocsWidget (Join-Path $script:rawRoot 'widget')
            if (-not $IsWindows) {
                $null = New-Item -ItemType Directory (Join-Path $script:rawWidget 'js')
                # .NET cannot write such a name (its strings go out as UTF-8); printf '\377' writes the byte 0xFF.
                & sh -c 'printf "x" > "$1/$(printf "\377").js"' sh (Join-Path $script:rawWidget 'js')
            }
        }

        AfterAll { Remove-Item -LiteralPath $script:rawRoot -Recurse -Force -ErrorAction SilentlyContinue }

        It 'refuses the folder with the AmoFileNameInvalid finding listed, the bytes escaped, and writes no zip' -Skip:$IsWindows {
            $zip = Join-Path $script:rawRoot 'widget.zip'
            $errors = @(Get-ErrorRecord { Compress-AmoWidget $script:rawWidget $zip })
            $errors.Count | Should -Be 1
            Get-ErrorId $errors[0] | Should -Be 'WidgetInvalid'
            $errors[0].TargetObject.RuleName | Should -Be 'AmoFileNameInvalid'
            $errors[0].Exception.Message | Should -BeLike '*js/\xFF.js*'
            $errors[0].Exception.Message | Should -Not -BeLike '*could not find*'
            $zip | Should -Not -Exist
        }

        It 'refuses it with FileNameInvalid, naming the file, under -SkipValidation too' -Skip:$IsWindows {
            $zip = Join-Path $script:rawRoot 'widget.zip'
            $errors = @(Get-ErrorRecord { Compress-AmoWidget $script:rawWidget $zip -SkipValidation })
            $errors.Count | Should -Be 1
            Get-ErrorId $errors[0] | Should -Be 'FileNameInvalid'
            $errors[0].Exception.Message | Should -BeLike '*js/\xFF.js*'
            $zip | Should -Not -Exist
        }
    }
}

Describe 'Get-AmoWidget' {
    Context 'Account API' {
        BeforeAll { $script:server = Start-ApiTestServer }

        AfterAll { Stop-ApiTestServer $script:server }

        BeforeEach { $script:c = Connect-ApiTestServer $script:server }

        It 'pages the widget list, filters installed widgets and matches wildcards' {
            $all = Get-AmoWidget
            $all.Count | Should -Be 300
            (Get-AmoWidget -InstalledOnly).Count | Should -Be @($all | Where-Object IsActiveInAccount).Count
            (Get-AmoWidget 'amo_*').Code -join ',' | Should -Be 'amo_dropbox,amo_mailchimp,amo_asterisk'
            # Three listings (all, installed, wildcard), each two pages of 250.
            (Get-TestServerStats $script:server).byRoute.'GET /api/v4/widgets' | Should -Be 6
        }

        It 'gives lenient fields as the account sent them' {
            $w = Get-AmoWidget amo_dropbox
            $w.Rating | Should -BeExactly '2,8'
            $w.PipelineId | Should -BeNullOrEmpty
            $w | Should -BeOfType ([AmoWidget.AmoWidgetInfo])
        }

        It 'says to connect when there is no connection' {
            Disconnect-AmoAccount
            $e = Get-ErrorRecord { Get-AmoWidget amo_dropbox }
            Get-ErrorId $e[0] | Should -Be 'AmoNotConnected'
            $e[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        }

        It 'maps <Kind> to <ErrorId>' -ForEach @(
            @{ Kind = 'ForbiddenHtml'; ErrorId = 'AmoApiBlocked'; Category = 'PermissionDenied'; RetryAfter = $null },
            @{ Kind = 'ForbiddenJson'; ErrorId = 'AmoApiForbidden'; Category = 'PermissionDenied'; RetryAfter = $null },
            @{ Kind = 'TooManyRequestsJson'; ErrorId = 'AmoApiRateLimited'; Category = 'LimitsExceeded'; RetryAfter = 3600 },
            @{ Kind = 'InternalServerError'; ErrorId = 'AmoApiServerError'; Category = $null; RetryAfter = $null },
            @{ Kind = 'TruncatedJson'; ErrorId = 'AmoApiResponseInvalid'; Category = $null; RetryAfter = $null }) {
            # A retry_after of an hour is beyond the 10 minutes a command waits: reported at once, not waited for.
            $fault = @{ kind = $Kind; pathPrefix = '/api/v4/widgets/' }
            if ($RetryAfter) { $fault.retryAfterBody = $RetryAfter }
            Add-TestServerFault $script:server $fault
            $err = $null
            try { Get-AmoWidget amo_dropbox -ErrorAction Stop } catch { $err = $_ }
            Get-ErrorId $err | Should -Be $ErrorId
            if ($Category) { $err.CategoryInfo.Category | Should -Be $Category }
        }

        It 'times out a slow answer' {
            Add-TestServerFault $script:server @{ kind = 'Slow'; pathPrefix = '/api/v4/widgets/'; delayMs = 4000 }
            $quick = Connect-AmoAccount -BaseUri $script:server.BaseUri -AccessToken $script:server.SecureToken -TimeoutSec 1
            $err = $null
            try { Get-AmoWidget amo_dropbox -Connection $quick -ErrorAction Stop } catch { $err = $_ }
            Get-ErrorId $err | Should -Be 'AmoApiTimeout'
            $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        }

        It 'cancels the request in flight when the pipeline is stopped (Ctrl+C)' {
            Add-TestServerFault $script:server @{ kind = 'Slow'; pathPrefix = '/api/v4/widgets/'; delayMs = 20000 }
            $runspace = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault())
            $ps = [powershell]::Create()
            try {
                $runspace.Open()
                $runspace.SessionStateProxy.SetVariable('m', $script:ModulePath)
                $runspace.SessionStateProxy.SetVariable('uri', $script:server.BaseUri)
                $runspace.SessionStateProxy.SetVariable('token', $script:server.SecureToken)
                $ps.Runspace = $runspace
                $null = $ps.AddScript('Import-Module $m; $null = Connect-AmoAccount -BaseUri $uri -AccessToken $token; Get-AmoWidget amo_dropbox')
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $null = $ps.BeginInvoke()
                while (-not (Get-TestServerStats $script:server).byRoute.'GET /api/v4/widgets/{code}' -and $clock.Elapsed.TotalSeconds -lt 20) { Start-Sleep -Milliseconds 50 }
                $ps.Stop()
                $clock.Elapsed.TotalSeconds | Should -BeLessThan 15
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            }
            finally {
                $ps.Dispose()
                $runspace.Dispose()
            }
        }
    }

    Context 'A redirect from the account API' {
        # The account API never redirects: a 3xx (here with no body) is an error, never an empty success (0 widgets, or "(204)").
        BeforeAll {
            $script:redirect = Start-AmoTestServer -ArgumentList '--rate', '7'
            $script:redirectPort = ([uri] $script:redirect.BaseUri).Port
        }

        AfterAll {
            Disconnect-AmoAccount
            Stop-AmoTestServer $script:redirect
        }

        BeforeEach {
            Reset-TestServer $script:redirect
            $null = Connect-AmoAccount -BaseUri $script:redirect.BaseUri -AccessToken $script:redirect.SecureToken
        }

        It 'lists nothing and stops with AmoApiRedirected on a <Status> to <Location>' -ForEach @(
            @{ Status = 301; Location = 'https://www.amocrm.ru/?auth=1'; Means = 'deactivated or removed' },
            @{ Status = 302; Location = 'https://www.amocrm.ru/?auth=1&back=%2Fapi%2Fv4%2Fwidgets'; Means = 'deactivated or removed' },
            @{ Status = 303; Location = 'http://localhost:{port}/_test/landing?from=303'; Means = 'localhost is another host' },
            @{ Status = 307; Location = 'http://localhost:{port}/_test/landing?from=307'; Means = 'localhost is another host' },
            @{ Status = 308; Location = '/_test/landing?from=308'; Means = 'deactivated or removed' }) {
            $sent = $Location -replace '\{port\}', $script:redirectPort
            $shown = if ($sent.StartsWith('/')) { $script:redirect.BaseUri + $sent } else { $sent }
            Add-TestServerFault $script:redirect @{ kind = 'Redirect'; status = $Status; location = $sent; pathPrefix = '/api/v4/widgets' }
            $r = Invoke-Captured { Get-AmoWidget }
            @($r.Output).Count | Should -Be 0
            @($r.AllErrors).Count | Should -Be 1
            $e = @($r.AllErrors)[0]
            Get-ErrorId $e | Should -Be 'AmoApiRedirected'
            $e.CategoryInfo.Category | Should -Be 'ConnectionError'
            $e.Exception.Message | Should -Match " $Status "
            $e.Exception.Message | Should -BeLike "*redirected to $shown.*"
            $e.Exception.Message | Should -Match $Means
            $e.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
            $r.Text | Should -Not -Match $script:redirect.Token
            $stats = Get-TestServerStats $script:redirect
            $stats.landings | Should -Be 0
            $stats.landingsWithAuthorization | Should -Be 0
            $stats.byRoute.'GET /api/v4/widgets' | Should -Be 1
        }

        It 'stops Get-AmoWidget with codes at the first with AmoApiRedirected, not "(204)"' {
            Add-TestServerFault $script:redirect @{ kind = 'Redirect'; status = 302; location = 'https://www.amocrm.ru/?auth=1'; pathPrefix = '/api/v4/widgets/' }
            $r = Invoke-Captured { Get-AmoWidget amo_dropbox, amo_mailchimp }
            @($r.Output).Count | Should -Be 0
            @($r.AllErrors).Count | Should -Be 1
            Get-ErrorId @($r.AllErrors)[0] | Should -Be 'AmoApiRedirected'
            @($r.AllErrors)[0].Exception.Message | Should -BeLike '*302 Found, redirected to https://www.amocrm.ru/?auth=1.*'
            $r.Text | Should -Not -Match '\(204\)'
            # The command stopped at the first code: the second was never asked for.
            (Get-TestServerStats $script:redirect).byRoute.'GET /api/v4/widgets/{code}' | Should -Be 1
        }

        It 'tells a wrong host or platform, and http redirected to https' {
            $https = 'https://127.0.0.1:' + $script:redirectPort + '/api/v4/widgets/amo_dropbox'
            Add-TestServerFault $script:redirect @(
                @{ kind = 'Redirect'; status = 301; location = $https; pathPrefix = '/api/v4/widgets/' },
                @{ kind = 'Redirect'; status = 302; location = 'https://example.kommo.com/api/v4/widgets/amo_dropbox'; pathPrefix = '/api/v4/widgets/' })
            $err = $null
            try { Get-AmoWidget amo_dropbox -ErrorAction Stop } catch { $err = $_ }
            Get-ErrorId $err | Should -Be 'AmoApiRedirected'
            $err.Exception.Message | Should -BeLike "*redirected to $https.*-BaseUri https://127.0.0.1:$($script:redirectPort)*"
            $err = $null
            try { Get-AmoWidget amo_dropbox -ErrorAction Stop } catch { $err = $_ }
            Get-ErrorId $err | Should -Be 'AmoApiRedirected'
            $err.Exception.Message | Should -BeLike '*example.kommo.com is another host*-Platform AmoCrmRu for a Kommo account*'
            (Get-TestServerStats $script:redirect).landings | Should -Be 0
        }
    }
}

Describe 'Install-AmoWidget' {
    Context 'Account API' {
        BeforeAll { $script:server = Start-ApiTestServer }

        AfterAll { Stop-ApiTestServer $script:server }

        BeforeEach { $script:c = Connect-ApiTestServer $script:server }

        It 'never sends an install twice after <Kind>' -ForEach @(
            @{ Kind = 'DropAfterHandling'; ErrorId = 'AmoApiConnectionFailed' },
            @{ Kind = 'BadGatewayAfterHandling'; ErrorId = 'AmoApiServerError' }) {
            Add-TestServerFault $script:server @{ kind = $Kind; method = 'POST'; times = 5 }
            $err = $null
            try { Install-AmoWidget amo_dropbox -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
            Get-ErrorId $err | Should -Be $ErrorId
            (Get-TestServerStats $script:server).installPosts | Should -Be 1
        }

        It 'sends no install or delete with -WhatIf' {
            Install-AmoWidget amo_dropbox -WhatIf
            Uninstall-AmoWidget amo_dropbox -WhatIf
            $stats = Get-TestServerStats $script:server
            $stats.installPosts | Should -Be 0
            $stats.deletes | Should -Be 0
            $stats.byRoute.'GET /api/v4/widgets/{code}' | Should -Be 1
        }

        It 'checks required settings before sending anything' {
            $err = $null
            try { Install-AmoWidget amo_asterisk -Settings @{ login = 'x' } -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
            Get-ErrorId $err | Should -Be 'AmoWidgetSettingRequired'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $e = Get-ErrorRecord { Install-AmoWidget amo_asterisk -Settings @{ login = 'x'; password = 'p'; phones = 'not-a-map'; script_path = 'https://e.x/' } -Confirm:$false }
            Get-ErrorId $e[0] | Should -Be 'AmoWidgetSettingInvalid'
            (Get-TestServerStats $script:server).installPosts | Should -Be 0
        }

        It 'installs with users settings shaped as the API wants, and uninstalls' {
            $r = Invoke-Captured {
                $p = [Net.NetworkCredential]::new('', 'eXaMp1E').SecurePassword
                $w = Install-AmoWidget amo_asterisk -Settings @{ login = 'example'; password = $p; phones = @{ 504141 = 1039 }; script_path = 'https://example.com/' } -Confirm:$false
                $w.IsActiveInAccount
                $w.Settings.phones.'504141'
                $w.Settings.password.GetType().Name
                $w
                Uninstall-AmoWidget amo_asterisk -Confirm:$false
                (Get-AmoWidget amo_asterisk).IsActiveInAccount
            }
            $r.AllErrors | Should -BeNullOrEmpty
            $r.Output[0] | Should -BeTrue
            $r.Output[1] | Should -BeExactly '1039'
            $r.Output[2] | Should -Be 'SecureString'
            $r.Output[-1] | Should -BeFalse
            $r.Text | Should -Not -Match 'eXaMp1E'
            (Get-TestServerStats $script:server).installPosts | Should -Be 1
            (Get-TestServerStats $script:server).deletes | Should -Be 1
        }
    }
}

Describe 'New-AmoWidget' {
    Context 'New-AmoWidget and Compress-AmoWidget' {
        BeforeEach {
            $root = New-TestFolder
        }

        AfterEach {
            Remove-Item -LiteralPath $root -Recurse -Force
        }

        It 'round-trips a widget for <Name> through Compress-AmoWidget and Test-AmoWidget' -ForEach $locations {
            $locale = if ($Platforms -eq 'Kommo') { 'en', 'es', 'pt', 'tr', 'id' } else { 'ru', 'en' }
            $platform = if ($Platforms -eq 'Both') { 'Any' } else { $Platforms }
            $w = Join-Path $root 'w'
            $null = New-AmoWidget $w -Location $Name -Locale $locale @Addresses -WarningVariable warnings -WarningAction SilentlyContinue
            # card_sdk alone gets lcard-0 added, and says so; nothing else warns.
            $warnings.Count | Should -Be $(if ($Name -eq 'card_sdk') { 1 } else { 0 })
            Test-AmoWidget $w -Strict -Platform $platform | Should -BeTrue
            $zip = Compress-AmoWidget $w
            $zip.FullName | Should -Be (Join-Path $root 'widget.zip')
            Test-AmoWidget $zip.FullName -Strict -Platform $platform | Should -BeTrue
        }

        It 'passes the issue example strictly, judged as the platform it names: <Platform>' -ForEach @(
            @{ Platform = 'AmoCrm'; Languages = 'en', 'ru'; Judged = "judged as amoCRM's" }
            @{ Platform = 'Kommo'; Languages = 'en', 'es', 'pt'; Judged = "judged as Kommo's" }
        ) {
            Push-Location $root
            try {
                $null = New-AmoWidget ./w -Platform $Platform -Location lcard, llist, digital_pipeline, advanced_settings, catalogs, lead_sources, settings -SupportEmail dev@amowidget.test -SupportLink https://amowidget.test/help
                @((Import-AmoManifest ./w).Locale | Sort-Object) | Should -Be $Languages
                $verbose = Test-AmoWidget ./w -Strict -Verbose 4>&1
                $verbose | Where-Object { $_ -is [bool] } | Should -BeTrue
                ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Match $Judged
                $zip = Compress-AmoWidget ./w
                Test-AmoWidget $zip.FullName -Strict | Should -BeTrue
                Test-AmoWidget $zip.FullName -Strict -Platform $Platform | Should -BeTrue
                Join-Path $root 'widget.zip' | Should -Exist
            }
            finally {
                Pop-Location
            }
        }

        It 'refuses a non-empty folder without -Force with FolderNotEmpty' {
            Set-Content -LiteralPath (Join-Path $root 'notes.txt') -Value 'mine'
            { New-AmoWidget $root -ErrorAction Stop } | Should -Throw -ErrorId 'FolderNotEmpty,AmoWidget.Commands.NewAmoWidgetCommand'
            @(Get-ChildItem -LiteralPath $root -Force).Name | Should -Be 'notes.txt'
            (New-AmoWidget $root -Force -SupportEmail dev@amowidget.test).FullName | Should -Be $root
            Get-Content -LiteralPath (Join-Path $root 'notes.txt') | Should -Be 'mine'
            Join-Path $root 'manifest.json' | Should -Exist
        }

        It 'writes nothing with -WhatIf' {
            $real = Join-Path $root 'real'
            $r = Invoke-Captured {
                New-AmoWidget (Join-Path $root 'w') -Location lcard, digital_pipeline -WhatIf
                $null = New-AmoWidget $real -SupportEmail dev@amowidget.test
                Compress-AmoWidget $real -WhatIf
            }
            $r.AllErrors | Should -BeNullOrEmpty
            $r.Output | Should -BeNullOrEmpty
            @(Get-ChildItem -LiteralPath $root).Name | Should -Be 'real'
        }

        It 'emits the folder, which pipes into Compress-AmoWidget' {
            $zip = New-AmoWidget (Join-Path $root 'w') -SupportEmail dev@amowidget.test | Compress-AmoWidget
            @($zip).Count | Should -Be 1
            $zip | Should -BeOfType ([IO.FileInfo])
            $zip.FullName | Should -Be (Join-Path $root 'widget.zip')
        }

        It 'writes PNGs of the documented sizes' {
            $null = New-AmoWidget $root -Location digital_pipeline -SupportEmail dev@amowidget.test
            $expected = @{
                'logo.png' = '130x100'; 'logo_main.png' = '400x272'; 'logo_medium.png' = '240x84'
                'logo_min.png' = '84x84'; 'logo_small.png' = '108x108'; 'logo_dp.png' = '174x109'
                'tour_1_ru.png' = '1188x616'; 'tour_1_en.png' = '1188x616'
            }
            @(Get-ChildItem -LiteralPath (Join-Path $root 'images')).Name | Sort-Object | Should -Be @($expected.Keys | Sort-Object)
            foreach ($name in $expected.Keys) {
                $file = Join-Path $root "images/$name"
                Get-PngSize $file | Should -Be $expected[$name]
                Get-DecodedPngSize $file | Should -Be $expected[$name]
                (Get-Item $file).Length | Should -BeLessThan 307200
            }
        }

        It 'refuses a bad request before writing anything: <Request>' -ForEach @(
            @{ Request = 'an unknown location'; ErrorId = 'LocationUnknown'; Script = { New-AmoWidget $w -Location lcrad } }
            @{ Request = 'everywhere with a right column'; ErrorId = 'RightColumnNotSupported'; Script = { New-AmoWidget $w -Location everywhere-1 } }
            @{ Request = 'an unknown locale'; ErrorId = 'ParameterArgumentValidationError'; Script = { New-AmoWidget $w -Locale de } }
            @{ Request = 'packing a missing folder'; ErrorId = 'PathNotFound'; Script = { Compress-AmoWidget $w } }
        ) {
            $w = Join-Path $root 'w'
            Get-ErrorId (Get-ErrorRecord $Script)[0] | Should -Be $ErrorId
            $w | Should -Not -Exist
        }

        It 'warns about placeholders and a missing support contact' {
            $config = Join-Path $root 'empty.gitconfig'
            Write-Utf8 $config ''
            $r = Invoke-WithGitConfig $config { Invoke-Captured { $null = New-AmoWidget (Join-Path $root 'w') -Location sms, card_sdk } }
            $r.AllErrors | Should -BeNullOrEmpty
            # An amoCRM widget (ru): both support fields are placeholders, each said.
            @($r.Warnings).Count | Should -Be 4
            $r.Warnings -match '-SmsEndpoint' | Should -Not -BeNullOrEmpty
            $r.Warnings -match 'lcard-0' | Should -Not -BeNullOrEmpty
            $r.Warnings -match 'support\.link is the placeholder https://example\.com/support' | Should -Not -BeNullOrEmpty
            $r.Warnings -match 'support\.email is the placeholder support@example\.com' | Should -Not -BeNullOrEmpty
            $m = Import-AmoManifest (Join-Path $root 'w')
            $m.SupportLink, $m.SupportEmail | Should -Be 'https://example.com/support', 'support@example.com'
            @(Test-AmoWidget (Join-Path $root 'w') -Detailed | Where-Object RuleName -EQ AmoPlaceholderUrl).Count | Should -Be 3
        }

        It 'takes the git identity as the support contact when none is given, and says so' {
            $config = Join-Path $root 'dev.gitconfig'
            Write-Utf8 $config "[user]`n`temail = dev@my-widget.ru`n"
            $r = Invoke-WithGitConfig $config { Invoke-Captured { $null = New-AmoWidget (Join-Path $root 'w'); (Import-AmoManifest (Join-Path $root 'w')).SupportEmail } }
            $r.AllErrors | Should -BeNullOrEmpty
            $r.Output | Should -Be 'dev@my-widget.ru'
            $r.Warnings -match 'git user\.email' | Should -Not -BeNullOrEmpty
            # A link alone is all Kommo asks for; amoCRM asks for an e-mail too, written as a placeholder.
            $null = New-AmoWidget (Join-Path $root 'v') -Platform Kommo -SupportLink https://my-widget.test/help
            (Import-AmoManifest (Join-Path $root 'v')).SupportEmail | Should -BeNullOrEmpty
            $null = New-AmoWidget (Join-Path $root 'u') -SupportLink https://my-widget.ru/help -WarningAction SilentlyContinue
            (Import-AmoManifest (Join-Path $root 'u')).SupportEmail | Should -Be 'support@example.com'
        }

        It 'completes location names' {
            $line = 'New-AmoWidget ./w -Location digital_'
            $found = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches)
            $found.Count | Should -Be 1
            $found[0].CompletionText | Should -Be 'digital_pipeline'
            $found[0].ToolTip | Should -Match 'Digital Pipeline'
        }
    }

    Context 'New-AmoWidget with every block' {
        BeforeEach { $root = New-TestFolder }

        AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

        It 'writes amoforms.js, the SVG menu icon and the tour slides, and passes -Strict for amoCRM' {
            $w = Join-Path $root 'w'
            $null = New-AmoWidget $w -Location sms, mobile_card, amoforms, widget_page, settings -SupportEmail dev@amowidget.test -SupportLink https://amowidget.test/help -SmsEndpoint https://sms.amowidget.test/in -MobileFrameUrl https://m.amowidget.test/
            Get-Content -Raw (Join-Path $w 'amoforms.js') | Should -Match 'amoFormsWidget\('
            Get-Content -Raw (Join-Path $w 'images/left_menu.svg') | Should -Match '^<svg '
            Get-PngSize (Join-Path $w 'images/tour_1_ru.png') | Should -Be '1188x616'
            Get-PngSize (Join-Path $w 'images/tour_1_en.png') | Should -Be '1188x616'
            $m = Import-AmoManifest $w
            $m.Locations.Value | Should -Be @('sms', 'mobile_card', 'amoforms', 'widget_page', 'settings')
            Get-Block $m 'tour' | Should -Be (Get-Shape '{ "is_tour": true, "tour_images": { "ru": ["images/tour_1_ru.png"], "en": ["images/tour_1_en.png"] }, "tour_description": "widget.tour_description" }')
            Get-Block $m 'left_menu' | Should -Be (Get-Shape '{ "main": { "title": "left_menu.main", "icon": "images/left_menu.svg" } }')
            Test-AmoWidget $w -Strict -Platform AmoCrm | Should -BeTrue
            Test-AmoWidget $w -Strict | Should -BeTrue
            Test-AmoWidget (Compress-AmoWidget $w).FullName -Strict -Platform AmoCrm | Should -BeTrue
        }

        It 'passes -Strict for Kommo in the Kommo languages' {
            $w = Join-Path $root 'w'
            $null = New-AmoWidget $w -Location sms, mobile_card, widget_page, salesbot_designer, settings -Locale en, es, pt, tr, id -SupportLink https://amowidget.test/help -SmsEndpoint https://sms.amowidget.test/in -MobileFrameUrl https://m.amowidget.test/
            @(Get-ChildItem (Join-Path $w 'images') -Filter 'tour_1_*.png').Count | Should -Be 5
            Test-AmoWidget $w -Strict -Platform Kommo | Should -BeTrue
        }

        It 'writes a default_value for the Salesbot field, so that the designer can save the step' {
            $w = Join-Path $root 'w'
            $null = New-AmoWidget $w -Location salesbot_designer
            $field = (Get-Content -Raw (Join-Path $w 'manifest.json') | ConvertFrom-Json).salesbot_designer.send_message.settings.message
            $field.PSObject.Properties.Name | Should -Contain 'default_value'
            @(Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ 'AmoSalesbotDefaultMissing').Count | Should -Be 0
        }

        It 'warns, for an amoCRM widget, of the support field that is not given' {
            $null = New-AmoWidget (Join-Path $root 'w') -SupportEmail dev@amowidget.test -WarningVariable warnings -WarningAction SilentlyContinue
            ($warnings.Message -join "`n") | Should -Match 'widget\.support\.link is the placeholder https://example\.com/support'
        }

        It 'writes what the platform takes with -Platform <Platform>, and refuses what it lacks' -ForEach @(
            @{ Platform = 'AmoCrm'; Languages = 'en', 'ru'; Foreign = 'ai_agent'; ForeignLocale = 'es' }
            @{ Platform = 'Kommo'; Languages = 'en', 'es', 'pt'; Foreign = 'tline'; ForeignLocale = 'ru' }
        ) {
            $w = Join-Path $root 'w'
            $null = New-AmoWidget $w -Platform $Platform -SupportEmail dev@amowidget.test -SupportLink https://amowidget.test/help
            @((Import-AmoManifest $w).Locale | Sort-Object) | Should -Be $Languages
            @(Get-ChildItem (Join-Path $w 'i18n')).BaseName | Sort-Object | Should -Be $Languages
            Test-AmoWidget $w -Strict | Should -BeTrue
            $v = Join-Path $root 'v'
            $e = Get-ErrorRecord { New-AmoWidget $v -Platform $Platform -Location lcard, $Foreign }
            Get-ErrorId $e[0] | Should -Be 'LocationUnknown'
            $e[0].Exception.Message | Should -Match "'$Foreign' is a location of .* only"
            Get-ErrorId (Get-ErrorRecord { New-AmoWidget $v -Platform $Platform -Locale en, $ForeignLocale })[0] | Should -Be 'LocaleUnknown'
            $v | Should -Not -Exist
        }
    }
}

Describe 'Test-AmoWidget' {
    BeforeEach {
        $root = New-TestFolder
        $w = New-DocsWidget (Join-Path $root 'widget')
    }

    AfterEach {
        Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction Ignore
    }

    It 'passes a widget made by the docs to the letter, even with -Strict (the CI gate)' {
        Test-AmoWidget $w | Should -BeTrue
        Test-AmoWidget $w -Strict | Should -BeTrue
        @(Test-AmoWidget $w -Detailed).Count | Should -Be 0
    }

    It 'reports init_once "Y" with its rule, pointer, line and column' {
        Set-WidgetText (Join-Path $w 'manifest.json') '"init_once": false' '"init_once": "Y"'
        Test-AmoWidget $w | Should -BeFalse
        $d = @(Test-AmoWidget $w -Detailed)
        $d.Count | Should -Be 1
        $d[0].PSObject.TypeNames[0] | Should -Be 'AmoWidget.AmoDiagnostic'
        "$($d.Severity)" | Should -Be 'Error'
        $d.RuleName | Should -Be 'AmoFieldType'
        $d.Path | Should -Be '/widget/init_once'
        $d.Line | Should -Be 8
        $d.Column | Should -Be 18
    }

    It 'fails warnings only with -Strict, and -ExcludeRule takes wildcards' {
        Set-WidgetText (Join-Path $w 'manifest.json') '"link": "https://support.my-widget.ru", "email": "help@my-widget.ru"' '"url": "x"'
        # Judged by what either platform accepts, a support block without link or e-mail is a warning ...
        Test-AmoWidget $w -Platform Any | Should -BeTrue
        Test-AmoWidget $w -Platform Any -Strict | Should -BeFalse
        Test-AmoWidget $w -Platform Any -Strict -ExcludeRule AmoSupportMissing | Should -BeTrue
        Test-AmoWidget $w -Platform Any -Strict -ExcludeRule 'amosupport*' | Should -BeTrue
        # ... and judged as the amoCRM widget it is (its languages have ru), an error amoCRM's rules name.
        Test-AmoWidget $w | Should -BeFalse
        $found = @(Test-AmoWidget $w -Detailed | Where-Object RuleName -EQ AmoSupportMissing)
        $found.Severity | Should -Be 'Error'
        $found.Platform | Should -Be 'AmoCrm'
        $found.Message | Should -Match 'amoCRM requires both link'
        @(Test-AmoWidget $w -Detailed -Platform Kommo | Where-Object RuleName -EQ AmoLocaleUnknown).Count | Should -Be 1
    }

    It 'stops on an -ExcludeRule name that is no rule' {
        { Test-AmoWidget $w -ExcludeRule AmoNoSuchRule -ErrorAction Stop } | Should -Throw -ErrorId 'RuleNotFound*'
    }

    It 'expands wildcards, and -LiteralPath takes them as written' {
        $null = New-DocsWidget (Join-Path $root 'w1')
        $null = New-DocsWidget (Join-Path $root 'w2')
        $odd = New-DocsWidget (Join-Path $root 'w[3]')
        @(Test-AmoWidget (Join-Path $root 'w?')).Count | Should -Be 2
        Test-AmoWidget -LiteralPath $odd | Should -BeTrue
    }

    It 'refuses a zip bomb with ArchiveTooLarge and goes on' {
        $bomb = Join-Path $root 'bomb.zip'
        New-ZipBomb $bomb
        $r = Invoke-Captured { Test-AmoWidget $bomb; 'next' }
        Get-ErrorId $r.Errors[0] | Should -Be 'ArchiveTooLarge'
        $r.Errors[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $r.Output | Should -Be 'next'
    }

    It 'writes ArchiveInvalid for a file that is not a zip' {
        $notes = Join-Path $root 'notes.zip'
        Write-Utf8 $notes 'not a zip'
        Get-ErrorId (Get-ErrorRecord { Test-AmoWidget $notes })[0] | Should -Be 'ArchiveInvalid'
    }

    It 'writes PathNotFound for a missing path and goes on with the next' {
        $result = Test-AmoWidget (Join-Path $root 'nope'), $w -ErrorVariable err -ErrorAction SilentlyContinue
        $result | Should -Be $true
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound*'
    }

    It 'binds folder objects from the pipeline' {
        Get-Item $w | Test-AmoWidget | Should -BeTrue
        $null = New-DocsWidget (Join-Path $root 'second')
        Get-ChildItem -LiteralPath $root -Directory | Test-AmoWidget | Should -Be @($true, $true)
    }

    It 'are silent on the widget the docs describe, for <_>' -ForEach 'Any', 'AmoCrm' {
        Test-AmoWidget $w -Strict -Platform $_ | Should -BeTrue
        Compress-AmoWidget $w -WarningVariable warnings | Out-Null
        $warnings | Should -BeNullOrEmpty
        Test-AmoWidget (Join-Path $root 'widget.zip') -Strict -Platform $_ | Should -BeTrue
    }
    Context 'Widget text in CI logs' {
        It 'shows keys and file names with their line breaks escaped: no line of -Detailed | Out-String is a workflow command' {
            $hostile = New-HostileWidget (Join-Path $root 'hostile')
            $findings = @(Test-AmoWidget $hostile -Detailed)
            $findings.Message | Where-Object { $_ -like '*x\n::error file=a.js::forged*' } | Should -Not -BeNullOrEmpty
            $findings.Message | Where-Object { $_ -like '*y\r\n##`[set-output]z*' } | Should -Not -BeNullOrEmpty
            if (-not $IsWindows) {
                $findings | Where-Object { $_.File -like "*e`n::error::named.json" } | Should -Not -BeNullOrEmpty -Because 'File stays the raw path'
            }
            foreach ($width in 80, 120, 250) {
                Get-CommandLine ($findings | Out-String -Width $width) | Should -BeNullOrEmpty -Because "the list view at $width columns"
                Get-CommandLine ($findings | Format-Table | Out-String -Width $width) | Should -BeNullOrEmpty -Because "the table view at $width columns"
            }
            Get-CommandLine ($findings | ForEach-Object ToString) | Should -BeNullOrEmpty
            $findings | ForEach-Object { $_.ToString() | Should -Not -Match "[`r`n]" }
        }

        It 'never starts a wrapped line with :: or ##, even when a key puts one after a space' {
            $w2 = New-DocsWidget (Join-Path $root 'spaced')
            $manifest = Join-Path $w2 'manifest.json'
            $text = [System.IO.File]::ReadAllText($manifest)
            $keys = (1..40 | ForEach-Object { '"' + ('a' * $_) + ' ::error::forged ##[set-output]z": 1, ' }) -join ''
            Write-Utf8 $manifest ($text.Substring(0, $text.IndexOf('{') + 1) + $keys + $text.Substring($text.IndexOf('{') + 1))
            $findings = @(Test-AmoWidget $w2 -Detailed)
            $findings.Count | Should -BeGreaterThan 39
            foreach ($width in 80, 120) {
                Get-CommandLine ($findings | Out-String -Width $width) | Should -BeNullOrEmpty
                Get-CommandLine ($findings | Format-Table | Out-String -Width $width) | Should -BeNullOrEmpty
            }
        }
    }

    Context 'A file name that is not UTF-8' {
        It 'reports i18n/\xFF.json as AmoFileNameInvalid, and checks the rest of the folder' -Skip:$IsWindows {
            & sh -c 'printf "{}" > "$1/$(printf "\377").json"' sh (Join-Path $w 'i18n')
            Test-AmoWidget $w | Should -BeFalse
            $d = @(Test-AmoWidget $w -Detailed)
            $d.RuleName | Should -Be @('AmoFileNameInvalid')
            [string] $d[0].Severity | Should -Be 'Error'
            $d[0].File | Should -Be ($w + '/i18n/\xFF.json')
            $d[0].Message | Should -BeLike 'i18n/\xFF.json *'
        }
    }
}

Describe 'Uninstall-AmoWidget' {
    Context 'Account API' {
        BeforeAll { $script:server = Start-ApiTestServer }

        AfterAll { Stop-ApiTestServer $script:server }

        BeforeEach { $script:c = Connect-ApiTestServer $script:server }

        It 'uninstalls a widget given by code or by an object of the pipeline' {
            $installed = @(Get-AmoWidget -InstalledOnly | Select-Object -First 2)
            $installed.Count | Should -Be 2
            $r = Invoke-Captured {
                Uninstall-AmoWidget $installed[0].Code -Confirm:$false
                $installed[1] | Uninstall-AmoWidget -Confirm:$false
            }
            $r.AllErrors | Should -BeNullOrEmpty
            $r.Output | Should -BeNullOrEmpty
            (Get-AmoWidget $installed[0].Code).IsActiveInAccount | Should -BeFalse
            (Get-AmoWidget $installed[1].Code).IsActiveInAccount | Should -BeFalse
            (Get-TestServerStats $script:server).deletes | Should -Be 2
        }

        It 'writes AmoApiNotFound for an unknown widget and goes on with the next' {
            $code = (Get-AmoWidget -InstalledOnly | Select-Object -First 1).Code
            $r = Invoke-Captured { 'nope', $code | Uninstall-AmoWidget -Confirm:$false }
            $r.Terminating | Should -BeNullOrEmpty
            $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'AmoApiNotFound,*'
            $r.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $r.Errors[0].TargetObject | Should -Be 'nope'
            (Get-AmoWidget $code).IsActiveInAccount | Should -BeFalse
        }

        It 'says to connect when there is no connection, and sends nothing' {
            Disconnect-AmoAccount
            $err = $null
            try { Uninstall-AmoWidget amo_dropbox -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'AmoNotConnected,*'
            (Get-TestServerStats $script:server).deletes | Should -Be 0
        }
    }

    Context 'A non-interactive session (pwsh -NonInteractive, as on a build server)' {
        BeforeAll { $script:server = Start-ApiTestServer }

        AfterAll { Stop-ApiTestServer $script:server }

        BeforeEach { Reset-TestServer $script:server }

        It 'prompts by default: its ConfirmImpact is High' {
            (Get-Command Uninstall-AmoWidget).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact |
                Should -Be 'High'
        }

        It 'stops with ConfirmationRequired naming -Confirm:$false, sends nothing, and never says it is a bug; so does any cmdlet given -Confirm' {
            # One child pwsh for both cmdlets: Uninstall-AmoWidget asks by default, Install-AmoWidget when given -Confirm.
            $command = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$script:ModulePath'
`$null = Connect-AmoAccount -BaseUri '$($script:server.BaseUri)' -AccessToken (ConvertTo-SecureString '$($script:server.Token)' -AsPlainText -Force)
foreach (`$call in { 'amo_dropbox', 'amo_asterisk' | Uninstall-AmoWidget }, { Install-AmoWidget amo_dropbox -Confirm }) {
    try { & `$call; 'NO ERROR' }
    catch { 'ERROR ' + `$_.FullyQualifiedErrorId + ' | ' + `$_.CategoryInfo.Category + ' | ' + `$_.Exception.Message }
}
"@
            $r = Invoke-Pwsh $command
            $r.ExitCode | Should -Be 0 -Because $r.Error
            $lines = @($r.Output -split '\r?\n' | Where-Object { $_ })
            $lines.Count | Should -Be 2 -Because $r.Output
            $lines[0] | Should -BeLike 'ERROR ConfirmationRequired,AmoWidget.Commands.UninstallAmoWidgetCommand | InvalidOperation | *'
            $lines[1] | Should -BeLike 'ERROR ConfirmationRequired,AmoWidget.Commands.InstallAmoWidgetCommand | InvalidOperation | *'
            foreach ($line in $lines) {
                $line | Should -BeLike '*-Confirm:$false*'
                $line | Should -Not -Match 'InternalError|failed unexpectedly|bug'
            }
            $lines[0] | Should -BeLike "*widget 'amo_dropbox'*"
            $stats = Get-TestServerStats $script:server
            $stats.deletes | Should -Be 0
            $stats.installPosts | Should -Be 0
        }

        It 'uninstalls with -Confirm:$false in the same session' {
            $r = Invoke-Pwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$script:ModulePath'
`$null = Connect-AmoAccount -BaseUri '$($script:server.BaseUri)' -AccessToken (ConvertTo-SecureString '$($script:server.Token)' -AsPlainText -Force)
Get-AmoWidget -InstalledOnly | Select-Object -First 1 | Uninstall-AmoWidget -Confirm:`$false
'DONE'
"@
            $r.Output.Trim() | Should -Be 'DONE' -Because $r.Error
            (Get-TestServerStats $script:server).deletes | Should -Be 1
        }
    }
}
