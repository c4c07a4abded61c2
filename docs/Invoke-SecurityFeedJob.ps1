#Requires -Version 5.1
<#
.SYNOPSIS
    One scheduled run of the SOC feeds: what arrived at Akamai SIEM and Signal Sciences since the previous run,
    exactly once, into NDJSON files for a SIEM forwarder, with a log and an exit code for Task Scheduler or cron.
.DESCRIPTION
    Reads the settings file (a .psd1, see feed-job.example.psd1), then for each feed configured:
      Akamai SIEM      Get-AkamaiSiemEvent -Drain -OutFile     the JSON lines as Akamai sent them
      Signal Sciences  Get-SigSciFeed -OutFile                 each request's JSON as the feed sent it
    The module writes the lines into spool/<feed>-<run>.ndjson itself, flushes them to disk and only then commits
    the checkpoint in state/, which records the file and its committed length. A run that starts after a stopped
    one (a kill, a time limit, a crash) first cuts that run's file back to what was committed and reads the rest
    again. Once a feed has been read without error, its spool files are complete and move to out/, where the
    forwarder finds whole files that never change: every event exactly once, whatever stopped a run.
    A line the module cannot read (a malformed event) is kept in out/ as the vendor sent it, and reported: a copy
    goes to deadletter/<feed>-<yyyyMMdd>.ndjson, a WARN line to the log, and the run completes with exit code 2.
    Credentials: Akamai from an .edgerc readable by the task's account only; Signal Sciences' API token from a
    SecretManagement vault (Get-Secret returns a SecureString, which Connect-SigSci takes as it is).
    Every file is written as UTF-8 without a byte order mark, on Windows PowerShell 5.1 as on PowerShell 7.
    Log: logs/feed-job-<yyyyMMdd>.log (UTC times, INFO/WARN/ERROR), files older than LogRetentionDays removed.
    Exit code: 0 every feed read and nothing set aside; 1 a feed failed (the others still ran, see the log) or the
    run could not start; 2 every feed read, but some events were set aside; 143 stopped by SIGTERM (PowerShell 7,
    Linux and macOS: a time limit, a service stop); 130 stopped by Ctrl+C (SIGINT).
.PARAMETER ConfigPath
    The settings file.
.EXAMPLE
    pwsh -NoProfile -NonInteractive -File /opt/soc/Invoke-SecurityFeedJob.ps1 -ConfigPath /etc/soc/feed-job.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ConfigPath
)

$ErrorActionPreference = 'Stop'
$config = Import-PowerShellDataFile -LiteralPath $ConfigPath
$invariant = [System.Globalization.CultureInfo]::InvariantCulture
$started = (Get-Date).ToUniversalTime()
$day = $started.ToString('yyyyMMdd', $invariant)
# Names this run's spool files; sorts in the order the runs started.
$run = $started.ToString('yyyyMMdd\THHmmssfff\Z', $invariant)
foreach ($folder in 'state', 'spool', 'out', 'deadletter', 'logs') {
    New-Item -ItemType Directory -Force -Path (Join-Path $config.DataDirectory $folder) | Out-Null
}

# UTF-8 without BOM, explicitly: Windows PowerShell 5.1's Add-Content/Out-File default to ANSI or UTF-16.
$utf8 = New-Object System.Text.UTF8Encoding $false
$logPath = Join-Path $config.DataDirectory "logs/feed-job-$day.log"

function Write-JobLog([string] $Level, [string] $Message) {
    $line = '{0} {1,-5} {2}' -f (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ', $invariant), $Level, $Message
    [System.IO.File]::AppendAllText($logPath, $line + [Environment]::NewLine, $utf8)
}

# Appends lines to a file, each flushed as written.
function Open-LineWriter([string] $Path) {
    $writer = New-Object System.IO.StreamWriter -ArgumentList $Path, $true, $utf8
    $writer.AutoFlush = $true
    $writer
}

function Remove-ExpiredFile([string] $Folder, [string] $Filter, [int] $Days) {
    Get-ChildItem -LiteralPath (Join-Path $config.DataDirectory $Folder) -Filter $Filter |
        Where-Object LastWriteTime -LT (Get-Date).AddDays(-$Days) |
        Remove-Item
}

# Moves a feed's spool files to out/, oldest run first. Called only once the feed was read without error: the module
# has then cut back what a stopped run wrote after its last commit and committed everything else, so each of these
# files is complete. A move within one volume is atomic: the forwarder sees a whole file or none.
function Publish-Spool([string] $Name) {
    Get-ChildItem -LiteralPath (Join-Path $config.DataDirectory 'spool') -Filter "$Name-*.ndjson" | Sort-Object Name | ForEach-Object {
        if ($_.Length -eq 0) {
            Remove-Item -LiteralPath $_.FullName # a run that found nothing new
            return
        }
        [System.IO.File]::Move($_.FullName, (Join-Path $config.DataDirectory "out/$($_.Name)"))
        Write-JobLog INFO "$Name published out/$($_.Name) ($($_.Length) bytes)."
    }
}

# Runs one feed: $Read gets the spool file to give -OutFile. With -PassThru the events also come down the pipeline,
# so a line the module could not read arrives as an error record (its TargetObject is the line, which is in the
# spool file as sent) and is copied to deadletter/; warnings go to the log. A failure is logged and counted, and what
# the feed committed stays in spool/ until its next successful run; the next feed still runs.
function Invoke-Feed([string] $Name, [scriptblock] $Read) {
    $spoolFile = Join-Path $config.DataDirectory "spool/$Name-$run.ndjson"
    $deadLetter = $null
    $counts = @{ Events = 0; SetAside = 0 }
    try {
        # 2>&1 3>&1: the per-event errors and the warnings come down the pipeline in order with the events.
        & $Read $spoolFile 2>&1 3>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) {
                if (-not $deadLetter) { $deadLetter = Open-LineWriter (Join-Path $config.DataDirectory "deadletter/$Name-$day.ndjson") }
                $deadLetter.WriteLine([string]$_.TargetObject)
                $counts.SetAside++
                Write-JobLog WARN "$Name could not read an event; it is in out/ as sent, and copied to deadletter/$Name-$day.ndjson ($($_.FullyQualifiedErrorId)): $($_.Exception.Message)"
            }
            elseif ($_ -is [System.Management.Automation.WarningRecord]) {
                Write-JobLog WARN "${Name}: $($_.Message)"
            }
            else {
                $counts.Events++ # -PassThru's copy of an event the module has written
            }
        }
        Write-JobLog INFO "$Name wrote $($counts.Events + $counts.SetAside) events, $($counts.SetAside) of them unreadable."
        $script:setAside += $counts.SetAside
        Publish-Spool $Name
    }
    catch {
        $script:failures++
        Write-JobLog ERROR "$Name failed after $($counts.Events + $counts.SetAside) events ($($_.FullyQualifiedErrorId)): $($_.Exception.Message) What it committed moves to out/ after its next successful run."
    }
    finally {
        if ($deadLetter) { $deadLetter.Dispose() }
    }
}

