# The real back ends of tests/receivers (PHP with php -S, Node with jose, Python's standard library), started on
# loopback as separate processes and stopped by Stop-RealReceiver. Dot-sourced in BeforeAll after Common.ps1, and in
# BeforeDiscovery for Get-MissingReceiverTool. The tools come from .ci/run (apt-get install php-cli, npm ci in
# tests/receivers/node). Where one is missing, the files that need it skip their Describe, saying why, so the README's
# test command runs on a machine with the .NET SDK alone; with AMOWIDGET_REQUIRE_CORPUS=1 (.ci/run) the discovery
# fails instead, naming the command to run.

$script:ReceiversRoot = Join-Path $PSScriptRoot '../receivers'

# What the real back ends need and this machine lacks, as one sentence with the command that installs it; $null when
# nothing is missing. Throws instead where AMOWIDGET_REQUIRE_CORPUS=1 asks for every real part.
function Get-MissingReceiverTool {
    $missing = @(foreach ($tool in 'php', 'node', 'python3') {
            if (-not (Get-Command $tool -CommandType Application -ErrorAction SilentlyContinue)) { $tool }
        })
    if (-not (Test-Path -LiteralPath (Join-Path $script:ReceiversRoot 'node/node_modules/jose'))) { $missing += 'jose (npm)' }
    if ($missing.Count -eq 0) { return $null }
    $why = "the real back ends need $($missing -join ', '): run .ci/run's install lines (apt-get install -y php-cli nodejs npm; npm ci --prefix tests/receivers/node)"
    if ($env:AMOWIDGET_REQUIRE_CORPUS -eq '1') { throw "The real receivers are required (AMOWIDGET_REQUIRE_CORPUS=1), but $why." }
    $why
}

# Starts -Kind (Php, Node, Python) on a free loopback port with -Environment (a value's '{port}' becomes the port);
# returns { Kind, Process, Port, BaseUri } once the port accepts connections.
function Start-RealReceiver([ValidateSet('Php', 'Node', 'Python')] [string] $Kind, [hashtable] $Environment) {
    $port = Get-FreePort
    $folder = Join-Path $script:ReceiversRoot $Kind.ToLowerInvariant()
    $file, $arguments = switch ($Kind) {
        'Php' { 'php', @('-S', "127.0.0.1:$port", 'index.php') }
        'Node' { 'node', @('server.mjs') }
        'Python' { 'python3', @('receiver.py', "$port") }
    }
    if (-not (Get-Command $file -CommandType Application -ErrorAction SilentlyContinue)) {
        throw "$file is not installed: run .ci/run's install lines (apt-get install -y php-cli; npm ci --prefix tests/receivers/node)."
    }
    if ($Kind -eq 'Node' -and -not (Test-Path (Join-Path $folder 'node_modules/jose'))) {
        throw "jose is not installed: npm ci --prefix tests/receivers/node"
    }
    $info = [System.Diagnostics.ProcessStartInfo]::new($file)
    foreach ($argument in $arguments) { $info.ArgumentList.Add($argument) }
    $info.WorkingDirectory = $folder
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.Environment['PORT'] = "$port"
    foreach ($key in $Environment.Keys) { $info.Environment[$key] = ([string] $Environment[$key]).Replace('{port}', "$port") }
    $process = [System.Diagnostics.Process]::Start($info)
    # Read and drop the logs (php -S writes a line per request), so a full pipe never stalls the receiver.
    $process.BeginOutputReadLine()
    $process.BeginErrorReadLine()
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    while ($true) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect('127.0.0.1', $port); break }
        catch {
            if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
                if (-not $process.HasExited) { $process.Kill() }
                throw "The $Kind receiver did not start on port $port."
            }
            Start-Sleep -Milliseconds 100
        }
        finally { $client.Dispose() }
    }
    [pscustomobject] @{ Kind = $Kind; Process = $process; Port = $port; BaseUri = "http://127.0.0.1:$port" }
}

function Stop-RealReceiver($Receiver) {
    if ($null -ne $Receiver -and -not $Receiver.Process.HasExited) {
        $Receiver.Process.Kill()
        $null = $Receiver.Process.WaitForExit(5000)
    }
    if ($null -ne $Receiver) { $Receiver.Process.Dispose() }
}

# An HMAC-signed JWT (HS256 or HS512) over -Claims, for requests written by hand (an expired recorded token).
function New-TestJwt([hashtable] $Claims, [string] $Secret, [string] $Algorithm = 'HS256') {
    function ConvertTo-Base64Url([byte[]] $Bytes) { [Convert]::ToBase64String($Bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
    $utf8 = [System.Text.UTF8Encoding]::new($false)
    $head = ConvertTo-Base64Url $utf8.GetBytes((@{ alg = $Algorithm; typ = 'JWT' } | ConvertTo-Json -Compress))
    $body = ConvertTo-Base64Url $utf8.GetBytes(($Claims | ConvertTo-Json -Compress))
    $hmac = if ($Algorithm -eq 'HS512') { [System.Security.Cryptography.HMACSHA512]::new($utf8.GetBytes($Secret)) } else { [System.Security.Cryptography.HMACSHA256]::new($utf8.GetBytes($Secret)) }
    try { "$head.$body." + (ConvertTo-Base64Url $hmac.ComputeHash($utf8.GetBytes("$head.$body"))) } finally { $hmac.Dispose() }
}
