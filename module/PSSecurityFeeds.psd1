@{
    RootModule           = 'PSSecurityFeeds.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0b7a3e-2d4c-4f7e-9a51-3c8e1d2b7f40'
    Author               = 'PSSecurityFeeds contributors'
    CompanyName          = 'PSSecurityFeeds'
    Copyright            = '(c) PSSecurityFeeds contributors. MIT License.'
    Description          = 'Pulls security events from the Signal Sciences (Fastly NGWAF) request feed, the Akamai SIEM API and Sekoia.io search and export, and emits rich objects down the pipeline.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('PSSecurityFeeds.Format.ps1xml')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    CmdletsToExport      = @(
        # Akamai SIEM
        'Connect-AkamaiSiem', 'Disconnect-AkamaiSiem', 'Get-AkamaiSiemEvent'

        # Signal Sciences
        'Connect-SigSci', 'Disconnect-SigSci', 'Get-SigSciFeed', 'Get-SigSciSite'

        # Sekoia.io
        'Connect-Sekoia', 'Disconnect-Sekoia', 'Start-SekoiaSearchJob', 'Get-SekoiaSearchJob', 'Wait-SekoiaSearchJob', 'Get-SekoiaEvent', 'Export-SekoiaEvent'

        # The vendor emulator, for trying the module and testing pipelines without vendor accounts
        'Start-PSSecurityFeedsEmulator', 'Stop-PSSecurityFeedsEmulator'
    )
    AliasesToExport      = @(
        # Sekoia.io
        'Export-SekoiaEvents'
    )
    PrivateData          = @{
        PSData = @{
            Tags         = @('Security', 'SIEM', 'Akamai', 'SignalSciences', 'Fastly', 'Sekoia', 'WAF', 'SOC')
            ProjectUri   = 'https://github.com/PSSecurityFeeds/PSSecurityFeeds'
            LicenseUri   = 'https://github.com/PSSecurityFeeds/PSSecurityFeeds/blob/main/LICENSE'
            ReleaseNotes = 'https://github.com/PSSecurityFeeds/PSSecurityFeeds/blob/main/CHANGELOG.md'
        }
    }
}