# One run at a time, however it was started: the lock is the open file, released when the process ends, even by a
# kill. It holds the start of the run that holds it and is emptied when a run ends, so a start found in it means the
# previous run was stopped before it ended. A run that cannot take it leaves the log to the run that holds it.
$lockPath = Join-Path $config.DataDirectory 'state/feed-job.lock'
try {
    $lock = [System.IO.File]::Open($lockPath, 'OpenOrCreate', 'ReadWrite', 'None')
}
catch {
    [Console]::Error.WriteLine("The run did not start: another run of this job is still going (it holds $lockPath), or the lock cannot be opened. $($_.Exception.Message)")
    exit 1
}

$script:failures = 0
$script:setAside = 0
Write-JobLog INFO "Run started (PowerShell $($PSVersionTable.PSVersion), settings $ConfigPath)."
$previous = New-Object byte[] $lock.Length
[void]$lock.Read($previous, 0, $previous.Length)
if ($previous.Length -gt 0) {
    Write-JobLog WARN "The previous run ($($utf8.GetString($previous))) was stopped before it ended (a time limit, SIGTERM, a kill, a shutdown). Nothing it wrote is lost or repeated: each feed resumes from its checkpoint, and what that run wrote after its last commit is cut off and read again."
}
$lock.SetLength(0)
$holder = $utf8.GetBytes("started $($started.ToString('yyyy-MM-ddTHH:mm:ss.fffZ', $invariant)), process $PID")
$lock.Write($holder, 0, $holder.Length)
$lock.Flush()

function Exit-Run([int] $Code) {
    $lock.SetLength(0) # this run ended
    $lock.Dispose()
    exit $Code
}

try {
    Remove-ExpiredFile logs 'feed-job-*.log' $config.LogRetentionDays
    if ($config.ContainsKey('OutRetentionDays')) { Remove-ExpiredFile out '*.ndjson' $config.OutRetentionDays }
    Import-Module PSSecurityFeeds
    if ($config.ContainsKey('VaultPasswordPath')) {
        # A SecretStore vault that asks for its password: on Windows, the password saved with Export-Clixml by the
        # task's account (DPAPI: only that account on that computer can read it). See docs/scheduled-task.md.
        Unlock-SecretStore -Password (Import-Clixml -LiteralPath $config.VaultPasswordPath)
    }
}
catch {
    Write-JobLog ERROR "The run could not start: $($_.Exception.Message)"
    Exit-Run 1
}

if ($config.ContainsKey('Akamai')) {
    Invoke-Feed akamai {
        param($OutFile)
        # The .edgerc holds the client secret: readable by the task's account only (chmod 600, or icacls, see docs).
        Connect-AkamaiSiem -EdgeRcPath $config.Akamai.EdgeRcPath -Section $config.Akamai.Section
        # -ErrorAction Continue: an event the module cannot read is reported, not a reason to stop the run.
        Get-AkamaiSiemEvent -ConfigId $config.Akamai.ConfigIds -CheckpointPath (Join-Path $config.DataDirectory 'state/akamai.json') -Drain -OutFile $OutFile -PassThru -ErrorAction Continue
    }
}

if ($config.ContainsKey('SigSci')) {
    Invoke-Feed sigsci {
        param($OutFile)
        $connection = @{
            Corp     = $config.SigSci.Corp
            Email    = $config.SigSci.Email
            ApiToken = Get-Secret -Name $config.SigSci.ApiTokenSecret -Vault $config.Vault
        }
        if ($config.SigSci.ContainsKey('ApiBaseUri')) { $connection.ApiBaseUri = $config.SigSci.ApiBaseUri }
        Connect-SigSci @connection
        Get-SigSciFeed -Site $config.SigSci.Sites -CheckpointPath (Join-Path $config.DataDirectory 'state/sigsci.json') -OutFile $OutFile -PassThru -ErrorAction Continue
    }
}

$summary = "Run ended: $script:failures feed(s) failed, $script:setAside event(s) set aside."
if ($script:failures -gt 0) { $code = 1; $level = 'ERROR' }
elseif ($script:setAside -gt 0) { $code = 2; $level = 'WARN' }
else { $code = 0; $level = 'INFO' }
Write-JobLog $level $summary
Exit-Run $code
