# Start-SekoiaSearchJob, Get-SekoiaSearchJob and Wait-SekoiaSearchJob against the standalone emulator.
BeforeAll {
    . "$PSScriptRoot/Sekoia.TestHelpers.ps1"
    . "$PSScriptRoot/Runspace.TestSupport.ps1"
    $emulator = Start-SekoiaEmulator
    Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 1.5 }
    $session = Connect-Sekoia -ApiBaseUri $emulator.ApiBaseUri -ApiKey $emulator.ApiKey -PassThru 6>$null

    function script:JobsCreated { @(Get-EmulatorRequest $emulator 'sekoia.jobs.create').Count }
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

    It 'starts the job without asking when -Confirm:$false overrides a ConfirmPreference of Low' {
        $before = JobsCreated
        $ConfirmPreference = 'Low'

        $job = Start-SekoiaSearchJob -Query 'emulator:total=3' -Earliest '-1h' -Confirm:$false

        $job.Uuid | Should -Not -BeNullOrEmpty
        JobsCreated | Should -Be ($before + 1)
    }

    It 'fails with -Confirm where nobody can answer, before sending anything' {
        $before = JobsCreated

        $run = Invoke-InNewRunspace -Parameters @{ Session = $session } {
            param($Session)
            Start-SekoiaSearchJob -Query '*' -Earliest '-1h' -Session $Session -Confirm
        }

        $run.Error.FullyQualifiedErrorId | Should -Be 'HostFunctionNotImplemented,PSSecurityFeeds.Sekoia.StartSekoiaSearchJobCommand'
        $run.Output | Should -BeNullOrEmpty
        JobsCreated | Should -Be $before
    }

    It 'writes one verbose line per HTTP attempt of the job''s creation' {
        Add-EmulatorFault $emulator 'sekoia.jobs.create' @{ status = 503; retryAfter = '0' }

        $verbose = @(Start-SekoiaSearchJob -Query '*' -Earliest '-1h' -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -match '/jobs -> '

        $verbose.Count | Should -Be 2
        $verbose[0] | Should -Match '^POST http://127\.0\.0\.1:\d+/sekoia/v1/sic/conf/events/search/jobs -> 503 .*\(attempt 1 of 6\)$'
        $verbose[1] | Should -Match '-> 200 .*\(attempt 2 of 6\)$'
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
    It 'reads jobs from the pipeline by Uuid, as objects or as strings' {
        $started = Start-SekoiaSearchJob -Query 'emulator:total=5' -Earliest '-1h'

        ($started | Get-SekoiaSearchJob).Uuid | Should -Be $started.Uuid
        ($started.Uuid, $started.Uuid | Get-SekoiaSearchJob).Uuid | Should -Be $started.Uuid, $started.Uuid
    }

    It 'reports an unknown uuid as SekoiaNotFound, an object not found that names the job' {
        $uuid = '00000000-0000-0000-0000-000000000000'

        $failure = { Get-SekoiaSearchJob -Uuid $uuid } | Should -Throw -ErrorId 'SekoiaNotFound,PSSecurityFeeds.Sekoia.GetSekoiaSearchJobCommand' -PassThru

        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$($failure.TargetObject)" | Should -Match $uuid
    }
}

Describe 'Wait-SekoiaSearchJob' {
    It 'polls until done, writing progress, and returns the finished job' {
        $started = Start-SekoiaSearchJob -Query 'emulator:total=10' -Earliest '-1h'

        $run = Invoke-InNewRunspace -Parameters @{ Session = $session; Job = $started } {
            param($Session, $Job)
            $Job | Get-SekoiaSearchJob -Session $Session | Wait-SekoiaSearchJob -Session $Session
        }

        $run.Output.Status | Should -Be 'Done'
        @(Get-EmulatorRequest $emulator 'sekoia.jobs.get' | Where-Object pathAndQuery -Like "*$($started.Uuid)").Count | Should -BeGreaterThan 2
        $polls = Assert-ProgressActivity $run.Progress -Activity "Sekoia.io search job $($started.Uuid)" -StatusPattern '^(NotStarted|InProgress|Done), \d+ s elapsed'
        $polls.Count | Should -BeGreaterThan 1
        $polls[-1].StatusDescription | Should -Match '^Done, \d+ s elapsed, 10 events found$'
    }

    It 'stops within 2 s on Ctrl+C while it polls' {
        Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 600 }
        $started = Start-SekoiaSearchJob -Query 'slow' -Earliest '-1h'
        $running = Start-InNewRunspace -Parameters @{ Session = $session; Uuid = $started.Uuid } {
            param($Session, $Uuid)
            Wait-SekoiaSearchJob -Uuid $Uuid -Session $Session
        }
        try {
            Wait-Running $running { @(Get-EmulatorRequest $emulator 'sekoia.jobs.get' | Where-Object pathAndQuery -Like "*$($started.Uuid)").Count -ge 2 }

            Stop-Running $running | Should -BeLessThan ([timespan]::FromSeconds(2))
            $running.Shell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            Close-Running $running
            Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 1.5 }
        }
    }

    It 'stops at -Timeout with an error naming the job and how to continue' {
        Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 600 }
        try {
            $started = Start-SekoiaSearchJob -Query 'slow' -Earliest '-1h'

            $failure = { $started | Wait-SekoiaSearchJob -Timeout 2 } | Should -Throw -PassThru

            $failure.FullyQualifiedErrorId | Should -BeLike 'SekoiaJobTimeout*'
            $failure.Exception.Message | Should -Match ([regex]::Escape("Wait-SekoiaSearchJob -Uuid $($started.Uuid)"))
        } finally {
            Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 1.5 }
        }
    }
}
