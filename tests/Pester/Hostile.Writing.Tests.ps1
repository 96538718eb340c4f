# Writing files that are not what a writer expects: Export-AmoManifest, New-AmoWidget and
# Compress-AmoWidget (and Export-AmoDiagnostic, which writes through the same writer) keep an existing file's mode,
# owner and symbolic link, refuse a FIFO, device or folder where a file goes, leave no temporary file after a failure
# and never name one, and go on with the next input. Every input (FIFOs, device nodes, links, read-only folders, a
# file size limit) is made by the test itself.

BeforeDiscovery {
    $IsRoot = -not $IsWindows -and (id -u) -eq '0'
}

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:IsRoot = -not $IsWindows -and (id -u) -eq '0'

    # "-rw-------", "-rwxr-xr-x": the mode as ls shows it.
    function Get-UnixMode([string] $Path) { (Get-Item -LiteralPath $Path -Force).UnixMode }

    # What stat(1) calls the file, without following a link: "fifo", "character special file", "symbolic link"...
    function Get-FileKind([string] $Path) {
        if ($IsMacOS) { (stat -f '%HT' $Path).ToLowerInvariant() } else { stat -c '%F' $Path }
    }

    function Get-Owner([string] $Path) {
        if ($IsMacOS) { stat -f '%u:%g' $Path } else { stat -c '%u:%g' $Path }
    }

    function Get-Temporary([string] $Folder) {
        @(Get-ChildItem -LiteralPath $Folder -Force -Recurse -File -Filter '.*.tmp' -ErrorAction SilentlyContinue)
    }

    # Every error is an AmoWidget ErrorRecord: its FullyQualifiedErrorId never starts with "System.".
    function Assert-AmoError($Records) {
        foreach ($record in @($Records)) {
            $record | Should -BeOfType System.Management.Automation.ErrorRecord
            $record.FullyQualifiedErrorId | Should -Not -BeLike 'System.*'
        }
    }

    # A character device of our own (the null device's numbers) where root may make one, else a link to /dev/null:
    # the test never points a write at /dev itself.
    function New-DeviceNode([string] $Path) {
        if ($script:IsRoot) { mknod $Path c 1 3 } else { $null = New-Item -ItemType SymbolicLink -Path $Path -Target /dev/null }
    }

    # A folder nobody may create files in: chmod 555, or for root (whom modes do not stop) the immutable attribute.
    # Returns $false where neither works, and the test skips.
    function Lock-Folder([string] $Folder) {
        if ($script:IsRoot) {
            chattr +i $Folder 2>$null
            return $LASTEXITCODE -eq 0
        }
        chmod 555 $Folder
        $true
    }

    function Unlock-Folder([string] $Folder) {
        if ($script:IsRoot) { chattr -i $Folder 2>$null } else { chmod 755 $Folder }
    }

    # Runs a script in a fresh pwsh whose file size limit is 64 KB (bash's ulimit -f; SIGXFSZ ignored so a write past
    # it fails with EFBIG instead of killing the process): the disk is "full" for any bigger file. Returns its output
    # parsed from JSON.
    function Invoke-WithFileSizeLimit([string] $Command) {
        $info = [System.Diagnostics.ProcessStartInfo]::new('bash')
        $arguments = @('-c', 'trap "" XFSZ; ulimit -f 64; exec "$@"', 'bash') + @(Get-PwshCommand) + @('-NoProfile', '-NonInteractive', '-Command', $Command)
        foreach ($a in $arguments) { $info.ArgumentList.Add($a) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        # The runtime maps its code pages through a memory file, which the size limit would refuse.
        $info.Environment['DOTNET_EnableWriteXorExecute'] = '0'
        $p = [System.Diagnostics.Process]::Start($info)
        $stderr = $p.StandardError.ReadToEndAsync()
        $stdout = $p.StandardOutput.ReadToEnd()
        if (-not $p.WaitForExit(120000)) { $p.Kill($true); throw 'pwsh under ulimit did not finish' }
        if ($p.ExitCode -ne 0) { throw "pwsh under ulimit failed: $($stderr.Result)" }
        $stdout | ConvertFrom-Json
    }
}

