# Get-SekoiaEvent against the standalone emulator.
BeforeAll {
    . "$PSScriptRoot/Sekoia.TestHelpers.ps1"
    . "$PSScriptRoot/Runspace.TestSupport.ps1"
    $emulator = Start-SekoiaEmulator
    Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 1 }
    $session = Connect-Sekoia -ApiBaseUri $emulator.ApiBaseUri -ApiKey $emulator.ApiKey -PassThru 6>$null
    $job = Start-SekoiaSearchJob -Query 'emulator:total=2500' -Earliest '-1d' -Wait
}

AfterAll {
    Disconnect-Sekoia
    Stop-TestEmulator $emulator
}

Describe 'Get-SekoiaEvent' {
    AfterEach { Clear-EmulatorFault $emulator }

    It 'pages through every event once, as nested objects' {
        $events = $job | Get-SekoiaEvent

        $events.Count | Should -Be 2500
        @($events.event.id | Select-Object -Unique).Count | Should -Be 2500
        $events[0].PSObject.TypeNames[0] | Should -Be 'PSSecurityFeeds.SekoiaEvent'
        $events[0].source.ip | Should -Match '^10\.'
        $events[0].event.category | Should -HaveCount 2
        $events[0].'@timestamp' | Should -Not -BeNullOrEmpty
    }

    It 'reads the job Get-SekoiaSearchJob sends down the pipeline' {
        $events = Get-SekoiaSearchJob -Uuid $job.Uuid | Get-SekoiaEvent

        $events.Count | Should -Be 2500
    }

    It 'writes a progress record per page, with the share read, completed at the end' {
        $run = Invoke-InNewRunspace -Parameters @{ Session = $session; Job = $job } {
            param($Session, $Job)
            $Job | Get-SekoiaEvent -Session $Session
        }

        $run.Output.Count | Should -Be 2500
        $pages = Assert-ProgressActivity $run.Progress -Activity "Sekoia.io events of search job $($job.Uuid)" -StatusPattern '^[\d,]+ of 2,500 events$'
        $pages.StatusDescription | Should -Be '0 of 2,500 events', '1,000 of 2,500 events', '2,000 of 2,500 events'
        $pages.PercentComplete | Should -Be 0, 40, 80
    }

    It 'stops within 2 s on Ctrl+C while a page is held back' {
        $before = @(Get-EmulatorRequest $emulator 'sekoia.jobs.events').Count
        Add-EmulatorFault $emulator 'sekoia.jobs.events' @(@{}, @{ stallAfterBytes = 2000 })
        $running = Start-InNewRunspace -Parameters @{ Session = $session; Job = $job } {
            param($Session, $Job)
            $Job | Get-SekoiaEvent -Session $Session
        }
        try {
            Wait-Running $running { @(Get-EmulatorRequest $emulator 'sekoia.jobs.events').Count -ge $before + 2 }

            Stop-Running $running | Should -BeLessThan ([timespan]::FromSeconds(2))
            $running.Shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $running.Output.Count | Should -BeGreaterOrEqual 1000   # the first page went through
        }
        finally {
            Close-Running $running
        }
    }

    It 'asks for pages of 1,000 until the total' {
        $before = @(Get-EmulatorRequest $emulator 'sekoia.jobs.events').Count

        $null = Get-SekoiaEvent -Uuid $job.Uuid

        $pages = @(Get-EmulatorRequest $emulator 'sekoia.jobs.events') | Select-Object -Skip $before
        $pages.Count | Should -Be 3
        $pages | ForEach-Object { $_.pathAndQuery | Should -Match 'limit=1000' }
    }

    It 'emits the JSON text with -Raw' {
        $raw = Get-SekoiaEvent -Job $job -Raw | Select-Object -First 1

        $raw | Should -BeOfType ([string])
        ($raw | ConvertFrom-Json).event.id | Should -Not -BeNullOrEmpty
    }

    It 'retries an empty page that comes before the total' {
        Set-EmulatorSetting $emulator 'sekoia/settings' @{ emptyPageAt = 1000 }

        $events = Get-SekoiaEvent -Job $job -WarningVariable warnings -WarningAction SilentlyContinue

        $events.Count | Should -Be 2500
        $warnings | Should -Not -BeNullOrEmpty
    }

    It 'reports an item that is not an event as a non-terminating error and goes on' {
        Add-EmulatorFault $emulator 'sekoia.jobs.events' @(@{ status = 200; body = '{"items":["not an event",{"event":{"id":"last"}}],"total":2}' })

        $events = Get-SekoiaEvent -Job $job -ErrorVariable bad -ErrorAction SilentlyContinue

        @($events).Count | Should -Be 1
        $events.event.id | Should -Be 'last'
        $bad[0].FullyQualifiedErrorId | Should -Be 'SekoiaMalformedEvent,PSSecurityFeeds.Sekoia.GetSekoiaEventCommand'
        $bad[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $bad[0].TargetObject | Should -Be '"not an event"'
    }

    It 'stops at an item that is not an event with -ErrorAction Stop' {
        Add-EmulatorFault $emulator 'sekoia.jobs.events' @(@{ status = 200; body = '{"items":["not an event",{"event":{"id":"last"}}],"total":2}' })

        { Get-SekoiaEvent -Job $job -ErrorAction Stop | Out-Null } | Should -Throw -ErrorId 'SekoiaMalformedEvent,PSSecurityFeeds.Sekoia.GetSekoiaEventCommand'
    }

    It 'refuses a job that is not done yet, saying to wait for it' {
        Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 600 }
        try {
            $running = Start-SekoiaSearchJob -Query 'slow' -Earliest '-1h'

            $failure = { $running | Get-SekoiaEvent } | Should -Throw -PassThru

            $failure.FullyQualifiedErrorId | Should -BeLike 'SekoiaJobNotDone*'
            $failure.Exception.Message | Should -Match 'Wait-SekoiaSearchJob'
        } finally {
            Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 1 }
        }
    }
}
