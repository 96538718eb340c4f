# Set-AmoSms as a pwsh user runs it: the sms block and the sms location, blocks exactly as manifest-reference.md §11 shows them.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Set-AmoSms' {
    It 'writes the documented sms block and the sms location' {
        $m = New-AmoManifest | Set-AmoSms https://example.com/sms_endpoint
        Get-Block $m 'sms' | Should -Be (Get-Shape '{ "endpoint": "https://example.com/sms_endpoint" }')
        $m.Locations.Value | Should -Be @('sms')
        $m.ToJson().EndsWith("`n  `"locations`": [`n    `"sms`"`n  ],`n  `"settings`": {},`n  `"sms`": {`n    `"endpoint`": `"https://example.com/sms_endpoint`"`n  }`n}`n") | Should -BeTrue
    }

    It 'changes the endpoint in place and keeps the rest of the file' {
        $dir = New-TestFolder
        try {
            $text = "{`n  `"widget`": {`"name`": `"a`"},`n  `"locations`": [`"sms`"],`n  `"sms`": {`"endpoint`": `"https://old.amowidget.test/sms`", `"note`": 1}`n}`n"
            Write-Utf8 (Join-Path $dir 'manifest.json') $text
            Import-AmoManifest $dir | Set-AmoSms https://new.amowidget.test/sms | Export-AmoManifest
            [IO.File]::ReadAllText((Join-Path $dir 'manifest.json')) | Should -BeExactly $text.Replace('old.amowidget', 'new.amowidget')
        }
        finally { Remove-Item -LiteralPath $dir -Recurse -Force }
    }

    It 'reports an endpoint that is not an http(s) URL and passes nothing on' {
        $out = New-AmoManifest | Set-AmoSms ftp://example.com/sms -ErrorVariable problems -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        Get-ErrorId $problems[0] | Should -Be 'UrlInvalid'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'reports an sms value that is not an object' {
        $m = [AmoWidget.AmoManifest]::Parse('{"locations": [], "sms": "https://x.test"}')
        $m | Set-AmoSms https://amowidget.test/sms -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ManifestShapeInvalid'
    }
}
