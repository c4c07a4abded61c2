#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Nothing lost, nothing twice, as a scheduled job sees it: paths checked before any request, -OutFile,
# stops at any event (Ctrl+C), SIGTERM and SIGINT with their exit codes, damaged checkpoints.
# Needs the built module (./build.ps1 Build); starts its own emulator.

BeforeAll {
    . "$PSScriptRoot/SigSci.TestSupport.ps1"
    . "$PSScriptRoot/PowerShellProcess.TestSupport.ps1"
    $script:emulator = Start-TestEmulator
    $script:modulePath = "$RepositoryRoot/out/PSSecurityFeeds/PSSecurityFeeds.psd1"
    $secret = ConvertTo-SecureString 'ZW11bGF0b3ItY2xpZW50LXNlY3JldA==' -AsPlainText -Force
    $script:akamai = Connect-AkamaiSiem -HostName $emulator.BaseUri -ClientToken 'akab-emulator-client-token-0001' -ClientSecret $secret -AccessToken 'akab-emulator-access-token-0001' -PassThru
    $script:sigsci = Connect-SigSci -Corp testcorp -Email $SigSciEmail -ApiToken (Get-SigSciTestToken) -ApiBaseUri $emulator.BaseUri -PassThru
    Set-EmulatorSetting $emulator 'akamai/settings' @{ eventCount = 3000; malformedEvery = 0 }

    # A fixed Signal Sciences backlog: 2 sites x 90 minutes x 40 requests, from a checkpoint-less start at -From.
    $script:sigsciUntil = [DateTimeOffset]::FromUnixTimeSeconds([math]::Floor([DateTimeOffset]::UtcNow.AddMinutes(-10).ToUnixTimeSeconds() / 60) * 60)
    $script:sigsciFrom = $sigsciUntil.AddMinutes(-90)

    function script:RequestCount([string] $Route) { @(Get-EmulatorRequest $emulator $Route).Count }
    function script:LinesOf([string[]] $Path) { $Path | ForEach-Object { [IO.File]::ReadAllText($_).Split("`n") } | Where-Object { $_ } }
    function script:KeyOf($Item) { if ($Item -is [string]) { $Item } elseif ($Item.Id) { $Item.Id } else { '{0}|{1}|{2:o}' -f $Item.RequestId, $Item.ClientIP, $Item.Time } }

    # Runs a feed command in a runspace of its own (the module imported there, the session passed in) and, like a
    # Ctrl+C, stops it from this thread once at least $StopAfter objects came out; returns what came out.
    function script:Invoke-Stopped([string] $Command, [object] $Session, [string] $Checkpoint, [int] $StopAfter) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("param(`$Session, `$Checkpoint, `$From, `$Until) Import-Module '$modulePath'; $Command").AddArgument($Session).AddArgument($Checkpoint).AddArgument($sigsciFrom).AddArgument($sigsciUntil)
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $running = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            while (-not $running.IsCompleted -and $output.Count -lt $StopAfter) { [Threading.Thread]::Sleep(1) }
            $ps.Stop()
            try { $ps.EndInvoke($running) } catch [System.Management.Automation.PipelineStoppedException] { }
            [pscustomobject]@{ Items = @($output); Stopped = $ps.InvocationStateInfo.State -eq 'Stopped' }
        }
        finally { $ps.Dispose() }
    }

    # A job: the script in a file, run by a PowerShell process of its own (SIGINT's default disposition given back).
    function script:Start-PwshScript([string] $Script) {
        $file = Join-Path $TestDrive "job-$([guid]::NewGuid().ToString('n')).ps1"
        Set-Content -LiteralPath $file -Value $Script
        Start-PowerShellFile -Path $file
    }

    function script:CommittedLength([string] $Checkpoint) { (Get-Content -Raw $Checkpoint | ConvertFrom-Json).OutFile.Length }
}

AfterAll {
    Stop-TestEmulator $emulator
}

