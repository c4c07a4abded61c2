# docs/Invoke-SecurityFeedJob.ps1, the scheduled recipe, run as Task Scheduler or cron runs it (pwsh -File)
# against the emulator: exactly once into out/ across runs, killed and stopped ones included; exit codes; the log;
# the dead-letter file; UTF-8 files. The SecretManagement vault is a stand-in module with the same Get-Secret
# contract (a name and a vault in, a SecureString out), so the test needs no vault installed and reads nothing
# outside the repository.

BeforeAll {
    . "$PSScriptRoot/Emulator.TestSupport.ps1"
    . "$PSScriptRoot/SigSci.TestSupport.ps1"
    . "$PSScriptRoot/PowerShellProcess.TestSupport.ps1"
    $emulator = Start-TestEmulator
    $job = "$RepositoryRoot/docs/Invoke-SecurityFeedJob.ps1"
    $akamaiSecret = 'ZW11bGF0b3ItY2xpZW50LXNlY3JldA=='
    # The reference reads ("one uninterrupted read") are made in this process, without checkpoints.
    $akamai = Connect-AkamaiSiem -HostName $emulator.BaseUri -ClientToken 'akab-emulator-client-token-0001' -ClientSecret (ConvertTo-SecureString $akamaiSecret -AsPlainText -Force) -AccessToken 'akab-emulator-access-token-0001' -PassThru
    $sigsci = Connect-SigSci -Corp testcorp -Email $SigSciEmail -ApiToken (Get-SigSciTestToken) -ApiBaseUri $emulator.BaseUri -PassThru

    $vaultModule = Join-Path $TestDrive 'modules/Microsoft.PowerShell.SecretManagement'
    New-Item -ItemType Directory -Path $vaultModule -Force | Out-Null
    Set-Content -LiteralPath "$vaultModule/Microsoft.PowerShell.SecretManagement.psm1" -Value @'
function Get-Secret {
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)] [string] $Name, [string] $Vault)
    $value = (Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot "$Vault.json") | ConvertFrom-Json).$Name
    if ($null -eq $value) { Write-Error "The secret $Name was not found in vault $Vault." -ErrorId GetSecretNotFound; return }
    ConvertTo-SecureString $value -AsPlainText -Force
}
'@
    $savedModulePath = $env:PSModulePath
    # The job imports PSSecurityFeeds and the vault module by name, as it would once they are installed.
    $env:PSModulePath = (Join-Path $TestDrive 'modules'), "$RepositoryRoot/out", $env:PSModulePath -join [IO.Path]::PathSeparator

    function New-JobSetting {
        param([Parameter(Mandatory)] [string] $Name, [string] $ApiToken = $SigSciTokenText)
        $data = Join-Path $TestDrive $Name
        New-Item -ItemType Directory -Path $data -Force | Out-Null
        @{ SigSciApiToken = $ApiToken } | ConvertTo-Json | Set-Content -LiteralPath "$vaultModule/$Name.json"
        @('[siem]', "host = $($emulator.BaseUri)", 'client_token = akab-emulator-client-token-0001',
            "client_secret = $akamaiSecret", 'access_token = akab-emulator-access-token-0001') |
            Set-Content -LiteralPath "$data/.edgerc"
        $settings = "$data/feed-job.psd1"
        @"
@{
    DataDirectory    = '$data'
    LogRetentionDays = 14
    OutRetentionDays = 7
    Vault            = '$Name'
    Akamai           = @{ EdgeRcPath = '$data/.edgerc'; Section = 'siem'; ConfigIds = 14227 }
    SigSci           = @{ Corp = 'testcorp'; Email = '$SigSciEmail'; ApiTokenSecret = 'SigSciApiToken'; Sites = 'www', 'api'; ApiBaseUri = '$($emulator.BaseUri)' }
}
"@ | Set-Content -LiteralPath $settings
        [pscustomobject]@{ Data = $data; Settings = $settings }
    }

    function Invoke-Job($Setting) { Invoke-PowerShellFile -Path $job -ArgumentList '-ConfigPath', $Setting.Settings }

    function Start-FeedJob($Setting) { Start-PowerShellFile -Path $job -ArgumentList '-ConfigPath', $Setting.Settings }

    function Get-Line([string] $Path) { if (Test-Path -LiteralPath $Path) { @(Get-Content -LiteralPath $Path) } else { @() } }

    function Get-Log($Setting) { Get-Line "$($Setting.Data)/logs/feed-job-$day.log" }

    function Get-FeedFile($Setting, [string] $Folder, [string] $Feed) {
        @(Get-ChildItem -LiteralPath "$($Setting.Data)/$Folder" -Filter "$Feed-*.ndjson" -ErrorAction Ignore | Sort-Object Name)
    }

    # What the forwarder reads of a feed: the lines of its files in out/, in the order the runs wrote them. Each file
    # must hold whole lines only, whenever the forwarder looks.
    function Get-Published($Setting, [string] $Feed) {
        foreach ($file in Get-FeedFile $Setting out $Feed) {
            $text = [IO.File]::ReadAllText($file.FullName)
            $text.EndsWith("`n") | Should -BeTrue -Because "$($file.Name) in out/ holds whole lines only"
            $text.Substring(0, $text.Length - 1).Split("`n")
        }
    }

    # Differences from one uninterrupted read, or nothing when there are none. In order (Akamai): line by line, as a
    # read may hold equal lines (malformed ones are alike). As a set (Signal Sciences interleaves its sites): every
    # line once.
    function Compare-Read([string[]] $Actual, [string[]] $Expected, [switch] $InOrder) {
        if ($InOrder) {
            $same = 0
            while ($same -lt [Math]::Min($Actual.Count, $Expected.Count) -and $Actual[$same] -ceq $Expected[$same]) { $same++ }
            if ($same -lt $Actual.Count -or $same -lt $Expected.Count) {
                return "$($Actual.Count) lines against $($Expected.Count) in the reference read, the first difference at line $($same + 1)"
            }
            return
        }
        $expectedSet = [Collections.Generic.HashSet[string]]::new($Expected)
        $actualSet = [Collections.Generic.HashSet[string]]::new($Actual)
        $missing = @($Expected | Where-Object { -not $actualSet.Contains($_) })
        $unexpected = @($Actual | Where-Object { -not $expectedSet.Contains($_) })
        $repeated = $Actual.Count - $actualSet.Count
        if ($missing.Count + $unexpected.Count + $repeated -gt 0) {
            "$($missing.Count) missing, $repeated repeated, $($unexpected.Count) not in the reference read (first: '$(@($unexpected)[0])')"
        }
    }

    # Where a first Signal Sciences run starts at $Now: the last full clock hour the feed serves (now - 5 min).
    function DefaultSigSciStart([DateTimeOffset] $Now) {
        $latest = $Now.UtcDateTime.AddMinutes(-5)
        [DateTimeOffset]::new($latest.Year, $latest.Month, $latest.Day, $latest.Hour, 0, 0, [TimeSpan]::Zero).AddHours(-1)
    }

    function Read-AkamaiReference { @(Get-AkamaiSiemEvent -Session $akamai -ConfigId 14227 -Drain -Raw) }

    $day = (Get-Date).ToUniversalTime().ToString('yyyyMMdd')
}

