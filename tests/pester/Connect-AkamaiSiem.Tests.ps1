#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Connect-AkamaiSiem / Disconnect-AkamaiSiem as a user runs them, against the standalone emulator.
# Build first (build.ps1 Package -> out/PSSecurityFeeds), then: Invoke-Pester tests/pester/Connect-AkamaiSiem.Tests.ps1

BeforeAll {
    . "$PSScriptRoot/Emulator.TestSupport.ps1"
    . "$PSScriptRoot/Runspace.TestSupport.ps1"
    $script:emulator = Start-TestEmulator
    $script:baseUri = $emulator.BaseUri

    # The emulator's API client (tests/PSSecurityFeeds.Emulator/Akamai/AkamaiSiemState.cs).
    $script:clientToken = 'akab-emulator-client-token-0001'
    $script:accessToken = 'akab-emulator-access-token-0001'
    $script:secretText = 'ZW11bGF0b3ItY2xpZW50LXNlY3JldA=='
    $script:secret = ConvertTo-SecureString $secretText -AsPlainText -Force
}

AfterAll {
    Disconnect-AkamaiSiem -ErrorAction SilentlyContinue
    Stop-TestEmulator $emulator
}

Describe 'Connect-AkamaiSiem' {
    AfterEach { Disconnect-AkamaiSiem }

    It 'connects with explicit parameters and returns the session with -PassThru, without the secret' {
        $session = Connect-AkamaiSiem -HostName $baseUri -ClientToken $clientToken -ClientSecret $secret -AccessToken $accessToken -PassThru

        $session.Vendor | Should -Be 'Akamai SIEM'
        $session.BaseUri.AbsoluteUri | Should -Be "$baseUri/"
        $session.ClientToken | Should -Be $clientToken
        "$session" | Should -Not -Match ([regex]::Escape($secretText))
        ($session | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($secretText))
        ($session | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($accessToken))
    }

    It 'says in its verbose output where the credential came from, and each HTTP attempt, never the secret' {
        $verbose = @(Connect-AkamaiSiem -HostName $baseUri -ClientToken $clientToken -ClientSecret $secret -AccessToken $accessToken -Verbose 4>&1 6>$null)

        $verbose[0] | Should -Match '^EdgeGrid credential from parameters'
        @($verbose -match ' -> ').Count | Should -Be 1
        ($verbose -match ' -> ') | Should -Match '^HEAD http://127\.0\.0\.1:\d+/siem/v1/configs -> \d{3} .*\(attempt 1 of 6\)$'
        ($verbose -join "`n") | Should -Not -Match ([regex]::Escape($secretText))
        ($verbose -join "`n") | Should -Not -Match ([regex]::Escape($accessToken))
    }

    It 'gives a session with -PassThru that works with -Session in another runspace, which has no default of its own' {
        $session = Connect-AkamaiSiem -HostName $baseUri -ClientToken $clientToken -ClientSecret $secret -AccessToken $accessToken -PassThru

        $other = Invoke-InNewRunspace -Parameters @{ Session = $session } {
            param($Session)
            @(Get-AkamaiSiemEvent -ConfigId 14227 -Limit 3 -Session $Session).Count
            try { Get-AkamaiSiemEvent -ConfigId 14227 -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }
        }

        $other.Output[0] | Should -BeGreaterOrEqual 3
        $other.Output[1] | Should -Be 'NotConnected,PSSecurityFeeds.Akamai.GetAkamaiSiemEventCommand'
    }

    It 'makes the session the runspace default, which Get-AkamaiSiemEvent then uses' {
        Connect-AkamaiSiem -HostName $baseUri -ClientToken $clientToken -ClientSecret $secret -AccessToken $accessToken
        @(Get-AkamaiSiemEvent -ConfigId 14227 -Limit 5).Count | Should -BeGreaterOrEqual 5
    }

    It 'reads a section of an .edgerc file with quotes and inline comments' {
        $edgerc = Join-Path $TestDrive '.edgerc'
        @(
            '[default]'
            'host = akab-not-used.luna.akamaiapis.net'
            'client_token = nope'
            'client_secret = nope'
            'access_token = nope'
            ''
            '[siem]'
            "host = $baseUri   ; the emulator"
            "client_token = `"$clientToken`""
            "client_secret = $secretText"
            "access_token = '$accessToken' ; quoted"
            'max-body = 4096'
        ) | Set-Content -LiteralPath $edgerc

        $session = Connect-AkamaiSiem -EdgeRcPath $edgerc -Section siem -PassThru
        $session.CredentialSource | Should -Match '\[siem\]'
        @(Get-AkamaiSiemEvent -ConfigId 14227 -Limit 3).Count | Should -BeGreaterOrEqual 3
    }

    It 'lets -HostName override the host of the .edgerc section' {
        $edgerc = Join-Path $TestDrive 'override.edgerc'
        @('[default]', 'host = akab-real.luna.akamaiapis.net', "client_token = $clientToken", "client_secret = $secretText", "access_token = $accessToken") | Set-Content -LiteralPath $edgerc

        (Connect-AkamaiSiem -EdgeRcPath $edgerc -HostName $baseUri -PassThru).BaseUri.Port | Should -Be $emulator.Port
    }

    It 'uses the AKAMAI_<SECTION>_* environment variables' {
        $env:AKAMAI_PESTER_HOST = $baseUri
        $env:AKAMAI_PESTER_CLIENT_TOKEN = $clientToken
        $env:AKAMAI_PESTER_CLIENT_SECRET = $secretText
        $env:AKAMAI_PESTER_ACCESS_TOKEN = $accessToken
        try {
            $session = Connect-AkamaiSiem -Section pester -PassThru
            $session.CredentialSource | Should -Match 'AKAMAI_PESTER_'
        }
        finally {
            Remove-Item Env:AKAMAI_PESTER_HOST, Env:AKAMAI_PESTER_CLIENT_TOKEN, Env:AKAMAI_PESTER_CLIENT_SECRET, Env:AKAMAI_PESTER_ACCESS_TOKEN
        }
    }

    It 'names the file, the section and the missing key, never the secret' {
        $edgerc = Join-Path $TestDrive 'partial.edgerc'
        @('[default]', "host = $baseUri", "client_secret = $secretText", "client_token = $clientToken") | Set-Content -LiteralPath $edgerc

        { Connect-AkamaiSiem -EdgeRcPath $edgerc -Section missing } | Should -Throw -ErrorId 'EdgeRcSectionNotFound,PSSecurityFeeds.Akamai.ConnectAkamaiSiemCommand'
        $failure = { Connect-AkamaiSiem -EdgeRcPath $edgerc } | Should -Throw -ErrorId 'EdgeRcKeyMissing,PSSecurityFeeds.Akamai.ConnectAkamaiSiemCommand' -PassThru
        $failure.Exception.Message | Should -Match 'access_token'
        $failure.Exception.Message | Should -Match ([regex]::Escape($edgerc))
        $failure.Exception.Message | Should -Not -Match ([regex]::Escape($secretText))
    }

    It 'refuses plain http to a host that is not loopback' {
        { Connect-AkamaiSiem -HostName 'http://siem.example.com' -ClientToken $clientToken -ClientSecret $secret -AccessToken $accessToken } |
            Should -Throw -ErrorId 'InsecureEndpoint,PSSecurityFeeds.Akamai.ConnectAkamaiSiemCommand'
    }

    It 'surfaces a wrong secret as an EdgeGrid error on the first request' {
        $wrong = ConvertTo-SecureString 'd3Jvbmctc2VjcmV0LXZhbHVlLWZvci10ZXN0' -AsPlainText -Force
        Connect-AkamaiSiem -HostName $baseUri -ClientToken $clientToken -ClientSecret $wrong -AccessToken $accessToken
        { Get-AkamaiSiemEvent -ConfigId 14227 -Limit 1 } | Should -Throw -ErrorId 'AkamaiUnauthorized,PSSecurityFeeds.Akamai.GetAkamaiSiemEventCommand'
    }
}

Describe 'Disconnect-AkamaiSiem' {
    It 'forgets the default session so the next Get-AkamaiSiemEvent says how to connect' {
        Connect-AkamaiSiem -HostName $baseUri -ClientToken $clientToken -ClientSecret $secret -AccessToken $accessToken
        Disconnect-AkamaiSiem
        { Get-AkamaiSiemEvent -ConfigId 14227 } | Should -Throw -ErrorId 'NotConnected,PSSecurityFeeds.Akamai.GetAkamaiSiemEventCommand'
    }

    It 'closes a session so -Session with it fails clearly' {
        $session = Connect-AkamaiSiem -HostName $baseUri -ClientToken $clientToken -ClientSecret $secret -AccessToken $accessToken -PassThru
        Disconnect-AkamaiSiem
        { Get-AkamaiSiemEvent -ConfigId 14227 -Session $session } | Should -Throw '*disconnected*'
    }

    It 'does nothing when there is no session, and says so with -Verbose' {
        "$(Disconnect-AkamaiSiem -Verbose 4>&1)" | Should -Be 'No session to disconnect.'
    }
}