Describe 'Writing over an existing file' -Skip:$IsWindows {
    BeforeEach { $root = New-TestFolder }
    AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

    It 'Export-AmoManifest keeps mode <Mode>' -ForEach @(@{ Mode = '600'; Shown = '-rw-------' }, @{ Mode = '755'; Shown = '-rwxr-xr-x' }) {
        $file = Join-Path $root 'manifest.json'
        New-AmoManifest | Export-AmoManifest $file
        chmod $Mode $file
        Import-AmoManifest $file | Step-AmoManifestVersion | Export-AmoManifest
        Get-UnixMode $file | Should -Be $Shown
        (Import-AmoManifest $file).Version | Should -Be '1.0.1'
        Get-Temporary $root | Should -BeNullOrEmpty
    }

    It 'New-AmoWidget -Force keeps script.js at 755, Compress-AmoWidget -Force keeps widget.zip at 600' {
        $widget = Join-Path $root 'w'
        $null = New-AmoWidget $widget -Location lcard -SupportEmail dev@amowidget.test
        chmod 755 (Join-Path $widget 'script.js')
        $null = New-AmoWidget $widget -Location lcard -SupportEmail dev@amowidget.test -Force
        Get-UnixMode (Join-Path $widget 'script.js') | Should -Be '-rwxr-xr-x'

        $zip = Join-Path $root 'widget.zip'
        $null = Compress-AmoWidget $widget
        chmod 600 $zip
        $null = Compress-AmoWidget $widget -Force
        Get-UnixMode $zip | Should -Be '-rw-------'
        Get-ZipEntryName $zip | Should -Contain 'manifest.json'
        Get-Temporary $root | Should -BeNullOrEmpty
    }

    It 'keeps the owner and group where the OS lets a process give a file away (root)' -Skip:(-not $IsRoot) {
        $file = Join-Path $root 'manifest.json'
        New-AmoManifest | Export-AmoManifest $file
        chown 65534:65534 $file
        chmod 640 $file
        Import-AmoManifest $file | Set-AmoManifest -Name widget.other | Export-AmoManifest
        Get-Owner $file | Should -Be '65534:65534'
        Get-UnixMode $file | Should -Be '-rw-r-----'
        (Import-AmoManifest $file).Name | Should -Be 'widget.other'
    }

    It 'writes through a symbolic link: the link stays, the file it points to is replaced and keeps its mode' {
        $real = Join-Path $root 'real'
        $widget = Join-Path $root 'widget'
        $null = New-Item -ItemType Directory -Path $real, $widget
        New-AmoManifest | Export-AmoManifest (Join-Path $real 'manifest.json')
        chmod 600 (Join-Path $real 'manifest.json')
        $link = Join-Path $widget 'manifest.json'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target '../real/manifest.json'

        Import-AmoManifest $link | Set-AmoManifest -Name widget.linked | Export-AmoManifest

        (Get-Item -LiteralPath $link -Force).LinkType | Should -Be 'SymbolicLink'
        (Get-Item -LiteralPath $link -Force).LinkTarget | Should -Be '../real/manifest.json'
        (Import-AmoManifest (Join-Path $real 'manifest.json')).Name | Should -Be 'widget.linked'
        Get-UnixMode (Join-Path $real 'manifest.json') | Should -Be '-rw-------'
        Get-Temporary $root | Should -BeNullOrEmpty
    }

    It 'writes through a chain of links, and creates the file a dangling link points to' {
        $final = Join-Path $root 'final.json'
        New-AmoManifest | Export-AmoManifest $final
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $root 'one.json') -Target $final
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $root 'two.json') -Target (Join-Path $root 'one.json')
        New-AmoManifest -Name widget.chain | Export-AmoManifest (Join-Path $root 'two.json') -Force
        (Get-Item -LiteralPath (Join-Path $root 'two.json') -Force).LinkType | Should -Be 'SymbolicLink'
        (Get-Item -LiteralPath (Join-Path $root 'one.json') -Force).LinkType | Should -Be 'SymbolicLink'
        (Import-AmoManifest $final).Name | Should -Be 'widget.chain'

        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $root 'dangling.json') -Target 'made.json'
        New-AmoManifest -Name widget.made | Export-AmoManifest (Join-Path $root 'dangling.json') -Force
        (Get-Item -LiteralPath (Join-Path $root 'dangling.json') -Force).LinkType | Should -Be 'SymbolicLink'
        (Import-AmoManifest (Join-Path $root 'made.json')).Name | Should -Be 'widget.made'
    }

    It 'Compress-AmoWidget -Force writes through a linked widget.zip' {
        $widget = Join-Path $root 'w'
        $null = New-AmoWidget $widget -Location lcard -SupportEmail dev@amowidget.test
        $store = Join-Path $root 'store'
        $null = New-Item -ItemType Directory -Path $store
        Set-Content -LiteralPath (Join-Path $store 'widget.zip') -Value 'old'
        $link = Join-Path $root 'widget.zip'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target (Join-Path $store 'widget.zip')
        $zip = Compress-AmoWidget $widget -Force
        $zip.FullName | Should -Be $link
        (Get-Item -LiteralPath $link -Force).LinkType | Should -Be 'SymbolicLink'
        Get-ZipEntryName (Join-Path $store 'widget.zip') | Should -Contain 'script.js'
    }

    It 'Export-AmoDiagnostic keeps the mode of a report, and refuses a FIFO (PathNotRegularFile)' {
        $report = Join-Path $root 'report.sarif'
        $findings = Test-AmoManifest -Manifest (New-AmoManifest) -Detailed
        $findings | Export-AmoDiagnostic -Format Sarif -Path $report
        chmod 600 $report
        $findings | Export-AmoDiagnostic -Format Sarif -Path $report
        Get-UnixMode $report | Should -Be '-rw-------'

        $fifo = Join-Path $root 'report.xml'
        mkfifo $fifo
        $run = Invoke-InRunspace -WorkingDirectory $root -TimeoutSeconds 60 -Parameters @{ Fifo = $fifo } -Script {
            param($Fifo)
            Test-AmoManifest -Manifest (New-AmoManifest) -Detailed | Export-AmoDiagnostic -Format JUnit -Path $Fifo
        }
        $run.TimedOut | Should -BeFalse
        Assert-AmoError $run.Errors
        @($run.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('PathNotRegularFile')
        Get-FileKind $fifo | Should -Match 'fifo'
        Get-Temporary $root | Should -BeNullOrEmpty
    }
}

