#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Connect-SigSci and Disconnect-SigSci as a user runs them, against the standalone emulator
# and the built module (./build.ps1 Build first); see SigSci.TestSupport.ps1.

BeforeAll {
    . "$PSScriptRoot/SigSci.TestSupport.ps1"
    $script:emulator = Start-TestEmulator
    $script:base = $emulator.BaseUri
    $script:email = $SigSciEmail
    $script:tokenText = $SigSciTokenText
    $script:token = Get-SigSciTestToken
}

AfterAll {
    Disconnect-SigSci -ErrorAction SilentlyContinue
    Remove-Item Env:SIGSCI_EMAIL, Env:SIGSCI_API_TOKEN -ErrorAction SilentlyContinue
    Stop-TestEmulator $emulator
}

Describe 'Connect-SigSci' {
    AfterEach {
        Disconnect-SigSci -ErrorAction SilentlyContinue
        Remove-Item Env:SIGSCI_EMAIL, Env:SIGSCI_API_TOKEN -ErrorAction SilentlyContinue
    }

    It 'connects with an API token and returns a session that shows no secret' {
        $session = Connect-SigSci -Corp testcorp -Email $email -ApiToken $token -ApiBaseUri $base -PassThru

        $session.Corp | Should -Be 'testcorp'
        $session.AuthMode | Should -Be 'ApiToken'
        $session.ToString() | Should -Not -Match $tokenText
        ($session | Format-List * | Out-String) | Should -Not -Match $tokenText
        (Get-EmulatorRequest $emulator 'sigsci.corp' | Select-Object -Last 1).headers.'X-API-User' | Should -Be $email
    }

    It 'writes no token in its verbose output' {
        $verbose = Connect-SigSci -Corp testcorp -Email $email -ApiToken $token -ApiBaseUri $base -Verbose 4>&1

        $verbose | Should -Not -BeNullOrEmpty
        ($verbose | Out-String) | Should -Not -Match $tokenText
    }

    It 'takes the credential from SIGSCI_EMAIL and SIGSCI_API_TOKEN' {
        $env:SIGSCI_EMAIL = $email
        $env:SIGSCI_API_TOKEN = $tokenText

        $session = Connect-SigSci -Corp testcorp -ApiBaseUri $base -PassThru

        $session.Email | Should -Be $email
    }

    It 'says what to give when there is no credential at all' {
        Remove-Item Env:SIGSCI_EMAIL, Env:SIGSCI_API_TOKEN -ErrorAction SilentlyContinue

        { Connect-SigSci -Corp testcorp -ApiBaseUri $base } |
            Should -Throw -ErrorId 'SigSciCredentialMissing,PSSecurityFeeds.SigSci.ConnectSigSciCommand'
    }

    It 'fails clearly on a wrong token, checked once at connect' {
        $before = @(Get-EmulatorRequest $emulator 'sigsci.corp').Count
        $wrong = ConvertTo-SecureString 'not-the-token' -AsPlainText -Force

        { Connect-SigSci -Corp testcorp -Email $email -ApiToken $wrong -ApiBaseUri $base } |
            Should -Throw -ErrorId 'SigSciAuthenticationFailed,PSSecurityFeeds.SigSci.ConnectSigSciCommand'
        @(Get-EmulatorRequest $emulator 'sigsci.corp').Count | Should -Be ($before + 1)
    }

    It 'fails clearly on an unknown corp' {
        { Connect-SigSci -Corp nosuchcorp -Email $email -ApiToken $token -ApiBaseUri $base } |
            Should -Throw -ErrorId 'SigSciCorpNotFound,PSSecurityFeeds.SigSci.ConnectSigSciCommand'
    }

    It 'refuses plain http to a host that is not loopback, before sending anything' {
        { Connect-SigSci -Corp testcorp -Email $email -ApiToken $token -ApiBaseUri 'http://dashboard.example.com' } |
            Should -Throw -ErrorId 'InsecureEndpoint,PSSecurityFeeds.SigSci.ConnectSigSciCommand'
    }

    It 'logs in with a password and Disconnect-SigSci logs the bearer token out' {
        $credential = [pscredential]::new($email, (ConvertTo-SecureString $SigSciPassword -AsPlainText -Force))
        $logoutsBefore = @(Get-EmulatorRequest $emulator 'sigsci.logout').Count

        $session = Connect-SigSci -Corp testcorp -Credential $credential -ApiBaseUri $base -PassThru
        Disconnect-SigSci

        $session.AuthMode | Should -Be 'Password'
        (Get-EmulatorRequest $emulator 'sigsci.corp' | Select-Object -Last 1).headers.Authorization | Should -BeLike 'Bearer *'
        @(Get-EmulatorRequest $emulator 'sigsci.logout').Count | Should -Be ($logoutsBefore + 1)
    }

    It 'fails clearly on a wrong password' {
        $credential = [pscredential]::new($email, (ConvertTo-SecureString 'wrong' -AsPlainText -Force))

        { Connect-SigSci -Corp testcorp -Credential $credential -ApiBaseUri $base } |
            Should -Throw -ErrorId 'SigSciAuthenticationFailed,PSSecurityFeeds.SigSci.ConnectSigSciCommand'
    }
}
