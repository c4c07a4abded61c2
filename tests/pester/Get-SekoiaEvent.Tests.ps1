# Get-SekoiaEvent against the standalone emulator.
BeforeAll {
    . "$PSScriptRoot/Sekoia.TestHelpers.ps1"
    $emulator = Start-SekoiaEmulator
    Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 2 }
    Connect-Sekoia -ApiBaseUri $emulator.ApiBaseUri -ApiKey $emulator.ApiKey
    $job = Start-SekoiaSearchJob -Query 'emulator:total=2500' -Earliest '-1d' -Wait
}

AfterAll {
    Disconnect-Sekoia
    Stop-TestEmulator $emulator
}

Describe 'Get-SekoiaEvent' {
    It 'pages through every event once, as nested objects' {
        $events = $job | Get-SekoiaEvent

        $events.Count | Should -Be 2500
        @($events.event.id | Select-Object -Unique).Count | Should -Be 2500
        $events[0].PSObject.TypeNames[0] | Should -Be 'PSSecurityFeeds.SekoiaEvent'
        $events[0].source.ip | Should -Match '^10\.'
        $events[0].event.category | Should -HaveCount 2
        $events[0].'@timestamp' | Should -Not -BeNullOrEmpty
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
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'SekoiaMalformedEvent*'
        $bad[0].TargetObject | Should -Be '"not an event"'
    }

    It 'refuses a job that is not done yet, saying to wait for it' {
        Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 600 }
        try {
            $running = Start-SekoiaSearchJob -Query 'slow' -Earliest '-1h'

            $failure = { $running | Get-SekoiaEvent } | Should -Throw -PassThru

            $failure.FullyQualifiedErrorId | Should -BeLike 'SekoiaJobNotDone*'
            $failure.Exception.Message | Should -Match 'Wait-SekoiaSearchJob'
        } finally {
            Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 2 }
        }
    }
}
