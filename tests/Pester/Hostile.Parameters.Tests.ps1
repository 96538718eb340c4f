# Every exported cmdlet, called with hostile values for each of its text parameters: a NUL,
# lone surrogates (a high one and a low one), a 100,000-character string, an empty and a white-space string. Each
# call runs in a fresh runspace with a timeout, in a new temp folder (holding a valid widget when the call reads one);
# the API cmdlets run against the suite's test server. Every error must be an ErrorRecord with an AmoWidget ErrorId
# that the cmdlet's help documents (never "System.*", never a bare engine exception such as DriveNotFound from the
# module's code), or PowerShell's own parameter binding error. The cmdlets and parameters come from Get-Command, so a
# new cmdlet is covered without touching this file; a mandatory parameter this file has no valid value for fails the
# test and names itself.

BeforeDiscovery {
    . $PSScriptRoot/Common.ps1
    $textTypes = [string], [string[]], [uri], [securestring], [hashtable], [hashtable[]], [object], [object[]]
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $cases = foreach ($command in Get-Command -Module AmoWidget -CommandType Cmdlet | Sort-Object Name) {
        foreach ($parameter in $command.Parameters.Values | Sort-Object Name) {
            if ($common -notcontains $parameter.Name -and $textTypes -contains $parameter.ParameterType) {
                @{ Cmdlet = $command.Name; Parameter = $parameter.Name }
            }
        }
    }
    $helpCases = Get-Command -Module AmoWidget -CommandType Cmdlet | Sort-Object Name |
        ForEach-Object { @{ Name = $_.Name; Connected = $_.Parameters.ContainsKey('Connection') } }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:Server = Start-AmoTestServer
    $script:Fixture = New-TestFolder
    $null = New-AmoWidget (Join-Path $script:Fixture 'widget') -Location lcard, settings -SupportEmail dev@amowidget.test -WarningAction SilentlyContinue

    $script:HostileValues = [ordered] @{
        'a NUL'                      = "a`0b"
        'lone surrogates'            = 'a' + [char] 0xD800 + 'b' + [char] 0xDC00
        'a 100,000-character string' = 'a' * 100000
        'an empty string'            = ''
        'white space'                = " `t "
    }

    # A valid value for each mandatory parameter a call needs besides the hostile one, by parameter name (and by
    # cmdlet where one name means different things). Values in braces are made in the runspace.
    $script:ValidValues = @{
        'Manifest'                   = '{New-AmoManifest -Location lcard, settings}'
        'Path'                       = './widget'
        'LiteralPath'                = './widget'
        'Key'                        = 'login'
        'Code'                       = 'a'
        'Name'                       = 'lcard'
        'Location'                   = 'lcard'
        'New-AmoWidget:Path'         = './new-widget'
        'Invoke-AmoRestMethod:Path'  = '/api/v4/account'
        'AccessToken'                = '{$Token}'
        'ClientId'                   = 'client-id'
        'ClientSecret'               = '{[Net.NetworkCredential]::new("", "client-secret").SecurePassword}'
        'RedirectUri'                = 'https://example.com/oauth'
        'AuthorizationCode'          = '{[Net.NetworkCredential]::new("", "code").SecurePassword}'
        'RefreshToken'               = '{[Net.NetworkCredential]::new("", "refresh").SecurePassword}'
        'TokenCachePath'             = './token.json'
        'Uri'                        = '{"$BaseUri/hook"}'
        'Diagnostic'                 = '{Test-AmoManifest -Manifest (New-AmoManifest) -Detailed}'
        'Format'                     = 'Sarif'
        'FrameUrl'                   = 'https://widgets.amowidget.test/mobile'
        'Endpoint'                   = 'https://widgets.amowidget.test/sms'
    }

    # The parameter set to call, the values of the other parameters, and whether the call needs a connection.
    function Get-Call([string] $Cmdlet, [string] $Parameter) {
        $command = Get-Command $Cmdlet -Module AmoWidget
        $sets = @($command.ParameterSets | Where-Object { $_.Parameters.Name -contains $Parameter })
        $set = @($sets | Where-Object IsDefault) + $sets | Select-Object -First 1
        $values = [ordered] @{}
        foreach ($p in $set.Parameters | Where-Object { $_.IsMandatory -and $_.Name -ne $Parameter }) {
            $value = $script:ValidValues["${Cmdlet}:$($p.Name)"]
            if ($null -eq $value) { $value = $script:ValidValues[$p.Name] }
            if ($null -eq $value) { throw "Hostile.Parameters.Tests.ps1 has no valid value for the mandatory -$($p.Name) of $Cmdlet (set $($set.Name)): add one to `$ValidValues." }
            $values[$p.Name] = $value
        }
        # Connect-AmoAccount names its host by -Subdomain or -BaseUri: the test server's, unless one of them is under test.
        if ($Cmdlet -eq 'Connect-AmoAccount' -and $Parameter -notin 'Subdomain', 'BaseUri') { $values['BaseUri'] = $script:Server.BaseUri }
        # A server a call starts listens on a free port, never on a fixed one another suite may use.
        if ($command.Parameters.ContainsKey('Port') -and $Parameter -ne 'Port' -and $Cmdlet -like 'Start-*') { $values['Port'] = 0 }
        if ($command.Parameters.ContainsKey('Confirm')) { $values['Confirm'] = $false }
        [pscustomobject] @{ Values = $values; Connected = $command.Parameters.ContainsKey('Connection') }
    }

    # The hostile value as the parameter's type takes it: as is, in an array, in a hashtable, as a SecureString
    # (which holds at most 65,536 characters).
    $script:ValueScript = {
        param($Type, $Text)
        switch ($Type) {
            'SecureString' { [Net.NetworkCredential]::new('', $(if ($Text.Length -gt 65536) { $Text.Substring(0, 65536) } else { $Text })).SecurePassword }
            'String[]' { , @($Text) }
            'Object[]' { , @($Text) }
            'Hashtable' { @{ login = $Text; $Text = 'x' } }
            'Hashtable[]' { , @(@{ key = $Text; type = 'text'; name = $Text }) }
            'Object' { @{ name = $Text } }
            default { $Text }
        }
    }

    $script:RunScript = @'
param($Cmdlet, $Parameter, $Type, $Text, $Values, $Connected, $BaseUri, $Token, $ValueScript)
$ErrorActionPreference = 'Continue'
if ($Connected) { $null = Connect-AmoAccount -BaseUri $BaseUri -AccessToken $Token -MaximumRetryCount 0 }
$bound = @{}
foreach ($key in $Values.Keys) {
    $value = $Values[$key]
    $bound[$key] = if ($value -is [string] -and $value.StartsWith('{')) { & ([scriptblock]::Create($value.Trim('{', '}'))) } else { $value }
}
$bound[$Parameter] = & ([scriptblock]::Create($ValueScript)) $Type $Text
$output = & $Cmdlet @bound
# A server the call started stops with the call.
foreach ($item in @($output)) { if ($null -ne $item -and $item.GetType().Name -eq 'AmoWidgetServer') { Stop-AmoWidgetServer -Port $item.Port } }
'@

    $script:HelpText = @{}
    function Test-Documented([string] $Cmdlet, [string] $ErrorId) {
        if (-not $script:HelpText.ContainsKey($Cmdlet)) { $script:HelpText[$Cmdlet] = Get-Help $Cmdlet -Full | Out-String -Width 4096 }
        $script:HelpText[$Cmdlet] -match "\b$([regex]::Escape($ErrorId))\b"
    }
}

