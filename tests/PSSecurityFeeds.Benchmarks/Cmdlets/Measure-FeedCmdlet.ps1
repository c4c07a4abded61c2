# Runs one of the module's data cmdlets as a user does (in this pwsh, with the built module imported, its output
# piped to Measure-Object) several times, and prints one line per run for CmdletBenchmark to read:
#   RESULT {"run":1,"events":600000,"seconds":2.1,...}
# The first run is the fresh-process one; later runs are warm. With -OutFile, Akamai and Signal Sciences write as a
# scheduled job does (-OutFile with -CheckpointPath, a new file and checkpoint per run) and the events are the lines
# of the file, counted after the run is measured. Measured inside this process: wall time, CPU time of
# the whole process, bytes allocated, GC counts, and the peak working set above the idle one (after Import-Module,
# Connect-* and a full collection). On Linux the peak is the kernel's high-water mark (VmHWM), reset before each run;
# elsewhere it is the process's lifetime peak, which also counts start-up.
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $BaseUri,
    [Parameter(Mandatory)] [ValidateSet('Akamai', 'SigSci', 'SekoiaEvents', 'SekoiaExport')] [string] $Case,
    [switch] $Raw,
    [switch] $OutFile,
    [int] $Runs = 1,
    [int] $Limit,
    [long] $From,
    [long] $Until,
    [string] $JobUuid,
    [string[]] $Field,
    [string] $ExportPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $ModulePath

$onLinux = $IsLinux -and (Test-Path /proc/self/clear_refs)
$process = [System.Diagnostics.Process]::GetCurrentProcess()

function Get-PeakWorkingSet {
    if ($onLinux) {
        $status = [System.IO.File]::ReadAllText('/proc/self/status')
        return 1KB * [long][regex]::Match($status, 'VmHWM:\s+(\d+)').Groups[1].Value
    }
    $process.Refresh()
    $process.PeakWorkingSet64
}

# The emulator's credentials (see the emulator's state classes); the secrets are the emulator's, not anyone's.
switch ($Case) {
    'Akamai' {
        $secret = ConvertTo-SecureString 'ZW11bGF0b3ItY2xpZW50LXNlY3JldA==' -AsPlainText -Force
        Connect-AkamaiSiem -HostName $BaseUri -ClientToken 'akab-emulator-client-token-0001' -ClientSecret $secret -AccessToken 'akab-emulator-access-token-0001'
    }
    'SigSci' {
        $token = ConvertTo-SecureString '6f1c0e2a-9b7d-4c3e-8a51-2d4f6b8c0e1a' -AsPlainText -Force
        Connect-SigSci -Corp testcorp -Email 'analyst@example.com' -ApiToken $token -ApiBaseUri $BaseUri
    }
    default {
        # The session's own limit (5 requests/s) is lifted as the emulator's is, so the paging measures the client, not the limit.
        $key = ConvertTo-SecureString 'sekoia-emulator-api-key' -AsPlainText -Force
        $unlimited = [PSSecurityFeeds.Core.Sekoia.RequestRateLimiter]::new(1000000, [TimeSpan]::FromSeconds(1))
        $session = [PSSecurityFeeds.Core.Sekoia.SekoiaSession]::new([uri]"$BaseUri/sekoia", $key, [PSSecurityFeeds.Core.Http.HttpPipelineOptions]::new(), $null, $unlimited)
    }
}

[GC]::Collect()
[GC]::WaitForPendingFinalizers()
[GC]::Collect()
$process.Refresh()
$idleWorkingSet = $process.WorkingSet64

$outFolder = Join-Path ([System.IO.Path]::GetTempPath()) "pssecurityfeeds-bench-$PID"
for ($run = 1; $run -le $Runs; $run++) {
    $written = @{}
    if ($OutFile) {
        $null = New-Item -ItemType Directory -Force -Path $outFolder
        $written = @{ OutFile = Join-Path $outFolder "run$run.ndjson"; CheckpointPath = Join-Path $outFolder "run$run.json" }
    }
    if ($onLinux) { [System.IO.File]::WriteAllText('/proc/self/clear_refs', '5') }
    $process.Refresh()
    $cpuBefore = $process.TotalProcessorTime
    $allocatedBefore = [GC]::GetTotalAllocatedBytes($true)
    $gcBefore = 0..2 | ForEach-Object { [GC]::CollectionCount($_) }
    $watch = [System.Diagnostics.Stopwatch]::StartNew()

    $events = switch ($Case) {
        'Akamai' { (Get-AkamaiSiemEvent -ConfigId 14227 -Limit $Limit -Raw:$Raw @written | Measure-Object).Count }
        'SigSci' { (Get-SigSciFeed -Site www -From ([DateTimeOffset]::FromUnixTimeSeconds($From)) -Until ([DateTimeOffset]::FromUnixTimeSeconds($Until)) -Raw:$Raw @written | Measure-Object).Count }
        'SekoiaEvents' { (Get-SekoiaEvent -Uuid $JobUuid -Session $session -Raw:$Raw | Measure-Object).Count }
        # -File passes '-Field a,b' as one string: split it here.
        'SekoiaExport' { (Export-SekoiaEvent -Uuid $JobUuid -Session $session -Field ($Field -split ',') -Path $ExportPath -Force).Events }
    }

    $watch.Stop()
    $endedAt = [DateTimeOffset]::UtcNow
    $process.Refresh()
    $peak = Get-PeakWorkingSet
    $result = [ordered]@{
        run              = $run
        events           = [long]$events
        seconds          = $watch.Elapsed.TotalSeconds
        endedAtUnixMs    = $endedAt.ToUnixTimeMilliseconds()
        cpuSeconds       = ($process.TotalProcessorTime - $cpuBefore).TotalSeconds
        allocatedBytes   = [GC]::GetTotalAllocatedBytes($true) - $allocatedBefore
        idleWorkingSet   = $idleWorkingSet
        peakWorkingSet   = $peak
        peakIsLifetime   = -not $onLinux
        gen0             = [GC]::CollectionCount(0) - $gcBefore[0]
        gen1             = [GC]::CollectionCount(1) - $gcBefore[1]
        gen2             = [GC]::CollectionCount(2) - $gcBefore[2]
    }
    if ($OutFile) {
        # Counted once the run's figures are taken, so the count costs the run nothing.
        $result.events = [long][System.Linq.Enumerable]::Count([System.IO.File]::ReadLines($written.OutFile))
        Remove-Item -Recurse -Force $outFolder
    }
    'RESULT ' + ($result | ConvertTo-Json -Compress)
}
