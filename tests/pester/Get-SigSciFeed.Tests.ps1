#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Get-SigSciFeed as a user runs it, against the standalone emulator and the built module
# (./build.ps1 Build first); see SigSci.TestSupport.ps1. The emulator stores 40 requests
# per minute per site.

BeforeAll {
    . "$PSScriptRoot/SigSci.TestSupport.ps1"
    $script:emulator = Start-TestEmulator
    $script:base = $emulator.BaseUri
    Connect-SigSci -Corp testcorp -Email $SigSciEmail -ApiToken (Get-SigSciTestToken) -ApiBaseUri $base

    # A ten-minute window the feed accepts: -AlignToMinute drops the seconds of Get-Date.
    $script:from = (Get-Date).AddMinutes(-20)
    $script:until = (Get-Date).AddMinutes(-10)
    function script:FeedRequestCount { @(Get-EmulatorRequest $emulator 'sigsci.feed').Count }
}

AfterAll {
    Disconnect-SigSci -ErrorAction SilentlyContinue
    Stop-TestEmulator $emulator
}

Describe 'Get-SigSciFeed' {
    AfterEach { Set-EmulatorSetting $emulator 'sigsci/settings' @{ reset = $true } }

    It 'emits every request of the window once, as SigSciRequest objects' {
        $requests = Get-SigSciFeed -Site www -From $from -Until $until -AlignToMinute

        $requests.Count | Should -Be 400
        ($requests.Id | Sort-Object -Unique).Count | Should -Be 400
        $requests[0] | Should -BeOfType 'PSSecurityFeeds.Core.SigSci.SigSciRequest'
        $requests[0].Timestamp | Should -BeOfType [DateTimeOffset]
        $requests[0].HeadersIn['Cookie'].Count | Should -Be 2
        ($requests | Where-Object { $_.Tags.Count -gt 0 } | Select-Object -First 1).Tags[0] | Should -BeOfType 'PSSecurityFeeds.Core.SigSci.SigSciTag'
        $requests[0].AdditionalFields.Keys | Should -Contain 'edgeTrace'
    }

    It 'takes sites from the pipeline, by value and by property name, into one stream' {
        $byValue = 'www', 'api' | Get-SigSciFeed -From $from -Until $until -AlignToMinute
        $byName = [pscustomobject]@{ Site = 'shop' } | Get-SigSciFeed -From $from -Until $until -AlignToMinute

        ($byValue.Site | Sort-Object -Unique) | Should -Be @('api', 'www')
        $byValue.Count | Should -Be 800
        ($byName.Site | Sort-Object -Unique) | Should -Be 'shop'
    }

    It 'filters by signal with -Tag' {
        $requests = Get-SigSciFeed -Site www -From $from -Until $until -AlignToMinute -Tag SQLI

        $requests | Should -Not -BeNullOrEmpty
        $requests | ForEach-Object { $_.Tags.Type | Should -Contain 'SQLI' }
    }

    It 'writes raw JSON with -Raw' {
        $raw = Get-SigSciFeed -Site www -From $from -Until $until -AlignToMinute -Raw

        $raw.Count | Should -Be 400
        $raw[0] | Should -BeOfType [string]
        ($raw[0] | ConvertFrom-Json).headersIn | Should -Not -BeNullOrEmpty
    }

    It 'shows a table with the columns an analyst reads' {
        $table = Get-SigSciFeed -Site www -From $from -Until $until -AlignToMinute | Select-Object -First 3 | Out-String

        $table | Should -Match 'ClientIP'
        $table | Should -Match 'Tags'
    }

    It 'refuses a window with seconds before any request with -ExactWindow, and says how to fix it' {
        $before = FeedRequestCount
        $seconds = [DateTimeOffset]::new((Get-Date).AddMinutes(-30).ToUniversalTime().Ticks, [TimeSpan]::Zero)
        $seconds = $seconds.AddTicks(-($seconds.Ticks % [TimeSpan]::TicksPerMinute)).AddSeconds(30)

        { Get-SigSciFeed -Site www -From $seconds -Until $seconds.AddMinutes(10) -ExactWindow } |
            Should -Throw -ErrorId 'SigSciWindowNotWholeMinute,PSSecurityFeeds.SigSci.GetSigSciFeedCommand'
        FeedRequestCount | Should -Be $before
    }

    It 'refuses an until less than five minutes ago before any request' {
        $before = FeedRequestCount

        { Get-SigSciFeed -Site www -From (Get-Date).AddMinutes(-30) -Until (Get-Date) -AlignToMinute } |
            Should -Throw -ErrorId 'SigSciUntilTooRecent,PSSecurityFeeds.SigSci.GetSigSciFeedCommand'
        FeedRequestCount | Should -Be $before
    }

    It 'refuses a from older than 24 hours 5 minutes before any request' {
        $before = FeedRequestCount

        { Get-SigSciFeed -Site www -From (Get-Date).AddHours(-25) -Until $until -AlignToMinute } |
            Should -Throw -ErrorId 'SigSciFromTooOld,PSSecurityFeeds.SigSci.GetSigSciFeedCommand'
        FeedRequestCount | Should -Be $before
    }

    It 'retries a rate limit reported as 400 "Rate limit exceeded"' {
        Add-EmulatorFault $emulator 'sigsci.feed' @{ status = 400; body = '{"message":"Rate limit exceeded"}' }
        $before = FeedRequestCount

        $requests = Get-SigSciFeed -Site www -From $from -Until $until -AlignToMinute

        $requests.Count | Should -Be 400
        FeedRequestCount | Should -Be ($before + 2)
    }

    It 'continues from the checkpoint on the next run, without delivering anything twice' {
        $checkpoint = Join-Path $TestDrive 'sigsci-checkpoint.json'

        $first = Get-SigSciFeed -Site www -CheckpointPath $checkpoint
        $saved = Get-Content $checkpoint -Raw | ConvertFrom-Json
        $second = Get-SigSciFeed -Site www -CheckpointPath $checkpoint

        $first.Count | Should -BeGreaterThan 0
        $saved.Corp | Should -Be 'testcorp'
        $saved.Sites.www | Should -Not -BeNullOrEmpty
        @($second | Where-Object Id -In $first.Id).Count | Should -Be 0
        Get-Content $checkpoint -Raw | Should -Not -Match $SigSciTokenText
    }

    It 'delivers every request once to a consumer that stalls longer than a next URI lives' {
        Set-EmulatorSetting $emulator 'sigsci/settings' @{ nextTokenLifetimeMs = 1500 }
        $before = FeedRequestCount

        $ids = Get-SigSciFeed -Site www -From (Get-Date).AddMinutes(-70) -Until (Get-Date).AddMinutes(-10) -AlignToMinute |
            ForEach-Object -Begin { $first = $true } -Process {
                if ($first) { $first = $false; Start-Sleep -Seconds 4 }   # a slow step downstream
                $_.Id
            }

        $ids.Count | Should -Be 2400
        ($ids | Sort-Object -Unique).Count | Should -Be 2400
        FeedRequestCount | Should -Be ($before + 3)   # three pages, none read twice: no next URI expired
    }

    It 'sends a next URI too long for a query string as a form body' {
        Set-EmulatorSetting $emulator 'sigsci/settings' @{ nextTokenPadding = 6000; maxQueryLength = 4096 }

        $requests = Get-SigSciFeed -Site www -From (Get-Date).AddMinutes(-70) -Until (Get-Date).AddMinutes(-10) -AlignToMinute

        ($requests.Id | Sort-Object -Unique).Count | Should -Be 2400
        (Get-EmulatorRequest $emulator 'sigsci.feed' | Select-Object -Last 2).method | Should -Be @('POST', 'POST')
    }

    It 'reports a request that does not fit as a non-terminating error with its raw JSON, and goes on' {
        Set-EmulatorSetting $emulator 'sigsci/settings' @{ malformedEvery = 100 }

        $requests = Get-SigSciFeed -Site www -From $from -Until $until -AlignToMinute -ErrorVariable bad -ErrorAction SilentlyContinue

        $bad.Count | Should -Be 4   # positions 0, 100, 200 and 300 of the 400
        $requests.Count | Should -Be 396
        $bad[0].FullyQualifiedErrorId | Should -Be 'SigSciRequestMalformed,PSSecurityFeeds.SigSci.GetSigSciFeedCommand'
        $bad[0].TargetObject | Should -Match 'not-a-number'
    }

    It 'says to connect first when there is no session' {
        Disconnect-SigSci
        try {
            { Get-SigSciFeed -Site www } | Should -Throw -ErrorId 'NotConnected,PSSecurityFeeds.SigSci.GetSigSciFeedCommand'
        }
        finally {
            Connect-SigSci -Corp testcorp -Email $SigSciEmail -ApiToken (Get-SigSciTestToken) -ApiBaseUri $base
        }
    }
}
