# Export-SekoiaEvent (alias Export-SekoiaEvents) against the standalone emulator.
BeforeAll {
    . "$PSScriptRoot/Sekoia.TestHelpers.ps1"
    . "$PSScriptRoot/Runspace.TestSupport.ps1"
    $emulator = Start-SekoiaEmulator
    Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 1; exportDurationSeconds = 1 }
    $session = Connect-Sekoia -ApiBaseUri $emulator.ApiBaseUri -ApiKey $emulator.ApiKey -PassThru 6>$null
    $job = Start-SekoiaSearchJob -Query 'emulator:total=3000' -Earliest '-1d' -Wait
    # Sekoia.io allows 10 exports per search job: the tests of streams and Ctrl+C export another job.
    $otherJob = Start-SekoiaSearchJob -Query 'emulator:total=3000' -Earliest '-1d' -Wait
    $fields = '@timestamp', 'event.id', 'source.ip'

    function ExportsStarted { @(Get-EmulatorRequest $emulator 'sekoia.jobs.export').Count }

    function Read-GzipLine([string] $Path) {
        $gzip = [System.IO.Compression.GZipStream]::new([System.IO.File]::OpenRead($Path), [System.IO.Compression.CompressionMode]::Decompress)
        $reader = [System.IO.StreamReader]::new($gzip)
        try { $reader.ReadToEnd().Split("`n", [StringSplitOptions]::RemoveEmptyEntries) } finally { $reader.Dispose() }
    }
}

AfterAll {
    Disconnect-Sekoia
    Stop-TestEmulator $emulator
}