Describe 'Paths a command writes to are checked before any request' {
    BeforeAll {
        $script:file = Join-Path $TestDrive 'a-file.txt'
        Set-Content $file 'x'
        function script:PathFor([string] $Kind) {
            switch ($Kind) {
                'a folder' { $TestDrive }
                'another provider' { 'Env:\PSSF_CHECKPOINT' }
                'a missing folder' { Join-Path $TestDrive 'missing/ck.json' }
                'a file as the folder' { Join-Path $file 'ck.json' }
                'a pipe' { $fifo = Join-Path $TestDrive "fifo-$([guid]::NewGuid().ToString('n'))"; mkfifo $fifo; $fifo }
            }
        }
    }

    It '-CheckpointPath on <Kind> fails with <ErrorId> (<Category>)' -ForEach @(
        @{ Kind = 'a folder'; ErrorId = 'PathIsFolder'; Category = 'InvalidArgument' }
        @{ Kind = 'another provider'; ErrorId = 'PathNotFileSystem'; Category = 'InvalidArgument' }
        @{ Kind = 'a missing folder'; ErrorId = 'PathFolderNotFound'; Category = 'ObjectNotFound' }
        @{ Kind = 'a file as the folder'; ErrorId = 'PathParentIsFile'; Category = 'InvalidArgument' }
    ) {
        $before = RequestCount 'akamai.siem'

        $failure = { Get-AkamaiSiemEvent -Session $akamai -ConfigId 14227 -CheckpointPath (PathFor $Kind) } | Should -Throw -ErrorId "$ErrorId,PSSecurityFeeds.Akamai.GetAkamaiSiemEventCommand" -PassThru

        $failure.CategoryInfo.Category | Should -Be $Category
        RequestCount 'akamai.siem' | Should -Be $before
    }

    It 'a folder this account cannot write to fails with PathNotWritable (PermissionDenied)' -Skip:(-not $IsLinux) {
        # /sys refuses new files even to root, who may write anywhere else
        $failure = { Get-SigSciFeed -Session $sigsci -Site www -CheckpointPath '/sys/kernel/pssf.json' } | Should -Throw -ErrorId 'PathNotWritable,PSSecurityFeeds.SigSci.GetSigSciFeedCommand' -PassThru
        $failure.CategoryInfo.Category | Should -Be 'PermissionDenied'
    }

    It 'a named pipe as the checkpoint fails at once with PathNotAFile instead of waiting for a writer' -Skip:$IsWindows {
        $elapsed = Measure-Command {
            { Get-SigSciFeed -Session $sigsci -Site www -CheckpointPath (PathFor 'a pipe') } | Should -Throw -ErrorId 'PathNotAFile,PSSecurityFeeds.SigSci.GetSigSciFeedCommand'
        }
        $elapsed.TotalSeconds | Should -BeLessThan 10
    }

    It '-OutFile is checked the same way, and needs -CheckpointPath' {
        $before = RequestCount 'sigsci.feed'

        { Get-SigSciFeed -Session $sigsci -Site www -CheckpointPath (Join-Path $TestDrive 'ck.json') -OutFile $TestDrive } | Should -Throw -ErrorId 'PathIsFolder,PSSecurityFeeds.SigSci.GetSigSciFeedCommand'
        { Get-SigSciFeed -Session $sigsci -Site www -CheckpointPath (Join-Path $TestDrive 'ck.json') -OutFile 'Env:\X' } | Should -Throw -ErrorId 'PathNotFileSystem,PSSecurityFeeds.SigSci.GetSigSciFeedCommand'
        { Get-SigSciFeed -Session $sigsci -Site www -OutFile (Join-Path $TestDrive 'feed.ndjson') } | Should -Throw -ErrorId 'OutFileWithoutCheckpoint,PSSecurityFeeds.SigSci.GetSigSciFeedCommand'

        RequestCount 'sigsci.feed' | Should -Be $before
    }

    It 'Export-SekoiaEvent -Path on another provider fails before the export starts and leaves no file' {
        Connect-Sekoia -ApiBaseUri "$($emulator.BaseUri)/sekoia" -ApiKey (ConvertTo-SecureString 'sekoia-emulator-api-key' -AsPlainText -Force)
        Push-Location $TestDrive
        try {
            { Export-SekoiaEvent -Uuid '3fa85f64-5717-4562-b3fc-2c963f66afa6' -Field 'message' -Path 'Env:\PSSF_EXPORT' } | Should -Throw -ErrorId 'PathNotFileSystem,PSSecurityFeeds.Sekoia.ExportSekoiaEventCommand'
            @(Get-ChildItem -Force | Where-Object Name -Like '*PSSF_EXPORT*').Count | Should -Be 0
        }
        finally { Pop-Location; Disconnect-Sekoia }
        RequestCount 'sekoia.jobs.export' | Should -Be 0
    }
}

