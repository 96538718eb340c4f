# Hostile inputs for the reading side, made on the spot: deep JavaScript, sparse and special files, links
# out of the widget, and zips no packer writes on purpose. Dot-sourced by Hostile.Reading.Tests.ps1 and by
# bench/hostile.ps1 after Common.ps1 (New-DocsWidget, Write-Utf8). Each maker takes a new folder and returns the path
# to check; none needs anything but .NET and, for FIFOs, mkfifo.

# script.js whose nesting goes $Depth levels deep, of one kind: parens, brackets, objects, functions, not, ternary, template.
function Get-DeepScript([string] $Kind, [int] $Depth) {
    $sb = [System.Text.StringBuilder]::new()
    switch ($Kind) {
        'parens'    { $null = $sb.Append('var a = ').Append('(', $Depth).Append('1').Append(')', $Depth).Append(';') }
        'brackets'  { $null = $sb.Append('var a = ').Append('[', $Depth).Append('1').Append(']', $Depth).Append(';') }
        'objects'   { $null = $sb.Append('var a = ').Insert($sb.Length, '{a:', $Depth).Append('1').Append('}', $Depth).Append(';') }
        'functions' { $null = $sb.Insert(0, 'function f(){', $Depth).Append('}', $Depth) }
        'not'       { $null = $sb.Append('var a = ').Append('!', $Depth).Append('1;') }
        'ternary'   { $null = $sb.Append('var a = ').Insert($sb.Length, '1?', $Depth).Append('1').Insert($sb.Length, ':1', $Depth).Append(';') }
        'template'  { $null = $sb.Append('var a = ').Insert($sb.Length, '`${', $Depth).Append('1').Insert($sb.Length, '}`', $Depth).Append(';') }
        default     { throw "unknown kind $Kind" }
    }
    $sb.ToString()
}

# The docs widget with script.js replaced by deep nesting: by default as deep as fits in the 1 MB script.js cap
# (200,000 levels; 70,000 functions), far past what the parser's stack holds.
function New-DeepScriptWidget([string] $Folder, [string] $Kind, [int] $Depth = $(if ($Kind -eq 'functions') { 70000 } else { 200000 })) {
    $null = New-DocsWidget $Folder
    Write-Utf8 (Join-Path $Folder 'script.js') (Get-DeepScript $Kind $Depth)
    $Folder
}

# A sparse file of $Length bytes (no disk space used): its length says huge, its content is zeros.
function New-SparseFile([string] $Path, [long] $Length) {
    $stream = [System.IO.File]::Create($Path)
    try { $stream.SetLength($Length) } finally { $stream.Dispose() }
    $Path
}

# The docs widget whose script.js is a 1.9 GB sparse file.
function New-SparseScriptWidget([string] $Folder) {
    $null = New-DocsWidget $Folder
    Remove-Item (Join-Path $Folder 'script.js')
    $null = New-SparseFile (Join-Path $Folder 'script.js') 1.9GB
    $Folder
}

# The docs widget whose manifest.json is replaced by a symbolic link to $Target (e.g. /dev/zero).
function New-LinkedManifestWidget([string] $Folder, [string] $Target) {
    $null = New-DocsWidget $Folder
    Remove-Item (Join-Path $Folder 'manifest.json')
    $null = New-Item -ItemType SymbolicLink -Path (Join-Path $Folder 'manifest.json') -Target $Target
    $Folder
}

# The docs widget whose manifest.json is a FIFO (opening it for reading would block until a writer comes).
function New-FifoManifestWidget([string] $Folder) {
    $null = New-DocsWidget $Folder
    Remove-Item (Join-Path $Folder 'manifest.json')
    & mkfifo (Join-Path $Folder 'manifest.json')
    if ($LASTEXITCODE) { throw "mkfifo failed" }
    $Folder
}

# A manifest just under the 1 MB cap by default: one key repeated $Count times in one object ("a":1, is 6 bytes).
function Get-DuplicateKeyManifest([int] $Count = 170000) {
    $sb = [System.Text.StringBuilder]::new(($Count + 1) * 5 + 16)
    $null = $sb.Append('{')
    for ($i = 0; $i -lt $Count; $i++) { $null = $sb.Append('"a":1,') }
    $null = $sb.Append('"a":1}')
    $sb.ToString()
}