AfterAll {
    Stop-AmoTestServer $script:Server
    Remove-Item -LiteralPath $script:Fixture -Recurse -Force
}

Describe 'Hostile values for -<Parameter> of <Cmdlet>' -ForEach $cases {
    It 'gives only AmoWidget ErrorRecords, each documented, within the timeout' {
        $call = Get-Call $Cmdlet $Parameter
        $type = (Get-Command $Cmdlet -Module AmoWidget).Parameters[$Parameter].ParameterType.Name
        $problems = foreach ($hostile in $script:HostileValues.GetEnumerator()) {
            $folder = New-TestFolder
            try {
                if ($call.Values.Values -contains './widget') { Copy-Item -LiteralPath (Join-Path $script:Fixture 'widget') -Destination $folder -Recurse }
                $run = Invoke-InRunspace -Script $script:RunScript -WorkingDirectory $folder -TimeoutSeconds 60 -Parameters @{
                    Cmdlet = $Cmdlet; Parameter = $Parameter; Type = $type; Text = $hostile.Value; Values = $call.Values
                    Connected = $call.Connected; BaseUri = $script:Server.BaseUri; Token = $script:Server.SecureToken; ValueScript = $script:ValueScript.ToString()
                }
            }
            finally { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }
            if ($run.TimedOut) { "$($hostile.Key): still running after 60 s" }
            foreach ($record in $run.Errors) {
                $id = Get-ErrorId $record
                $shown = "$($hostile.Key): $($record.FullyQualifiedErrorId) ($($record.Exception.GetType().FullName))"
                if ($record.FullyQualifiedErrorId -like 'System.*') { "$shown starts with System." }
                elseif ($record.Exception -is [System.Management.Automation.ParameterBindingException]) { }
                elseif ($id -eq 'InternalError') { "$shown is a bug: $($record.Exception.Message)" }
                elseif (-not (Test-Documented $Cmdlet $id)) { "$shown is not an ErrorId documented in the help of $Cmdlet" }
            }
        }
        $problems | Should -BeNullOrEmpty
    }
}

Describe 'The errors every cmdlet shares are in the help of <Name>' -ForEach $helpCases {
    It 'lists the ErrorIds of docs/help/shared/All.md, and those of Connection.md when it has -Connection' {
        $text = Get-Help $Name -Full | Out-String -Width 4096
        $ids = 'ParameterTextInvalid', 'PathInvalid', 'PathNotFound', 'PathNotFileSystem', 'AccessDenied', 'FileSystemError',
            'TextInvalid', 'ArgumentInvalid', 'OperationNotSupported', 'NestingTooDeep', 'OutOfMemory', 'OperationTimedOut',
            'OperationCanceled', 'InternalError'
        if ($Connected) { $ids += 'AmoNotConnected', 'AmoApiBadRequest', 'AmoApiUnauthorized', 'AmoApiRequestFailed', 'AmoApiConnectionFailed' }
        foreach ($id in $ids) { $text | Should -Match "\b$id\b" }
    }
}

Describe 'A token cache path that names no file' {
    It 'is PathInvalid at once, not a lock held by another process (AmoTokenCacheLocked after 30 s)' {
        $secret = [Net.NetworkCredential]::new('', 'client-secret').SecurePassword
        $code = [Net.NetworkCredential]::new('', 'code').SecurePassword
        $errors = Get-ErrorRecord {
            Connect-AmoAccount -BaseUri $script:Server.BaseUri -ClientId c -ClientSecret $secret -RedirectUri https://example.com/oauth `
                -AuthorizationCode $code -TokenCachePath (Join-Path $script:Fixture ('a' * 100000))
        }
        @($errors | ForEach-Object { Get-ErrorId $_ }) | Should -Be @('PathInvalid')
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}
