# Run against the standalone emulator and the built module (./build.ps1 Build first):
#   Invoke-Pester tests/pester/Connect-Sekoia.Tests.ps1
BeforeAll {
    . "$PSScriptRoot/Sekoia.TestHelpers.ps1"
    . "$PSScriptRoot/Runspace.TestSupport.ps1"
    $emulator = Start-SekoiaEmulator
}

AfterAll {
    Disconnect-Sekoia
    Stop-TestEmulator $emulator
}

Describe 'Connect-Sekoia' {
    It 'checks the key with /v1/me and returns a session that names the user, not the key' {
        $session = Connect-Sekoia -ApiBaseUri $emulator.ApiBaseUri -ApiKey $emulator.ApiKey -PassThru

        $session.User | Should -Be 'Emulated Analyst <analyst@example.com>'
        $session.BaseUri.AbsoluteUri | Should -Be "$($emulator.ApiBaseUri)"
        "$session" | Should -Not -Match 'sekoia-emulator-api-key'
        @(Get-EmulatorRequest $emulator 'sekoia.me').Count | Should -BeGreaterThan 0
    }

    It 'says whom the key belongs to in an information record, never the key' {
        Connect-Sekoia -ApiBaseUri $emulator.ApiBaseUri -ApiKey $emulator.ApiKey -InformationVariable said 6>$null

        $said.Count | Should -Be 1
        $said[0].Tags | Should -Contain 'PSSecurityFeeds'
        "$($said[0].MessageData)" | Should -Be "Connected to Sekoia.io $($emulator.ApiBaseUri) as Emulated Analyst <analyst@example.com>."
    }

    It 'writes one verbose line per HTTP attempt of the key check, without the key' {
        Add-EmulatorFault $emulator 'sekoia.me' @{ status = 429; retryAfter = '0' }

        $verbose = @(Connect-Sekoia -ApiBaseUri $emulator.ApiBaseUri -ApiKey $emulator.ApiKey -Verbose 4>&1 6>$null) -match '/v1/me ->'

        $verbose.Count | Should -Be 2
        "$($verbose[0])" | Should -Match '^GET http://127\.0\.0\.1:\d+/sekoia/v1/me -> 429 .*\(attempt 1 of 6\)$'
        "$($verbose[1])" | Should -Match '-> 200 .*\(attempt 2 of 6\)$'
        ($verbose -join "`n") | Should -Not -Match 'sekoia-emulator-api-key'
    }

    It 'gives a session with -PassThru that works with -Session in another runspace, which has no default of its own' {
        $session = Connect-Sekoia -ApiBaseUri $emulator.ApiBaseUri -ApiKey $emulator.ApiKey -PassThru 6>$null

        $other = Invoke-InNewRunspace -Parameters @{ Session = $session } {
            param($Session)
            (Start-SekoiaSearchJob -Query 'emulator:total=3' -Earliest -1h -Session $Session).Uuid
            try { Start-SekoiaSearchJob -Query '*' -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }
        }

        $other.Output[0] | Should -Match '^[0-9a-f-]{36}$'
        $other.Output[1] | Should -Be 'NotConnected,PSSecurityFeeds.Sekoia.StartSekoiaSearchJobCommand'
    }

    It 'makes the session the default for the other cmdlets' {
        Connect-Sekoia -ApiBaseUri $emulator.ApiBaseUri -ApiKey $emulator.ApiKey
        $job = Start-SekoiaSearchJob -Query 'emulator:total=3' -Earliest '-1h'

        $job.Uuid | Should -Not -BeNullOrEmpty
    }

    It 'reads the key from SEKOIA_API_KEY when -ApiKey is not given' {
        $env:SEKOIA_API_KEY = 'sekoia-emulator-api-key'
        try {
            $session = Connect-Sekoia -ApiBaseUri $emulator.ApiBaseUri -PassThru
            $session.User | Should -Not -BeNullOrEmpty
        } finally {
            Remove-Item Env:SEKOIA_API_KEY
        }
    }

    It 'fails with SekoiaUnauthorized for a wrong key, without showing it' {
        $wrong = ConvertTo-SecureString 'not-the-right-key' -AsPlainText -Force

        $failure = { Connect-Sekoia -ApiBaseUri $emulator.ApiBaseUri -ApiKey $wrong } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike 'SekoiaUnauthorized*'
        $failure.Exception.Message | Should -Not -Match 'not-the-right-key'
    }

    It 'refuses plain http to a host that is not loopback before sending anything' {
        { Connect-Sekoia -ApiBaseUri 'http://sekoia.example.com' -ApiKey $emulator.ApiKey } |
            Should -Throw -ErrorId 'InsecureEndpoint*'
    }
}

Describe 'Disconnect-Sekoia' {
    It 'forgets the session, so data cmdlets ask to connect' {
        Connect-Sekoia -ApiBaseUri $emulator.ApiBaseUri -ApiKey $emulator.ApiKey
        "$(Disconnect-Sekoia -Verbose 4>&1)" | Should -BeLike 'Disconnected: Sekoia.io *'

        { Get-SekoiaSearchJob -Uuid 'any' } | Should -Throw -ErrorId 'NotConnected*'
    }
}