# A manifest just under the 1 MB cap that is wide rather than deep: $Count distinct unknown locations
# ("locations"), or $Count left_menu items each holding one undocumented key ("left_menu"). Every rule that looks a
# key or a value up once per entry must stay linear on it.
function Get-WideManifest([ValidateSet('locations', 'left_menu')] [string] $Kind, [int] $Count) {
    $sb = [System.Text.StringBuilder]::new($Count * 16)
    if ($Kind -eq 'locations') {
        $null = $sb.Append('{"widget":{"name":"n"},"locations":[')
        for ($i = 0; $i -lt $Count; $i++) { $null = $sb.Append($(if ($i) { ',' } else { '' })).Append('"u').Append($i).Append('"') }
        $null = $sb.Append(']}')
    }
    else {
        $null = $sb.Append('{"widget":{"name":"n"},"locations":["left_menu"],"left_menu":{')
        for ($i = 0; $i -lt $Count; $i++) { $null = $sb.Append($(if ($i) { ',' } else { '' })).Append('"i').Append($i).Append('":{"x":1}') }
        $null = $sb.Append('}}')
    }
    $sb.ToString()
}

# A zip of the given entries (name -> text or bytes, in order, duplicates allowed), written by System.IO.Compression.
function New-TestZip([string] $Path, [object[]] $Entries) {
    $stream = [System.IO.File]::Create($Path)
    $zip = [System.IO.Compression.ZipArchive]::new($stream, [System.IO.Compression.ZipArchiveMode]::Create)
    try {
        for ($i = 0; $i -lt $Entries.Count; $i += 2) {
            $data = if ($Entries[$i + 1] -is [byte[]]) { $Entries[$i + 1] } else { [System.Text.UTF8Encoding]::new($false).GetBytes([string] $Entries[$i + 1]) }
            $entryStream = $zip.CreateEntry($Entries[$i]).Open()
            try { $entryStream.Write($data, 0, $data.Length) } finally { $entryStream.Dispose() }
        }
    } finally { $zip.Dispose(); $stream.Dispose() }
    $Path
}

