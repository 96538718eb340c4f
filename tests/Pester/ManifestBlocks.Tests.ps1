# The block cmdlets as a pwsh user runs them: Set-AmoSms, Set-AmoMobileCard, Set-AmoFormsSettings,
# Add-AmoLeftMenuItem, Remove-AmoLeftMenuItem, Set-AmoTour, Remove-AmoTour and Remove-AmoLocation -RemoveBlock; the
# blocks exactly as manifest-reference.md §11 shows them; a minified manifest edited to the byte (case 14); New-AmoWidget
# with every block, strict per platform; Compress-AmoWidget's warning about a name other than widget.zip.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Cases = Join-Path $script:RepoRoot '../shared/cases/whole-manifest'

    # Key order and values of a JSON text, without its layout: the shape a block is compared by.
    function Get-Shape([string] $Json) { $Json | ConvertFrom-Json | ConvertTo-Json -Compress -Depth 20 }

    function Get-Block($Manifest, [string] $Key) { Get-Shape $Manifest.Root[$Key].ToString() }
}

Describe 'Set-AmoSms' {
    It 'writes the documented sms block and the sms location' {
        $m = New-AmoManifest | Set-AmoSms https://example.com/sms_endpoint
        Get-Block $m 'sms' | Should -Be (Get-Shape '{ "endpoint": "https://example.com/sms_endpoint" }')
        $m.Locations.Value | Should -Be @('sms')
        $m.ToJson().EndsWith("`n  `"locations`": [`n    `"sms`"`n  ],`n  `"settings`": {},`n  `"sms`": {`n    `"endpoint`": `"https://example.com/sms_endpoint`"`n  }`n}`n") | Should -BeTrue
    }

    It 'changes the endpoint in place and keeps the rest of the file' {
        $dir = New-TestFolder
        try {
            $text = "{`n  `"widget`": {`"name`": `"a`"},`n  `"locations`": [`"sms`"],`n  `"sms`": {`"endpoint`": `"https://old.amowidget.test/sms`", `"note`": 1}`n}`n"
            Write-Utf8 (Join-Path $dir 'manifest.json') $text
            Import-AmoManifest $dir | Set-AmoSms https://new.amowidget.test/sms | Export-AmoManifest
            [IO.File]::ReadAllText((Join-Path $dir 'manifest.json')) | Should -BeExactly $text.Replace('old.amowidget', 'new.amowidget')
        }
        finally { Remove-Item -LiteralPath $dir -Recurse -Force }
    }

    It 'reports an endpoint that is not an http(s) URL and passes nothing on' {
        $out = New-AmoManifest | Set-AmoSms ftp://example.com/sms -ErrorVariable problems -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        Get-ErrorId $problems[0] | Should -Be 'UrlInvalid'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'reports an sms value that is not an object' {
        $m = [AmoWidget.AmoManifest]::Parse('{"locations": [], "sms": "https://x.test"}')
        $m | Set-AmoSms https://amowidget.test/sms -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ManifestShapeInvalid'
    }
}

Describe 'Set-AmoMobileCard' {
    It 'writes the documented mobile block and the mobile_card location' {
        $m = New-AmoManifest | Set-AmoMobileCard https://example.com/ -Color '#ffff00'
        Get-Block $m 'mobile' | Should -Be (Get-Shape '{ "frame_url": "https://example.com/", "color": "#ffff00" }')
        $m.Locations.Value | Should -Be @('mobile_card')
    }

    It 'keeps the colour when -Color is not given' {
        $m = New-AmoManifest | Set-AmoMobileCard https://example.com/ -Color '#ffff00' | Set-AmoMobileCard https://m.amowidget.test/
        Get-Block $m 'mobile' | Should -Be (Get-Shape '{ "frame_url": "https://m.amowidget.test/", "color": "#ffff00" }')
    }

    It 'reports a colour that is not #rrggbb' {
        New-AmoManifest | Set-AmoMobileCard https://example.com/ -Color yellow -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'ColorInvalid'
    }

    It 'reports a frame URL that is not absolute' {
        New-AmoManifest | Set-AmoMobileCard ./card.html -ErrorVariable problems -ErrorAction SilentlyContinue
        Get-ErrorId $problems[0] | Should -Be 'UrlInvalid'
    }
}

Describe 'Set-AmoFormsSettings' {
    It 'writes title, required and error_text as documented, and the amoforms location' {
        $m = New-AmoManifest | Set-AmoFormsSettings -Title amoforms.button -Required $true -ErrorText amoforms.press_first
        Get-Block $m 'amoforms_settings' | Should -Be (Get-Shape '{ "title": "amoforms.button", "required": true, "error_text": "amoforms.press_first" }')
        $m.Locations.Value | Should -Be @('amoforms')
    }

    It 'gives a new block the title amoforms.title and keeps a present one' {
        $m = New-AmoManifest | Set-AmoFormsSettings
        Get-Block $m 'amoforms_settings' | Should -Be (Get-Shape '{ "title": "amoforms.title" }')
        $m = $m | Set-AmoFormsSettings -Title forms.t | Set-AmoFormsSettings -Required $false
        Get-Block $m 'amoforms_settings' | Should -Be (Get-Shape '{ "title": "forms.t", "required": false }')
    }
}

Describe 'Add-AmoLeftMenuItem and Remove-AmoLeftMenuItem' {
    It 'writes the documented item: title, icon, sort.after, submenu' {
        $m = New-AmoManifest | Add-AmoLeftMenuItem my_page -Title lang.code -Icon images/home_page.svg -After leads -Submenu @{ code = 'reports'; title = 'lang.reports'; sort = 2 }
        Get-Block $m 'left_menu' | Should -Be (Get-Shape '{ "my_page": { "title": "lang.code", "icon": "images/home_page.svg", "sort": { "after": "leads" }, "submenu": { "reports": { "title": "lang.reports", "sort": 2 } } } }')
        $m.Locations.Value | Should -Be @('widget_page')
    }

    It 'keeps the light and dark icons of an item it updates' {
        $m = [AmoWidget.AmoManifest]::Parse('{"locations": ["widget_page"], "left_menu": {"sim": {"title": "left_menu.sim", "icons": {"light": "images/l.svg", "dark": "images/d.svg"}}}}')
        $null = $m | Add-AmoLeftMenuItem sim -After stats -WarningVariable warnings
        $m.ToJson() | Should -BeExactly '{"locations": ["widget_page"], "left_menu": {"sim": {"title": "left_menu.sim", "icons": {"light": "images/l.svg", "dark": "images/d.svg"}, "sort": {"after": "stats"}}}}'
        $warnings | Should -BeNullOrEmpty
    }

    It 'warns of an item without an icon and of an icon that is not SVG' {
        $null = New-AmoManifest | Add-AmoLeftMenuItem page -WarningVariable noIcon -WarningAction SilentlyContinue
        $noIcon[0].Message | Should -Match 'no icon'
        $null = New-AmoManifest | Add-AmoLeftMenuItem page -Icon images/logo_min.png -WarningVariable png -WarningAction SilentlyContinue
        $png[0].Message | Should -Match 'SVG'
    }

    It 'stops before any change on a bad -Submenu entry' {
        { New-AmoManifest | Add-AmoLeftMenuItem page -Submenu @{ title = 'x' } } | Should -Throw -ErrorId 'LeftMenuItemInvalid,AmoWidget.Commands.AddAmoLeftMenuItemCommand'
        { New-AmoManifest | Add-AmoLeftMenuItem page -Submenu @{ code = 'a'; sort = 'first' } } | Should -Throw -ErrorId 'LeftMenuItemInvalid,AmoWidget.Commands.AddAmoLeftMenuItemCommand'
        { New-AmoManifest | Add-AmoLeftMenuItem page -Submenu @{ code = 'a'; colour = 'red' } } | Should -Throw -ErrorId 'LeftMenuItemInvalid,AmoWidget.Commands.AddAmoLeftMenuItemCommand'
    }

    It 'refuses an -After that is no system section' {
        { New-AmoManifest | Add-AmoLeftMenuItem page -After kanban } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmoWidget.Commands.AddAmoLeftMenuItemCommand'
    }

    It 'removes items, and warns when none is left' {
        $m = New-AmoManifest | Add-AmoLeftMenuItem a -Icon images/a.svg | Add-AmoLeftMenuItem b -Icon images/b.svg
        $null = $m | Remove-AmoLeftMenuItem a, missing -WarningVariable first
        @($m.Root['left_menu'].Keys) | Should -Be @('b')
        $first | Should -BeNullOrEmpty
        $null = $m | Remove-AmoLeftMenuItem b -WarningVariable last -WarningAction SilentlyContinue
        $last[0].Message | Should -Match 'Remove-AmoLocation widget_page -RemoveBlock'
    }
}

Describe 'Set-AmoTour and Remove-AmoTour' {
    It 'writes the documented tour block' {
        $images = [ordered]@{ en = '/images/tour_1_en.png', '/images/tour_2_en.png', '/images/tour_3_en.png'; es = '/images/tour_1_es.png', '/images/tour_2_es.png', '/images/tour_3_es.png' }
        $m = New-AmoManifest -Locale en, es | Set-AmoTour -Image $images
        Get-Block $m 'tour' | Should -Be (Get-Shape '{ "is_tour": true, "tour_images": { "en": ["/images/tour_1_en.png", "/images/tour_2_en.png", "/images/tour_3_en.png"], "es": ["/images/tour_1_es.png", "/images/tour_2_es.png", "/images/tour_3_es.png"] }, "tour_description": "widget.tour_description" }')
    }

    It 'writes a plain hashtable''s languages in name order, and a single path as a list of one' {
        $m = New-AmoManifest | Set-AmoTour -Image @{ ru = '/images/ru.png'; en = '/images/en.png' }
        Get-Block $m 'tour' | Should -Be (Get-Shape '{ "is_tour": true, "tour_images": { "en": ["/images/en.png"], "ru": ["/images/ru.png"] }, "tour_description": "widget.tour_description" }')
    }

    It 'warns of a language widget.locale does not list' {
        $null = New-AmoManifest -Locale ru | Set-AmoTour -Image @{ pt = 'images/pt.png' } -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings[0].Message | Should -Match "'pt'"
    }

    It 'stops before any change on a language without images' {
        { New-AmoManifest | Set-AmoTour -Image @{ en = @() } } | Should -Throw -ErrorId 'TourImageInvalid,AmoWidget.Commands.SetAmoTourCommand'
    }

    It 'refuses a hashtable or a nested list where image paths go, instead of writing "[a, 1]" or "System.Object[]"' {
        foreach ($image in @{ ru = @{ a = 1 } }, @{ ru = 'images/a.png', @('images/b.png', 'images/c.png') }) {
            $m = New-AmoManifest
            $before = $m.ToString()
            { $m | Set-AmoTour -Image $image } | Should -Throw -ErrorId 'TourImageInvalid,AmoWidget.Commands.SetAmoTourCommand'
            $m.ToString() | Should -Be $before
        }
    }

    It 'removes the tour' {
        $m = New-AmoManifest | Set-AmoTour | Remove-AmoTour
        $m.Root['tour'] | Should -BeNullOrEmpty
        { $m | Remove-AmoTour -ErrorAction Stop } | Should -Not -Throw
    }
}

Describe 'Remove-AmoLocation and the block it leaves' {
    It 'warns that the block stays behind' {
        $m = New-AmoManifest | Set-AmoSms https://amowidget.test/sms
        $null = $m | Remove-AmoLocation sms -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings[0].Message | Should -Match "'sms' block stays behind"
        $m.Root['sms'] | Should -Not -BeNullOrEmpty
    }

    It 'removes the block with -RemoveBlock, even when the location was already gone' {
        $m = New-AmoManifest | Set-AmoDigitalPipeline -WebhookUrl https://amowidget.test/dp | Remove-AmoLocation digital_pipeline -RemoveBlock -WarningVariable warnings
        $m.Root['dp'] | Should -BeNullOrEmpty
        $warnings | Should -BeNullOrEmpty
        $m = New-AmoManifest | Add-AmoLeftMenuItem a -Icon images/a.svg | Remove-AmoLocation widget_page -WarningAction SilentlyContinue
        $m = $m | Remove-AmoLocation widget_page -RemoveBlock
        $m.Root['left_menu'] | Should -BeNullOrEmpty
    }
}

Describe 'A minified manifest (case 14)' {
    BeforeAll {
        $script:minified = [IO.File]::ReadAllText((Join-Path $script:Cases '14-minified-edit/manifest.json'))
    }

    BeforeEach {
        $dir = New-TestFolder
        Write-Utf8 (Join-Path $dir 'manifest.json') $script:minified
    }

    AfterEach { Remove-Item -LiteralPath $dir -Recurse -Force }

    It 'takes a setting with no space added' {
        Import-AmoManifest $dir | Add-AmoSetting api_key -Type text -Required | Export-AmoManifest
        $expected = $script:minified.Replace('"name":"settings.fakeConfig"}}', '"name":"settings.fakeConfig"},"api_key":{"name":"settings.api_key","type":"text","required":true}}')
        [IO.File]::ReadAllText((Join-Path $dir 'manifest.json')) | Should -BeExactly $expected
    }

    It 'takes a location, a version step and new blocks, and stays on one line without a space' {
        Import-AmoManifest $dir | Add-AmoLocation lcard -RightColumn $true | Step-AmoManifestVersion | Set-AmoSms https://sms.amowidget.test/in |
            Set-AmoTour -Image @{ ru = '/images/tour/ru/tour_2.png' } | Export-AmoManifest
        $text = [IO.File]::ReadAllText((Join-Path $dir 'manifest.json'))
        $expected = $script:minified.Replace('"version":"1.0.0"', '"version":"1.0.1"').
            Replace('"advanced_settings"]', '"advanced_settings","lcard-1","sms"]').
            Replace('"ru":["/images/tour/ru/tour_1.png"]', '"ru":["/images/tour/ru/tour_2.png"]').
            Replace('"advanced":{"title":"advanced.title"}}', '"advanced":{"title":"advanced.title"},"sms":{"endpoint":"https://sms.amowidget.test/in"}}')
        $text | Should -BeExactly $expected
    }
}

Describe 'New-AmoWidget with every block' {
    BeforeEach { $root = New-TestFolder }
    AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

    It 'writes amoforms.js, the SVG menu icon and the tour slides, and passes -Strict for amoCRM' {
        $w = Join-Path $root 'w'
        $null = New-AmoWidget $w -Location sms, mobile_card, amoforms, widget_page, settings -SupportEmail dev@amowidget.test -SupportLink https://amowidget.test/help -SmsEndpoint https://sms.amowidget.test/in -MobileFrameUrl https://m.amowidget.test/
        Get-Content -Raw (Join-Path $w 'amoforms.js') | Should -Match 'amoFormsWidget\('
        Get-Content -Raw (Join-Path $w 'images/left_menu.svg') | Should -Match '^<svg '
        Get-PngSize (Join-Path $w 'images/tour_1_ru.png') | Should -Be '1188x616'
        Get-PngSize (Join-Path $w 'images/tour_1_en.png') | Should -Be '1188x616'
        $m = Import-AmoManifest $w
        $m.Locations.Value | Should -Be @('sms', 'mobile_card', 'amoforms', 'widget_page', 'settings')
        Get-Block $m 'tour' | Should -Be (Get-Shape '{ "is_tour": true, "tour_images": { "ru": ["images/tour_1_ru.png"], "en": ["images/tour_1_en.png"] }, "tour_description": "widget.tour_description" }')
        Get-Block $m 'left_menu' | Should -Be (Get-Shape '{ "main": { "title": "left_menu.main", "icon": "images/left_menu.svg" } }')
        Test-AmoWidget $w -Strict -Platform AmoCrm | Should -BeTrue
        Test-AmoWidget $w -Strict | Should -BeTrue
        Test-AmoWidget (Compress-AmoWidget $w).FullName -Strict -Platform AmoCrm | Should -BeTrue
    }

    It 'passes -Strict for Kommo in the Kommo languages' {
        $w = Join-Path $root 'w'
        $null = New-AmoWidget $w -Location sms, mobile_card, widget_page, salesbot_designer, settings -Locale en, es, pt, tr, id -SupportLink https://amowidget.test/help -SmsEndpoint https://sms.amowidget.test/in -MobileFrameUrl https://m.amowidget.test/
        @(Get-ChildItem (Join-Path $w 'images') -Filter 'tour_1_*.png').Count | Should -Be 5
        Test-AmoWidget $w -Strict -Platform Kommo | Should -BeTrue
    }

    It 'warns, for an amoCRM widget, of the support field that is not given' {
        $null = New-AmoWidget (Join-Path $root 'w') -SupportEmail dev@amowidget.test -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings.Message -join "`n") | Should -Match 'no link: Kommo accepts that, but amoCRM requires both'
    }
}

Describe 'Compress-AmoWidget and the archive''s name (case 05)' {
    BeforeEach {
        $root = New-TestFolder
        $w = New-DocsWidget (Join-Path $root 'excel-export')
    }

    AfterEach { Remove-Item -LiteralPath $root -Recurse -Force }

    It 'warns when the archive is not named widget.zip, and writes it as asked' {
        $zip = Compress-AmoWidget $w -DestinationPath (Join-Path $root 'excel-export-widget.zip') -WarningVariable warnings -WarningAction SilentlyContinue
        $zip.Name | Should -Be 'excel-export-widget.zip'
        @($warnings.Message -match 'must be called widget.zip').Count | Should -Be 1
        (Test-AmoWidget $zip.FullName -Detailed).RuleName | Should -Be @('AmoArchiveName')
    }

    It 'says nothing of the name for widget.zip' {
        $zip = Compress-AmoWidget $w -WarningVariable warnings
        $zip.Name | Should -Be 'widget.zip'
        $warnings | Should -BeNullOrEmpty
        Test-AmoWidget $zip.FullName -Strict | Should -BeTrue
    }
}
