# What a user meets first, as an executable contract: every fenced PowerShell block of README.md (```powershell,
# ```pwsh, ```ps1), every example of every cmdlet's help and the examples of about_AmoWidget run as written, against
# the built module, and write no error. Console transcripts (```text, ```output) are what a block prints, and ```sh / ```yaml blocks are not
# PowerShell: none of them is run.
#
# README blocks run in order in one fresh runspace and one scratch folder, as a reader types them into one session:
# a block may use what an earlier one made (./w, ./widget), and nothing else is made for it. A help example runs on
# its own, in a new runspace and an empty folder, as a reader copies one example out of Get-Help: it makes what it
# needs itself. The one thing the test provides is what the README and the help say comes from outside: the account.
# Before each run the session is connected to the suite's loopback stand-in of the account API (the README's "The
# account API, without an amoCRM account"), started with the README's token, and every http://127.0.0.1:5123 in a
# block (the address the README starts it on) and http://127.0.0.1:8080 (the README's own back end) is replaced by
# the address of the server this suite started, so that suites running side by side never share a port.
#
# A README block preceded by `<!-- docs-test: skip <reason> -->` is reported as skipped with that reason: only blocks
# that work on the repository itself (the build, installing its package into the user's PSResource repositories).
# A block whose first command is Pester's It runs inside a Describe of Pester, as a reader's test file holds it.

BeforeDiscovery {
    . $PSScriptRoot/Common.ps1

    # The fenced blocks of a markdown file: { Heading, Number (within the heading), Language, Code, Line, Skip }.
    function Get-MarkdownBlock([string] $Path) {
        $lines = [IO.File]::ReadAllLines($Path)
        $heading = '(top)'
        $numbers = @{}
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -match '^#{1,6}\s+(.+?)\s*$') { $heading = $Matches[1]; continue }
            if ($lines[$i] -notmatch '^```\s*([\w-]*)\s*$') { continue }
            $language = $Matches[1].ToLowerInvariant()
            $open = $i
            $i++
            while ($i -lt $lines.Count -and $lines[$i] -notmatch '^```\s*$') { $i++ }
            $skip = $null
            for ($j = $open - 1; $j -ge 0 -and $lines[$j].Trim() -eq ''; $j--) { }
            if ($j -ge 0 -and $lines[$j] -match '^<!--\s*docs-test:\s*skip\s+(.+?)\s*-->$') { $skip = $Matches[1] }
            $numbers[$heading] = 1 + [int] $numbers[$heading]
            [pscustomobject] @{
                Heading  = $heading
                Number   = $numbers[$heading]
                Language = $language
                Code     = ($lines[($open + 1)..($i - 1)] -join "`n")
                Line     = $open + 1
                Skip     = $skip
            }
        }
    }

    $readme = Join-Path $PSScriptRoot '../../README.md'
    $allBlocks = @(Get-MarkdownBlock $readme)
    $readmeBlocks = @($allBlocks | Where-Object Language -In 'powershell', 'pwsh', 'ps1' | ForEach-Object {
            @{ Heading = $_.Heading; Number = $_.Number; Code = $_.Code; Line = $_.Line; Skip = $_.Skip }
        })

    $helpExamples = foreach ($cmdlet in @(Get-Command -Module AmoWidget -CommandType Cmdlet | ForEach-Object Name | Sort-Object)) {
        $number = 0
        foreach ($example in @((Get-Help -Name $cmdlet -Full).examples.example)) {
            if ($null -eq $example) { continue }
            $number++
            @{ Cmdlet = $cmdlet; Number = $number; Title = ([string] $example.title).Trim(' -'); Code = [string] $example.code }
        }
    }

    # The conceptual topic's examples: the code under EXAMPLES, indented by 8 (prose by 4), as the module ships it.
    $aboutFile = Join-Path (Split-Path -Parent $script:ModulePath) 'en-US/about_AmoWidget.help.txt'
    $aboutExamples = @()
    $inExamples = $false
    $current = $null
    foreach ($line in [IO.File]::ReadAllLines($aboutFile) + @('END')) {
        if ($line -match '^[A-Z]') { $inExamples = $line -eq 'EXAMPLES' }
        if ($inExamples -and $line -match '^ {8}') { $current += @($line.Substring(8)); continue }
        if ($current) { $aboutExamples += @{ Topic = 'about_AmoWidget'; Number = $aboutExamples.Count + 1; Code = $current -join "`n" } }
        $current = $null
    }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # The README's test server token (Program.cs's default), so that a block that names it works as written.
    $script:server = Start-AmoTestServer -Token 'amowidget-test-token'
    $script:pester = (Get-Module Pester).Path

    # A runspace with the built module, in $Folder, connected to the test server as the README's reader connects.
    function New-DocsRunspace([string] $Folder) {
        $iss = [initialsessionstate]::CreateDefault2()
        $iss.ImportPSModule($script:ModulePath)
        $runspace = [runspacefactory]::CreateRunspace($iss)
        $runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        $null = $ps.AddCommand('Set-Location').AddParameter('LiteralPath', $Folder).AddStatement().
            AddCommand('Connect-AmoAccount').AddParameter('BaseUri', $script:server.BaseUri).AddParameter('AccessToken', $script:server.SecureToken).
            AddCommand('Out-Null')
        $null = $ps.Invoke()
        if ($ps.HadErrors) { throw "The docs runspace did not connect: $($ps.Streams.Error | Select-Object -First 1)" }
        $ps.Dispose()
        $runspace
    }

    # Runs one block in $Runspace and returns every error it wrote or threw, as "ErrorId: message" lines.
    function Invoke-DocsBlock($Runspace, [string] $Code, [string] $Folder) {
        $text = $Code.Replace('http://127.0.0.1:5123', $script:server.BaseUri).Replace('http://127.0.0.1:8080', $script:server.BaseUri)
        $first = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref] $null, [ref] $null).EndBlock.Statements |
            Select-Object -First 1
        if ($first.PipelineElements -and $first.PipelineElements[0] -is [System.Management.Automation.Language.CommandAst] -and $first.PipelineElements[0].GetCommandName() -eq 'It') {
            $text = "Import-Module '$script:pester'`n" +
                '$container = New-PesterContainer -ScriptBlock ([scriptblock]::Create(' + "@'`nDescribe 'docs' {`n$text`n}`n'@" + '))' + "`n" +
                '$result = Invoke-Pester -Container $container -PassThru -Output None' + "`n" +
                'if ($result.Result -ne ''Passed'') { Write-Error "Pester: $($result.FailedCount) failed: $($result.Failed.ErrorRecord)" }'
        }
        $ps = [powershell]::Create()
        $ps.Runspace = $Runspace
        $previous = [Environment]::CurrentDirectory
        $errors = @()
        try {
            [Environment]::CurrentDirectory = $Folder
            $null = $ps.AddScript($text)
            $async = $ps.BeginInvoke()
            if (-not $async.AsyncWaitHandle.WaitOne(180000)) {
                $null = $ps.BeginStop($null, $null).AsyncWaitHandle.WaitOne(10000)
                return @('the block did not finish within 180 s')
            }
            try { $null = $ps.EndInvoke($async) }
            catch {
                $ex = $_.Exception
                while ($ex -is [System.Management.Automation.MethodInvocationException] -and $ex.InnerException) { $ex = $ex.InnerException }
                $id = if ($ex -is [System.Management.Automation.IContainsErrorRecord]) { $ex.ErrorRecord.FullyQualifiedErrorId } else { $ex.GetType().FullName }
                $errors += "${id}: $($ex.Message)"
            }
            $errors += @($ps.Streams.Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" })
            $errors
        }
        finally {
            [Environment]::CurrentDirectory = $previous
            $ps.Dispose()
        }
    }
}