# The files of a folder as New-TestZip's entry list (names relative, '/' separated, sorted).
function Get-FolderEntries([string] $Folder) {
    $root = (Resolve-Path $Folder).ProviderPath.TrimEnd('/', '\')
    foreach ($file in Get-ChildItem -LiteralPath $root -Recurse -File | Sort-Object FullName) {
        $file.FullName.Substring($root.Length + 1).Replace('\', '/')
        , [System.IO.File]::ReadAllBytes($file.FullName)
    }
}

# Offsets of every local header and central-directory record of a zip's bytes, by entry index.
function Get-ZipHeaderOffsets([byte[]] $Bytes) {
    $end = $Bytes.Length - 22
    $count = [BitConverter]::ToUInt16($Bytes, $end + 10)
    $central = [BitConverter]::ToUInt32($Bytes, $end + 16)
    $result = @()
    for ($i = 0; $i -lt $count; $i++) {
        $nameLength = [BitConverter]::ToUInt16($Bytes, $central + 28)
        $result += [pscustomobject] @{
            Central = [int] $central
            Local   = [int] [BitConverter]::ToUInt32($Bytes, $central + 42)
            Name    = [System.Text.Encoding]::UTF8.GetString($Bytes, $central + 46, $nameLength)
        }
        $central += 46 + $nameLength + [BitConverter]::ToUInt16($Bytes, $central + 30) + [BitConverter]::ToUInt16($Bytes, $central + 32)
    }
    $result
}

# The docs widget zipped, then one entry's local-header name overwritten (same length) so it disagrees with the directory.
function New-HeaderMismatchZip([string] $Folder, [string] $Entry = 'script.js', [string] $LocalName = 'evil/x.js') {
    $widget = New-DocsWidget (Join-Path $Folder 'src')
    $zip = New-TestZip (Join-Path $Folder 'mismatch.zip') (Get-FolderEntries $widget)
    $bytes = [System.IO.File]::ReadAllBytes($zip)
    $header = Get-ZipHeaderOffsets $bytes | Where-Object Name -EQ $Entry
    $name = [System.Text.Encoding]::UTF8.GetBytes($LocalName)
    if ($name.Length -ne [System.Text.Encoding]::UTF8.GetByteCount($Entry)) { throw 'the local name must have the same length' }
    [Array]::Copy($name, 0, $bytes, $header.Local + 30, $name.Length)
    [System.IO.File]::WriteAllBytes($zip, $bytes)
    $zip
}

# The docs widget zipped with one entry's general-purpose flag bit 0 (encrypted) set in both headers.
function New-EncryptedEntryZip([string] $Folder, [string] $Entry = 'i18n/en.json') {
    $widget = New-DocsWidget (Join-Path $Folder 'src')
    $zip = New-TestZip (Join-Path $Folder 'encrypted.zip') (Get-FolderEntries $widget)
    $bytes = [System.IO.File]::ReadAllBytes($zip)
    $header = Get-ZipHeaderOffsets $bytes | Where-Object Name -EQ $Entry
    $bytes[$header.Local + 6] = $bytes[$header.Local + 6] -bor 1
    $bytes[$header.Central + 8] = $bytes[$header.Central + 8] -bor 1
    [System.IO.File]::WriteAllBytes($zip, $bytes)
    $zip
}

# The docs widget zipped with a second entry list appended (duplicates of names already there, or case variants).
function New-DuplicateEntryZip([string] $Folder, [object[]] $Extra) {
    $widget = New-DocsWidget (Join-Path $Folder 'src')
    New-TestZip (Join-Path $Folder 'duplicate.zip') (@(Get-FolderEntries $widget) + $Extra)
}

# The docs widget zipped with script.js stored as "script.js<NUL>.txt" instead.
function New-NulNameZip([string] $Folder) {
    $widget = New-DocsWidget (Join-Path $Folder 'src')
    $entries = @(Get-FolderEntries $widget)
    for ($i = 0; $i -lt $entries.Count; $i += 2) { if ($entries[$i] -eq 'script.js') { $entries[$i] = "script.js`0.txt" } }
    New-TestZip (Join-Path $Folder 'nul.zip') $entries
}

# About 1.3 MB of zip holding a 250 MB script.js: a run of comment text with a random byte every few hundred, so
# the ratio stays just under the 200:1 bomb cap and only the size cap of script.js can refuse it.
function New-BigScriptZip([string] $Folder) {
    $widget = New-DocsWidget (Join-Path $Folder 'src')
    $path = Join-Path $Folder 'big-script.zip'
    $random = [System.Random]::new(7)
    $chunk = [byte[]]::new(1MB)
    for ($i = 0; $i -lt $chunk.Length; $i++) { $chunk[$i] = if ($i % 700 -eq 0) { [byte] $random.Next(33, 127) } else { [byte] 0x2F } }
    $stream = [System.IO.File]::Create($path)
    $zip = [System.IO.Compression.ZipArchive]::new($stream, [System.IO.Compression.ZipArchiveMode]::Create)
    try {
        $entries = @(Get-FolderEntries $widget)
        for ($i = 0; $i -lt $entries.Count; $i += 2) {
            $entry = $zip.CreateEntry($entries[$i], [System.IO.Compression.CompressionLevel]::Optimal)
            $out = $entry.Open()
            try {
                if ($entries[$i] -eq 'script.js') { for ($m = 0; $m -lt 250; $m++) { $out.Write($chunk, 0, $chunk.Length) } }
                else { $out.Write($entries[$i + 1], 0, $entries[$i + 1].Length) }
            } finally { $out.Dispose() }
        }
    } finally { $zip.Dispose(); $stream.Dispose() }
    $path
}

# The docs widget with a file linked to a target outside the folder (the password file, as an attacker would).
function New-LinkOutWidget([string] $Folder, [string] $Target = '/etc/passwd', [string] $Name = 'passwd.txt') {
    $null = New-DocsWidget $Folder
    $null = New-Item -ItemType SymbolicLink -Path (Join-Path $Folder $Name) -Target $Target
    $Folder
}
