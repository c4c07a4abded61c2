#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Connect-SigSci and Disconnect-SigSci as a user runs them, against the standalone emulator on port 5182
# and the built module (./build.ps1 Build first: out/PSSecurityFeeds/PSSecurityFeeds.psd1).

BeforeAll {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:base = 'http://127.0.0.1:5182'
    $script:emulator = Start-Process dotnet -PassThru -ArgumentList @(
        'run', '--project', "$repo/tests/PSSecurityFeeds.Emulator", '--', '--port', '5182', '--lifetime-minutes', '20')
    $deadline = (Get-Date).AddMinutes(3)
    while ($true) {
        try { Invoke-RestMethod "$base/health" -TimeoutSec 2 | Out-Null; break }
        catch { if ((Get-Date) -gt $deadline) { throw "The emulator did not answer on $base/health within 3 minutes." }; Start-Sleep -Milliseconds 500 }
    }

    Import-Module "$repo/out/PSSecurityFeeds/PSSecurityFeeds.psd1" -Force
    $script:email = 'analyst@example.com'
    $script:tokenText = '6f1c0e2a-9b7d-4c3e-8a51-2d4f6b8c0e1a'
    $script:token = ConvertTo-SecureString $tokenText -AsPlainText -Force
    function script:FeedRequests { param([string] $Route) @(Invoke-RestMethod "$base/_emulator/requests") | Where-Object route -EQ $Route }
}

AfterAll {
    Disconnect-SigSci -ErrorAction SilentlyContinue
    Remove-Item Env:SIGSCI_EMAIL, Env:SIGSCI_API_TOKEN -ErrorAction SilentlyContinue
    # dotnet run starts the emulator as a child process: stop the whole tree.
    $emulator.Kill($true)
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
        (FeedRequests 'sigsci.corp' | Select-Object -Last 1).headers.'X-API-User' | Should -Be $email
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
        { Connect-SigSci -Corp testcorp -ApiBaseUri $base } |
            Should -Throw -ErrorId 'SigSciCredentialMissing,PSSecurityFeeds.SigSci.ConnectSigSciCommand'
    }

    It 'fails clearly on a wrong token, checked once at connect' {
        $before = @(FeedRequests 'sigsci.corp').Count
        $wrong = ConvertTo-SecureString 'not-the-token' -AsPlainText -Force

        { Connect-SigSci -Corp testcorp -Email $email -ApiToken $wrong -ApiBaseUri $base } |
            Should -Throw -ErrorId 'SigSciAuthenticationFailed,PSSecurityFeeds.SigSci.ConnectSigSciCommand'
        @(FeedRequests 'sigsci.corp').Count | Should -Be ($before + 1)
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
        $credential = [pscredential]::new($email, (ConvertTo-SecureString 'correct-horse-battery-staple' -AsPlainText -Force))
        $logoutsBefore = @(FeedRequests 'sigsci.logout').Count

        $session = Connect-SigSci -Corp testcorp -Credential $credential -ApiBaseUri $base -PassThru
        Disconnect-SigSci

        $session.AuthMode | Should -Be 'Password'
        (FeedRequests 'sigsci.corp' | Select-Object -Last 1).headers.Authorization | Should -BeLike 'Bearer *'
        @(FeedRequests 'sigsci.logout').Count | Should -Be ($logoutsBefore + 1)
    }

    It 'fails clearly on a wrong password' {
        $credential = [pscredential]::new($email, (ConvertTo-SecureString 'wrong' -AsPlainText -Force))

        { Connect-SigSci -Corp testcorp -Credential $credential -ApiBaseUri $base } |
            Should -Throw -ErrorId 'SigSciAuthenticationFailed,PSSecurityFeeds.SigSci.ConnectSigSciCommand'
    }
}