Describe '-OutFile' {
    It 'writes every Akamai event once to the file, nothing to the pipeline, and commits the file''s length' {
        $checkpoint = Join-Path $TestDrive 'akamai-out.json'
        $out = Join-Path $TestDrive 'akamai.ndjson'

        $objects = Get-AkamaiSiemEvent -Session $akamai -ConfigId 14227 -Limit 700 -Drain -CheckpointPath $checkpoint -OutFile $out

        $objects | Should -BeNullOrEmpty
        $lines = LinesOf $out
        $lines.Count | Should -Be 3000
        @($lines | Sort-Object -Unique).Count | Should -Be 3000
        ($lines[0] | ConvertFrom-Json).type | Should -Be 'akamai_siem'
        $saved = Get-Content -Raw $checkpoint | ConvertFrom-Json
        $saved.OutFile.Path | Should -Be $out
        $saved.OutFile.Length | Should -Be (Get-Item $out).Length
        [IO.File]::ReadAllBytes($out)[0] | Should -Be ([byte][char]'{') # no byte order mark
    }

    It 'with -PassThru also writes the objects; a run stopped by Select-Object -First continues exactly' {
        $checkpoint = Join-Path $TestDrive 'passthru.json'
        $out = Join-Path $TestDrive 'passthru.ndjson'

        $head = Get-AkamaiSiemEvent -Session $akamai -ConfigId 14228 -Limit 500 -Drain -CheckpointPath $checkpoint -OutFile $out -PassThru | Select-Object -First 777
        $rest = Get-AkamaiSiemEvent -Session $akamai -ConfigId 14228 -Limit 500 -Drain -CheckpointPath $checkpoint -OutFile $out -PassThru

        $head[0] | Should -BeOfType 'PSSecurityFeeds.Core.Akamai.AkamaiSiemEvent'
        ($head.Count + $rest.Count) | Should -BeGreaterOrEqual 3000
        $lines = LinesOf $out
        $lines.Count | Should -Be 3000
        @($lines | Sort-Object -Unique).Count | Should -Be 3000
    }

    It 'rotates Signal Sciences files by size and writes every request once across them' {
        $checkpoint = Join-Path $TestDrive 'sigsci-out.json'
        $out = Join-Path $TestDrive 'sigsci.ndjson'

        'www', 'api' | Get-SigSciFeed -Session $sigsci -From $sigsciFrom -Until $sigsciUntil -CheckpointPath $checkpoint -OutFile $out -MaxFileSize 1MB

        $files = Get-ChildItem $TestDrive -Filter 'sigsci*.ndjson'
        $files.Count | Should -BeGreaterThan 2
        $files | ForEach-Object { $_.Length | Should -BeLessOrEqual 1MB }
        $lines = LinesOf $files.FullName
        $lines.Count | Should -Be (2 * 90 * 40)
        @($lines | ForEach-Object { ($_ | ConvertFrom-Json).id } | Sort-Object -Unique).Count | Should -Be (2 * 90 * 40)
    }
}

