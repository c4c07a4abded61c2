# Every Connect-* with the same connection cases (10 item 1, 6; 12 item 7), one parameterised test per case over
# the three vendors: -Proxy and -ProxyCredential through the emulator's counting forward proxy,
# -MaximumRetryCount, -TimeoutSec, a wrong address reported within seconds, what Connect-* prints, and what a
# session shows. Build first (./build.ps1 Build), then: Invoke-Pester tests/pester/Connections.Tests.ps1

BeforeDiscovery {
    # The vendor, the emulator route its Connect-* calls to check the endpoint, and its error id for a wrong address.
    $script:Vendors = @(
        @{ Vendor = 'SigSci'; Route = 'sigsci.corp'; Unreachable = 'SigSciUnreachable' }
        @{ Vendor = 'AkamaiSiem'; Route = 'akamai.probe'; Unreachable = 'AkamaiUnreachable' }
        @{ Vendor = 'Sekoia'; Route = 'sekoia.me'; Unreachable = 'SekoiaUnreachable' }
    )
}

BeforeAll {
    . "$PSScriptRoot/Emulator.TestSupport.ps1"
    . "$PSScriptRoot/SigSci.TestSupport.ps1"
    $script:emulator = Start-TestEmulator

    # Connects to a vendor of the emulator, at -Address (the emulator by default), with the common parameters given.
    function Connect-EmulatedVendor {
        param([string] $Vendor, [string] $Address = $emulator.BaseUri, [hashtable] $Common = @{})
        switch ($Vendor) {
            'SigSci' { Connect-SigSci -Corp testcorp -Email $SigSciEmail -ApiToken (Get-SigSciTestToken) -ApiBaseUri $Address @Common }
            'AkamaiSiem' {
                Connect-AkamaiSiem -HostName $Address -ClientToken 'akab-emulator-client-token-0001' -AccessToken 'akab-emulator-access-token-0001' `
                    -ClientSecret (ConvertTo-SecureString 'ZW11bGF0b3ItY2xpZW50LXNlY3JldA==' -AsPlainText -Force) @Common
            }
            'Sekoia' { Connect-Sekoia -ApiBaseUri "$Address/sekoia" -ApiKey (ConvertTo-SecureString 'sekoia-emulator-api-key' -AsPlainText -Force) @Common }
        }
    }

    # One data request on the vendor's default session.
    function Invoke-EmulatedVendorData {
        param([string] $Vendor)
        switch ($Vendor) {
            'SigSci' { $null = Get-SigSciFeed -Site www -From (Get-Date).AddMinutes(-20) -Until (Get-Date).AddMinutes(-10) -AlignToMinute }
            'AkamaiSiem' { $null = Get-AkamaiSiemEvent -ConfigId 14227 -Limit 1 }
            'Sekoia' { $null = Start-SekoiaSearchJob -Query 'emulator:total=1' -Earliest '-1h' }
        }
    }

    function Get-RouteRequest { param([string] $Route) @(Get-EmulatorRequest $emulator $Route) }
}

AfterAll {
    Disconnect-SigSci; Disconnect-AkamaiSiem; Disconnect-Sekoia
    Stop-TestEmulator $emulator
}

Describe 'Connect-<Vendor> honours the common connection parameters' -ForEach $Vendors {
    BeforeEach {
        Clear-EmulatorFault $emulator
        Clear-EmulatorRequest $emulator
        Reset-EmulatorProxy $emulator
    }

    It 'sends the connect check and the data requests through -Proxy' {
        Connect-EmulatedVendor $Vendor -Common @{ Proxy = $emulator.ProxyUri }
        Invoke-EmulatedVendorData $Vendor

        $proxied = @(Get-EmulatorProxyRequest $emulator)
        $proxied.Count | Should -BeGreaterOrEqual 2
        $proxied.target | Should -BeLike "$($emulator.BaseUri)/*"
        (Get-RouteRequest $Route).Count | Should -Be 1
    }

    It 'sends -ProxyCredential when the proxy asks, and says ProxyAuthenticationRequired without it' {
        Set-EmulatorProxyCredential $emulator -User soc -Password 'proxy-pass-1'
        $credential = [pscredential]::new('soc', (ConvertTo-SecureString 'proxy-pass-1' -AsPlainText -Force))

        { Connect-EmulatedVendor $Vendor -Common @{ Proxy = $emulator.ProxyUri } } | Should -Throw -ErrorId 'ProxyAuthenticationRequired,*'
        Connect-EmulatedVendor $Vendor -Common @{ Proxy = $emulator.ProxyUri; ProxyCredential = $credential }

        (Get-EmulatorProxyRequest $emulator).proxyUser | Should -Contain 'soc'
        (Get-RouteRequest $Route).Count | Should -Be 1
    }

    It 'reports a proxy at a closed port within 5 s and reaches nothing' {
        $watch = [Diagnostics.Stopwatch]::StartNew()

        { Connect-EmulatedVendor $Vendor -Common @{ Proxy = (Get-ClosedLoopbackUri) } } | Should -Throw -ErrorId "$Unreachable,*"

        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        @(Get-EmulatorVendorRequest $emulator).Count | Should -Be 0
    }

    It 'reports a wrong address (a closed port) within 5 s, saying which parameter to check' {
        $watch = [Diagnostics.Stopwatch]::StartNew()

        $failure = { Connect-EmulatedVendor $Vendor -Address (Get-ClosedLoopbackUri) } | Should -Throw -ErrorId "$Unreachable,*" -PassThru

        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        $failure.CategoryInfo.Category | Should -Be 'ConnectionError'
        $failure.Exception.Message | Should -Match 'refused'
        $failure.Exception.Message | Should -Match '-HostName|-ApiBaseUri'
    }

    It 'makes -MaximumRetryCount + 1 attempts at a server that answers 503' -TestCases @(@{ Retries = 0 }, @{ Retries = 1 }) {
        Add-EmulatorFault $emulator $Route @(@{ status = 503 }, @{ status = 503 }, @{ status = 503 })

        try { Connect-EmulatedVendor $Vendor -Common @{ MaximumRetryCount = $Retries } } catch { }

        (Get-RouteRequest $Route).Count | Should -Be ($Retries + 1)
    }

    It 'gives up on a server slower than -TimeoutSec with HttpTimeout' {
        Add-EmulatorFault $emulator $Route @(@{ delay = '00:00:04' })
        $watch = [Diagnostics.Stopwatch]::StartNew()

        $failure = { Connect-EmulatedVendor $Vendor -Common @{ TimeoutSec = 1; MaximumRetryCount = 0 } } | Should -Throw -ErrorId 'HttpTimeout,*' -PassThru

        $watch.Elapsed.TotalSeconds | Should -BeLessThan 3.5
        $failure.CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'prints nothing; one information record that -InformationAction controls says where it connected' {
        # Every stream merged: the default InformationAction (SilentlyContinue) records without showing.
        $written = @(Connect-EmulatedVendor $Vendor *>&1)
        $written.Count | Should -Be 1
        $written[0] | Should -BeOfType ([System.Management.Automation.InformationRecord])
        $written[0].Tags | Should -Contain 'PSSecurityFeeds'
        "$($written[0].MessageData)" | Should -BeLike 'Connected to *'

        @(Connect-EmulatedVendor $Vendor -Common @{ InformationAction = 'Ignore' } *>&1).Count | Should -Be 0
    }

    It 'returns with -PassThru a session that shows vendor, endpoint, user and time, and nothing internal' {
        $session = Connect-EmulatedVendor $Vendor -Common @{ PassThru = $true; Proxy = $emulator.ProxyUri }

        $names = $session.PSObject.Properties.Name
        $names | Should -Contain 'Vendor'
        $names | Should -Contain 'BaseUri'
        $names | Should -Contain 'User'
        $names | Should -Contain 'ConnectedAt'
        $session.User | Should -Not -BeNullOrEmpty
        $session.ConnectedAt.Offset | Should -Be ([TimeSpan]::Zero)
        foreach ($internal in 'Pipeline', 'Options', 'Redactor', 'RateLimiter', 'Search', 'Export', 'Credential', 'ProxyCredential', 'IsDisposed') {
            $names | Should -Not -Contain $internal
        }
        ($session | ConvertTo-Json -Depth 10) | Should -Not -Match 'Proxy'
    }
}
