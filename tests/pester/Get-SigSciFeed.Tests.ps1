#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Get-SigSciFeed as a user runs it, against the standalone emulator and the built module
# (./build.ps1 Build first); see SigSci.TestSupport.ps1. The emulator stores 40 requests
# per minute per site.

BeforeAll {
    . "$PSScriptRoot/SigSci.TestSupport.ps1"
    . "$PSScriptRoot/Runspace.TestSupport.ps1"
    $script:emulator = Start-TestEmulator
    $script:base = $emulator.BaseUri
    $script:session = Connect-SigSci -Corp testcorp -Email $SigSciEmail -ApiToken (Get-SigSciTestToken) -ApiBaseUri $base -PassThru

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
    AfterEach {
        Set-EmulatorSetting $emulator 'sigsci/settings' @{ reset = $true }
        Clear-EmulatorFault $emulator
    }

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
        $bad[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $bad[0].TargetObject | Should -Match 'not-a-number'
    }

    It 'stops at the first request that does not fit with -ErrorAction Stop' {
        Set-EmulatorSetting $emulator 'sigsci/settings' @{ malformedEvery = 100 }
        $delivered = [System.Collections.Generic.List[object]]::new()

        { Get-SigSciFeed -Site www -From $from -Until $until -AlignToMinute -ErrorAction Stop | ForEach-Object { $delivered.Add($_) } } |
            Should -Throw -ErrorId 'SigSciRequestMalformed,PSSecurityFeeds.SigSci.GetSigSciFeedCommand'
        $delivered.Count | Should -BeLessThan 396
    }

    It 'writes progress records of its own activity, completed at the end' {
        Set-EmulatorSetting $emulator 'sigsci/settings' @{ pageLatencyMs = 400 }

        $run = Invoke-InNewRunspace -Parameters @{ Session = $session; From = $from; Until = $until } {
            param($Session, $From, $Until)
            Get-SigSciFeed -Site www, api -From $From -Until $Until -AlignToMinute -Session $Session
        }

        $run.Output.Count | Should -Be 800
        $null = Assert-ProgressActivity $run.Progress -Activity 'Signal Sciences request feed' `
            -StatusPattern '^[\d,]+ requests delivered, [\d,]+ pages fetched, [\d,]+ waiting; window \d+ of 2$'
    }

    It 'writes one verbose line per HTTP attempt, with the URL and no token' {
        $before = FeedRequestCount

        $verbose = @(Get-SigSciFeed -Site www -From $from -Until $until -AlignToMinute -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })

        $attempts = @($verbose.Message -match '/feed/requests\?.* -> ')
        $attempts.Count | Should -Be ((FeedRequestCount) - $before)
        $attempts[0] | Should -Match '^GET http://127\.0\.0\.1:\d+/api/v0/corps/testcorp/sites/www/feed/requests\?.* -> 200 OK in \d+ ms \(attempt 1 of 6\)$'
        ($verbose.Message -join "`n") | Should -Not -Match $SigSciTokenText
    }

    It 'stops within 2 s on Ctrl+C mid-feed, leaving an intact checkpoint that the next run continues from' {
        $checkpoint = Join-Path $TestDrive 'stopped/sigsci.json'
        $null = New-Item -ItemType Directory (Split-Path $checkpoint)
        $from = (Get-Date).AddHours(-20)   # 120 ten-minute windows of one page, 100 ms each: far more than is read before the stop
        Set-EmulatorSetting $emulator 'sigsci/settings' @{ pageLatencyMs = 100 }
        $start = FeedRequestCount
        $running = Start-InNewRunspace -Parameters @{ Session = $session; From = $from; Checkpoint = $checkpoint } {
            param($Session, $From, $Checkpoint)
            Get-SigSciFeed -Site www -From $From -AlignToMinute -CheckpointPath $Checkpoint -Session $Session
        }
        try {
            Wait-Running $running { (FeedRequestCount) -ge $start + 2 }   # a first window read, the next asked for
            $before = FeedRequestCount
            Add-EmulatorFault $emulator 'sigsci.feed' (1..4 | ForEach-Object { @{ stallAfterBytes = 2000 } })
            Wait-Running $running { (FeedRequestCount) -gt $before }

            Stop-Running $running | Should -BeLessThan ([timespan]::FromSeconds(2))
            $running.Shell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            Close-Running $running
            Clear-EmulatorFault $emulator
        }

        $saved = Get-Content $checkpoint -Raw | ConvertFrom-Json
        $saved.Corp | Should -Be 'testcorp'
        # what the stopped run delivered is kept: whole ten-minute windows (the site is held from its start, the minute
        # of -From, on), and the ids delivered of the one it was in
        (([DateTimeOffset] $saved.Sites.www) -gt $from -or $saved.OpenWindows.www.Delivered.Count) | Should -BeTrue
        $resumeAt = if ($saved.OpenWindows.www) { [DateTimeOffset] $saved.OpenWindows.www.From } else { [DateTimeOffset] $saved.Sites.www }
        Get-ChildItem (Split-Path $checkpoint) -Filter '*.tmp' | Should -BeNullOrEmpty
        $next = Get-SigSciFeed -Site www -CheckpointPath $checkpoint | Select-Object -First 1   # the stopped run let go of its lock
        $next.Timestamp | Should -BeGreaterOrEqual $resumeAt
    }

    It 'says to connect first when there is no session' {
        Disconnect-SigSci
        try {
            { Get-SigSciFeed -Site www } | Should -Throw -ErrorId 'NotConnected,PSSecurityFeeds.SigSci.GetSigSciFeedCommand'
        }
        finally {
            $script:session = Connect-SigSci -Corp testcorp -Email $SigSciEmail -ApiToken (Get-SigSciTestToken) -ApiBaseUri $base -PassThru
        }
    }
}
