# Every edit cmdlet on every corpus manifest: each change rewrites only the container it changes, every other byte
# stays, and a minified or CRLF file keeps its style. An edit that touches two containers (a location and its block)
# is checked in two steps, Add-AmoLocation first, and the two steps give the same text as the cmdlet alone.

BeforeDiscovery {
    . $PSScriptRoot/Common.ps1
    $corpus = Get-CorpusPath
    $edits = @(
        @{ Name = 'Set-AmoManifest -Version'; Expect = 80 }
        @{ Name = 'Step-AmoManifestVersion'; Expect = 80 }
        @{ Name = 'Add-AmoLocation'; Expect = 80 }
        @{ Name = 'Remove-AmoLocation'; Expect = 80 }
        @{ Name = 'Remove-AmoLocation -RemoveBlock'; Expect = 15 }
        @{ Name = 'Add-AmoSetting'; Expect = 80 }
        @{ Name = 'Remove-AmoSetting'; Expect = 60 }
        @{ Name = 'Set-AmoDigitalPipeline'; Expect = 80 }
        @{ Name = 'Add-AmoDpSetting'; Expect = 80 }
        @{ Name = 'Set-AmoAdvancedSettings'; Expect = 80 }
        @{ Name = 'Add-AmoSalesbotHandler'; Expect = 80 }
        @{ Name = 'Set-AmoSms'; Expect = 80 }
        @{ Name = 'Set-AmoMobileCard'; Expect = 80 }
        @{ Name = 'Set-AmoFormsSettings'; Expect = 80 }
        @{ Name = 'Add-AmoLeftMenuItem'; Expect = 80 }
        @{ Name = 'Remove-AmoLeftMenuItem'; Expect = 4 }
        @{ Name = 'Set-AmoTour'; Expect = 80 }
        @{ Name = 'Remove-AmoTour'; Expect = 40 }
    )
}

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # Where a JSON value ends and where two texts differ, in C#: a character loop in PowerShell would take minutes over the corpus.
    if (-not ('AmoWidgetTests.TextScan' -as [type])) {
        Add-Type -TypeDefinition @'
namespace AmoWidgetTests
{
    public static class TextScan
    {
        public static int ValueEnd(string text, int start)
        {
            char c = text[start];
            if (c == '"')
            {
                for (int i = start + 1; ; i++)
                {
                    if (text[i] == '\\') { i++; continue; }
                    if (text[i] == '"') return i + 1;
                }
            }

            if (c == '{' || c == '[')
            {
                int depth = 0;
                for (int i = start; ; i++)
                {
                    char ch = text[i];
                    if (ch == '"') { i = ValueEnd(text, i) - 1; continue; }
                    if (ch == '{' || ch == '[') depth++;
                    else if ((ch == '}' || ch == ']') && --depth == 0) return i + 1;
                }
            }

            int end = start;
            while (end < text.Length && ",]} \t\r\n".IndexOf(text[end]) < 0) end++;
            return end;
        }

        /// <summary>Length of the common prefix, and of the common suffix that does not overlap it.</summary>
        public static int[] Window(string before, string after)
        {
            int p = 0;
            while (p < before.Length && p < after.Length && before[p] == after[p]) p++;
            int q = 0;
            while (q < before.Length - p && q < after.Length - p && before[before.Length - 1 - q] == after[after.Length - 1 - q]) q++;
            return new[] { p, q };
        }

        /// <summary>Whether the text has whitespace outside its strings.</summary>
        public static bool HasLayoutSpace(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '"') { i = ValueEnd(text, i) - 1; continue; }
                if (char.IsWhiteSpace(text[i])) return true;
            }

            return false;
        }
    }
}
'@
    }

    $script:Corpus = Get-CorpusPath

    # The region of the text an edit of $Pointer may change: the node's own text when it exists; otherwise an insertion
    # after the last member of its nearest existing ancestor (or inside an empty one).
    function Get-ChangeRegion([AmoWidget.AmoManifest] $Manifest, [string] $Pointer) {
        $text = $Manifest.Document.Text
        $node = $Manifest.Document.Resolve($Pointer)
        if ($null -ne $node) {
            return @{ Start = $node.Offset; End = [AmoWidgetTests.TextScan]::ValueEnd($text, $node.Offset); What = $Pointer }
        }
        $parent = $Pointer
        while ($null -eq $node) {
            $parent = $parent.Substring(0, $parent.LastIndexOf('/'))
            $node = $Manifest.Document.Resolve($parent)
        }
        if ($node.Count -gt 0) {
            # Added after the last member: every byte before and after that point stays, the closing brace's spacing included.
            $at = [AmoWidgetTests.TextScan]::ValueEnd($text, $node.Properties[$node.Count - 1].Value.Offset)
            return @{ Start = $at; End = $at; What = "a new member at the end of '$parent'" }
        }
        @{ Start = $node.Offset + 1; End = [AmoWidgetTests.TextScan]::ValueEnd($text, $node.Offset) - 1; What = "the inside of the empty '$parent'" }
    }

    # The region a removed member of an object takes: from the previous member's value (or the brace) to the next key (or the end).
    function Get-RemovalRegion([AmoWidget.AmoManifest] $Manifest, [string] $Pointer) {
        $text = $Manifest.Document.Text
        $parentPointer = $Pointer.Substring(0, $Pointer.LastIndexOf('/'))
        $parent = $Manifest.Document.Resolve($parentPointer)
        $key = [AmoWidget.Json.JsonPointer]::Unescape($Pointer.Substring($Pointer.LastIndexOf('/') + 1))
        $index = $parent.IndexOfKey($key)
        $start = if ($index -gt 0) { [AmoWidgetTests.TextScan]::ValueEnd($text, $parent.Properties[$index - 1].Value.Offset) } else { $parent.Offset + 1 }
        $end = if ($index -lt $parent.Count - 1) { $parent.Properties[$index + 1].Offset } else { [AmoWidgetTests.TextScan]::ValueEnd($text, $parent.Offset) - 1 }
        @{ Start = $start; End = $end; What = "the member $Pointer"; Removal = $true }
    }

    # Asserts that $After is $Before with only the region's text replaced, and that the new text keeps the file's style.
    function Assert-OnlyRegionChanged([string] $Before, [string] $After, [hashtable] $Region, [string] $Because) {
        $head = $Before.Substring(0, $Region.Start)
        $tail = $Before.Substring($Region.End)
        $w = [AmoWidgetTests.TextScan]::Window($Before, $After)
        $at = [Math]::Max(0, $w[0] - 40)
        $shown = "[$($Before.Substring($at, [Math]::Min(120, $Before.Length - $at)))] became [$($After.Substring($at, [Math]::Min(120, $After.Length - $at)))]"
        ($After.StartsWith($head, [StringComparison]::Ordinal) -and $After.EndsWith($tail, [StringComparison]::Ordinal) -and $After.Length -ge $head.Length + $tail.Length) |
            Should -BeTrue -Because "$Because changes only $($Region.What), yet $shown"
        $added = $After.Substring($head.Length, $After.Length - $head.Length - $tail.Length)
        if ($Region.Removal) {
            $added | Should -Match '^[\s,]*$' -Because "$Because only removes $($Region.What)"
        }
        if (-not [AmoWidgetTests.TextScan]::HasLayoutSpace($Before)) {
            [AmoWidgetTests.TextScan]::HasLayoutSpace($After) | Should -BeFalse -Because "$Because keeps a minified file minified: [$added]"
        }
        if ($Before.Contains("`r`n")) {
            $added.Replace("`r`n", '') | Should -Not -Match "`n" -Because "$Because keeps CRLF line endings"
        }
        if ($Before -match '\n\t' -and $Before -notmatch '\n {2}') {
            $added | Should -Not -Match '\n +' -Because "$Because keeps tab indentation"
        }
    }

    # One edit: its steps, each a change (Run, given the manifest and Arg) and the pointer of what it may change
    # (Kind Remove: the member at the pointer goes), and the cmdlet alone when it takes several steps.
    function Step([scriptblock] $Run, [string] $Pointer, [string] $Kind = 'Change', $Arg = $null) { @{ Run = $Run; Pointer = $Pointer; Kind = $Kind; Arg = $Arg } }
    function LocationAndBlock([string] $Location, [string] $Block, [scriptblock] $Cmdlet) {
        @{ Whole = $Cmdlet; AddsLocation = $true; Steps = @((Step { param($m, $a) $m | Add-AmoLocation $a } '/locations' -Arg $Location), (Step $Cmdlet $Block)) }
    }
    $script:Edits = @{
        'Set-AmoManifest -Version'        = @{ Steps = @(Step { param($m) $m | Set-AmoManifest -Version 9.9.9 } '/widget/version') }
        'Step-AmoManifestVersion'         = @{ Steps = @(Step { param($m) $m | Step-AmoManifestVersion } '/widget/version') }
        'Add-AmoLocation'                 = @{ Steps = @(Step { param($m) $name = if ($m.Locations.Name -contains 'tlist') { 'tcalendar' } else { 'tlist' }; $m | Add-AmoLocation $name } '/locations') }
        'Remove-AmoLocation'              = @{
            Applies = { param($m) $m.Locations.Count -gt 0 }
            Steps   = @(Step { param($m) $m | Remove-AmoLocation $m.Locations[0].Name } '/locations')
        }
        'Remove-AmoLocation -RemoveBlock' = @{
            Applies = { param($m) $null -ne $m.Root['dp'] }
            Whole   = { param($m) $m | Remove-AmoLocation digital_pipeline -RemoveBlock }
            Steps   = @((Step { param($m) $m | Remove-AmoLocation digital_pipeline } '/locations'), (Step { param($m) $m | Remove-AmoLocation digital_pipeline -RemoveBlock } '/dp' 'Remove'))
        }
        'Add-AmoSetting'                  = @{ Steps = @(Step { param($m) $m | Add-AmoSetting corpus_key -Type pass -Required } '/settings') }
        'Remove-AmoSetting'               = @{
            Applies = { param($m) $m.Root['settings'] -is [AmoWidget.Json.JsonObject] -and $m.Root['settings'].Count -gt 0 }
            Steps   = @(Step { param($m) $m | Remove-AmoSetting @($m.Root['settings'].Keys)[0] } '/settings')
        }
        'Set-AmoDigitalPipeline'          = LocationAndBlock digital_pipeline '/dp' { param($m) $m | Set-AmoDigitalPipeline -WebhookUrl https://hooks.amowidget.test/dp }
        'Add-AmoDpSetting'                = @{ Steps = @(Step { param($m) $m | Add-AmoDpSetting corpus_key } '/dp') }
        'Set-AmoAdvancedSettings'         = LocationAndBlock advanced_settings '/advanced' { param($m) $m | Set-AmoAdvancedSettings advanced.corpus }
        'Add-AmoSalesbotHandler'          = LocationAndBlock salesbot_designer '/salesbot_designer' { param($m) $m | Add-AmoSalesbotHandler corpus_step -Field @{ key = 'text' } }
        'Set-AmoSms'                      = LocationAndBlock sms '/sms' { param($m) $m | Set-AmoSms https://sms.amowidget.test/in }
        'Set-AmoMobileCard'               = LocationAndBlock mobile_card '/mobile' { param($m) $m | Set-AmoMobileCard https://m.amowidget.test/ -Color '#123456' }
        'Set-AmoFormsSettings'            = LocationAndBlock amoforms '/amoforms_settings' { param($m) $m | Set-AmoFormsSettings -Title forms.corpus -Required $true }
        'Add-AmoLeftMenuItem'             = LocationAndBlock widget_page '/left_menu' { param($m) $m | Add-AmoLeftMenuItem corpus_page -Icon images/corpus.svg -After leads }
        'Remove-AmoLeftMenuItem'          = @{
            Applies = { param($m) $m.Root['left_menu'] -is [AmoWidget.Json.JsonObject] -and $m.Root['left_menu'].Count -gt 0 }
            Steps   = @(Step { param($m) $m | Remove-AmoLeftMenuItem @($m.Root['left_menu'].Keys)[0] } '/left_menu')
        }
        'Set-AmoTour'                     = @{ Steps = @(Step { param($m) $m | Set-AmoTour -Image @{ ru = '/images/corpus_1.png' } } '/tour') }
        'Remove-AmoTour'                  = @{
            Applies = { param($m) $null -ne $m.Root['tour'] }
            Steps   = @(Step { param($m) $m | Remove-AmoTour } '/tour' 'Remove')
        }
    }

    # The manifests to edit: every corpus manifest that is valid JSON with an object at the root.
    $script:Manifests = @(
        if ($script:Corpus) {
            foreach ($file in Get-ChildItem -LiteralPath $script:Corpus -Recurse -Filter manifest.json | Sort-Object FullName) {
                try { $m = [AmoWidget.AmoManifest]::Parse([IO.File]::ReadAllBytes($file.FullName), $file.FullName) } catch { continue }
                if ($m.Document.Root -is [AmoWidget.Json.JsonObject]) { @{ File = $file.FullName; Bytes = [IO.File]::ReadAllBytes($file.FullName) } }
            }
        })
}

Describe 'Edits of every corpus manifest' {
    It '<Name> rewrites only the container it changes' -ForEach $edits {
        if (-not $script:Corpus) { Set-ItResult -Skipped -Because 'the corpus is not beside this clone'; return }
        $edit = $script:Edits[$Name]
        $edited = 0
        foreach ($entry in $script:Manifests) {
            $original = [AmoWidget.AmoManifest]::Parse($entry.Bytes, $entry.File)
            if ($edit.Applies -and -not (& $edit.Applies $original)) { continue }
            $current = $original
            $failed = $false
            $steps = $edit.Steps
            if ($edit.AddsLocation -and $original.Root['locations'] -isnot [AmoWidget.Json.JsonArray]) {
                # No locations array to add to: the cmdlet appends the block and a new locations array, both at the end.
                $steps = @(Step $edit.Whole '/locations')
            }
            foreach ($step in $steps) {
                $region = if ($step.Kind -eq 'Remove') { Get-RemovalRegion $current $step.Pointer } else { Get-ChangeRegion $current $step.Pointer }
                $before = $current.Document.Text
                $run = $step.Run
                $arg = $step.Arg
                $captured = Invoke-Captured { & $run $current $arg }
                $problems = @($captured.AllErrors)
                # A manifest whose block is not an object, or whose version is not numbers, cannot take the edit.
                if ($problems.Count -gt 0) {
                    (Get-ErrorId $problems[0]) | Should -BeIn @('ManifestShapeInvalid', 'VersionInvalid') -Because "$Name on $($entry.File)"
                    $failed = $true
                    break
                }
                $after = @($captured.Output | Where-Object { $_ -is [AmoWidget.AmoManifest] })[0].ToJson()
                Assert-OnlyRegionChanged $before $after $region "$Name on $($entry.File)"
                $current = [AmoWidget.AmoManifest]::Parse($after, $entry.File)
            }
            if ($failed) { continue }
            if ($edit.Whole) {
                $alone = & $edit.Whole ([AmoWidget.AmoManifest]::Parse($entry.Bytes, $entry.File)) 3>$null
                $alone.ToJson() | Should -BeExactly $current.Document.Text -Because "$Name alone and in steps give the same text for $($entry.File)"
            }
            $edited++
        }
        $edited | Should -BeGreaterOrEqual $Expect -Because "$Name should edit most corpus manifests"
    }
}
