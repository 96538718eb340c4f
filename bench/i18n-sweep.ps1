<#
.SYNOPSIS
Prints every finding of Test-AmoWidget -Detailed, and the DisplayName Import-AmoManifest shows, over the widget folders
of ../shared/corpus and ../shared/widgets and over damaged copies of their i18n files, one line each, so that two builds
can be compared with diff where the i18n rules and the i18n key lookup are concerned.
.DESCRIPTION
The first run makes the inputs in -Inputs (absent): each widget folder as it is, and for each of its i18n/*.json files
copies of the folder where that one file is changed (and the manifest lists the ai_agent location): bytes cut, a member repeated, a BOM, CRLF line ends (alone and
with a cut), invalid UTF-8, UTF-16, empty, a member removed, values of another type (a text made a group, a number,
null, a list; widget made a text; the root a list or a text), the keys flattened to dotted names, an
ai_agent_description added. Unchanged files are
hard links to the originals where the file system allows it. Later runs reuse the inputs, so two builds read the same
bytes; the copies are made from a fixed seed, so a new folder gets the same ones.
.EXAMPLE
dotnet pwsh -NoProfile -File bench/i18n-sweep.ps1 -Module /tmp/base/AmoWidget.psd1 -Inputs /tmp/i18n-inputs > /tmp/before.txt
dotnet pwsh -NoProfile -File bench/i18n-sweep.ps1 -Module out/AmoWidget/AmoWidget.psd1 -Inputs /tmp/i18n-inputs > /tmp/after.txt
diff /tmp/before.txt /tmp/after.txt
#>
param(
    [string] $Shared = (Join-Path $PSScriptRoot '../../shared'),
    [string] $Module = (Join-Path $PSScriptRoot '../out/AmoWidget/AmoWidget.psd1'),
    [Parameter(Mandatory)] [string] $Inputs
)

$ErrorActionPreference = 'Stop'
$utf8 = [System.Text.UTF8Encoding]::new($false)

function Copy-Widget([string] $From, [string] $To) {
    foreach ($file in Get-ChildItem -LiteralPath $From -Recurse -File -Force) {
        $target = Join-Path $To $file.FullName.Substring($From.Length).TrimStart('/', '\')
        [void](New-Item -ItemType Directory -Force -Path (Split-Path $target))
        try {
            [void](New-Item -ItemType HardLink -Path $target -Target $file.FullName)
        }
        catch {
            Copy-Item -LiteralPath $file.FullName -Destination $target
        }
    }
}

function Join-Bytes([byte[]] $A, [byte[]] $B) {
    $all = [byte[]]::new($A.Length + $B.Length)
    [Array]::Copy($A, $all, $A.Length)
    [Array]::Copy($B, 0, $all, $A.Length, $B.Length)
    , $all
}

function Get-Prefix([byte[]] $Bytes, [int] $Length) {
    $prefix = [byte[]]::new($Length)
    [Array]::Copy($Bytes, $prefix, $Length)
    , $prefix
}

# The lines of a text that hold a member ("key": ...), by index.
function Get-MemberLines([string[]] $Lines) {
    , @(for ($i = 0; $i -lt $Lines.Count; $i++) { if ($Lines[$i] -match '^\s*"[^"]*"\s*:') { $i } })
}

# Dotted keys of every text, for a flat file ({"widget.name": "..."}); null when the file is not an object.
function ConvertTo-Flat($Node, [string] $Prefix, $Into) {
    foreach ($key in @($Node.Keys)) {
        $value = $Node[$key]
        if ($value -is [System.Collections.IDictionary]) { ConvertTo-Flat $value "$Prefix$key." $Into }
        else { $Into["$Prefix$key"] = $value }
    }
}

function New-Variants([byte[]] $Bytes, [System.Random] $Random) {
    $variants = [ordered]@{}
    $text = $utf8.GetString($Bytes)
    $lines = $text -split "`n"
    $members = Get-MemberLines $lines
    if ($Bytes.Length -gt 1) {
        $variants['cut'] = Get-Prefix $Bytes $Random.Next(1, $Bytes.Length)
        $variants['cut-early'] = Get-Prefix $Bytes ([Math]::Max(1, [int][Math]::Floor($Bytes.Length / 5)))
    }

    if ($members.Count -gt 0) {
        $copy = [System.Collections.Generic.List[string]]::new([string[]]$lines)
        $at = $members[$Random.Next($members.Count)]
        $line = $copy[$at]
        # Repeated as a member of the same object: with a comma after it, unless the next line closes the object.
        $copy.Insert($at, $(if ($line.TrimEnd().EndsWith(',') -or $line.TrimEnd().EndsWith('{')) { $line } else { $line.TrimEnd() + ',' }))
        $variants['repeat'] = $utf8.GetBytes($copy -join "`n")
        $copy = [System.Collections.Generic.List[string]]::new([string[]]$lines)
        $copy.Insert($members[0], $copy[$members[0]])
        $variants['repeat-first'] = $utf8.GetBytes($copy -join "`n")
        $copy = [System.Collections.Generic.List[string]]::new([string[]]$lines)
        $copy.RemoveAt($members[$Random.Next($members.Count)])
        $variants['removed'] = $utf8.GetBytes($copy -join "`n")
    }

    $variants['bom'] = Join-Bytes ([byte[]](0xEF, 0xBB, 0xBF)) $Bytes
    $crlf = $utf8.GetBytes(($text -replace "`r?`n", "`r`n"))
    $variants['crlf'] = $crlf
    if ($crlf.Length -gt 1) { $variants['crlf-cut'] = Get-Prefix $crlf $Random.Next(1, $crlf.Length) }
    $bad = [System.Collections.Generic.List[byte]]::new($Bytes)
    $bad.InsertRange($Random.Next(0, $Bytes.Length + 1), [byte[]](0xC3, 0x28))
    $variants['not-utf8'] = $bad.ToArray()
    $variants['utf16'] = Join-Bytes ([System.Text.Encoding]::Unicode.GetPreamble()) ([System.Text.Encoding]::Unicode.GetBytes($text))
    $variants['empty'] = [byte[]]@()
    $variants['root-list'] = $utf8.GetBytes("[`n" + $text + "`n]")
    $variants['root-text'] = $utf8.GetBytes('"' + $text.Length + ' characters"')

    # Values of another type, written in place of the value after a random member's colon.
    $replacements = '{ "x": "y" }', '1', 'null', '[ "a" ]', '"text"', 'true'
    foreach ($n in 1..3) {
        $colons = [regex]::Matches($text, '"\s*:\s*(?=["{\[0-9tfn-])')
        if ($colons.Count -eq 0) { break }
        $m = $colons[$Random.Next($colons.Count)]
        $start = $m.Index + $m.Length
        $end = $start
        if ($text[$start] -eq '"') {
            $end = $start + 1
            while ($end -lt $text.Length -and $text[$end] -ne '"') { $end += $(if ($text[$end] -eq '\') { 2 } else { 1 }) }
            $end++
        }
        elseif ($text[$start] -eq '{' -or $text[$start] -eq '[') {
            $depth = 0
            for (; $end -lt $text.Length; $end++) {
                if ('{['.Contains($text[$end])) { $depth++ } elseif ('}]'.Contains($text[$end])) { $depth--; if ($depth -eq 0) { $end++; break } }
            }
        }
        else {
            while ($end -lt $text.Length -and -not ",}] `t`r`n".Contains($text[$end])) { $end++ }
        }

        $end = [Math]::Min($end, $text.Length)
        $variants["retype-$n"] = $utf8.GetBytes($text.Substring(0, $start) + $replacements[$Random.Next($replacements.Count)] + $text.Substring($end))
    }

    $widget = [regex]::Match($text, '"widget"\s*:\s*\{[^{}]*\}')
    if ($widget.Success) {
        $variants['widget-text'] = $utf8.GetBytes($text.Substring(0, $widget.Index) + '"widget": "a text"' + $text.Substring($widget.Index + $widget.Length))
        $open = $text.IndexOf('{', $widget.Index)
        $variants['ai-description'] = $utf8.GetBytes($text.Substring(0, $open + 1) + ' "ai_agent_description": "Answers questions about leads",' + $text.Substring($open + 1))
    }

    try {
        $parsed = $text | ConvertFrom-Json -AsHashtable
        if ($parsed -is [System.Collections.IDictionary]) {
            $flat = [ordered]@{}
            ConvertTo-Flat $parsed '' $flat
            $variants['flat'] = $utf8.GetBytes(($flat | ConvertTo-Json -Depth 2))
        }
    }
    catch {
    }

    $variants
}

if (-not (Test-Path -LiteralPath $Inputs)) {
    $random = [System.Random]::new(4242)
    $sources = foreach ($set in 'corpus', 'widgets') {
        Get-ChildItem -LiteralPath (Join-Path $Shared $set) -Directory | Sort-Object { $_.Name } -Culture ([cultureinfo]::InvariantCulture) |
            ForEach-Object { [pscustomobject]@{ Set = $set; Folder = $_ } }
    }

    foreach ($source in $sources) {
        $name = "$($source.Set)/$($source.Folder.Name)"
        Copy-Widget $source.Folder.FullName (Join-Path $Inputs "$name/original")
        $i18n = Join-Path $source.Folder.FullName 'i18n'
        if (-not (Test-Path -LiteralPath $i18n)) { continue }
        foreach ($file in Get-ChildItem -LiteralPath $i18n -File -Filter '*.json' | Sort-Object { $_.Name } -Culture ([cultureinfo]::InvariantCulture)) {
            $variants = New-Variants ([System.IO.File]::ReadAllBytes($file.FullName)) $random
            foreach ($variant in $variants.Keys) {
                $to = Join-Path $Inputs "$name/$($file.BaseName)-$variant"
                Copy-Widget $source.Folder.FullName $to
                $target = Join-Path $to "i18n/$($file.Name)"
                Remove-Item -LiteralPath $target -Force
                [System.IO.File]::WriteAllBytes($target, [byte[]]$variants[$variant])
                # The copies also list the ai_agent location, so that AmoAiAgentDescriptionMissing reads every copy.
                $manifest = Join-Path $to 'manifest.json'
                if (Test-Path -LiteralPath $manifest) {
                    $manifestText = [System.IO.File]::ReadAllText($manifest)
                    $locations = [regex]::Match($manifestText, '"locations"\s*:\s*\[')
                    if ($locations.Success) {
                        Remove-Item -LiteralPath $manifest -Force
                        $at = $locations.Index + $locations.Length
                        $item = if ($manifestText.Substring($at).TrimStart().StartsWith(']')) { '"ai_agent"' } else { '"ai_agent", ' }
                        [System.IO.File]::WriteAllText($manifest, $manifestText.Insert($at, $item), $utf8)
                    }
                }
            }
        }
    }
}

Import-Module (Resolve-Path -LiteralPath $Module).ProviderPath
$root = (Resolve-Path -LiteralPath $Inputs).ProviderPath
$folders = Get-ChildItem -LiteralPath $root -Directory | ForEach-Object { Get-ChildItem -LiteralPath $_.FullName -Directory } |
    ForEach-Object { Get-ChildItem -LiteralPath $_.FullName -Directory } |
    Sort-Object { $_.FullName } -Culture ([cultureinfo]::InvariantCulture)
foreach ($folder in $folders) {
    $label = $folder.FullName.Substring($root.Length).TrimStart('/', '\')
    try {
        foreach ($d in Test-AmoWidget -LiteralPath $folder.FullName -Detailed) {
            $file = if ($d.File) { $d.File.Replace($root, '<inputs>') } else { '' }
            '{0} | {1} | {2} | {3} | {4}:{5} | {6} | {7}' -f $label, $d.RuleName, $file, $d.Path, $d.Line, $d.Column, $d.Message.Replace($root, '<inputs>'), $d.Suggestion
        }
    }
    catch {
        '{0} | Test-AmoWidget error {1}: {2}' -f $label, $_.FullyQualifiedErrorId, $_.Exception.Message.Replace($root, '<inputs>')
    }

    if (Test-Path -LiteralPath (Join-Path $folder.FullName 'manifest.json')) {
        try {
            '{0} | DisplayName | {1}' -f $label, (Import-AmoManifest -LiteralPath (Join-Path $folder.FullName 'manifest.json')).DisplayName
        }
        catch {
            '{0} | Import-AmoManifest error {1}: {2}' -f $label, $_.FullyQualifiedErrorId, $_.Exception.Message.Replace($root, '<inputs>')
        }
    }
}
