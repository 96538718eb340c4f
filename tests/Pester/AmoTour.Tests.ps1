# Set-AmoTour and Remove-AmoTour as a pwsh user runs them: the tour block, blocks exactly as manifest-reference.md §11 shows them.

BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Set-AmoTour' {
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
}

Describe 'Remove-AmoTour' {
    It 'removes the tour' {
        $m = New-AmoManifest | Set-AmoTour | Remove-AmoTour
        $m.Root['tour'] | Should -BeNullOrEmpty
        { $m | Remove-AmoTour -ErrorAction Stop } | Should -Not -Throw
    }
}
