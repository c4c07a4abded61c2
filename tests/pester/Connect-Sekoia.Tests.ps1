# Run against the standalone emulator and the built module (./build.ps1 Build first):
#   Invoke-Pester tests/pester/Connect-Sekoia.Tests.ps1
BeforeAll {
    . "$PSScriptRoot/Sekoia.TestHelpers.ps1"
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
        Disconnect-Sekoia

        { Get-SekoiaSearchJob -Uuid 'any' } | Should -Throw -ErrorId 'NotConnected*'
    }
}
