# Start-AmoHookRecorder / Stop-AmoHookRecorder: a loopback receiver that answers 200 and keeps each request as one
# file, in the format the simulators' -SaveRequest writes.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Start-AmoHookRecorder' {
    It 'keeps every request, method, headers and body, as one file each, and answers 200' {
        $folder = Join-Path $TestDrive 'rec1'
        $recorder = Start-AmoHookRecorder -Path $folder
        try {
            $recorder.Uri | Should -Match '^http://127\.0\.0\.1:\d+/$'
            $answer = Invoke-WebRequest -Uri "$($recorder.Uri)hooks/sb?k=secret-key" -Method Post -ContentType 'application/x-www-form-urlencoded' -Body 'token=a.b.c&data%5Blead%5D=1' -Headers @{ 'X-Trace' = 'one' }
            $answer.StatusCode | Should -Be 200
            $null = Invoke-WebRequest -Uri "$($recorder.Uri)install?code=x" -Method Get
            $bytes = [byte[]] (0xff, 0xfe, 0x00, 0x41)
            $null = Invoke-WebRequest -Uri "$($recorder.Uri)bin" -Method Put -Body $bytes -ContentType 'application/octet-stream'
            $recorder.Count | Should -Be 3
            ($recorder | Format-Table | Out-String -Width 80) | Should -Match 'Count'
            $files = @(Get-ChildItem $folder -Filter *.amohook.json | Sort-Object Name)
            $files.Count | Should -Be 3
            $files[0].Name | Should -Match '^\d{8}T\d{6}\.\d{3}-0001-POST\.amohook\.json$'
            $post = Get-Content $files[0].FullName -Raw | ConvertFrom-Json
            $post.format | Should -Be 'amowidget-hook-request/1'
            $post.method | Should -Be 'POST'
            $post.target | Should -Be '/hooks/sb?k=secret-key'
            $post.headers.'X-Trace' | Should -Be 'one'
            $post.headers.'Content-Type' | Should -Be 'application/x-www-form-urlencoded'
            $post.body | Should -Be 'token=a.b.c&data%5Blead%5D=1'
            (Get-Content $files[1].FullName -Raw | ConvertFrom-Json).method | Should -Be 'GET'
            $binary = Get-Content $files[2].FullName -Raw | ConvertFrom-Json
            [Convert]::FromBase64String($binary.bodyBase64) | Should -Be $bytes -Because 'a body that is not UTF-8 is kept byte for byte'
        }
        finally {
            $recorder | Stop-AmoHookRecorder
        }
    }

    It 'keeps a simulator''s request in the same form as its -SaveRequest file' {
        $folder = Join-Path $TestDrive 'rec2'
        $saved = Join-Path $TestDrive 'saved.amohook.json'
        $recorder = Start-AmoHookRecorder -Path $folder
        try {
            $null = Send-AmoSmsRequest -Uri "$($recorder.Uri)sms" -ClientSecret (New-Secure ('s' * 64)) -SaveRequest $saved
            $recorded = Get-ChildItem $folder -Filter *.amohook.json | Get-Content -Raw | ConvertFrom-Json
            $written = Get-Content $saved -Raw | ConvertFrom-Json
            $written.kind | Should -Be 'SmsRequest'
            $recorded.method, $recorded.target, $recorded.body, $recorded.headers.'Content-Type' | Should -Be @($written.method, $written.target, $written.body, $written.headers.'Content-Type')
        }
        finally {
            $recorder | Stop-AmoHookRecorder
        }
    }

    It 'answers a body over 8 MB with 413, keeps nothing, counts it in Refused and warns when stopped' {
        $folder = Join-Path $TestDrive 'rec4'
        $recorder = Start-AmoHookRecorder -Path $folder
        try {
            $status = try {
                (Invoke-WebRequest -Uri "$($recorder.Uri)big" -Method Post -Body ([byte[]]::new(8MB + 1)) -ContentType 'application/octet-stream' -SkipHttpErrorCheck).StatusCode
            }
            catch { 'reset' }
            $status | Should -BeIn @(413, 'reset')
            $recorder.Refused | Should -Be 1
            $recorder.Count | Should -Be 0
            @(Get-ChildItem $folder).Count | Should -Be 0
        }
        finally {
            $recorder | Stop-AmoHookRecorder -WarningVariable warned -WarningAction SilentlyContinue
        }
        "$warned" | Should -Match '1 requests were larger than 8388608 bytes'
    }

    It 'refuses a port another program holds with PortInUse' {
        $folder = Join-Path $TestDrive 'rec3'
        $first = Start-AmoHookRecorder -Path $folder
        try {
            Get-ErrorId (Get-ErrorRecord { Start-AmoHookRecorder -Path $folder -Port $first.Port })[0] | Should -Be 'PortInUse'
        }
        finally {
            $first | Stop-AmoHookRecorder
        }
    }
}

Describe 'Stop-AmoHookRecorder' {
    It 'stops the recorder piped in: its port is free when it returns' {
        $recorder = Start-AmoHookRecorder -Path (Join-Path $TestDrive 'stop1')
        $stopped = $recorder | Stop-AmoHookRecorder -PassThru
        $stopped.Running | Should -BeFalse
        { Invoke-WebRequest -Uri $recorder.Uri -TimeoutSec 5 } | Should -Throw
    }

    It 'writes AmoHookRecorderNotFound for a port no recorder runs on' {
        Get-ErrorId (Get-ErrorRecord { Stop-AmoHookRecorder -Port (Get-FreePort) })[0] | Should -Be 'AmoHookRecorderNotFound'
    }
}
