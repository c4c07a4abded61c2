#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Get-AkamaiSiemEvent as a user runs it, against the standalone emulator.
# Build first (build.ps1 Package -> out/PSSecurityFeeds), then: Invoke-Pester tests/pester/Get-AkamaiSiemEvent.Tests.ps1

BeforeAll {
    . "$PSScriptRoot/Emulator.TestSupport.ps1"
    . "$PSScriptRoot/Runspace.TestSupport.ps1"
    $script:emulator = Start-TestEmulator
    $script:baseUri = $emulator.BaseUri

    $script:modulePath = "$RepositoryRoot/out/PSSecurityFeeds/PSSecurityFeeds.psd1"
    $secret = ConvertTo-SecureString 'ZW11bGF0b3ItY2xpZW50LXNlY3JldA==' -AsPlainText -Force
    $script:session = Connect-AkamaiSiem -HostName $baseUri -ClientToken 'akab-emulator-client-token-0001' -ClientSecret $secret -AccessToken 'akab-emulator-access-token-0001' -PassThru

    # 2,000 events spread over the last hour (the emulator's store; see AkamaiSiemState).
    Set-EmulatorSetting $emulator 'akamai/settings' @{ eventCount = 2000; malformedEvery = 0 }

    function script:SiemRequests { @(Get-EmulatorRequest $emulator 'akamai.siem') }
    function script:EventKey($e) { '{0}|{1}|{2:o}' -f $e.RequestId, $e.ClientIP, $e.Time }
}

AfterAll {
    Disconnect-AkamaiSiem -ErrorAction SilentlyContinue
    Stop-TestEmulator $emulator
}

