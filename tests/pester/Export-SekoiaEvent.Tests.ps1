# Export-SekoiaEvent (alias Export-SekoiaEvents) against the standalone emulator.
BeforeAll {
    . "$PSScriptRoot/Sekoia.TestHelpers.ps1"
    $emulator = Start-SekoiaEmulator
    Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 2; exportDurationSeconds = 2 }
    Connect-Sekoia -ApiBaseUri $emulator.ApiBaseUri -ApiKey $emulator.ApiKey
    $job = Start-SekoiaSearchJob -Query 'emulator:total=3000' -Earliest '-1d' -Wait
    $fields = '@timestamp', 'event.id', 'source.ip'

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

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.json.gz'

        Export-SekoiaEvent -Job $job -Field $fields -Path $path -WhatIf

        Test-Path $path | Should -BeFalse
    }

    It 'leaves nothing at -Path when the download keeps breaking off' {
        $path = Join-Path $TestDrive 'broken.json.gz'
        Add-EmulatorFault $emulator 'sekoia.s3.download' (1..20 | ForEach-Object { @{ cutAfterBytes = 2000 } })

        { Export-SekoiaEvent -Job $job -Field $fields -Path $path } | Should -Throw -ErrorId 'SekoiaDownloadFailed*'

        Test-Path $path | Should -BeFalse
        @(Get-ChildItem $TestDrive -Filter '*.partial' -Force).Count | Should -Be 0
    }
}