Describe 'A run stopped at any event loses nothing and repeats nothing' {
    It '<Name>, stopped by <Stop> at random events: the runs together deliver one uninterrupted read' -ForEach @(
        @{ Name = 'Akamai -Raw'; Stop = 'Ctrl+C'; Vendor = 'akamai'; Command = 'Get-AkamaiSiemEvent -Session $Session -ConfigId 20001 -Limit 300 -Drain -Raw -CheckpointPath $Checkpoint' }
        @{ Name = 'Akamai typed'; Stop = 'Ctrl+C'; Vendor = 'akamai'; Command = 'Get-AkamaiSiemEvent -Session $Session -ConfigId 20001 -Limit 300 -Drain -CheckpointPath $Checkpoint' }
        @{ Name = 'Signal Sciences -Raw'; Stop = 'Ctrl+C'; Vendor = 'sigsci'; Command = "'www', 'api' | Get-SigSciFeed -Session `$Session -Raw -CheckpointPath `$Checkpoint -From `$From -Until `$Until" }
        @{ Name = 'Signal Sciences typed'; Stop = 'Ctrl+C'; Vendor = 'sigsci'; Command = "'www', 'api' | Get-SigSciFeed -Session `$Session -CheckpointPath `$Checkpoint -From `$From -Until `$Until" }
        @{ Name = 'Akamai typed'; Stop = 'Select-Object -First'; Vendor = 'akamai'; Command = 'Get-AkamaiSiemEvent -Session $Session -ConfigId 20001 -Limit 300 -Drain -CheckpointPath $Checkpoint' }
        @{ Name = 'Signal Sciences -Raw'; Stop = 'Select-Object -First'; Vendor = 'sigsci'; Command = "'www', 'api' | Get-SigSciFeed -Session `$Session -Raw -CheckpointPath `$Checkpoint -From `$From -Until `$Until" }
    ) {
        $session = if ($Vendor -eq 'akamai') { $akamai } else { $sigsci }
        $expected = if ($Vendor -eq 'akamai') { 3000 } else { 2 * 90 * 40 }
        $checkpoint = Join-Path $TestDrive "stopped-$([guid]::NewGuid().ToString('n')).json"
        $seen = @{}
        $repeated = [Collections.Generic.List[string]]::new()
        $stops = 0
        while ($true) {
            $count = Get-Random -Minimum 1 -Maximum 500
            $run = if ($Stop -eq 'Ctrl+C') { Invoke-Stopped -Command $Command -Session $session -Checkpoint $checkpoint -StopAfter $count }
            else { Invoke-Stopped -Command "$Command | Select-Object -First $count" -Session $session -Checkpoint $checkpoint -StopAfter ([int]::MaxValue) }
            $position = 0
            foreach ($item in $run.Items) {
                $position++
                $key = KeyOf $item
                if ($seen.ContainsKey($key)) { $repeated.Add("$key in run $($stops + 1) at $position of $($run.Items.Count), first $($seen[$key])") }
                else { $seen[$key] = "in run $($stops + 1) at $position of $($run.Items.Count)" }
            }
            if (-not $run.Stopped -and ($Stop -eq 'Ctrl+C' -or $run.Items.Count -lt $count)) { break }
            $stops++
            $stops | Should -BeLessThan 200 -Because 'each stopped run must keep what it delivered'
        }

        $repeated | Should -BeNullOrEmpty -Because "$stops stops may not repeat an event"
        $seen.Count | Should -Be $expected -Because "$stops stops may not lose an event"
        $stops | Should -BeGreaterOrEqual 5
    }
}