Describe 'A target that is not a regular file' -Skip:$IsWindows {
    BeforeEach { $root = New-TestFolder }
    AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

    It 'Export-AmoManifest refuses a FIFO at once, even with -Force (PathNotRegularFile), and goes on with the next manifest' {
        $fifo = Join-Path $root 'manifest.json'
        mkfifo $fifo
        $next = Join-Path $root 'next.json'
        # In a runspace with a timeout: a writer that opened the FIFO would wait for a reader forever.
        $run = Invoke-InRunspace -WorkingDirectory $root -TimeoutSeconds 60 -Parameters @{ Fifo = $fifo; Next = $next } -Script {
            param($Fifo, $Next)
            $first = New-AmoManifest
            $first.Path = $Fifo
            $second = New-AmoManifest -Name widget.next
            $second.Path = $Next
            $first, $second | Export-AmoManifest -Force
        }
        $run.TimedOut | Should -BeFalse
        Assert-AmoError $run.Errors
        @($run.Errors).Count | Should -Be 1
        Get-ErrorId $run.Errors[0] | Should -Be 'PathNotRegularFile'
        $run.Errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $run.Errors[0].Exception.Message | Should -Match ([regex]::Escape($fifo))
        Get-FileKind $fifo | Should -Match 'fifo'
        (Import-AmoManifest $next).Name | Should -Be 'widget.next'
        Get-Temporary $root | Should -BeNullOrEmpty
    }

    It 'refuses a device node with -Force: Export-AmoManifest, Compress-AmoWidget -DestinationPath, New-AmoWidget' {
        $device = Join-Path $root 'device.json'
        New-DeviceNode $device
        $kind = Get-FileKind $device
        $kind | Should -Match 'character|symbolic'
        $widget = Join-Path $root 'w'
        $null = New-AmoWidget $widget -Location lcard -SupportEmail dev@amowidget.test
        $zipDevice = Join-Path $root 'device.zip'
        New-DeviceNode $zipDevice
        Remove-Item -LiteralPath (Join-Path $widget 'script.js')
        New-DeviceNode (Join-Path $widget 'script.js')
        $before = (Get-ChildItem -LiteralPath $widget -Recurse -File | ForEach-Object { Get-FileHash -LiteralPath $_.FullName }).Hash

        $run = Invoke-InRunspace -WorkingDirectory $root -TimeoutSeconds 60 -Parameters @{ Device = $device; Zip = $zipDevice; Widget = $widget } -Script {
            param($Device, $Zip, $Widget)
            New-AmoManifest | Export-AmoManifest -Path $Device -Force
            Compress-AmoWidget $Widget -DestinationPath $Zip -Force -SkipValidation
            New-AmoWidget $Widget -Location lcard -SupportEmail dev@amowidget.test -Force
        }
        $run.TimedOut | Should -BeFalse
        Assert-AmoError $run.Errors
        @($run.Errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('PathNotRegularFile', 'PathNotRegularFile', 'PathNotRegularFile')
        Get-FileKind $device | Should -Be $kind
        Get-FileKind $zipDevice | Should -Be $kind
        Get-FileKind (Join-Path $widget 'script.js') | Should -Be $kind
        (Get-ChildItem -LiteralPath $widget -Recurse -File | ForEach-Object { Get-FileHash -LiteralPath $_.FullName }).Hash | Should -Be $before
        Get-Temporary $root | Should -BeNullOrEmpty
    }

    It 'refuses a folder where a file goes (PathIsFolder), and New-AmoWidget writes none of its files then' {
        # -Path naming a folder means its manifest.json, here a folder too.
        $null = New-Item -ItemType Directory -Path (Join-Path $root 'manifest.json')
        $errors = Get-ErrorRecord { New-AmoManifest | Export-AmoManifest -Path $root -Force }
        Assert-AmoError $errors
        $errors | ForEach-Object { Get-ErrorId $_ } | Should -Be 'PathIsFolder'

        $widget = Join-Path $root 'w'
        $null = New-Item -ItemType Directory -Path (Join-Path $widget 'images/logo.png')
        $errors = Get-ErrorRecord { New-AmoWidget $widget -Location lcard -SupportEmail dev@amowidget.test -Force }
        Assert-AmoError $errors
        $errors | ForEach-Object { Get-ErrorId $_ } | Should -Be 'PathIsFolder'
        Test-Path -LiteralPath (Join-Path $widget 'manifest.json') | Should -BeFalse
    }
}

Describe 'A write that fails' -Skip:$IsWindows {
    BeforeEach { $root = New-TestFolder }
    AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

    It 'a read-only folder: the old file stays, no temporary file, the error names the file, the next manifest is written' {
        $locked = Join-Path $root 'locked'
        $null = New-Item -ItemType Directory -Path $locked
        $file = Join-Path $locked 'manifest.json'
        New-AmoManifest -Name widget.old | Export-AmoManifest $file
        $widget = Join-Path $root 'w'
        $null = New-AmoWidget $widget -Location lcard -SupportEmail dev@amowidget.test
        if (-not (Lock-Folder $locked)) { Set-ItResult -Skipped -Because 'this file system has no way to make a folder read-only for root'; return }
        try {
            $first = Import-AmoManifest $file | Set-AmoManifest -Name widget.new
            $second = New-AmoManifest -Name widget.next
            $second.Path = Join-Path $root 'next.json'
            $result = Invoke-Captured {
                $first, $second | Export-AmoManifest
                Compress-AmoWidget $widget -DestinationPath (Join-Path $locked 'widget.zip')
                New-AmoWidget (Join-Path $locked 'w') -Location lcard -SupportEmail dev@amowidget.test
            }
        }
        finally { Unlock-Folder $locked }

        Assert-AmoError $result.AllErrors
        @($result.AllErrors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('ManifestWriteFailed', 'ArchiveWriteFailed', 'WidgetWriteFailed')
        $result.AllErrors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $result.AllErrors[0].Exception.Message | Should -Match ([regex]::Escape($file))
        $result.AllErrors | ForEach-Object { $_.Exception.Message | Should -Not -Match '\.tmp' }
        (Import-AmoManifest $file).Name | Should -Be 'widget.old'
        (Import-AmoManifest (Join-Path $root 'next.json')).Name | Should -Be 'widget.next'
        Get-Temporary $root | Should -BeNullOrEmpty
    }

    It 'a full disk (a file size limit): the old file stays, no temporary file, the error names the file' {
        $file = Join-Path $root 'manifest.json'
        New-AmoManifest -Name widget.old | Export-AmoManifest $file
        $widget = Join-Path $root 'w'
        $null = New-AmoWidget $widget -Location lcard -SupportEmail dev@amowidget.test
        $noise = [byte[]]::new(200KB)
        [System.Random]::new(9).NextBytes($noise)
        [System.IO.File]::WriteAllBytes((Join-Path $widget 'noise.bin'), $noise)
        Set-Content -LiteralPath (Join-Path $root 'widget.zip') -Value 'old'

        $records = Invoke-WithFileSizeLimit @"
Import-Module '$script:ModulePath'
`$records = @()
New-AmoManifest -Name widget.big -Description ('x' * 200KB) | Export-AmoManifest -Path '$file' -Force -ErrorAction SilentlyContinue -ErrorVariable +records
Compress-AmoWidget '$widget' -Force -SkipValidation -ErrorAction SilentlyContinue -ErrorVariable +records | Out-Null
@(`$records | ForEach-Object { [pscustomobject] @{ Id = `$_.FullyQualifiedErrorId; Category = [string] `$_.CategoryInfo.Category; Message = `$_.Exception.Message } }) | ConvertTo-Json -Compress -AsArray
"@
        @($records.Id | ForEach-Object { $_.Split(',')[0] }) | Should -Be @('ManifestWriteFailed', 'ArchiveWriteFailed')
        $records.Id | Should -Not -BeLike 'System.*'
        $records.Category | Should -Be @('WriteError', 'WriteError')
        $records[0].Message | Should -Match ([regex]::Escape($file))
        $records[1].Message | Should -Match ([regex]::Escape((Join-Path $root 'widget.zip')))
        $records.Message | Should -Not -Match '\.tmp'
        (Import-AmoManifest $file).Name | Should -Be 'widget.old'
        Get-Content -LiteralPath (Join-Path $root 'widget.zip') | Should -Be 'old'
        Get-Temporary $root | Should -BeNullOrEmpty
    }

    It 'removes the temporary file a killed write left, once a minute old and held by no writer' {
        $file = Join-Path $root 'manifest.json'
        New-AmoManifest | Export-AmoManifest $file
        $stale = Join-Path $root ('.manifest.json.' + [guid]::NewGuid().ToString('N') + '.tmp')
        $fresh = Join-Path $root ('.manifest.json.' + [guid]::NewGuid().ToString('N') + '.tmp')
        $held = Join-Path $root ('.manifest.json.' + [guid]::NewGuid().ToString('N') + '.tmp')
        $other = Join-Path $root ('.other.json.' + [guid]::NewGuid().ToString('N') + '.tmp')
        foreach ($f in $stale, $fresh, $held, $other) { Set-Content -LiteralPath $f -Value 'half' }
        foreach ($f in $stale, $held, $other) { (Get-Item -LiteralPath $f -Force).LastWriteTimeUtc = [DateTime]::UtcNow.AddMinutes(-5) }
        $lock = [System.IO.FileStream]::new($held, 'Open', 'ReadWrite', 'None')
        try { Import-AmoManifest $file | Step-AmoManifestVersion | Export-AmoManifest }
        finally { $lock.Dispose() }

        Test-Path -LiteralPath $stale | Should -BeFalse
        Test-Path -LiteralPath $fresh | Should -BeTrue
        Test-Path -LiteralPath $held | Should -BeTrue
        Test-Path -LiteralPath $other | Should -BeTrue
        (Import-AmoManifest $file).Version | Should -Be '1.0.1'
    }
}

Describe 'Values that cannot be written' {
    BeforeEach { $root = New-TestFolder }
    AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

    It 'Set-AmoManifest refuses a lone surrogate (ParameterTextInvalid) before any manifest is edited' {
        $errors = Get-ErrorRecord { New-AmoManifest | Set-AmoManifest -Name ('a' + [char] 0xD800) | Export-AmoManifest (Join-Path $root 'm.json') }
        Assert-AmoError $errors
        $errors | ForEach-Object { Get-ErrorId $_ } | Should -Be 'ParameterTextInvalid'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errors[0].Exception.Message | Should -Match '-Name .*U\+D800.* character 2'
        Test-Path -LiteralPath (Join-Path $root 'm.json') | Should -BeFalse
    }

    It 'a lone surrogate from the pipeline fails that input only, and the next is processed' {
        $widget = Join-Path $root 'w'
        $null = New-AmoWidget $widget -Location lcard -SupportEmail dev@amowidget.test
        $result = Invoke-Captured { ('w' + [char] 0xDC00), $widget | Compress-AmoWidget }
        Assert-AmoError $result.AllErrors
        $result.AllErrors | ForEach-Object { Get-ErrorId $_ } | Should -Be 'ParameterTextInvalid'
        $result.Output.FullName | Should -Be (Join-Path $root 'widget.zip')
    }

    It 'Export-AmoManifest refuses a manifest holding a lone surrogate (ManifestTextInvalid) with its line and column, and writes the next' {
        $bad = New-AmoManifest
        $bad.Name = 'a' + [char] 0xD800
        $bad.Path = Join-Path $root 'bad.json'
        $good = New-AmoManifest -Name widget.good
        $good.Path = Join-Path $root 'good.json'
        $errors = Get-ErrorRecord { $bad, $good | Export-AmoManifest }
        Assert-AmoError $errors
        $errors | ForEach-Object { Get-ErrorId $_ } | Should -Be 'ManifestTextInvalid'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errors[0].Exception.Message | Should -Match 'bad\.json.*line 3, column \d+'
        Test-Path -LiteralPath $bad.Path | Should -BeFalse
        (Import-AmoManifest $good.Path).Name | Should -Be 'widget.good'
    }

    It 'a path with a NUL, or only white space, is PathInvalid for each writing cmdlet, and the next manifest is written' {
        $m = New-AmoManifest
        $m.Path = Join-Path $root "a`0b.json"
        $next = New-AmoManifest -Name widget.next
        $next.Path = Join-Path $root 'next.json'
        $result = Invoke-Captured {
            $m, $next | Export-AmoManifest
            New-AmoManifest | Export-AmoManifest -Path "./a`0b.json"
            New-AmoManifest | Export-AmoManifest -Path '   '
            New-AmoWidget "w`0x"
            Compress-AmoWidget $root -DestinationPath "z`0.zip" -SkipValidation
        }
        Assert-AmoError $result.AllErrors
        @($result.AllErrors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('PathInvalid', 'PathInvalid', 'PathInvalid', 'PathInvalid', 'PathInvalid')
        $result.AllErrors | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'InvalidArgument' }
        (Import-AmoManifest $next.Path).Name | Should -Be 'widget.next'
    }

    It 'a path too long for the file system is PathInvalid, and its message stays short' {
        $errors = Get-ErrorRecord { New-AmoManifest | Export-AmoManifest -Path (Join-Path $root ('a' * 100000)) }
        Assert-AmoError $errors
        $errors | ForEach-Object { Get-ErrorId $_ } | Should -Be 'PathInvalid'
        $errors[0].Exception.Message.Length | Should -BeLessThan 1000
    }
}

Describe 'PowerShell stops a writer its own way' {
    BeforeEach { $root = New-TestFolder }
    AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

    It '-ErrorAction Stop stops at the first failure, with the AmoWidget ErrorId' {
        $bad = New-AmoManifest
        $bad.Path = Join-Path $root "a`0b.json"
        $good = New-AmoManifest
        $good.Path = Join-Path $root 'good.json'
        { $bad, $good | Export-AmoManifest -ErrorAction Stop } | Should -Throw -ErrorId 'PathInvalid,AmoWidget.Commands.ExportAmoManifestCommand'
        Test-Path -LiteralPath $good.Path | Should -BeFalse
    }

    It 'Select-Object -First stops the writer without an error' {
        $manifests = foreach ($n in 1..3) {
            $m = New-AmoManifest
            $m.Path = Join-Path $root "m$n.json"
            $m
        }
        $result = Invoke-Captured { $manifests | Export-AmoManifest -PassThru | Select-Object -First 1 }
        $result.AllErrors | Should -BeNullOrEmpty
        @($result.Output).Count | Should -Be 1
        Test-Path -LiteralPath (Join-Path $root 'm1.json') | Should -BeTrue
        Test-Path -LiteralPath (Join-Path $root 'm3.json') | Should -BeFalse
    }
}