AfterAll {
    $env:PSModulePath = $savedModulePath
    Stop-TestEmulator $emulator
}

Describe 'The scheduled feed job (docs/Invoke-SecurityFeedJob.ps1)' {
    AfterEach {
        Clear-EmulatorFault $emulator
        Set-EmulatorSetting $emulator 'sigsci/settings' @{ reset = $true }
        Set-EmulatorSetting $emulator 'akamai/settings' @{ malformedEvery = 0 }
    }

    It 'publishes each feed''s events once across runs as whole files in out/, logs each run and exits 0' {
        $setting = New-JobSetting -Name 'clean'

        $first = Invoke-Job $setting
        $first.ExitCode | Should -Be 0 -Because $first.Output
        $akamaiFiles = Get-FeedFile $setting out akamai
        $sigsciAfterFirst = @(Get-Published $setting sigsci)
        $second = Invoke-Job $setting

        $second.ExitCode | Should -Be 0 -Because $second.Output
        Compare-Read (Get-Published $setting akamai) (Read-AkamaiReference) -InOrder | Should -BeNullOrEmpty
        (Get-FeedFile $setting out akamai).Name | Should -Be $akamaiFiles.Name -Because 'the second run found nothing new at Akamai and published no file'
        $sigsciAfterFirst.Count | Should -Be (2 * 60 * 40) -Because 'the first run reads the last full hour of both sites'
        $ids = (Get-Published $setting sigsci | ConvertFrom-Json).id
        @($ids | Sort-Object -Unique).Count | Should -Be $ids.Count -Because 'no request is published twice'
        Get-FeedFile $setting spool '*' | Should -BeNullOrEmpty -Because 'what a successful run wrote is all in out/'
        Get-FeedFile $setting deadletter '*' | Should -BeNullOrEmpty
        $log = Get-Log $setting
        @($log -match ' INFO  Run started').Count | Should -Be 2
        @($log -match 'INFO  akamai wrote 2500 events, 0 of them unreadable\.').Count | Should -Be 1
        @($log -match "INFO  akamai published out/$($akamaiFiles[0].Name) \(\d+ bytes\)\.").Count | Should -Be 1
        @($log -match 'INFO  Run ended: 0 feed\(s\) failed, 0 event\(s\) set aside\.').Count | Should -Be 2
        $log -match ' ERROR ' | Should -BeNullOrEmpty
        foreach ($file in @(Get-FeedFile $setting out '*') + (Get-Item "$($setting.Data)/logs/feed-job-$day.log")) {
            $bytes = [IO.File]::ReadAllBytes($file.FullName)
            ($bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB) | Should -BeFalse -Because "$($file.Name) is UTF-8 without a byte order mark"
        }
    }

    It 'keeps a malformed event in out/ as sent, copies it to the dead-letter file, completes the run and exits 2' {
        Set-EmulatorSetting $emulator 'akamai/settings' @{ malformedEvery = 100 }
        Set-EmulatorSetting $emulator 'sigsci/settings' @{ malformedEvery = 100 }
        $setting = New-JobSetting -Name 'malformed'

        $run = Invoke-Job $setting

        $run.ExitCode | Should -Be 2 -Because $run.Output
        $akamaiOut = @(Get-Published $setting akamai)
        Compare-Read $akamaiOut (Read-AkamaiReference) -InOrder | Should -BeNullOrEmpty -Because 'nothing is lost: unreadable lines stay in out/ as Akamai sent them'
        $akamaiSetAside = Get-Line "$($setting.Data)/deadletter/akamai-$day.ndjson"
        $akamaiSetAside.Count | Should -Be 25
        $akamaiSetAside | ForEach-Object { $akamaiOut | Should -Contain $_ }
        $sigsciOut = @(Get-Published $setting sigsci)
        $sigsciOut.Count | Should -Be (2 * 60 * 40) -Because 'every request is in out/, readable or not'
        $sigsciSetAside = Get-Line "$($setting.Data)/deadletter/sigsci-$day.ndjson"
        $sigsciSetAside.Count | Should -Be @($sigsciOut -match '"responseCode":"not-a-number"').Count
        $sigsciSetAside | ForEach-Object { ($_ | ConvertFrom-Json).responseCode | Should -Be 'not-a-number'; $sigsciOut | Should -Contain $_ }
        $log = Get-Log $setting
        @($log -match ' WARN  akamai could not read an event; it is in out/ as sent').Count | Should -Be 25
        @($log -match ' WARN  sigsci could not read an event; it is in out/ as sent').Count | Should -Be $sigsciSetAside.Count
        $log[-1] | Should -Match "WARN  Run ended: 0 feed\(s\) failed, $(25 + $sigsciSetAside.Count) event\(s\) set aside\."
    }

    It 'logs a failing feed as an error, still runs the others, removes expired logs and out files, and exits 1' {
        $setting = New-JobSetting -Name 'badtoken' -ApiToken 'not-the-token'
        $expired = foreach ($file in 'logs/feed-job-20000101.log', 'out/akamai-20000101T000000000Z.ndjson') {
            $item = New-Item -Path "$($setting.Data)/$file" -Value "old`n" -Force
            $item.LastWriteTime = (Get-Date).AddDays(-15)
            $item
        }
        $kept = foreach ($file in 'logs/feed-job-20000102.log', 'out/akamai-20000102T000000000Z.ndjson') {
            $item = New-Item -Path "$($setting.Data)/$file" -Value "recent`n" -Force
            $item.LastWriteTime = (Get-Date).AddDays(-6)
            $item
        }

        $run = Invoke-Job $setting

        $run.ExitCode | Should -Be 1 -Because $run.Output
        $log = Get-Log $setting
        @($log -match ' ERROR sigsci failed after 0 events').Count | Should -Be 1
        ($log -join "`n") | Should -Not -Match 'not-the-token' -Because 'a secret never reaches the log'
        Get-FeedFile $setting out sigsci | Should -BeNullOrEmpty
        @($log -match 'INFO  akamai wrote 2500 events').Count | Should -Be 1
        $log[-1] | Should -Match 'ERROR Run ended: 1 feed\(s\) failed'
        $expired | ForEach-Object { Test-Path -LiteralPath $_.FullName | Should -BeFalse -Because "$($_.Name) is older than its retention (14 days for logs, 7 for out/)" }
        $kept | ForEach-Object { Test-Path -LiteralPath $_.FullName | Should -BeTrue }
    }

    It 'publishes every event exactly once through a run killed mid-read, one stopped like a time limit and one killed at random' {
        $random = [Random]::new()
        $seed = $random.Next()
        $random = [Random]::new($seed)
        Write-Host "Kill moments from seed $seed"

        # 1. SIGKILL while Akamai's response is stalled part-way: lines are written, the rest may not be committed. A
        # kill can only leave an uncommitted tail to cut off once a full write buffer reached the file after the last
        # commit; an attempt that did not get one starts afresh, so the recipe is tested with a tail.
        foreach ($attempt in 1..3) {
            $setting = New-JobSetting -Name "killed-$attempt"
            Add-EmulatorFault $emulator 'akamai.siem' @{ stallAfterBytes = $random.Next(20000, 120000) }
            $killed = Start-FeedJob $setting
            $deadline = (Get-Date).AddSeconds(60)
            while (-not (Get-FeedFile $setting spool akamai | Where-Object Length -GT 0)) {
                if ($killed.HasExited -or (Get-Date) -gt $deadline) { throw "the job wrote nothing: $($killed.StandardError.ReadToEnd())" }
                Start-Sleep -Milliseconds 20
            }
            $killed.Kill()
            $killed.WaitForExit()
            Clear-EmulatorFault $emulator
            $committed = (Get-Content -Raw "$($setting.Data)/state/akamai.json" | ConvertFrom-Json).OutFile
            $spool = Get-Item -LiteralPath $committed.Path
            if ($spool.Length -gt $committed.Length) { break }
        }
        Write-Host "Attempt $attempt left $($spool.Length - $committed.Length) bytes after the last commit ($($committed.Length) committed)."
        $spool.Length | Should -BeGreaterThan $committed.Length -Because 'the killed run left lines after its last commit in its spool file'
        Get-FeedFile $setting out '*' | Should -BeNullOrEmpty -Because 'nothing of a run that did not end reaches the forwarder'

        # 2. Stopped while Signal Sciences is read (one site's page stalled): SIGTERM, as timeout(1), systemd or a
        # service stop sends it; on Windows the process is ended as Task Scheduler's time limit ends it. A second
        # run started meanwhile is refused at once and leaves the running one alone.
        Add-EmulatorFault $emulator 'sigsci.feed' @{ stallAfterBytes = $random.Next(2000, 20000) }
        $sigsciStarted = [DateTimeOffset]::UtcNow
        $stopped = Start-FeedJob $setting
        $deadline = (Get-Date).AddSeconds(60)
        while (-not (Get-FeedFile $setting spool sigsci | Where-Object Length -GT 0)) {
            if ($stopped.HasExited -or (Get-Date) -gt $deadline) { throw "the job wrote nothing: $($stopped.StandardError.ReadToEnd())" }
            Start-Sleep -Milliseconds 20
        }
        $sigsciReading = [DateTimeOffset]::UtcNow
        $overlapping = Invoke-Job $setting
        if ($IsWindows) { $stopped.Kill() } else { kill -TERM $stopped.Id }
        $stopped.WaitForExit(30000) | Should -BeTrue
        Clear-EmulatorFault $emulator

        $overlapping.ExitCode | Should -Be 1
        $overlapping.Output | Should -Match 'another run of this job is still going'
        if (-not $IsWindows) { $stopped.ExitCode | Should -Be 143 -Because 'SIGTERM stops the feed, which commits, and PowerShell exits with 143' }
        Compare-Read (Get-Published $setting akamai) (Read-AkamaiReference) -InOrder | Should -BeNullOrEmpty -Because 'the second run cut off the killed run''s tail, finished Akamai and published both runs'' files'
        Get-FeedFile $setting out sigsci | Should -BeNullOrEmpty -Because 'Signal Sciences was stopped mid-read'
        $log = Get-Log $setting
        @($log -match 'WARN  The previous run \(started .+, process \d+\) was stopped before it ended').Count | Should -Be 1

        # 3. SIGKILL at a random moment of a run (starting, connecting, reading, publishing or done), then a run to the end.
        $third = Start-FeedJob $setting
        Start-Sleep -Milliseconds $random.Next(300, 2500)
        if (-not $third.HasExited) { $third.Kill() }
        $third.WaitForExit()
        $last = Invoke-Job $setting

        $last.ExitCode | Should -Be 0 -Because $last.Output
        Get-FeedFile $setting spool '*' | Should -BeNullOrEmpty
        Compare-Read (Get-Published $setting akamai) (Read-AkamaiReference) -InOrder | Should -BeNullOrEmpty
        # Signal Sciences: the runs together against one read of the range they covered: from the start of the first
        # run's default window (the last full clock hour before its now - 5 min) to where the checkpoint ends.
        $published = @(Get-Published $setting sigsci)
        $earliest = ($published | ConvertFrom-Json | ForEach-Object { [DateTimeOffset]::Parse($_.timestamp).UtcTicks } | Measure-Object -Minimum).Minimum
        $from = [DateTimeOffset]::new([long]$earliest - [long]$earliest % [TimeSpan]::TicksPerHour, [TimeSpan]::Zero)
        $from | Should -BeGreaterOrEqual (DefaultSigSciStart $sigsciStarted)
        $from | Should -BeLessOrEqual (DefaultSigSciStart $sigsciReading)
        $checkpoint = Get-Content -Raw "$($setting.Data)/state/sigsci.json" | ConvertFrom-Json
        $checkpoint.Sites.api | Should -Be $checkpoint.Sites.www
        $reference = @('www', 'api' | Get-SigSciFeed -Session $sigsci -From $from -Until ([DateTimeOffset]$checkpoint.Sites.www) -Raw)
        $reference.Count | Should -BeGreaterOrEqual (2 * 60 * 40)
        Compare-Read $published $reference | Should -BeNullOrEmpty
    }
}
