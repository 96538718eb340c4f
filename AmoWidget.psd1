@{
    RootModule             = 'AmoWidget.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '5f0c6f4e-8a7d-4a51-9a53-2f7f7f1d6b3e'
    Author                 = 'AmoWidget contributors'
    CompanyName            = 'AmoWidget contributors'
    Copyright              = '(c) AmoWidget contributors. MIT License.'
    Description            = 'Create, edit, validate, scaffold and package amoCRM / Kommo widgets (manifest.json, widget.zip), and script the account API: widgets, install, uninstall, pipelines, lead-source bindings.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('AmoWidget.Format.ps1xml')
    CmdletsToExport        = @(
        'New-AmoManifest'
        'Import-AmoManifest'
        'Export-AmoManifest'
        'Set-AmoManifest'
        'Step-AmoManifestVersion'
        'Get-AmoLocation'
        'Add-AmoLocation'
        'Remove-AmoLocation'
        'Add-AmoSetting'
        'Remove-AmoSetting'
        'Set-AmoDigitalPipeline'
        'Add-AmoDpSetting'
        'Set-AmoAdvancedSettings'
        'Add-AmoSalesbotHandler'
        'Set-AmoSms'
        'Set-AmoMobileCard'
        'Set-AmoFormsSettings'
        'Add-AmoLeftMenuItem'
        'Remove-AmoLeftMenuItem'
        'Set-AmoTour'
        'Remove-AmoTour'
        'Test-AmoManifest'
        'Test-AmoWidget'
        'Get-AmoRule'
        'New-AmoWidget'
        'Compress-AmoWidget'
        'Connect-AmoAccount'
        'Disconnect-AmoAccount'
        'Get-AmoAccount'
        'Get-AmoWidget'
        'Get-AmoWidgetPipeline'
        'Get-AmoPipeline'
        'Install-AmoWidget'
        'Uninstall-AmoWidget'
        'Invoke-AmoRestMethod'
        'Invoke-AmoWidgetCallback'
        'Start-AmoWidgetServer'
        'Get-AmoWidgetServer'
        'Stop-AmoWidgetServer'
        'Send-AmoDpWebhook'
        'Send-AmoSalesbotRequest'
        'Send-AmoSmsRequest'
        'Send-AmoInstallWebhook'
        'Start-AmoHookRecorder'
        'Stop-AmoHookRecorder'
        'Invoke-AmoHookReplay'
        'Export-AmoDiagnostic'
        'Assert-AmoWidget'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('amoCRM', 'Kommo', 'widget', 'manifest', 'CRM', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            # The MIT licence, as in the LICENSE file the package carries beside this psd1.
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            # ProjectUri is left out on purpose: the project has no public home yet, and an address it does not own
            # would send users somewhere else. Add it when there is one.
            ReleaseNotes = '0.1.0: the first release. Manifest cmdlets that edit manifest.json in place through the pipeline; Test-AmoManifest, Test-AmoWidget and Get-AmoRule check a manifest, a widget folder or a widget.zip as the uploader and moderator would; New-AmoWidget scaffolds a complete widget and Compress-AmoWidget packs a reproducible widget.zip; the block cmdlets (dp, advanced, salesbot_designer, sms, mobile, left_menu, tour, amoforms_settings); the developer''s loop (Start-AmoWidgetServer serves live code to a -DevLoader package, Send-AmoDpWebhook, Send-AmoSalesbotRequest and Send-AmoSmsRequest play the platform''s requests, Export-AmoDiagnostic and Assert-AmoWidget report to CI); the account API cmdlets list, install and uninstall widgets and find lead-source pipelines, paced to the platform''s limit and following an account that moved. Every failure is an ErrorRecord with an AmoWidget ErrorId; hostile files, links, FIFOs and zips are findings, never hangs.'
        }
    }
}
