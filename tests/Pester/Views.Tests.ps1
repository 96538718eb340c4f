# The format views as pwsh prints them to a file or a pipe: Out-String at 80 columns (pwsh's width when output is
# redirected) and at 120. The key text of every object must come out whole, wrapped but never cut, and no line may
# pass the width. pwsh wraps at spaces in some cultures (en, de, fr, es, it, pt) and at any character in the others,
# so each width runs in both kinds: en-US, and the invariant culture these machines run with.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    # The lines of a view rendered at a width; none may be longer than the width.
    function Get-ViewLine($InputObject, [int] $Width) {
        $lines = @(($InputObject | Out-String -Width $Width) -split '\r?\n')
        @($lines | Where-Object { $_.Length -gt $Width }) | Should -BeNullOrEmpty -Because "no line may pass $Width columns"
        $lines
    }

    # One table column's text: the slice of every row line under the column's dashes, as lines. A wrapped cell's
    # pieces are consecutive lines of it.
    function Get-ColumnText([string[]] $Lines, [string] $Label) {
        $dash = [array]::FindIndex($Lines, [Predicate[string]] { param($l) $l -match '^\s*-+(\s+-+)*\s*$' })
        if ($dash -lt 1) { throw "No table header in:`n$($Lines -join "`n")" }
        $starts = @([regex]::Matches($Lines[$dash], '-+') | ForEach-Object Index)
        $column = [array]::IndexOf([string[]] @($starts | ForEach-Object { $Lines[$dash - 1].Substring($_).Split(' ')[0] }), $Label)
        if ($column -lt 0) { throw "No column $Label in: $($Lines[$dash - 1])" }
        $start = $starts[$column]
        $end = if ($column + 1 -lt $starts.Count) { $starts[$column + 1] } else { [int]::MaxValue }
        $header = $Lines[$dash - 1]
        foreach ($line in $Lines) {
            if ($line -eq $header -or $line -match '^\s*-+(\s+-+)*\s*$' -or $line.Length -le $start) { continue }
            $line.Substring($start, [math]::Min($end, $line.Length) - $start)
        }
    }

    function Get-Squeezed([string] $Text) { $Text -replace '\s', '' }

    function Get-Collapsed([string] $Text) { ($Text -replace '\s+', ' ').Trim() }

    # Whether text came out whole: with every space removed it is in the rendered text, and where pwsh wraps at
    # spaces (-Words), word for word too. A path longer than a line is cut anywhere in any culture: no -Words.
    # -WordsAnyCulture: word for word in every culture, for the columns the views break at spaces themselves.
    function Test-Whole([string[]] $Rendered, [string] $Text, [switch] $Words, [switch] $WordsAnyCulture) {
        if (-not (Get-Squeezed ($Rendered -join '')).Contains((Get-Squeezed $Text))) { return $false }
        if ($WordsAnyCulture -or ($Words -and $script:WordWrap)) { return (Get-Collapsed ($Rendered -join ' ')).Contains((Get-Collapsed $Text)) }
        $true
    }

    # A table shows each object's key on one line of the key column, and its text whole in the text column.
    function Assert-TableRow([string[]] $Lines, [object[]] $Objects, [string] $KeyColumn, [string] $TextColumn, [bool] $Words = $true, [switch] $WordsAnyCulture) {
        $keys = @(Get-ColumnText $Lines $KeyColumn | ForEach-Object Trim)
        $texts = @(Get-ColumnText $Lines $TextColumn)
        foreach ($o in $Objects) {
            $keys | Should -Contain ([string] $o.$KeyColumn)
            if ($o.$TextColumn) {
                Test-Whole $texts $o.$TextColumn -Words:$Words -WordsAnyCulture:$WordsAnyCulture | Should -BeTrue -Because "the $TextColumn of $($o.$KeyColumn) must read whole:`n$($Lines -join "`n")"
            }
        }
    }

    $script:invariant = [System.Globalization.CultureInfo]::InvariantCulture
    $script:savedCulture = [System.Globalization.CultureInfo]::CurrentCulture

    # A widget with findings whose messages run past 80 columns, and i18n names in two languages.
    $script:folder = New-TestFolder
    $script:widget = New-DocsWidget (Join-Path $script:folder 'views-widget')
    Set-WidgetText (Join-Path $script:widget 'i18n/en.json') '"tour_description": "T"' '"tour_descr": "T"'
    Set-WidgetText (Join-Path $script:widget 'i18n/en.json') '"name": "N"' '"name": "Views test widget for long names"'
    Set-WidgetText (Join-Path $script:widget 'i18n/ru.json') '"name": "N"' '"name": "Виджет для проверки видов"'
    Set-WidgetText (Join-Path $script:widget 'manifest.json') '"settings", ' '"settings", "anywhere", "lcard-0", '
    $script:findings = @(Test-AmoWidget -LiteralPath $script:widget -Detailed)
    $script:manifest = Import-AmoManifest -LiteralPath $script:widget

    # The account API objects: real ones from the loopback server, and ones with the long values a real account has
    # (the server's names are short).
    $script:server = Start-AmoTestServer
    $script:connection = Connect-AmoAccount -BaseUri $script:server.BaseUri -AccessToken $script:server.SecureToken
    $script:account = Get-AmoAccount -Connection $script:connection
    $script:widgets = @(Get-AmoWidget -Connection $script:connection | Select-Object -First 20) + @(
        [AmoWidget.AmoWidgetInfo] @{ Code = 'a3f9c1d27be84e0f96a1c5d3e7b2f4a8c0d9e6b1'; Id = 12345678; Version = '10.12.125'; Rating = '4,5'; IsActiveInAccount = $true; IsLeadSource = $true; PipelineId = 87654321 })
    $script:bindings = @(Get-AmoWidgetPipeline test_widget_003, amo_dropbox -Connection $script:connection) + @(
        [AmoWidget.AmoWidgetPipeline] @{ Code = 'lead_source_widget_with_a_long_code'; IsLeadSource = $true; IsActiveInAccount = $true; PipelineId = 7654321; PipelineName = 'Входящие заявки с сайта и из социальных сетей (основная воронка)' })
    $script:pipelines = @(Get-AmoPipeline -Connection $script:connection) + @(
        [AmoWidget.AmoPipeline] @{ Id = 7654321; Name = 'Входящие заявки с сайта и из социальных сетей (основная воронка отдела продаж)'; Sort = 10000; IsMain = $false })
    $script:statuses = @($script:pipelines[0].Statuses) + @(
        [AmoWidget.AmoPipelineStatus] @{ Id = 76543210; Name = 'Договор подписан, ждём первый платёж от клиента'; Sort = 10000; Type = 0; Color = '#fffeb2'; IsEditable = $true; PipelineId = 7654321 })
    $script:fields = @(
        [AmoWidget.AmoWidgetSettingField] @{ Key = 'api_key'; Name = 'Ключ API из личного кабинета сервиса рассылок (раздел «Интеграции»)'; Type = 'pass'; IsRequired = $true }
        [AmoWidget.AmoWidgetSettingField] @{ Key = 'login'; Name = 'Login'; Type = 'text' })
}

