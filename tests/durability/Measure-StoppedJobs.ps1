#Requires -Version 7.2
<#
.SYNOPSIS
    Measures a scheduled job that is always stopped early: the module in pwsh, -OutFile and -CheckpointPath,
    against the emulator with vendor-like latency, stopped every few seconds until one run finishes on its own.
.DESCRIPTION
    Not part of the test command (it takes minutes). Reports the runs needed, the time, the events fetched
    again per stop, and checks the file: every event once, no half line. Build first (./build.ps1 Build).
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/durability/Measure-StoppedJobs.ps1 -Vendor SigSci -StopAfterSeconds 5 -Signal TERM
#>
param(
    [ValidateSet('Akamai', 'SigSci')] [string] $Vendor = 'SigSci',
    [double] $StopAfterSeconds = 5,
    [ValidateSet('TERM', 'KILL', 'INT')] [string] $Signal = 'TERM',
    # Akamai: events over the last 11 h 40 min, and each response delayed this long (the real API takes seconds).
    [int] $AkamaiEvents = 300000,
    [int] $AkamaiResponseDelayMs = 1000,
    # Signal Sciences: a 12-hour backlog of two sites, each page delayed this long.
    [int] $SigSciRequestsPerMinute = 40,
    [int] $SigSciPageLatencyMs = 300
)

$ErrorActionPreference = 'Stop'
. "$PSScriptRoot/../pester/SigSci.TestSupport.ps1"
$emulator = Start-TestEmulator
$folder = Join-Path ([IO.Path]::GetTempPath()) "pssf-measure-$([guid]::NewGuid().ToString('n'))"
New-Item -ItemType Directory $folder | Out-Null
$modulePath = "$RepositoryRoot/out/PSSecurityFeeds/PSSecurityFeeds.psd1"

function Get-JobScript([string] $Checkpoint, [string] $Out) {
    $connect, $read = if ($Vendor -eq 'Akamai') {
        "Connect-AkamaiSiem -HostName '$($emulator.BaseUri)' -ClientToken 'akab-emulator-client-token-0001' -ClientSecret (ConvertTo-SecureString 'ZW11bGF0b3ItY2xpZW50LXNlY3JldA==' -AsPlainText -Force) -AccessToken 'akab-emulator-access-token-0001'"
        "Get-AkamaiSiemEvent -ConfigId 14227 -Drain -CheckpointPath '$Checkpoint' -OutFile '$Out'"
    }
    else {
        "Connect-SigSci -Corp testcorp -Email '$SigSciEmail' -ApiToken (ConvertTo-SecureString '$SigSciTokenText' -AsPlainText -Force) -ApiBaseUri '$($emulator.BaseUri)'"
        "'www', 'api' | Get-SigSciFeed -CheckpointPath '$Checkpoint' -OutFile '$Out' -From ([DateTimeOffset]'$($from.ToString('o'))') -Until ([DateTimeOffset]'$($until.ToString('o'))')"
    }
    "`$ErrorActionPreference = 'Stop'; Import-Module '$modulePath'; $connect; $read"
}

function Start-FeedJob([string] $Script) {
    $file = Join-Path $folder "job-$([guid]::NewGuid().ToString('n')).ps1"
    Set-Content $file $Script
    $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in (Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-File', $file) { $start.ArgumentList.Add($argument) }
    $start.RedirectStandardError = $true
    $start.RedirectStandardOutput = $true
    [Diagnostics.Process]::Start($start)
}

# The lines after the last commit (cut off and fetched again by the next run) and, for Signal Sciences, the
# requests of the windows a run stopped in (fetched again and skipped).
function Get-Refetched([string] $Checkpoint, [string] $Out) {
    $state = Get-Content -Raw $Checkpoint | ConvertFrom-Json
    if (-not $state) { return 0 }
    $bytes = [IO.File]::ReadAllBytes($Out)
    $committed = [math]::Min($state.OutFile.Length, $bytes.Length)
    $uncommitted = [Text.Encoding]::UTF8.GetString($bytes, $committed, $bytes.Length - $committed).Split("`n").Count - 1
    $replayed = if ($Vendor -eq 'Akamai') { $state.DeliveredLines } else { ($state.OpenWindows.PSObject.Properties.Value | ForEach-Object { $_.Delivered.Count } | Measure-Object -Sum).Sum }
    $uncommitted + [int]$replayed
}

try {
    if ($Vendor -eq 'Akamai') {
        Set-EmulatorSetting $emulator 'akamai/settings' @{ eventCount = $AkamaiEvents; windowMinutes = 700 }
        Add-EmulatorFault $emulator 'akamai.siem' @(1..2000 | ForEach-Object { @{ delay = [TimeSpan]::FromMilliseconds($AkamaiResponseDelayMs).ToString() } })
        $expected = $AkamaiEvents
    }
    else {
        $until = [DateTimeOffset]::FromUnixTimeSeconds([math]::Floor([DateTimeOffset]::UtcNow.AddMinutes(-6).ToUnixTimeSeconds() / 60) * 60)
        $from = $until.AddHours(-12)
        Set-EmulatorSetting $emulator 'sigsci/settings' @{ requestsPerMinute = $SigSciRequestsPerMinute; pageLatencyMs = $SigSciPageLatencyMs }
        $expected = 2 * 720 * $SigSciRequestsPerMinute
    }

    $checkpoint = Join-Path $folder 'checkpoint.json'
    $out = Join-Path $folder 'feed.ndjson'
    $script = Get-JobScript $checkpoint $out
    $refetched = [Collections.Generic.List[long]]::new()
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $runs = 0
    while ($true) {
        $runs++
        $job = Start-FeedJob $script
        if ($job.WaitForExit([int]($StopAfterSeconds * 1000))) {
            if ($job.ExitCode -ne 0) { throw "run $runs failed: $($job.StandardError.ReadToEnd())" }
            break
        }

        kill "-$Signal" $job.Id
        $job.WaitForExit()
        $refetched.Add((Get-Refetched $checkpoint $out))
        Write-Host ("run {0,3}: stopped (exit {1}), {2:N0} lines in the file, {3:N0} to fetch again" -f $runs, $job.ExitCode, ([IO.File]::ReadAllText($out).Split("`n").Count - 1), $refetched[-1])
    }

    $lines = [IO.File]::ReadAllText($out).Split("`n")
    $half = $lines[-1].Length -gt 0
    $events = $lines[0..($lines.Count - 2)]
    $unique = @($events | Sort-Object -Unique).Count
    [pscustomobject]@{
        Vendor            = $Vendor
        Signal            = $Signal
        StopAfterSeconds  = $StopAfterSeconds
        Runs              = $runs
        Seconds           = [math]::Round($clock.Elapsed.TotalSeconds, 1)
        Expected          = $expected
        InFile            = $events.Count
        Missing           = $expected - $unique
        Duplicated        = $events.Count - $unique
        HalfLine          = $half
        RefetchedPerStop  = if ($refetched.Count) { [math]::Round(($refetched | Measure-Object -Average).Average) } else { 0 }
        RefetchedMax      = if ($refetched.Count) { ($refetched | Measure-Object -Maximum).Maximum } else { 0 }
    }
}
finally {
    Stop-TestEmulator $emulator
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
}
