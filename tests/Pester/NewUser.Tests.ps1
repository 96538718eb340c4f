# What a new user and an attacker met that no other file covered: -TokenCachePath values that used to spend the
# authorization code and then lose the pair (a folder), hang Connect-AmoAccount (a FIFO) or read without end (a link
# to /dev/zero), the message for a reused authorization code, and the message for a path of another provider.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:server = Start-AmoTestServer
    $script:root = New-TestFolder 'amowidget-newuser'
    $script:oauth = @{
        BaseUri      = $script:server.BaseUri
        ClientId     = 'amowidget-test-client'
        ClientSecret = [Net.NetworkCredential]::new('', 'amowidget-test-secret').SecurePassword
        RedirectUri  = 'https://example.com/oauth'
    }

    function New-Code { (Invoke-RestMethod -Method Post "$($script:server.BaseUri)/_test/authorization-code").code }
}

AfterAll {
    Stop-AmoTestServer $script:server
    Remove-Item -LiteralPath $script:root -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Connect-AmoAccount -TokenCachePath that is not a regular file' {
    It 'refuses a folder before the code is exchanged, so the same code still connects' {
        $code = New-Code
        $folder = Join-Path $script:root 'cache-folder'
        $null = New-Item -ItemType Directory -Path $folder
        $before = (Get-TestServerStats $script:server).requests
        $record = Get-ErrorRecord { Connect-AmoAccount @script:oauth -AuthorizationCode (New-Secure $code) -TokenCachePath $folder }
        Get-ErrorId $record[0] | Should -Be 'PathIsFolder'
        $record[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record[0].Exception.Message | Should -BeLike "*'$folder' is a folder*nothing was sent*"
        (Get-TestServerStats $script:server).requests | Should -Be $before -Because 'the code is not spent'

        $file = Join-Path $script:root 'cache-after-folder.json'
        $c = Connect-AmoAccount @script:oauth -AuthorizationCode (New-Secure $code) -TokenCachePath $file
        $c.IsConnected | Should -BeTrue
    }

    It 'refuses a FIFO at once instead of blocking on it' -Skip:$IsWindows {
        $fifo = Join-Path $script:root 'cache.fifo'
        & mkfifo $fifo
        $r = Invoke-InRunspace 'param($o, $code, $path) Connect-AmoAccount @o -RefreshToken $code -TokenCachePath $path' @{ o = $script:oauth; code = (New-Secure 'unused'); path = $fifo } -TimeoutSeconds 30
        $r.TimedOut | Should -BeFalse
        Get-ErrorId $r.Errors[0] | Should -Be 'PathNotRegularFile'
        $r.Errors[0].Exception.Message | Should -Match 'FIFO'
    }

    It 'refuses a link to /dev/zero instead of reading it without end' -Skip:$IsWindows {
        $link = Join-Path $script:root 'cache-zero.json'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target /dev/zero
        $r = Invoke-InRunspace 'param($o, $code, $path) Connect-AmoAccount @o -RefreshToken $code -TokenCachePath $path' @{ o = $script:oauth; code = (New-Secure 'unused'); path = $link } -TimeoutSeconds 30
        $r.TimedOut | Should -BeFalse
        Get-ErrorId $r.Errors[0] | Should -Be 'PathNotRegularFile'
        $r.Errors[0].Exception.Message | Should -Match 'character device'
    }

    It 'refuses a regular file far larger than a token pair without reading it whole' {
        $large = Join-Path $script:root 'cache-large.json'
        $stream = [IO.File]::Create($large)
        try { $stream.SetLength(100MB) } finally { $stream.Dispose() }
        $record = Get-ErrorRecord { Connect-AmoAccount @script:oauth -RefreshToken (New-Secure 'unused') -TokenCachePath $large }
        Get-ErrorId $record[0] | Should -Be 'AmoTokenCacheInvalid'
        $record[0].Exception.Message | Should -Match 'too large for a token pair'
    }
}

Describe 'Messages a new user reads' {
    It 'a reused authorization code is called an authorization code, not a refresh token' {
        $code = New-Code
        $first = Join-Path $script:root 'cache-reuse-1.json'
        $null = Connect-AmoAccount @script:oauth -AuthorizationCode (New-Secure $code) -TokenCachePath $first
        $record = Get-ErrorRecord { Connect-AmoAccount @script:oauth -AuthorizationCode (New-Secure $code) -TokenCachePath (Join-Path $script:root 'cache-reuse-2.json') }
        Get-ErrorId $record[0] | Should -Be 'AmoTokenRevoked'
        $record[0].Exception.Message | Should -Match 'The authorization code was already used or has been revoked'
        $record[0].Exception.Message | Should -Not -Match 'refresh token'
    }

    It 'a path of another provider names the provider in plain words' {
        $record = Get-ErrorRecord { Import-AmoManifest Env:/PATH }
        Get-ErrorId $record[0] | Should -Be 'PathNotFileSystem'
        $record[0].Exception.Message | Should -Be "'Env:/PATH' is a path of the Environment provider, not of the file system; AmoWidget reads files, folders and .zip archives."
    }
}