AfterAll {
    [System.Globalization.CultureInfo]::CurrentCulture = $script:savedCulture
    Stop-AmoTestServer $script:server
    Remove-Item -LiteralPath $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Views at <Width> columns, wrapping <Wrapping>' -ForEach @(
    @{ Width = 80; Wrapping = 'at spaces (en-US)'; Culture = 'en-US' }
    @{ Width = 120; Wrapping = 'at spaces (en-US)'; Culture = 'en-US' }
    @{ Width = 80; Wrapping = 'anywhere (invariant culture)'; Culture = '' }
    @{ Width = 120; Wrapping = 'anywhere (invariant culture)'; Culture = '' }
) {
    BeforeAll {
        [System.Globalization.CultureInfo]::CurrentCulture = if ($Culture) { [System.Globalization.CultureInfo]::GetCultureInfo($Culture) } else { $script:invariant }
        $script:WordWrap = [bool] $Culture
    }

    AfterAll {
        [System.Globalization.CultureInfo]::CurrentCulture = $script:savedCulture
    }

    Context 'Get-AmoLocation' {
        It 'shows every catalog location''s value on one line and its description whole' {
            $catalog = @(Get-AmoLocation)
            $lines = Get-ViewLine $catalog $Width
            Assert-TableRow $lines $catalog Value Description -WordsAnyCulture
            $suffix = @(Get-ColumnText $lines 'Suffix' | ForEach-Object Trim)
            $suffix | Should -Contain '-1 / -0'
        }

        It 'shows a manifest''s locations as written, with their Suffix and description' {
            $locations = @($script:manifest | Get-AmoLocation)
            $lines = Get-ViewLine $locations $Width
            $locations.Value | Should -Contain 'llist-0'
            $locations.Value | Should -Contain 'anywhere'
            Assert-TableRow $lines $locations Value Description -WordsAnyCulture
            (Get-ColumnText $lines 'Area' | ForEach-Object Trim) | Should -Contain '(unknown)'
        }

        It 'lists platforms, the block and the callbacks a location needs in Format-List' {
            $lines = Get-ViewLine (Get-AmoLocation amoforms, ai_agent | Format-List) $Width
            $lines | Should -Contain 'Platforms   : amoCRM'
            $lines | Should -Contain 'Needs       : amoforms_settings'
            Test-Whole $lines (Get-AmoLocation ai_agent).Description -Words | Should -BeTrue
        }
    }

    Context 'Manifests' {
        It 'lists name (from i18n), version, locale, locations and path' {
            $lines = Get-ViewLine $script:manifest $Width
            $lines | Should -Contain 'Name      : Виджет для проверки видов'
            $lines | Should -Contain 'Version   : 1.0.0'
            $lines | Should -Contain 'Locale    : ru, en'
            Test-Whole $lines ('Locations : ' + ($script:manifest.Locations.Value -join ', ')) -Words | Should -BeTrue
            Test-Whole $lines ('Path      : ' + $script:manifest.Path) | Should -BeTrue
        }

        It 'shows the key as the name of a manifest made in memory, and an archive entry as its path' {
            $zip = Join-Path $script:folder 'views.zip'
            if (-not (Test-Path -LiteralPath $zip)) { Compress-AmoWidget -Path $script:widget -DestinationPath $zip -SkipValidation | Out-Null }
            $lines = Get-ViewLine @((New-AmoManifest -Location lcard), (Import-AmoManifest -LiteralPath $zip)) $Width
            $lines | Should -Contain 'Name      : widget.name'
            $lines | Should -Contain 'Name      : Виджет для проверки видов'
            Test-Whole $lines "Path      : $zip!manifest.json" | Should -BeTrue
        }

        It 'puts the name and path in Format-Table' {
            $many = @($script:manifest, (New-AmoManifest -Name 'plain text name of a widget' -Location lcard, llist, settings))
            $lines = Get-ViewLine ($many | Format-Table) $Width
            Test-Whole @(Get-ColumnText $lines 'Name') 'Виджет для проверки видов' -Words | Should -BeTrue
            Test-Whole @(Get-ColumnText $lines 'Name') 'plain text name of a widget' -Words | Should -BeTrue
            Test-Whole @(Get-ColumnText $lines 'Locations') ($script:manifest.Locations.Value -join ', ') -Words | Should -BeTrue
            Test-Whole @(Get-ColumnText $lines 'Path') $script:manifest.Path | Should -BeTrue
        }
    }

    Context 'Findings' {
        It 'shows every finding of Test-AmoWidget -Detailed whole: rule, severity, file:line:column, message, suggestion' {
            $script:findings.Count | Should -BeGreaterOrEqual 4
            ($script:findings.Message | Measure-Object -Property Length -Maximum).Maximum | Should -BeGreaterThan 100
            $lines = Get-ViewLine $script:findings $Width
            foreach ($finding in $script:findings) {
                $lines | Should -Contain "RuleName   : $($finding.RuleName)"
                $lines | Should -Contain "Severity   : $($finding.Severity)"
                $where = if ($finding.Line) { '{0}:{1}:{2}' -f $finding.File, $finding.Line, $finding.Column } else { $finding.File }
                Test-Whole $lines "File       : $where" | Should -BeTrue
                Test-Whole $lines "Message    : $($finding.Message)" -WordsAnyCulture | Should -BeTrue -Because "the message must read whole:`n$($lines -join "`n")"
                if ($finding.Suggestion) { Test-Whole $lines "Suggestion : $($finding.Suggestion)" -WordsAnyCulture | Should -BeTrue }
            }
        }

        It 'shows the findings of Test-AmoManifest -Detailed for a manifest in memory, every row of each, aligned' {
            $findings = @(New-AmoManifest -Location digital_pipeline -WarningAction SilentlyContinue | Test-AmoManifest -Platform Kommo -Detailed)
            @($findings | Where-Object Suggestion).Count | Should -BeGreaterThan 0
            @($findings | Where-Object { -not $_.Suggestion }).Count | Should -BeGreaterThan 0
            $lines = Get-ViewLine $findings $Width
            foreach ($finding in $findings) {
                Test-Whole $lines "Message    : $($finding.Message)" -WordsAnyCulture | Should -BeTrue
            }
            @($lines -like 'Suggestion : *').Count | Should -Be $findings.Count
            @($lines -like 'RuleName   : *').Count | Should -Be $findings.Count
        }

        # The table is for wide screens: at 80 columns its message column is 14 characters, so a long word such
        # as widget.tour_description is cut inside, but nothing is lost.
        It 'wraps messages in Format-Table' {
            $lines = Get-ViewLine ($script:findings | Format-Table) $Width
            Assert-TableRow $lines $script:findings RuleName Message -Words ($Width -ge 120)
        }
    }

    Context 'Get-AmoRule' {
        It 'shows every rule''s name on one line and its description whole, grouped by area' {
            $rules = @(Get-AmoRule)
            $lines = Get-ViewLine $rules $Width
            Assert-TableRow $lines $rules Name Description -WordsAnyCulture
            foreach ($area in $rules.Area | Select-Object -Unique) {
                $lines | Should -Contain "   Area: $area"
            }
        }

        It 'shows the help link in Format-List' {
            $rule = Get-AmoRule AmoCallbackMissing
            $lines = Get-ViewLine ($rule | Format-List) $Width
            Test-Whole $lines "Description : $($rule.Description)" -Words | Should -BeTrue
            Test-Whole $lines "HelpUri     : $($rule.HelpUri)" | Should -BeTrue
        }
    }

    Context 'Account API objects' {
        It 'lists the connection and the account' {
            $lines = Get-ViewLine $script:connection $Width
            $lines | Should -Contain "BaseUri           : $($script:connection.BaseUri)"
            $lines | Should -Contain 'Authentication    : AccessToken'
            $lines | Should -Contain "AccountName       : $($script:account.Name)"
            $lines | Should -Contain 'IsConnected       : True'
            ($lines -join "`n") | Should -Not -Match ([regex]::Escape($script:server.Token))
            $lines = Get-ViewLine $script:account $Width
            $lines | Should -Contain "Subdomain     : $($script:account.Subdomain)"
            $lines | Should -Contain "CurrentUserId : $($script:account.CurrentUserId)"
        }

        It 'puts connections and accounts in Format-Table' {
            $lines = Get-ViewLine ($script:connection | Format-Table) $Width
            Test-Whole @(Get-ColumnText $lines 'BaseUri') $script:connection.BaseUri | Should -BeTrue
            (Get-ColumnText $lines 'AccountName' | ForEach-Object Trim) | Should -Contain $script:account.Name
            $lines = Get-ViewLine ($script:account | Format-Table) $Width
            (Get-ColumnText $lines 'Name' | ForEach-Object Trim) | Should -Contain $script:account.Name
        }

        It 'shows every widget''s code and pipeline' {
            $lines = Get-ViewLine $script:widgets $Width
            $codes = @(Get-ColumnText $lines 'Code')
            foreach ($widget in $script:widgets) { Test-Whole $codes $widget.Code | Should -BeTrue }
            (Get-ColumnText $lines 'PipelineId' | ForEach-Object Trim) | Should -Contain '87654321'
            (Get-ColumnText $lines 'Version' | ForEach-Object Trim) | Should -Contain '10.12.125'
        }

        It 'shows every lead-source binding with its pipeline''s name' {
            $lines = Get-ViewLine $script:bindings $Width
            foreach ($binding in $script:bindings) {
                Test-Whole @(Get-ColumnText $lines 'Code') $binding.Code | Should -BeTrue
                if ($binding.PipelineName) { Test-Whole @(Get-ColumnText $lines 'PipelineName') $binding.PipelineName -Words | Should -BeTrue }
            }
        }

        It 'shows every pipeline''s, status''s and setting field''s name' {
            foreach ($set in @{ Objects = $script:pipelines; Key = 'Id' }, @{ Objects = $script:statuses; Key = 'Id' }, @{ Objects = $script:fields; Key = 'Key' }) {
                $lines = Get-ViewLine $set.Objects $Width
                Assert-TableRow $lines $set.Objects $set.Key Name
            }
        }
    }
}

Describe 'ColumnText.Wrap: a table cell broken at spaces by the view itself' {
    It 'breaks at spaces, shows line breaks escaped, cuts only a word longer than the width' {
        [AmoWidget.Views.ColumnText]::Wrap('aaa bbb ccc', 7) | Should -BeExactly "aaa bbb`nccc"
        [AmoWidget.Views.ColumnText]::Wrap("one`r`ntwo three", 10) | Should -BeExactly "one\r\ntwo`nthree"
        [AmoWidget.Views.ColumnText]::Wrap("a ::b ##[c", 20) | Should -BeExactly 'a :\x3Ab #\x23[c'
        [AmoWidget.Views.ColumnText]::Wrap('x abcdefghij', 4) | Should -BeExactly "x`nabcd`nefgh`nij"
        [AmoWidget.Views.ColumnText]::Wrap('short', 36) | Should -BeExactly 'short'
        [AmoWidget.Views.ColumnText]::Wrap($null, 36) | Should -BeExactly ''
        [AmoWidget.Views.ColumnText]::Wrap('a b', 0) | Should -BeExactly 'a b'
    }
}

Describe 'The format files' {
    BeforeDiscovery {
        $script:formatFiles = @(Get-ChildItem (Join-Path $PSScriptRoot '../../src/AmoWidget/Formats') -Filter *.Format.ps1xml | ForEach-Object { @{ Name = $_.Name; File = $_.FullName } })
    }

    # Windows PowerShell 5.1 cannot run here. A table whose columns all have widths but the last is laid out the
    # same by 5.1 and pwsh (without them pwsh sizes columns from the data, 5.1 splits the row evenly), and 5.1 cuts
    # a label wider than its column where pwsh wraps it.
    It '<Name>: every table column but the last has a width that holds its label' -ForEach $script:formatFiles {
        [xml] $xml = [System.IO.File]::ReadAllText($File)
        foreach ($view in $xml.Configuration.ViewDefinitions.View | Where-Object { $_['TableControl'] }) {
            $headers = @($view.TableControl.TableHeaders.TableColumnHeader)
            $fixed = 0
            for ($i = 0; $i -lt $headers.Count - 1; $i++) {
                $headers[$i].Width | Should -Not -BeNullOrEmpty -Because "$($view.Name): column $($headers[$i].Label)"
                [int] $headers[$i].Width | Should -BeGreaterOrEqual $headers[$i].Label.Length -Because "$($view.Name): column $($headers[$i].Label)"
                $fixed += [int] $headers[$i].Width + 1
            }
            (80 - $fixed) | Should -BeGreaterOrEqual ([math]::Max(10, $headers[-1].Label.Length)) -Because "$($view.Name) must leave its last column room at 80 columns"
            $view.SelectSingleNode('TableControl/TableRowEntries/TableRowEntry/Wrap') | Should -Not -BeNullOrEmpty -Because "$($view.Name) wraps rather than cuts"
        }
    }
}

Describe 'DisplayName: the widget''s name from its i18n files' {
    BeforeEach {
        $root = New-TestFolder
        $w = Join-Path $root 'w'
        $null = New-AmoManifest -Locale en, ru -Location lcard | Export-AmoManifest (Join-Path $w 'manifest.json')
    }

    AfterEach {
        Remove-Item -LiteralPath $root -Recurse -Force
    }

    It 'takes the first locale whose file has the key, and keeps Name the key' {
        Write-Utf8 (Join-Path $w 'i18n/en.json') '{ "widget": { "description": "D" } }'
        Write-Utf8 (Join-Path $w 'i18n/ru.json') '{ "widget": { "name": "Русское имя" } }'
        $m = Import-AmoManifest -LiteralPath $w
        $m.DisplayName | Should -Be 'Русское имя'
        $m.Name | Should -Be 'widget.name'
        Write-Utf8 (Join-Path $w 'i18n/en.json') '{ "widget": { "name": "English name" } }'
        (Import-AmoManifest -LiteralPath (Join-Path $w 'manifest.json')).DisplayName | Should -Be 'English name'
    }

    It 'reads a flat key, skips a file that is not JSON, and follows Set-AmoManifest' {
        Write-Utf8 (Join-Path $w 'i18n/en.json') '{ "widget": '
        Write-Utf8 (Join-Path $w 'i18n/ru.json') '{ "widget.name": "Плоский ключ", "other": { "name": "Другое" } }'
        $m = Import-AmoManifest -LiteralPath $w
        $m.DisplayName | Should -Be 'Плоский ключ'
        ($m | Set-AmoManifest -Name other.name).DisplayName | Should -Be 'Другое'
        ($m | Set-AmoManifest -Name 'Plain text name').DisplayName | Should -Be 'Plain text name'
    }

    It 'is the key for a manifest made in memory, without i18n files, or whose key no file has' {
        (New-AmoManifest).DisplayName | Should -Be 'widget.name'
        (Import-AmoManifest -LiteralPath $w).DisplayName | Should -Be 'widget.name'
        Write-Utf8 (Join-Path $w 'i18n/en.json') '{ "widget": { "name": { "nested": "not a text" } } }'
        (Import-AmoManifest -LiteralPath $w).DisplayName | Should -Be 'widget.name'
    }

    It 'reads no file outside i18n/, whatever widget.locale says' {
        Write-Utf8 (Join-Path $w 'outside.json') '{ "widget": { "name": "read from outside i18n" } }'
        Write-Utf8 (Join-Path $w 'i18n/en.json') '{ "widget": { "description": "D" } }'
        $m = Import-AmoManifest -LiteralPath $w | Set-AmoManifest -Locale '../outside', '..\outside', 'en' -WarningAction SilentlyContinue
        $m.DisplayName | Should -Be 'widget.name'
    }

    It 'never opens a FIFO in place of a locale file, and takes the next locale' -Skip:($IsWindows -or -not (Get-Command mkfifo -ErrorAction SilentlyContinue)) {
        $null = New-Item -ItemType Directory -Path (Join-Path $w 'i18n')
        & mkfifo (Join-Path $w 'i18n/en.json')
        $LASTEXITCODE | Should -Be 0
        Write-Utf8 (Join-Path $w 'i18n/ru.json') '{ "widget": { "name": "Русское имя" } }'
        (Import-AmoManifest -LiteralPath $w).DisplayName | Should -Be 'Русское имя'
    }

    It 'reads the i18n files of a widget .zip, beside a nested manifest too' {
        Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
        foreach ($prefix in '', 'widget/') {
            $zip = Join-Path $root ("w{0}.zip" -f $prefix.Length)
            $archive = [System.IO.Compression.ZipFile]::Open($zip, 'Create')
            try {
                foreach ($entry in @{ Name = 'manifest.json'; Text = (New-AmoManifest -Locale ru).ToJson() }, @{ Name = 'i18n/ru.json'; Text = '{ "widget": { "name": "Из архива" } }' }) {
                    $writer = [System.IO.StreamWriter]::new($archive.CreateEntry($prefix + $entry.Name).Open(), $script:Utf8)
                    try { $writer.Write($entry.Text) } finally { $writer.Dispose() }
                }
            }
            finally { $archive.Dispose() }
            $m = Import-AmoManifest -LiteralPath $zip
            $m.ArchiveEntry | Should -Be ($prefix + 'manifest.json')
            $m.DisplayName | Should -Be 'Из архива'
        }
    }

    It 'gives a scaffolded widget the name New-AmoWidget wrote, from its folder and from its zip' {
        $null = New-AmoWidget -Path (Join-Path $root 'crm-widget') -Location lcard -SupportEmail help@my-widget.ru
        (Import-AmoManifest -LiteralPath (Join-Path $root 'crm-widget')).DisplayName | Should -Be 'crm-widget'
        $zip = Compress-AmoWidget -Path (Join-Path $root 'crm-widget') -DestinationPath (Join-Path $root 'widget.zip')
        (Import-AmoManifest -LiteralPath $zip.FullName).DisplayName | Should -Be 'crm-widget'
    }
}

Describe 'Views of the account API objects' {
    It 'has a view for <_>' -ForEach 'AmoConnection', 'AmoAccountInfo', 'AmoWidgetInfo', 'AmoWidgetPipeline', 'AmoPipeline' {
        Get-FormatData -TypeName "AmoWidget.$_" | Should -Not -BeNullOrEmpty
    }
}

# What a view shows under a name, Where-Object, Sort-Object and Select-Object take by that name: every label of
# every view of the built module (the format files its manifest's FormatsToProcess lists) names a public property
# of the view's type, and so does a column that takes its name from its property.
Describe 'Every column is a property' {
    BeforeDiscovery {
        . $PSScriptRoot/Common.ps1
        $moduleDir = Split-Path $script:ModulePath
        $script:views = foreach ($file in (Import-PowerShellDataFile $script:ModulePath).FormatsToProcess) {
            [xml] $xml = [System.IO.File]::ReadAllText((Join-Path $moduleDir $file))
            foreach ($view in $xml.Configuration.ViewDefinitions.View) {
                $names = foreach ($item in $view.SelectNodes('TableControl/TableHeaders/TableColumnHeader | ListControl/ListEntries/ListEntry/ListItems/ListItem | GroupBy')) {
                    if ($item['Label']) { $item['Label'].InnerText } elseif ($item['PropertyName']) { $item['PropertyName'].InnerText }
                }
                # A table header without a label is named by the row's item at its position.
                $headers = @($view.SelectNodes('TableControl/TableHeaders/TableColumnHeader'))
                $items = @($view.SelectNodes('TableControl/TableRowEntries/TableRowEntry/TableColumnItems/TableColumnItem'))
                for ($i = 0; $i -lt $headers.Count; $i++) {
                    if (-not $headers[$i]['Label'] -and $items[$i]['PropertyName']) { $names += $items[$i]['PropertyName'].InnerText }
                }
                @{ File = $file; View = $view.Name; TypeName = $view.ViewSelectedBy.TypeName; Names = @($names) }
            }
        }
    }

    BeforeAll {
        $script:assemblies = @((Get-Module AmoWidget).ImplementingAssembly) + @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AmoWidget.Core' })
    }

    It 'reads the views of every format file the module loads' -ForEach @(@{ Views = $script:views }) {
        $Views.Count | Should -BeGreaterOrEqual 20
        @($Views.File | Select-Object -Unique).Count | Should -Be (Import-PowerShellDataFile $script:ModulePath).FormatsToProcess.Count
        $Views.TypeName | Should -Contain 'AmoWidget.AmoWidgetInfo'
    }

    It '<File> <View>: every name it shows is a property of <TypeName>' -ForEach $script:views {
        $type = $script:assemblies | ForEach-Object { $_.GetType($TypeName, $false) } | Where-Object { $_ } | Select-Object -First 1
        $type | Should -Not -BeNullOrEmpty -Because "$TypeName is a type of the module"
        $Names.Count | Should -BeGreaterThan 0
        $missing = @($Names | Where-Object { -not $type.GetProperty($_, [System.Reflection.BindingFlags] 'Public, Instance') })
        $missing | Should -BeNullOrEmpty -Because "$View shows these names, which Where-Object could not filter on $TypeName"
    }
}

Describe 'Filtering by a column''s name' {
    BeforeAll {
        $script:apiServer = Start-ApiTestServer
        $null = Connect-ApiTestServer $script:apiServer
    }

    AfterAll {
        Stop-ApiTestServer $script:apiServer
    }

    It 'Get-AmoWidget | Where-Object Installed returns the installed widgets' {
        $all = @(Get-AmoWidget)
        $installed = @(Get-AmoWidget | Where-Object Installed)
        $installed.Count | Should -BeGreaterThan 0
        $installed.Count | Should -BeLessThan $all.Count
        ($installed.Code -join ',') | Should -Be (@(Get-AmoWidget -InstalledOnly).Code -join ',')
        ($installed.Code -join ',') | Should -Be (@($all | Where-Object IsActiveInAccount).Code -join ',')
    }

    It 'Where-Object LeadSource keeps the lead sources, and Installed filters lead-source bindings too' {
        $all = @(Get-AmoWidget)
        $leadSources = @($all | Where-Object LeadSource)
        $leadSources.Count | Should -BeGreaterThan 0
        ($leadSources.Code -join ',') | Should -Be (@($all | Where-Object IsLeadSource).Code -join ',')
        $bindings = @(Get-AmoWidgetPipeline test_widget_003, amo_dropbox)
        (@($bindings | Where-Object Installed).Code -join ',') | Should -Be (@($bindings | Where-Object IsActiveInAccount).Code -join ',')
    }
}
