# The loopback receiver of the platform's requests that Send-AmoDpWebhook, Send-AmoSalesbotRequest and
# Send-AmoSmsRequest send (System.Net.HttpListener in its own runspace), the reference JWT library that checks their
# tokens, and the client secret they sign with. Dot-sourced in BeforeAll by AmoDpWebhook.Tests.ps1,
# AmoSalesbotRequest.Tests.ps1 and AmoSmsRequest.Tests.ps1, after Common.ps1 (Import-TestAssembly, Get-FreePort).

foreach ($assembly in 'Microsoft.IdentityModel.Abstractions', 'Microsoft.IdentityModel.Logging', 'Microsoft.IdentityModel.Tokens', 'Microsoft.IdentityModel.JsonWebTokens', 'System.IdentityModel.Tokens.Jwt') {
    Import-TestAssembly $assembly '8.23.0'
}
# 64 characters: HMAC-SHA512 keys are at least 512 bits for the JWT library (amoCRM client secrets have 64).
$script:secretText = 'pester-secret-' + ('s' * 50)
$script:secret = [System.Net.NetworkCredential]::new('', $script:secretText).SecurePassword

# Starts a receiver that takes one request, answers it, and (with -Continue) then posts a continue call to the
# return_url of the JSON body it got. Receive-Request returns what it saw.
function Start-Receiver([int] $Status = 200, [int] $DelayMs = 0, [string] $Continue, [string] $Authorization = 'Bearer access-token') {
    $port = Get-FreePort
    $listener = [System.Net.HttpListener]::new()
    $listener.Prefixes.Add("http://127.0.0.1:$port/")
    $listener.Start()
    $ps = [powershell]::Create()
    $null = $ps.AddScript({
            param($Listener, $Status, $DelayMs, $Continue, $Authorization)
            $context = $Listener.GetContext()
            $request = $context.Request
            $reader = [System.IO.StreamReader]::new($request.InputStream, [System.Text.Encoding]::UTF8)
            $body = $reader.ReadToEnd()
            $headers = @{}
            foreach ($key in $request.Headers.AllKeys) { $headers[$key] = $request.Headers[$key] }
            if ($DelayMs) { Start-Sleep -Milliseconds $DelayMs }
            $context.Response.StatusCode = $Status
            $bytes = [System.Text.Encoding]::UTF8.GetBytes('{"ok":true}')
            $context.Response.ContentType = 'application/json'
            $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
            $context.Response.Close()
            $continueStatus = $null
            if ($Continue) {
                # The return_url of either body the simulator writes: the form (its default) or JSON.
                $returnUrl = if ($request.ContentType -like 'application/json*') { ($body | ConvertFrom-Json).return_url } else { [System.Web.HttpUtility]::ParseQueryString($body)['return_url'] }
                $client = [System.Net.Http.HttpClient]::new()
                $message = [System.Net.Http.HttpRequestMessage]::new('POST', $returnUrl)
                if ($Authorization) { $message.Headers.TryAddWithoutValidation('Authorization', $Authorization) | Out-Null }
                $message.Content = [System.Net.Http.StringContent]::new($Continue, [System.Text.Encoding]::UTF8, 'application/json')
                $continueStatus = [int] $client.SendAsync($message).GetAwaiter().GetResult().StatusCode
                $client.Dispose()
            }
            [pscustomobject] @{ Method = $request.HttpMethod; Path = $request.RawUrl; ContentType = $request.ContentType; Body = $body; Headers = $headers; ContinueStatus = $continueStatus }
        }).AddArgument($listener).AddArgument($Status).AddArgument($DelayMs).AddArgument($Continue).AddArgument($Authorization)
    [pscustomobject] @{ Listener = $listener; PowerShell = $ps; Handle = $ps.BeginInvoke(); Uri = "http://127.0.0.1:$port/hook"; Port = $port }
}

function Receive-Request($Receiver, [int] $TimeoutMs = 20000) {
    try {
        if (-not $Receiver.Handle.AsyncWaitHandle.WaitOne($TimeoutMs)) { return $null }
        $Receiver.PowerShell.EndInvoke($Receiver.Handle)[0]
    }
    finally {
        $Receiver.Listener.Close()
        $Receiver.PowerShell.Dispose()
    }
}

function ConvertFrom-Form([string] $Body) {
    $fields = [ordered] @{}
    foreach ($pair in $Body.Split('&')) {
        $kv = $pair.Split('=', 2)
        $fields[[System.Uri]::UnescapeDataString($kv[0].Replace('+', ' '))] = [System.Uri]::UnescapeDataString($kv[1].Replace('+', ' '))
    }
    $fields
}

# Validates a JWT with the reference library; returns its claims by name.
function Confirm-Jwt([string] $Token, [string] $Secret, [string] $Algorithm, [string] $Issuer, [string] $Audience) {
    $parameters = [Microsoft.IdentityModel.Tokens.TokenValidationParameters]::new()
    $parameters.IssuerSigningKey = [Microsoft.IdentityModel.Tokens.SymmetricSecurityKey]::new([System.Text.Encoding]::UTF8.GetBytes($Secret))
    $parameters.ValidIssuer = $Issuer
    $parameters.ValidAudience = $Audience
    $parameters.ValidAlgorithms = [string[]] @($Algorithm)
    $parameters.RequireExpirationTime = $true
    $handler = [System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler]::new()
    $handler.MapInboundClaims = $false
    $validated = $null
    $null = $handler.ValidateToken($Token, $parameters, [ref] $validated)
    $validated.Header.Alg | Should -Be $Algorithm
    $claims = @{}
    foreach ($claim in $validated.Claims) { $claims[$claim.Type] = $claim.Value }
    $claims
}

function Get-ClosedPortUri { "http://127.0.0.1:$(Get-FreePort)/hook" }