Describe 'Get-AkamaiSiemEvent' {
    BeforeEach { Clear-EmulatorFault $emulator }

    It 'emits typed events with decoded rules' {
        $events = Get-AkamaiSiemEvent -ConfigId 14227 -Limit 100

        $events.Count | Should -BeGreaterOrEqual 100   # the limit is approximate: a few more may come
        $events | ForEach-Object {
            $_ | Should -BeOfType ([PSSecurityFeeds.Core.Akamai.AkamaiSiemEvent])
            $_.Rules.Count | Should -BeGreaterThan 0
            $_.Rules[0].Id | Should -Not -BeNullOrEmpty
            $_.Time | Should -BeOfType ([DateTimeOffset])
            $_.ConfigId | Should -Be 14227
        }
        ($events.Rules.Action | Sort-Object -Unique) | Should -Contain 'deny'
        $events[0].RequestHeaders['Host'] | Should -Be $events[0].Host
    }

    It 'joins several -ConfigId with ";" and takes them from the pipeline by property name' {
        $events = [pscustomobject]@{ ConfigId = 14227, 14228 } | Get-AkamaiSiemEvent -Limit 10
        ($events.ConfigId | Sort-Object -Unique) | Should -Be 14227, 14228
        (SiemRequests)[-1].pathAndQuery | Should -BeLike '/siem/v1/configs/14227;14228*'
    }

    It 'reads the ConfigId of each piped object by property name, such as rows of a CSV file, in one read' {
        $before = @(SiemRequests).Count

        $events = "ConfigId`n14227`n14228" | ConvertFrom-Csv | Get-AkamaiSiemEvent -Limit 5

        $requests = @(SiemRequests | Select-Object -Skip $before)
        $requests.Count | Should -Be 1
        $requests[0].pathAndQuery | Should -BeLike '/siem/v1/configs/14227;14228?*'
        ($events.ConfigId | Sort-Object -Unique) | Should -Be 14227, 14228
    }

    It 'emits the raw JSON lines with -Raw' {
        $lines = Get-AkamaiSiemEvent -ConfigId 14227 -Limit 20 -Raw
        $lines[0] | Should -BeOfType ([string])
        ($lines[0] | ConvertFrom-Json).type | Should -Be 'akamai_siem'
    }

    It 'drains with a checkpoint: every event once, then nothing new' {
        $checkpoint = Join-Path $TestDrive 'drain.json'
        $first = Get-AkamaiSiemEvent -ConfigId 14227 -Limit 700 -Drain -CheckpointPath $checkpoint
        $second = @(Get-AkamaiSiemEvent -ConfigId 14227 -Limit 700 -Drain -CheckpointPath $checkpoint)

        $first.Count | Should -Be 2000
        @($first | ForEach-Object { EventKey $_ } | Sort-Object -Unique).Count | Should -Be 2000
        $second.Count | Should -Be 0
        $saved = Get-Content -Raw $checkpoint | ConvertFrom-Json
        $saved.Offset | Should -Not -BeNullOrEmpty
        $saved.ConfigIds | Should -Be 14227
        $saved.LastEventTime | Should -Not -BeNullOrEmpty
    }

    It 'continues after Select-Object -First without losing or repeating events' {
        $checkpoint = Join-Path $TestDrive 'partial.json'
        $head = Get-AkamaiSiemEvent -ConfigId 14228 -Limit 500 -CheckpointPath $checkpoint | Select-Object -First 123
        $rest = Get-AkamaiSiemEvent -ConfigId 14228 -Limit 500 -Drain -CheckpointPath $checkpoint

        $keys = @($head) + @($rest) | ForEach-Object { EventKey $_ }
        $keys.Count | Should -Be 2000
        @($keys | Sort-Object -Unique).Count | Should -Be 2000
    }

    It 'delivers every event exactly once through 429s and bodies cut mid-stream' {
        Add-EmulatorFault $emulator 'akamai.siem' @(
            @{ status = 429; retryAfter = '0' }, @{ cutAfterBytes = 30000 }, @{ status = 500 }, @{ cutAfterBytes = 250000 }, @{ cutAfterBytes = 1 })

        $events = Get-AkamaiSiemEvent -ConfigId 20001 -Limit 600 -Drain

        $events.Count | Should -Be 2000
        @($events | ForEach-Object { EventKey $_ } | Sort-Object -Unique).Count | Should -Be 2000
    }

    It 'reads a time range with -From and -To and never sends an offset with it' {
        $to = (Get-Date).AddMinutes(-10)
        $events = Get-AkamaiSiemEvent -ConfigId 14227 -From $to.AddMinutes(-5) -To $to

        $events.Count | Should -BeGreaterThan 0
        $events | ForEach-Object { $_.Time.UtcDateTime | Should -BeLessThan $to.ToUniversalTime() }
        $request = (SiemRequests)[-1].pathAndQuery
        $request | Should -Match 'from=\d+'
        $request | Should -Not -Match 'offset='
    }

    It 'rejects a bad time range before sending anything' {
        $before = @(SiemRequests).Count
        { Get-AkamaiSiemEvent -ConfigId 14227 -From (Get-Date).AddHours(-13) } | Should -Throw -ErrorId 'AkamaiInvalidTimeRange,PSSecurityFeeds.Akamai.GetAkamaiSiemEventCommand'
        { Get-AkamaiSiemEvent -ConfigId 14227 -From (Get-Date).AddMinutes(-5) -To (Get-Date).AddMinutes(5) } | Should -Throw -ErrorId 'AkamaiInvalidTimeRange,PSSecurityFeeds.Akamai.GetAkamaiSiemEventCommand'
        { Get-AkamaiSiemEvent -ConfigId 14227 -Limit 600001 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSSecurityFeeds.Akamai.GetAkamaiSiemEventCommand'
        @(SiemRequests).Count | Should -Be $before
    }

    It 'recovers from an expired offset with a warning and a replay by time' {
        $checkpoint = Join-Path $TestDrive 'expired.json'
        Get-AkamaiSiemEvent -ConfigId 14227 -Limit 300 -CheckpointPath $checkpoint | Out-Null
        Set-EmulatorSetting $emulator 'akamai/expire-offsets'

        $events = Get-AkamaiSiemEvent -ConfigId 14227 -Limit 1000 -Drain -CheckpointPath $checkpoint -WarningVariable warnings -WarningAction SilentlyContinue

        ($warnings -join "`n") | Should -Match '416'
        $events.Count | Should -BeGreaterOrEqual 1700
        (SiemRequests | Select-Object -Last 4).pathAndQuery -join ' ' | Should -Match 'from=\d+'
    }

    It 'writes a malformed line as a non-terminating error and keeps going' {
        Set-EmulatorSetting $emulator 'akamai/settings' @{ malformedEvery = 100 }
        try {
            $events = Get-AkamaiSiemEvent -ConfigId 14227 -Limit 1000 -ErrorVariable bad -ErrorAction SilentlyContinue
        }
        finally {
            Set-EmulatorSetting $emulator 'akamai/settings' @{ malformedEvery = 0 }
        }

        $bad.Count | Should -BeGreaterOrEqual 10
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'AkamaiMalformedEvent,*'
        $bad[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $bad[0].TargetObject | Should -BeLike '{"format"*'
        ($events.Count + $bad.Count) | Should -BeGreaterOrEqual 1000
    }

    It 'stops at the first malformed line with -ErrorAction Stop' {
        Set-EmulatorSetting $emulator 'akamai/settings' @{ malformedEvery = 100 }
        $delivered = [System.Collections.Generic.List[object]]::new()
        try {
            { Get-AkamaiSiemEvent -ConfigId 14227 -Limit 1000 -ErrorAction Stop | ForEach-Object { $delivered.Add($_) } } |
                Should -Throw -ErrorId 'AkamaiMalformedEvent,PSSecurityFeeds.Akamai.GetAkamaiSiemEventCommand'
        }
        finally {
            Set-EmulatorSetting $emulator 'akamai/settings' @{ malformedEvery = 0 }
        }

        $delivered.Count | Should -BeLessThan 100
    }

    It 'writes progress records while it waits for Akamai, completed at the end' {
        Add-EmulatorFault $emulator 'akamai.siem' @(@{ delay = '00:00:01' })

        $run = Invoke-InNewRunspace -Parameters @{ Session = $session } {
            param($Session)
            Get-AkamaiSiemEvent -ConfigId 14227 -Limit 200 -Session $Session
        }

        $run.Output.Count | Should -BeGreaterOrEqual 200
        $updates = Assert-ProgressActivity $run.Progress -Activity 'Get-AkamaiSiemEvent' -StatusPattern '^[\d,]+ events, [\d,]+ response\(s\) complete$'
        $updates.Count | Should -BeGreaterThan 2   # every 100 ms of the 1 s wait
    }

    It 'writes one verbose line per HTTP attempt, and the offset to continue from' {
        Add-EmulatorFault $emulator 'akamai.siem' @(@{ status = 503; retryAfter = '0' })

        $verbose = @(Get-AkamaiSiemEvent -ConfigId 14227 -Limit 10 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message

        $attempts = @($verbose -match '^GET http://127\.0\.0\.1:\d+/siem/v1/configs/14227\?')
        $attempts.Count | Should -Be 2
        $attempts[0] | Should -Match '-> 503 .*\(attempt 1 of 6\)$'
        $attempts[1] | Should -Match '-> 200 .*\(attempt 2 of 6\)$'
        $verbose[-1] | Should -Match '^[\d,]+ events in 1 response\(s\)\. Next offset: \S+$'
        ($verbose -join "`n") | Should -Not -Match 'ZW11bGF0b3ItY2xpZW50LXNlY3JldA=='
    }

    It 'stops within 2 s on Ctrl+C mid-response, leaving an intact checkpoint from which nothing is lost' {
        $checkpoint = Join-Path $TestDrive 'stopped/akamai.json'
        $null = New-Item -ItemType Directory (Split-Path $checkpoint)
        $before = @(SiemRequests).Count
        # Offset mode asks for the next response only when one has been read: the first comes whole, the second stalls.
        Add-EmulatorFault $emulator 'akamai.siem' @(@{}, @{ stallAfterBytes = 30000 })
        $running = Start-InNewRunspace -Parameters @{ Session = $session; Checkpoint = $checkpoint } {
            param($Session, $Checkpoint)
            Get-AkamaiSiemEvent -ConfigId 14228 -Limit 400 -Drain -CheckpointPath $Checkpoint -Session $Session
        }
        try {
            Wait-Running $running { (Test-Path $checkpoint) -and @(SiemRequests).Count -ge $before + 2 }

            Stop-Running $running | Should -BeLessThan ([timespan]::FromSeconds(2))
            $running.Shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $beforeStop = $running.Output.ReadAll()
        }
        finally {
            Close-Running $running
            Clear-EmulatorFault $emulator
        }

        (Get-Content $checkpoint -Raw | ConvertFrom-Json).Offset | Should -Not -BeNullOrEmpty
        Get-ChildItem (Split-Path $checkpoint) -Filter '*.tmp' | Should -BeNullOrEmpty
        $rest = Get-AkamaiSiemEvent -ConfigId 14228 -Limit 1000 -Drain -CheckpointPath $checkpoint   # the stopped run let go of its lock
        @(@($beforeStop) + @($rest) | ForEach-Object { EventKey $_ } | Sort-Object -Unique).Count | Should -Be 2000
    }

    It 'explains an unknown configuration and a forbidden one' {
        { Get-AkamaiSiemEvent -ConfigId 99999 } | Should -Throw -ErrorId 'AkamaiConfigNotFound,PSSecurityFeeds.Akamai.GetAkamaiSiemEventCommand'
        { Get-AkamaiSiemEvent -ConfigId 403 } | Should -Throw -ErrorId 'AkamaiForbidden,PSSecurityFeeds.Akamai.GetAkamaiSiemEventCommand'
    }

    It 'uses -Session in a runspace that has no default session of its own' {
        # Sessions are per runspace: a ForEach-Object -Parallel runspace sees none until it is given one.
        $results = 1 | ForEach-Object -Parallel {
            Import-Module $using:modulePath
            @(Get-AkamaiSiemEvent -ConfigId 14227 -Limit 5 -Session $using:session).Count
            try { Get-AkamaiSiemEvent -ConfigId 14227 -Limit 1 -ErrorAction Stop | Out-Null; 'a default session leaked' }
            catch { $_.FullyQualifiedErrorId }
        }

        $results[0] | Should -BeGreaterOrEqual 5
        $results[1] | Should -BeLike 'NotConnected,*'
    }
}
