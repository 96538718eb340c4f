# The Moderation rules (Get-AmoRule | Where-Object Area -EQ Moderation) as a pwsh user meets them through
# Test-AmoWidget -Moderation and Assert-AmoWidget -Moderation.

BeforeAll {
    . $PSScriptRoot/../Common.ps1
}

Describe 'Moderation rules' {
    BeforeEach {
        $root = New-TestFolder
        $w = New-DocsWidget (Join-Path $root 'widget')
    }

    AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

    Context 'Get-AmoRule' {
        It 'lists each Moderation rule with its severity, requirement and source' {
            $rules = @(Get-AmoRule | Where-Object Area -EQ 'Moderation')
            $rules.Count | Should -BeGreaterOrEqual 20
            foreach ($rule in $rules) {
                "$($rule.Severity)" | Should -BeIn @('Error', 'Warning')
                $rule.Description.Length | Should -BeGreaterThan 40
                $rule.HelpUri | Should -Match '^https://'
            }
        }
    }

    Context 'Test-AmoWidget -Moderation' {
        It 'passes the docs widget, and adds nothing without the switch' {
            Test-AmoWidget $w -Moderation | Should -BeTrue
            Add-Content -LiteralPath (Join-Path $w 'script.js') -Value 'alert(1);' -NoNewline
            Test-AmoWidget $w | Should -BeTrue
            Test-AmoWidget $w -Moderation | Should -BeFalse
        }

        It 'reports a console.log with its file, line and column, and stays silent on console.debug' {
            Write-Utf8 (Join-Path $w 'helper.js') "define([], function () {`n  console.debug('ok');`n    console.log('x');`n});`n"
            $d = @(Test-AmoWidget $w -Moderation -Detailed | Where-Object RuleName -EQ 'AmoConsoleUsed')
            $d.Count | Should -Be 1
            [string] $d.Severity | Should -Be 'Error'
            $d.File | Should -Be (Join-Path $w 'helper.js')
            $d.Line | Should -Be 3
            $d.Column | Should -Be 5
            $d.HelpUri | Should -Match 'requirements'
        }

        It 'reports an API call inside a loop, not one after it' {
            Write-Utf8 (Join-Path $w 'api.js') "define([], function () {`n  ids.forEach(function (id) { `$.get('/api/v4/leads/' + id); });`n  `$.get('/api/v4/leads');`n});`n"
            $d = @(Test-AmoWidget $w -Moderation -Detailed | Where-Object RuleName -EQ 'AmoApiCallInLoop')
            $d.Count | Should -Be 1
            $d.Line | Should -Be 2
        }

        It 'reports unscoped CSS selectors and a redefined palette variable, at their rule' {
            Write-Utf8 (Join-Path $w 'style.css') ".my-widget input { color: red; }`ninput { color: red; }`n:root { --palette-text-primary: #000; }`n"
            $d = @(Test-AmoWidget $w -Moderation -Detailed)
            $global = @($d | Where-Object RuleName -EQ 'AmoCssGlobalSelector')
            $global.Count | Should -Be 1
            $global.Line | Should -Be 2
            @($d | Where-Object RuleName -EQ 'AmoCssPaletteRedefined').Count | Should -Be 1
        }

        It 'reports Cyrillic text in en.json and leaves ru.json alone' {
            $en = Join-Path $w 'i18n/en.json'
            Write-Utf8 $en ((Get-Content -LiteralPath $en -Raw) -replace '"Login"', '"Логин"')
            $d = @(Test-AmoWidget $w -Moderation -Detailed | Where-Object RuleName -EQ 'AmoTextForeignLanguage')
            $d.Count | Should -Be 1
            $d.File | Should -Be $en
        }

        It 'makes -Platform Kommo report console.debug and card texts over the lengths as errors' {
            Write-Utf8 (Join-Path $w 'helper.js') "console.debug('x');`n"
            $en = Join-Path $w 'i18n/en.json'
            Write-Utf8 $en ((Get-Content -LiteralPath $en -Raw) -replace '"name": "N"', '"name": "My widget that does everything!"')
            $d = @(Test-AmoWidget $w -Moderation -Platform Kommo -Detailed)
            @($d | Where-Object RuleName -EQ 'AmoConsoleUsed').Count | Should -Be 1
            [string] ($d | Where-Object RuleName -EQ 'AmoTextTooLong').Severity | Should -Be 'Error'
            @(Test-AmoWidget $w -Moderation -Platform AmoCrm -Detailed | Where-Object RuleName -In 'AmoConsoleUsed', 'AmoTextTooLong').Count | Should -Be 0
        }

        It 'leaves a vendored library out and warns once on a minified build' {
            $min = '!function(){' + ('var a=1,b=2;console.log(a+b);' * 400) + '}();'
            $null = New-Item -ItemType Directory -Path (Join-Path $w 'vendor')
            Write-Utf8 (Join-Path $w 'vendor/lib.js') $min
            Write-Utf8 (Join-Path $w 'app.js') $min
            $d = @(Test-AmoWidget $w -Moderation -Detailed)
            $minified = @($d | Where-Object RuleName -EQ 'AmoCodeMinified')
            $minified.Count | Should -Be 1
            $minified.File | Should -Be (Join-Path $w 'app.js')
            @($d | Where-Object RuleName -EQ 'AmoConsoleUsed').Count | Should -Be 0
        }

        It 'honours -ExcludeRule for a moderation rule' {
            Add-Content -LiteralPath (Join-Path $w 'script.js') -Value 'alert(1);' -NoNewline
            Test-AmoWidget $w -Moderation -ExcludeRule AmoAlertUsed | Should -BeTrue
        }
    }

    Context 'Assert-AmoWidget -Moderation' {
        It 'throws WidgetInvalid naming the moderation finding' {
            Add-Content -LiteralPath (Join-Path $w 'script.js') -Value 'eval("1");' -NoNewline
            { Assert-AmoWidget $w } | Should -Not -Throw
            { Assert-AmoWidget $w -Moderation } | Should -Throw -ExpectedMessage '*AmoEvalUsed*'
            try { Assert-AmoWidget $w -Moderation } catch { $_.FullyQualifiedErrorId | Should -BeLike 'WidgetInvalid,*' }
        }

        It 'passes a widget New-AmoWidget scaffolds' {
            $fresh = Join-Path $root 'fresh'
            $null = New-AmoWidget $fresh -Location lcard -SupportEmail support@mycompany.test
            { Assert-AmoWidget $fresh -Moderation } | Should -Not -Throw
        }
    }
}
