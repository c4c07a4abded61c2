# Start-SekoiaSearchJob, Get-SekoiaSearchJob and Wait-SekoiaSearchJob against the standalone emulator.
BeforeAll {
    . "$PSScriptRoot/Sekoia.TestHelpers.ps1"
    $emulator = Start-SekoiaEmulator
    Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 3 }
    Connect-Sekoia -ApiBaseUri $emulator.ApiBaseUri -ApiKey $emulator.ApiKey
}

AfterAll {
    Disconnect-Sekoia
    Stop-TestEmulator $emulator
}

Describe 'Start-SekoiaSearchJob' {
    It 'sends DateTimeOffset bounds as ISO 8601 UTC and returns the job' {
        $job = Start-SekoiaSearchJob -Query 'user.name:alice' -Earliest ([datetimeoffset]'2025-03-01T10:30:00+02:00') -Latest ([datetimeoffset]'2025-03-02T00:00:00Z')

        $job.Earliest | Should -Be '2025-03-01T08:30:00Z'
        $job.Latest | Should -Be '2025-03-02T00:00:00Z'
        $job.Query | Should -Be 'user.name:alice'
        $job.Status | Should -BeOfType ([PSSecurityFeeds.Core.Sekoia.SekoiaJobStatus])
    }

    It 'accepts relative times as Sekoia writes them' {
        $job = Start-SekoiaSearchJob -Query '*' -Earliest '-30d' -Latest 'now'

        $job.Earliest | Should -Be '-30d'
        $job.Latest | Should -Be 'now'
    }

    It 'refuses a time it cannot read before sending anything' {
        $before = @(Get-EmulatorRequest $emulator 'sekoia.jobs.create').Count

        { Start-SekoiaSearchJob -Query '*' -Earliest 'last tuesday' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError*' -ExpectedMessage '*such as -15m, -2h or -7d*'

        @(Get-EmulatorRequest $emulator 'sekoia.jobs.create').Count | Should -Be $before
    }

    It 'starts nothing with -WhatIf' {
        $before = @(Get-EmulatorRequest $emulator 'sekoia.jobs.create').Count

        Start-SekoiaSearchJob -Query '*' -Earliest '-1d' -WhatIf | Should -BeNullOrEmpty

        @(Get-EmulatorRequest $emulator 'sekoia.jobs.create').Count | Should -Be $before
    }

    It 'waits for the job with -Wait and returns it done' {
        $job = Start-SekoiaSearchJob -Query 'emulator:total=4321' -Earliest '-1d' -Wait

        $job.Status | Should -Be 'Done'
        $job.Total | Should -Be 4321
        $job.EndedAt | Should -Not -BeNullOrEmpty
    }

    It 'ends with SekoiaJobFailed and the job details when the search fails' {
        $failure = { Start-SekoiaSearchJob -Query 'emulator:fail' -Earliest '-1d' -Wait } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike 'SekoiaJobFailed*'
        $failure.Exception.Message | Should -Match 'emulated engine failure'
        $failure.TargetObject.Status | Should -Be 'Failed'
    }
}

Describe 'Get-SekoiaSearchJob' {
    It 'reads jobs from the pipeline by Uuid' {
        $started = Start-SekoiaSearchJob -Query 'emulator:total=5' -Earliest '-1h'

        $read = $started | Get-SekoiaSearchJob

        $read.Uuid | Should -Be $started.Uuid
    }

    It 'reports an unknown uuid as SekoiaNotFound' {
        { Get-SekoiaSearchJob -Uuid '00000000-0000-0000-0000-000000000000' } | Should -Throw -ErrorId 'SekoiaNotFound*'
    }
}

Describe 'Wait-SekoiaSearchJob' {
    It 'polls until done, writing progress, and returns the finished job' {
        $started = Start-SekoiaSearchJob -Query 'emulator:total=10' -Earliest '-1h'

        $done = $started | Wait-SekoiaSearchJob

        $done.Status | Should -Be 'Done'
        @(Get-EmulatorRequest $emulator 'sekoia.jobs.get' | Where-Object pathAndQuery -Like "*$($started.Uuid)").Count | Should -BeGreaterThan 1
    }

    It 'stops at -Timeout with an error naming the job and how to continue' {
        Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 600 }
        try {
            $started = Start-SekoiaSearchJob -Query 'slow' -Earliest '-1h'

            $failure = { $started | Wait-SekoiaSearchJob -Timeout 2 } | Should -Throw -PassThru

            $failure.FullyQualifiedErrorId | Should -BeLike 'SekoiaJobTimeout*'
            $failure.Exception.Message | Should -Match ([regex]::Escape("Wait-SekoiaSearchJob -Uuid $($started.Uuid)"))
        } finally {
            Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 3 }
        }
    }
}
