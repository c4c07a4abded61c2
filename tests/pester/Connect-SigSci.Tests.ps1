#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Connect-SigSci and Disconnect-SigSci as a user runs them, against the standalone emulator
# and the built module (./build.ps1 Build first); see SigSci.TestSupport.ps1.

BeforeAll {
    . "$PSScriptRoot/SigSci.TestSupport.ps1"
    . "$PSScriptRoot/Runspace.TestSupport.ps1"
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

    It 'fails clearly on an unknown corp, naming it as the error''s target' {
        $failure = { Connect-SigSci -Corp nosuchcorp -Email $email -ApiToken $token -ApiBaseUri $base } |
            Should -Throw -ErrorId 'SigSciCorpNotFound,PSSecurityFeeds.SigSci.ConnectSigSciCommand' -PassThru

        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure.TargetObject | Should -Be 'nosuchcorp'
    }

    It 'writes one verbose line per HTTP attempt, with the URL and no token' {
        Add-EmulatorFault $emulator 'sigsci.corp' @{ status = 503; retryAfter = '0' }

        $verbose = @(Connect-SigSci -Corp testcorp -Email $email -ApiToken $token -ApiBaseUri $base -Verbose 4>&1) -match '/api/v0/corps/testcorp ->'

        $verbose.Count | Should -Be 2
        "$($verbose[0])" | Should -Match '^GET http://127\.0\.0\.1:\d+/api/v0/corps/testcorp -> 503 .*\(attempt 1 of 6\)$'
        "$($verbose[1])" | Should -Match '-> 200 .*\(attempt 2 of 6\)$'
        ($verbose -join "`n") | Should -Not -Match $tokenText
    }

    It 'gives a session with -PassThru that works with -Session in another runspace, which has no default of its own' {
        $session = Connect-SigSci -Corp testcorp -Email $email -ApiToken $token -ApiBaseUri $base -PassThru

        $other = Invoke-InNewRunspace -Parameters @{ Session = $session } {
            param($Session)
            (Get-SigSciFeed -Site www -From (Get-Date).AddMinutes(-12) -Until (Get-Date).AddMinutes(-10) -AlignToMinute -Session $Session).Count
            try { Get-SigSciFeed -Site www -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }
        }

        $other.Output[0] | Should -Be 80
        $other.Output[1] | Should -Be 'NotConnected,PSSecurityFeeds.SigSci.GetSigSciFeedCommand'
    }

    It 'stops within 2 s on Ctrl+C while the check is held back, and keeps no session' {
        Add-EmulatorFault $emulator 'sigsci.corp' @{ delay = '00:00:30' }
        $before = @(Get-EmulatorRequest $emulator 'sigsci.corp').Count
        $running = Start-InNewRunspace -Parameters @{ Base = $base; Email = $email; Token = $token } {
            param($Base, $Email, $Token)
            Connect-SigSci -Corp testcorp -Email $Email -ApiToken $Token -ApiBaseUri $Base
        }
        try {
            Wait-Running $running { @(Get-EmulatorRequest $emulator 'sigsci.corp').Count -gt $before }

            Stop-Running $running | Should -BeLessThan ([timespan]::FromSeconds(2))
            $running.Shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $running.Shell.Commands.Clear()
            $after = $running.Shell.AddScript('try { Get-SigSciFeed -Site www -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }').Invoke()
            $after | Should -Be 'NotConnected,PSSecurityFeeds.SigSci.GetSigSciFeedCommand'
        }
        finally {
            Close-Running $running
            Clear-EmulatorFault $emulator
        }
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

    It 'says in its verbose output whom it disconnected, or that there was no session' {
        Connect-SigSci -Corp testcorp -Email $email -ApiToken $token -ApiBaseUri $base

        "$(Disconnect-SigSci -Verbose 4>&1)" | Should -BeLike "Disconnected: Signal Sciences corp 'testcorp'*"
        "$(Disconnect-SigSci -Verbose 4>&1)" | Should -Be 'No session to disconnect.'
    }

    It 'fails clearly on a wrong password' {
        $credential = [pscredential]::new($email, (ConvertTo-SecureString 'wrong' -AsPlainText -Force))

        { Connect-SigSci -Corp testcorp -Credential $credential -ApiBaseUri $base } |
            Should -Throw -ErrorId 'SigSciAuthenticationFailed,PSSecurityFeeds.SigSci.ConnectSigSciCommand'
    }
}
