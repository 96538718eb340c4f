# Findings for CI (Export-AmoDiagnostic), the build gate (Assert-AmoWidget) and the README's GitHub Actions workflow.
# The SARIF output is checked with the official validator, Sarif.Multitool 5.7.0 from npm, installed by the suite into
# out/tools (git-ignored) when it is not there yet.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    Import-TestAssembly 'YamlDotNet' '18.1.0'
    $fixture = New-FindingsFixture
    $script:root = $fixture.Root
    $script:good = $fixture.Good
    $script:bad = $fixture.Bad
    $script:findings = $fixture.Findings

    # The official SARIF validator, from npm, into out/tools/sarif-multitool.
    function Get-SarifMultitool {
        $os = if ($IsWindows) { 'win32' } elseif ($IsMacOS) { 'darwin' } else { 'linux' }
        $folder = Join-Path $script:RepoRoot 'out/tools/sarif-multitool'
        $package = Join-Path $folder "node_modules/@microsoft/sarif-multitool-$os"
        $exe = Join-Path $package ($(if ($IsWindows) { 'Sarif.Multitool.exe' } else { 'Sarif.Multitool' }))
        if (-not (Test-Path -LiteralPath $exe)) {
            $null = New-Item -ItemType Directory -Force -Path $folder
            & npm install --no-save --no-audit --no-fund --prefix $folder "@microsoft/sarif-multitool-$os@5.7.0" 2>&1 | Out-Null
            if ($LASTEXITCODE -ne 0) { throw "npm could not install @microsoft/sarif-multitool-$os@5.7.0." }
        }
        if (-not $IsWindows) { & chmod u+x $exe }
        $exe
    }

    # Runs `Sarif.Multitool validate` and returns the results it found at level error.
    function Invoke-SarifValidate([string] $File) {
        $out = "$File.validation.sarif"
        $log = & (Get-SarifMultitool) validate $File --output $out 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $log
        $report = Get-Content -Raw -LiteralPath $out | ConvertFrom-Json
        @($report.runs[0].results | Where-Object { $_.level -eq 'error' })
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Export-AmoDiagnostic' {
    Context '-NoClobber' {
        It 'replaces an existing report by default, as Out-File does, and refuses with FileExists under -NoClobber' {
            $file = Join-Path $script:root 'exists.txt'
            Set-Content -LiteralPath $file -Value 'old'
            $r = Invoke-Captured { $script:findings | Export-AmoDiagnostic -Format GitHub $file -NoClobber }
            Get-ErrorId @($r.AllErrors)[0] | Should -Be 'FileExists'
            Get-Content -LiteralPath $file | Should -Be 'old'
            $script:findings | Export-AmoDiagnostic -Format GitHub $file
            (Get-Content -Raw -LiteralPath $file) | Should -Match '^::error '
        }
    }

    Context '-Format Sarif' {
        It 'writes SARIF 2.1.0 with the rule catalog and results with file, line and column, valid for the official validator' {
            $file = Join-Path $script:root 'bad.sarif'
            Push-Location $script:root
            try { $script:findings | Export-AmoDiagnostic -Format Sarif $file } finally { Pop-Location }
            $sarif = Get-Content -Raw -LiteralPath $file | ConvertFrom-Json
            $sarif.version | Should -Be '2.1.0'
            $rules = $sarif.runs[0].tool.driver.rules
            $rules.Count | Should -Be @(Get-AmoRule).Count
            foreach ($rule in $rules) { $rule.helpUri | Should -Match '^https://' }
            $results = $sarif.runs[0].results
            $results.Count | Should -Be $script:findings.Count
            $unknown = $results | Where-Object ruleId -EQ 'AmoLocationUnknown'
            $unknown.level | Should -Be 'error'
            $unknown.locations[0].physicalLocation.artifactLocation.uri | Should -Be 'bad/manifest.json'
            $unknown.locations[0].physicalLocation.artifactLocation.uriBaseId | Should -Be 'SRCROOT'
            $unknown.locations[0].physicalLocation.region.startLine | Should -BeGreaterThan 1
            $unknown.locations[0].physicalLocation.region.startColumn | Should -BeGreaterThan 1
            $rules[$unknown.ruleIndex].id | Should -Be 'AmoLocationUnknown'
            Invoke-SarifValidate $file | Should -BeNullOrEmpty
        }

        It 'validates over the findings of the whole corpus' {
            $corpus = Get-CorpusPath
            if (-not $corpus) { Set-ItResult -Skipped -Because 'the corpus is not beside the clone'; return }
            $all = Get-ChildItem -LiteralPath $corpus -Directory | ForEach-Object { Test-AmoWidget -LiteralPath $_.FullName -Detailed }
            @($all).Count | Should -BeGreaterThan 100
            $file = Join-Path $script:root 'corpus.sarif'
            $all | Export-AmoDiagnostic -Format Sarif $file -BasePath $corpus
            (Get-Content -Raw -LiteralPath $file | ConvertFrom-Json).runs[0].results.Count | Should -Be @($all).Count
            Invoke-SarifValidate $file | Should -BeNullOrEmpty
        }

        It 'writes a valid log for no findings, and names a finding inside a zip by the archive' {
            $null = New-Item -ItemType Directory -Force (Join-Path $script:root 'good')
            $zip = Compress-AmoWidget $script:good (Join-Path $script:root 'good/widget.zip')
            $file = Join-Path $script:root 'none.sarif'
            @() | Export-AmoDiagnostic -Format Sarif $file
            (Get-Content -Raw -LiteralPath $file | ConvertFrom-Json).runs[0].results.Count | Should -Be 0
            Invoke-SarifValidate $file | Should -BeNullOrEmpty

            Test-AmoWidget $zip.FullName -Detailed -Strict | Should -BeNullOrEmpty

            $badZip = Compress-AmoWidget $script:bad (Join-Path $script:root 'bad.zip') -SkipValidation -WarningAction SilentlyContinue
            $inZip = @(Test-AmoWidget $badZip.FullName -Detailed | Where-Object File -Like '*!manifest.json')
            $inZip.Count | Should -BeGreaterThan 0
            $file = Join-Path $script:root 'zip.sarif'
            $inZip | Export-AmoDiagnostic -Format Sarif $file -BasePath $script:root
            $result = (Get-Content -Raw -LiteralPath $file | ConvertFrom-Json).runs[0].results[0]
            $result.locations[0].physicalLocation.artifactLocation.uri | Should -Be 'bad.zip'
            $result.message.text | Should -BeLike 'manifest.json: *'
            Invoke-SarifValidate $file | Should -BeNullOrEmpty
        }
    }

    Context '-Format GitHub, AzureDevOps, JUnit' {
        It 'writes one GitHub workflow command a finding, escaped' {
            $lines = @($script:findings | Export-AmoDiagnostic -Format GitHub -BasePath $script:root)
            $lines.Count | Should -Be $script:findings.Count
            $unknown = $lines | Where-Object { $_ -match 'title=AmoLocationUnknown' }
            $unknown | Should -Match '^::error file=bad/manifest\.json,line=\d+,col=\d+,title=AmoLocationUnknown::'
            foreach ($line in $lines) { $line | Should -Match '^::(error|warning|notice) ' ; $line | Should -Not -Match "`n" }
        }

        It 'writes one Azure Pipelines logging command a finding' {
            $lines = @($script:findings | Export-AmoDiagnostic -Format AzureDevOps -BasePath $script:root)
            $lines.Count | Should -Be $script:findings.Count
            $lines | Where-Object { $_ -match 'code=AmoLocationUnknown' } | Should -Match '^##vso\[task\.logissue type=error;sourcepath=bad/manifest\.json;linenumber=\d+;columnnumber=\d+;code=AmoLocationUnknown;\]'
        }

        It 'writes JUnit XML that parses: one test case a finding, Errors as failures' {
            $file = Join-Path $script:root 'junit.xml'
            $script:findings | Export-AmoDiagnostic -Format JUnit $file -BasePath $script:root
            $xml = [xml] [System.IO.File]::ReadAllText($file)
            $cases = @($xml.SelectNodes('//testcase'))
            $cases.Count | Should -Be $script:findings.Count
            @($xml.SelectNodes('//testcase/failure')).Count | Should -Be @($script:findings | Where-Object Severity -EQ Error).Count
            [int] $xml.testsuites.failures | Should -Be @($script:findings | Where-Object Severity -EQ Error).Count
            @($xml.SelectNodes('//testsuite')).name | Should -Contain 'bad/manifest.json'
        }

        It 'refuses a folder as -Path' {
            Get-ErrorId (Get-ErrorRecord { $script:findings | Export-AmoDiagnostic -Format JUnit $script:root })[0] | Should -Be 'DestinationIsFolder'
        }
    }

    Context 'Text XML cannot hold' {
        It 'writes JUnit for findings holding U+0001 and U+FFFE, escaped, with time on every suite and the root' {
            $odd = @(
                New-Object AmoWidget.AmoDiagnostic -ArgumentList 'AmoKeyUnknown', 'Error', "key a$([char]1)b" -Property @{ File = (Join-Path $script:root 'bad/manifest.json') }
                New-Object AmoWidget.AmoDiagnostic -ArgumentList 'AmoKeyUnknown', 'Warning', "key c$([char]0xFFFE)d" -Property @{ File = (Join-Path $script:root "bad/x$([char]1)y.json") }
            )
            $file = Join-Path $script:root 'junit-odd.xml'
            $odd + $script:findings | Export-AmoDiagnostic -Format JUnit $file -BasePath $script:root
            $xml = [xml] [System.IO.File]::ReadAllText($file)
            @($xml.SelectNodes('//testcase')).Count | Should -Be ($script:findings.Count + 2)
            $xml.testsuites.time | Should -Be '0'
            foreach ($suite in $xml.SelectNodes('//testsuite')) { $suite.GetAttribute('time') | Should -Be '0' }
            $text = [System.IO.File]::ReadAllText($file)
            $text | Should -BeLike '*key a\x01b*'
            $text | Should -BeLike '*key c\uFFFEd*'
            $text | Should -BeLike '*x\x01y.json*'
        }

        It 'writes SARIF and Azure Pipelines lines for the same findings' {
            $odd = New-Object AmoWidget.AmoDiagnostic -ArgumentList 'AmoKeyUnknown', 'Error', "key c$([char]0xFFFE)d`n##vso[task.complete result=Succeeded]" -Property @{ File = (Join-Path $script:root "bad/x$([char]1)y.json") }
            $sarif = Join-Path $script:root 'odd.sarif'
            $odd | Export-AmoDiagnostic -Format Sarif $sarif -BasePath $script:root
            ([System.IO.File]::ReadAllText($sarif) | ConvertFrom-Json).runs[0].results.Count | Should -Be 1
            $lines = @($odd | Export-AmoDiagnostic -Format AzureDevOps -BasePath $script:root)
            $lines.Count | Should -Be 1
            $lines[0] | Should -Not -Match "[`r`n]"
        }
    }

    Context 'The README''s GitHub Actions workflow' {
        BeforeAll {
            $readme = Get-Content -Raw -LiteralPath (Join-Path $script:RepoRoot 'README.md')
            $section = $readme.Substring($readme.IndexOf("## The developer's loop"))
            $script:yamlText = [regex]::Match($section, '```yaml\r?\n(?<yaml>.*?)```', 'Singleline').Groups['yaml'].Value
            $stream = [YamlDotNet.RepresentationModel.YamlStream]::new()
            $stream.Load([System.IO.StringReader]::new($script:yamlText))
            # The YAML tree as PowerShell data: mappings become ordered dictionaries, sequences arrays, scalars strings.
            # (if, not switch: switch would enumerate a mapping node's pairs.)
            function ConvertFrom-YamlNode($Node) {
                if ($Node -is [YamlDotNet.RepresentationModel.YamlMappingNode]) {
                    $map = [ordered] @{}
                    foreach ($pair in $Node.Children.GetEnumerator()) { $map[$pair.Key.Value] = ConvertFrom-YamlNode $pair.Value }
                    return $map
                }
                if ($Node -is [YamlDotNet.RepresentationModel.YamlSequenceNode]) {
                    $items = [System.Collections.Generic.List[object]]::new()
                    foreach ($child in $Node.Children) { $items.Add((ConvertFrom-YamlNode $child)) }
                    return , $items.ToArray()
                }
                $Node.Value
            }
            $script:workflow = ConvertFrom-YamlNode $stream.Documents[0].RootNode
            $script:steps = @(@($script:workflow.jobs.Values)[0].steps)
            function Get-Value($Step, [string] $Key) { $Step[$Key] }
        }

        It 'parses as YAML: checkout, pwsh steps that import the module, assert, pack and upload the SARIF log' {
            $script:steps.Count | Should -BeGreaterThan 3
            $uses = @($script:steps | ForEach-Object { Get-Value $_ 'uses' } | Where-Object { $_ })
            $uses | Should -Contain 'actions/checkout@v4'
            $upload = $script:steps | Where-Object { (Get-Value $_ 'uses') -like 'github/codeql-action/upload-sarif@*' }
            $upload | Should -Not -BeNullOrEmpty
            $upload['with']['sarif_file'] | Should -Be 'amowidget.sarif'
            $upload['if'] | Should -Be 'always()' -Because 'the findings are uploaded also when Assert-AmoWidget fails the job'
            $script:workflow.jobs.widget.permissions['security-events'] | Should -Be 'write'
            $pwsh = @($script:steps | Where-Object { (Get-Value $_ 'shell') -eq 'pwsh' } | ForEach-Object { Get-Value $_ 'run' }) -join "`n"
            $pwsh | Should -Match 'Import-Module AmoWidget'
            $pwsh | Should -Match 'Assert-AmoWidget'
            $pwsh | Should -Match 'Compress-AmoWidget'
            $pwsh | Should -Match 'Export-AmoDiagnostic -Format Sarif'
        }

        It 'runs its pwsh steps (all but the install) against the built module' {
            $repo = New-TestFolder 'amowidget-workflow'
            try {
                $null = New-AmoWidget (Join-Path $repo 'widget') -Location lcard, settings -SupportEmail dev@mycompany.test
                $modules = Join-Path $script:RepoRoot 'out'
                $environment = @{ PSModulePath = $modules + [System.IO.Path]::PathSeparator + $env:PSModulePath }
                foreach ($step in $script:steps | Where-Object { (Get-Value $_ 'shell') -eq 'pwsh' -and (Get-Value $_ 'name') -notlike 'Install*' }) {
                    $run = Invoke-Pwsh ('$ErrorActionPreference = "Stop"' + "`n" + (Get-Value $step 'run')) -WorkingDirectory $repo -Environment $environment
                    $run.ExitCode | Should -Be 0 -Because "step '$(Get-Value $step 'name')' must pass: $($run.Error)"
                }
                Join-Path $repo 'amowidget.sarif' | Should -Exist
                Join-Path $repo 'widget.zip' | Should -Exist
                Invoke-SarifValidate (Join-Path $repo 'amowidget.sarif') | Should -BeNullOrEmpty
            }
            finally { Remove-Item -LiteralPath $repo -Recurse -Force -ErrorAction SilentlyContinue }
        }
    }
}
