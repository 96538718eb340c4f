# The widget dev server (Start-AmoWidgetServer, Get-AmoWidgetServer, Stop-AmoWidgetServer) through the built module:
# a scaffolded widget is served to the requests a browser sends for a cross-site script. The loader archive that
# names the served script (Compress-AmoWidget -DevLoader): AmoWidget.Tests.ps1.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:dev = Start-DevServerFixture
    $script:root = $script:dev.Root
    $script:widget = $script:dev.Widget
    $script:server = $script:dev.Server
    $script:http = $script:dev.Http

    # One request as raw bytes over TCP, so that nothing (HttpClient, System.Uri) normalises the path first.
    function Send-RawRequest([int] $Port, [string] $Text) {
        $client = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $Port)
        try {
            $stream = $client.GetStream()
            $bytes = [System.Text.Encoding]::ASCII.GetBytes($Text)
            $stream.Write($bytes, 0, $bytes.Length)
            [System.IO.StreamReader]::new($stream).ReadToEnd()
        }
        finally { $client.Dispose() }
    }

    function Test-PortOpen([int] $Port) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect('127.0.0.1', $Port); $true } catch { $false } finally { $client.Dispose() }
    }
}

AfterAll {
    Stop-DevServerFixture $script:dev
}

Describe 'Start-AmoWidgetServer' {
    It 'returns the server: Url on 127.0.0.1, Path, Port, Started, Requests' {
        $script:server.Url | Should -Be "http://127.0.0.1:$($script:server.Port)/"
        $script:server.Path | Should -Be ([System.IO.Path]::GetFullPath($script:widget))
        $script:server.Port | Should -BeGreaterThan 0
        $script:server.Started | Should -BeOfType [datetime]
        $script:server.Running | Should -BeTrue
        , $script:server.Requests | Should -BeOfType [object[]]
    }

    It 'serves script.js to a cross-site no-cors script request from an amoCRM page, with the headers the page needs' {
        foreach ($withOrigin in $false, $true) {
            $request = [System.Net.Http.HttpRequestMessage]::new('GET', "$($script:server.Url)script.js")
            $request.Headers.Add('Sec-Fetch-Mode', 'no-cors')
            $request.Headers.Add('Sec-Fetch-Dest', 'script')
            $request.Headers.Add('Sec-Fetch-Site', 'cross-site')
            $request.Headers.Referrer = 'https://acme.amocrm.ru/leads/detail/3001'
            if ($withOrigin) { $request.Headers.Add('Origin', 'https://acme.amocrm.ru') }
            $request.Headers.Add('Accept', '*/*')
            $response = $script:http.SendAsync($request).GetAwaiter().GetResult()
            [int] $response.StatusCode | Should -Be 200
            $body = $response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult()
            $body | Should -Be ([System.IO.File]::ReadAllBytes((Join-Path $script:widget 'script.js')))
            $response.Content.Headers.ContentType.MediaType | Should -Be 'application/javascript'
            @($response.Headers.GetValues('Access-Control-Allow-Origin')) | Should -Be '*'
            @($response.Headers.GetValues('Cross-Origin-Resource-Policy')) | Should -Be 'cross-origin'
            $response.Headers.CacheControl.NoStore | Should -BeTrue
        }
    }

    It 'answers the private network access preflight' {
        $request = [System.Net.Http.HttpRequestMessage]::new('OPTIONS', "$($script:server.Url)i18n/en.json")
        $request.Headers.Add('Origin', 'https://acme.amocrm.ru')
        $request.Headers.Add('Access-Control-Request-Method', 'GET')
        $request.Headers.Add('Access-Control-Request-Private-Network', 'true')
        $response = $script:http.SendAsync($request).GetAwaiter().GetResult()
        [int] $response.StatusCode | Should -Be 204
        @($response.Headers.GetValues('Access-Control-Allow-Private-Network')) | Should -Be 'true'
        @($response.Headers.GetValues('Access-Control-Allow-Methods')) -join ',' | Should -Match 'GET'
        @($response.Headers.GetValues('Access-Control-Allow-Origin')) | Should -Be '*'
    }

    It 'refuses <Path> with 403 and serves nothing from outside the folder' -ForEach @(
        @{ Path = '/../secret.txt' }, @{ Path = '/%2e%2e/secret.txt' }, @{ Path = '/%2E%2E%2Fsecret.txt' }, @{ Path = '/i18n/..%2F..%2Fsecret.txt' },
        @{ Path = '/..%5Csecret.txt' }, @{ Path = '/.env' }, @{ Path = '/link.txt' }
    ) {
        $answer = Send-RawRequest $script:server.Port "GET $Path HTTP/1.1`r`nHost: evil.example`r`nSec-Fetch-Site: cross-site`r`n`r`n"
        $answer | Should -Match '^HTTP/1.1 403 '
        $answer | Should -Not -Match 'TOP-SECRET'
    }

    It 'follows a link that stays inside the folder, as the packer does' {
        $link = Join-Path $script:widget 'inside.js'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target (Join-Path $script:widget 'script.js')
        try {
            $answer = Send-RawRequest $script:server.Port "GET /inside.js HTTP/1.1`r`nHost: x`r`n`r`n"
            $answer | Should -Match '^HTTP/1.1 200 '
            $answer | Should -Match 'define\('
        }
        finally { Remove-Item -LiteralPath $link }
    }

    It 'refuses a FIFO at once instead of blocking on it' -Skip:$IsWindows {
        $fifo = Join-Path $script:widget 'pipe.js'
        mkfifo $fifo
        try {
            $answer = Send-RawRequest $script:server.Port "GET /pipe.js HTTP/1.1`r`nHost: x`r`n`r`n"
            $answer | Should -Match '^HTTP/1.1 403 '
            $answer | Should -Match 'FIFO'
            Send-RawRequest $script:server.Port "GET /manifest.json HTTP/1.1`r`nHost: x`r`n`r`n" | Should -Match '^HTTP/1.1 200 '
        }
        finally { Remove-Item -LiteralPath $fifo }
    }

    It 'answers a missing file with 404 and any Host header without complaint' {
        Send-RawRequest $script:server.Port "GET /nothing.js HTTP/1.1`r`nHost: localhost:1`r`n`r`n" | Should -Match '^HTTP/1.1 404 '
        Send-RawRequest $script:server.Port "GET /manifest.json HTTP/1.1`r`nHost: widget.test`r`n`r`n" | Should -Match '^HTTP/1.1 200 '
        Send-RawRequest $script:server.Port "POST /script.js HTTP/1.1`r`nHost: x`r`nContent-Length: 0`r`n`r`n" | Should -Match '^HTTP/1.1 405 '
    }

    It 'refuses a port in use with PortInUse' {
        $errors = Get-ErrorRecord { Start-AmoWidgetServer $script:widget -Port $script:server.Port }
        Get-ErrorId $errors[0] | Should -Be 'PortInUse'
        $errors[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'

        $foreign = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $foreign.Start()
        try {
            $errors = Get-ErrorRecord { Start-AmoWidgetServer $script:widget -Port $foreign.LocalEndpoint.Port }
            Get-ErrorId $errors[0] | Should -Be 'PortInUse'
        }
        finally { $foreign.Stop() }
    }

    It 'listens on port 9000 unless told otherwise' {
        $errors = Get-ErrorRecord { $script:default = Start-AmoWidgetServer $script:widget }
        if ($errors) {
            Get-ErrorId $errors[0] | Should -Be 'PortInUse'
            "$($errors[0])" | Should -Match '9000'
        }
        else {
            $script:default.Port | Should -Be 9000
            Stop-AmoWidgetServer -Port 9000
        }
    }

    It 'reports a missing folder and a file as errors' {
        Get-ErrorId (Get-ErrorRecord { Start-AmoWidgetServer (Join-Path $script:root 'nope') -Port 0 })[0] | Should -Be 'PathNotFound'
        Get-ErrorId (Get-ErrorRecord { Start-AmoWidgetServer (Join-Path $script:root 'secret.txt') -Port 0 })[0] | Should -Be 'PathIsNotFolder'
        Get-ErrorId (Get-ErrorRecord { Stop-AmoWidgetServer -Port 1 })[0] | Should -Be 'AmoWidgetServerNotFound'
    }
}

Describe 'Get-AmoWidgetServer' {
    It 'keeps the requests and shows the new ones as verbose output of Get-AmoWidgetServer' {
        $null = Get-AmoWidgetServer -Port $script:server.Port
        $null = $script:http.GetAsync("$($script:server.Url)manifest.json").GetAwaiter().GetResult()
        $verbose = @(Get-AmoWidgetServer -Port $script:server.Port -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $verbose.Count | Should -Be 1
        $verbose[0].Message | Should -Match 'GET /manifest\.json 200'
        $script:server.Requests.Path | Should -Contain '/script.js'
        ($script:server.Requests | Where-Object Path -EQ '/script.js' | Select-Object -First 1).FetchSite | Should -Be 'cross-site'
    }
}

Describe 'Stop-AmoWidgetServer' {
    It 'leaves no listener behind' {
        $server = Start-AmoWidgetServer $script:widget -Port 0
        Test-PortOpen $server.Port | Should -BeTrue
        Get-AmoWidgetServer | Where-Object Port -EQ $server.Port | Stop-AmoWidgetServer
        Test-PortOpen $server.Port | Should -BeFalse
        $server.Running | Should -BeFalse
        Get-AmoWidgetServer | Where-Object Port -EQ $server.Port | Should -BeNullOrEmpty
    }

    It 'happens when the runspace that started the server closes' {
        $iss = [initialsessionstate]::CreateDefault()
        $iss.ImportPSModule($script:ModulePath)
        $runspace = [runspacefactory]::CreateRunspace($iss)
        $runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        try {
            $port = $ps.AddScript("(Start-AmoWidgetServer '$($script:widget)' -Port 0).Port").Invoke()[0]
            Test-PortOpen $port | Should -BeTrue
            Get-AmoWidgetServer | Where-Object Port -EQ $port | Should -BeNullOrEmpty -Because 'each session lists only its own servers'
        }
        finally {
            $ps.Dispose()
            $runspace.Dispose()
        }
        Test-PortOpen $port | Should -BeFalse
    }

    It 'happens when the module is removed and when the process ends' {
        $script = @"
Import-Module '$($script:ModulePath)'
`$s = Start-AmoWidgetServer '$($script:widget)' -Port 0
`$port = `$s.Port
Remove-Module AmoWidget
`$c = [System.Net.Sockets.TcpClient]::new()
try { `$c.Connect('127.0.0.1', `$port); 'open' } catch { 'closed' } finally { `$c.Dispose() }
Import-Module '$($script:ModulePath)'
(Start-AmoWidgetServer '$($script:widget)' -Port 0).Port
"@
        $run = Invoke-Pwsh $script
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $lines = @($run.Output -split '\r?\n' | Where-Object { $_ })
        $lines[0] | Should -Be 'closed'
        Test-PortOpen ([int] $lines[1]) | Should -BeFalse -Because 'the server of an ended process must not listen'
    }
}