Describe 'Export-SekoiaEvent' {
    AfterEach { Clear-EmulatorFault $emulator }

    It 'exports to a gzip file with a fresh SSE-C key and no Authorization on the download' {
        $path = Join-Path $TestDrive 'events.json.gz'

        $result = $job | Export-SekoiaEvent -Field $fields -Path $path

        $result.Path | Should -Be $path
        $result.Events | Should -Be 3000
        $result.CompressedBytes | Should -Be (Get-Item $path).Length
        $result.JobId | Should -Be $job.Uuid
        $lines = Read-GzipLine $path
        $lines.Count | Should -Be 3000
        ($lines[0] | ConvertFrom-Json).PSObject.Properties.Name | Should -Be $fields
        $download = @(Get-EmulatorRequest $emulator 'sekoia.s3.download')[-1]
        $download.headers.Authorization | Should -BeNullOrEmpty
        $download.headers.'x-amz-server-side-encryption-customer-algorithm' | Should -Be 'AES256'
        [Convert]::FromBase64String($download.headers.'x-amz-server-side-encryption-customer-key').Length | Should -Be 32
    }

    It 'writes JSON Lines into a folder with -Decompress, through the plural alias' {
        $result = Export-SekoiaEvents -Job $job -Field $fields -Path $TestDrive -Decompress

        $result.Path | Should -Be (Join-Path $TestDrive "export_$($job.Uuid).json")
        @(Get-Content $result.Path).Count | Should -Be 3000
        $result.Events | Should -Be 3000
    }

    It 'refuses a wildcard field before any request' {
        $before = @(Get-EmulatorRequest $emulator 'sekoia.jobs.export').Count

        { Export-SekoiaEvent -Job $job -Field '@timestamp', 'source.*' -Path (Join-Path $TestDrive 'x.json.gz') } |
            Should -Throw -ErrorId 'SekoiaInvalidField*'

        @(Get-EmulatorRequest $emulator 'sekoia.jobs.export').Count | Should -Be $before
    }

    It 'keeps an existing file unless -Force is given' {
        $path = Join-Path $TestDrive 'kept.json.gz'
        Set-Content $path 'keep me'

        { Export-SekoiaEvent -Job $job -Field $fields -Path $path } | Should -Throw -ErrorId 'SekoiaExportFileExists*'
        Get-Content $path | Should -Be 'keep me'

        $result = Export-SekoiaEvent -Job $job -Field $fields -Path $path -Force
        (Read-GzipLine $result.Path).Count | Should -Be 3000
    }

    It 'starts no export and writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.json.gz'
        $before = ExportsStarted

        Export-SekoiaEvent -Job $job -Field $fields -Path $path -WhatIf

        Test-Path $path | Should -BeFalse
        ExportsStarted | Should -Be $before
    }

    It 'exports without asking when -Confirm:$false overrides a ConfirmPreference of Low' {
        $ConfirmPreference = 'Low'

        $result = Export-SekoiaEvent -Job $otherJob -Field $fields -Path (Join-Path $TestDrive 'confirmed.json.gz') -Confirm:$false

        $result.Events | Should -Be 3000
    }

    It 'writes progress records of the export task, completed at the end' {
        $run = Invoke-InNewRunspace -Parameters @{ Session = $session; Job = $otherJob; Path = (Join-Path $TestDrive 'progress.json.gz'); Fields = $fields } {
            param($Session, $Job, $Path, $Fields)
            $Job | Export-SekoiaEvent -Field $Fields -Path $Path -Session $Session
        }

        $run.Output.Events | Should -Be 3000
        $null = Assert-ProgressActivity $run.Progress -Activity "Sekoia.io export of search job $($otherJob.Uuid)" `
            -StatusPattern '^(Export task \w+: [\d,]+( of [\d,]+)? events|Downloading: [\d.]+ MB( of [\d.]+ MB)?)$'
    }

    It 'writes one verbose line per HTTP attempt, the download''s signature masked' {
        $verbose = @($otherJob | Export-SekoiaEvent -Field $fields -Path (Join-Path $TestDrive 'verbose.json.gz') -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message

        $download = @($verbose -match '/sekoia-s3/exports/')
        $download.Count | Should -Be 1
        $download[0] | Should -Match 'X-Amz-Signature=\*\*\*'
        $download[0] | Should -Match '-> 200 OK in \d+ ms \(attempt 1 of 6\)$'
        $signature = [regex]::Match(@(Get-EmulatorRequest $emulator 'sekoia.s3.download')[-1].pathAndQuery, 'X-Amz-Signature=([^&]+)').Groups[1].Value
        $signature | Should -Not -BeNullOrEmpty
        ($verbose -join "`n") | Should -Not -Match ([regex]::Escape($signature))
    }

    It 'stops within 2 s on Ctrl+C mid-download and leaves no file, not even a partial one' {
        $folder = Join-Path $TestDrive 'stopped'
        $null = New-Item -ItemType Directory $folder
        Add-EmulatorFault $emulator 'sekoia.s3.download' @{ stallAfterBytes = 8192 }
        $running = Start-InNewRunspace -Parameters @{ Session = $session; Job = $otherJob; Path = (Join-Path $folder 'events.json.gz'); Fields = $fields } {
            param($Session, $Job, $Path, $Fields)
            $Job | Export-SekoiaEvent -Field $Fields -Path $Path -Session $Session
        }
        try {
            Wait-Running $running { Get-ChildItem $folder -Filter '*.partial' -Force }   # mid-download: the body has begun

            Stop-Running $running | Should -BeLessThan ([timespan]::FromSeconds(2))
            $running.Shell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            Close-Running $running
        }

        @(Get-ChildItem $folder -Force).Count | Should -Be 0
    }

    It 'leaves nothing at -Path when the download keeps breaking off' {
        $path = Join-Path $TestDrive 'broken.json.gz'
        Add-EmulatorFault $emulator 'sekoia.s3.download' (1..20 | ForEach-Object { @{ cutAfterBytes = 2000 } })

        { Export-SekoiaEvent -Job $job -Field $fields -Path $path } | Should -Throw -ErrorId 'SekoiaDownloadFailed*'

        Test-Path $path | Should -BeFalse
        @(Get-ChildItem $TestDrive -Filter '*.partial' -Force).Count | Should -Be 0
    }
}