Describe 'Signals end a run the way a scheduler can see' -Skip:$IsWindows {
    BeforeAll {
        # A scheduled job's script: Akamai events into $TestDrive/<name>.ndjson with the checkpoint <name>.json.
        function script:AkamaiJobScript([string] $Name, [int] $Limit) {
            @"
Import-Module '$modulePath'
`$secret = ConvertTo-SecureString 'ZW11bGF0b3ItY2xpZW50LXNlY3JldA==' -AsPlainText -Force
Connect-AkamaiSiem -HostName '$($emulator.BaseUri)' -ClientToken 'akab-emulator-client-token-0001' -ClientSecret `$secret -AccessToken 'akab-emulator-access-token-0001'
Get-AkamaiSiemEvent -ConfigId 14227 -Limit $Limit -Drain -CheckpointPath '$(Join-Path $TestDrive "$Name.json")' -OutFile '$(Join-Path $TestDrive "$Name.ndjson")'
"@
        }

        # Starts the job over slow responses, sends the signal once events are being written, waits for the end.
        function script:Stop-AkamaiJob([string] $Name, [string] $Signal) {
            Add-EmulatorFault $emulator 'akamai.siem' @(1..30 | ForEach-Object { @{ delay = '00:00:00.200' } })
            $job = Start-PwshScript (AkamaiJobScript $Name 50)
            $out = Join-Path $TestDrive "$Name.ndjson"
            $deadline = (Get-Date).AddSeconds(60)
            while (-not ((Test-Path $out) -and (Get-Item $out).Length -gt 0)) {
                if ($job.HasExited -or (Get-Date) -gt $deadline) { throw "the job wrote nothing: $($job.StandardError.ReadToEnd())" }
                Start-Sleep -Milliseconds 20
            }

            kill "-$Signal" $job.Id
            $job.WaitForExit(30000) | Should -BeTrue
            [pscustomobject]@{ ExitCode = $job.ExitCode; Checkpoint = (Join-Path $TestDrive "$Name.json"); Out = $out; Said = $job.StandardOutput.ReadToEnd() + $job.StandardError.ReadToEnd() }
        }
    }

    AfterEach { Clear-EmulatorFault $emulator }

    It 'SIGTERM commits what is in the file, then the process exits with 143; the next run completes the file' {
        $job = Stop-AkamaiJob 'sigterm' 'TERM'

        $job.ExitCode | Should -Be 143 -Because "the job said: $($job.Said)"
        CommittedLength $job.Checkpoint | Should -Be (Get-Item $job.Out).Length -Because 'what was written was committed before the process ended'
        Clear-EmulatorFault $emulator
        Get-AkamaiSiemEvent -Session $akamai -ConfigId 14227 -Limit 1000 -Drain -CheckpointPath $job.Checkpoint -OutFile $job.Out
        $lines = LinesOf $job.Out
        $lines.Count | Should -Be 3000
        @($lines | Sort-Object -Unique).Count | Should -Be 3000
    }

    It 'SIGTERM in the pipeline form commits exactly the events the pipeline took' {
        $checkpoint = Join-Path $TestDrive 'sigterm-pipeline.json'
        $taken = Join-Path $TestDrive 'taken.txt'
        # A slow consumer that records each event it took, unbuffered; the checkpoint is committed about every second.
        $job = Start-PwshScript @"
Import-Module '$modulePath'
`$secret = ConvertTo-SecureString 'ZW11bGF0b3ItY2xpZW50LXNlY3JldA==' -AsPlainText -Force
Connect-AkamaiSiem -HostName '$($emulator.BaseUri)' -ClientToken 'akab-emulator-client-token-0001' -ClientSecret `$secret -AccessToken 'akab-emulator-access-token-0001'
Get-AkamaiSiemEvent -ConfigId 14227 -Limit 5000 -Raw -CheckpointPath '$checkpoint' | ForEach-Object { [IO.File]::AppendAllText('$taken', "x``n"); Start-Sleep -Milliseconds 3 }
"@
        $deadline = (Get-Date).AddSeconds(60)
        while (-not (Test-Path $taken) -or @(Get-Content $taken).Count -lt 300) {
            if ($job.HasExited -or (Get-Date) -gt $deadline) { throw "the job took nothing: $($job.StandardError.ReadToEnd())" }
            Start-Sleep -Milliseconds 20
        }

        kill -TERM $job.Id
        $job.WaitForExit(30000) | Should -BeTrue

        $job.ExitCode | Should -Be 143
        (Get-Content -Raw $checkpoint | ConvertFrom-Json).DeliveredLines | Should -Be @(Get-Content $taken).Count
    }

    It 'SIGINT (Ctrl+C) stops the command, which commits, and the process exits with 130 instead of 0' {
        $job = Stop-AkamaiJob 'sigint' 'INT'

        $job.ExitCode | Should -Be 130 -Because "the job said: $($job.Said)"
        CommittedLength $job.Checkpoint | Should -Be (Get-Item $job.Out).Length
        @(LinesOf $job.Out).Count | Should -BeLessThan 3000 -Because 'the command was stopped, not finished'
    }

    It 'a run that no signal stopped exits 0' {
        $job = Start-PwshScript (AkamaiJobScript 'clean' 1000)

        $job.WaitForExit(60000) | Should -BeTrue
        $job.ExitCode | Should -Be 0
        @(LinesOf (Join-Path $TestDrive 'clean.ndjson')).Count | Should -Be 3000
    }
}

Describe 'Damaged checkpoints' {
    It 'an empty checkpoint stops the command with CheckpointCorrupt, saying what deleting it costs and how to restart from a time' {
        $checkpoint = Join-Path $TestDrive 'empty.json'
        New-Item -ItemType File $checkpoint | Out-Null

        $failure = { Get-AkamaiSiemEvent -Session $akamai -ConfigId 14227 -CheckpointPath $checkpoint } | Should -Throw -ErrorId 'CheckpointCorrupt,PSSecurityFeeds.Akamai.GetAkamaiSiemEventCommand' -PassThru

        $failure.CategoryInfo.Category | Should -Be 'InvalidData'
        $failure.Exception.Message | Should -Match 'empty \(0 bytes\)'
        $failure.Exception.Message | Should -Match 'up to 12 hours back'
        $failure.Exception.Message | Should -Match 'LastEventTime'
    }
}