AfterAll {
    Stop-AmoTestServer $script:server
}

Describe 'README.md' {
    BeforeAll {
        $script:readmeFolder = New-TestFolder 'amowidget-readme'
        $script:readmeRunspace = New-DocsRunspace $script:readmeFolder
    }

    AfterAll {
        # A block may leave a dev server running: it belongs to the runspace and stops with it.
        $script:readmeRunspace.Dispose()
        Remove-Item -LiteralPath $script:readmeFolder -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'has PowerShell blocks to run' -ForEach @(@{ Count = $readmeBlocks.Count }) {
        $Count | Should -BeGreaterThan 10
    }

    It '<Heading>, block <Number> (line <Line>)' -ForEach $readmeBlocks {
        if ($Skip) { Set-ItResult -Skipped -Because $Skip; return }
        $errors = @(Invoke-DocsBlock $script:readmeRunspace $Code $script:readmeFolder)
        $errors | Should -BeNullOrEmpty -Because "README.md line $Line must run as written:`n$Code`n"
    }
}

Describe 'Help examples' {
    It '<Cmdlet>: the examples are numbered 1, 2, 3... in the order Get-Help shows them' -ForEach @($helpExamples | Group-Object { $_.Cmdlet } | ForEach-Object { @{ Cmdlet = $_.Name; Titles = @($_.Group | ForEach-Object Title) } }) {
        $numbers = @($Titles | ForEach-Object { if ($_ -match '^Example (\d+)\b') { [int] $Matches[1] } else { 0 } })
        $numbers | Should -Be @(1..$Titles.Count) -Because "the titles are: $($Titles -join '; ')"
    }

    It 'about_AmoWidget has examples to run' -ForEach @(@{ Count = $aboutExamples.Count }) {
        $Count | Should -BeGreaterThan 1
    }

    It '<Cmdlet> example <Number> runs as written' -ForEach ($helpExamples + @($aboutExamples | ForEach-Object { @{ Cmdlet = $_.Topic; Number = $_.Number; Code = $_.Code } })) {
        $folder = New-TestFolder 'amowidget-example'
        $runspace = New-DocsRunspace $folder
        try {
            $errors = @(Invoke-DocsBlock $runspace $Code $folder)
            $errors | Should -BeNullOrEmpty -Because "example $Number of $Cmdlet must run as written:`n$Code`n"
        }
        finally {
            $runspace.Dispose()
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}
