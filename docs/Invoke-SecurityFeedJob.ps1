#Requires -Version 5.1
<#
.SYNOPSIS
    One scheduled run of the SOC feeds: what arrived at Akamai SIEM and Signal Sciences since the previous run,
    exactly once, into NDJSON files, with a log and an exit code for Task Scheduler or cron.
.DESCRIPTION
    Reads the settings file (a .psd1, see feed-job.example.psd1), then for each feed configured:
      Akamai SIEM      -Raw JSON lines as Akamai sent them, into out/akamai-<yyyyMMdd>.ndjson
      Signal Sciences  typed requests (filter or reshape them below), as JSON lines into out/sigsci-<yyyyMMdd>.ndjson
    Each feed resumes from its checkpoint in state/, so every run delivers what is new since the last one. An
    event the module cannot read (a malformed line) is not a reason to stop: it goes as the vendor sent it to
    deadletter/<feed>-<yyyyMMdd>.ndjson before the checkpoint moves past it, and the run goes on.
    Credentials: Akamai from an .edgerc readable by the task's account only; Signal Sciences' API token from a
    SecretManagement vault (Get-Secret returns a SecureString, which Connect-SigSci takes as it is).
    Every file is written as UTF-8 without a byte order mark, on Windows PowerShell 5.1 as on PowerShell 7.
    Log: logs/feed-job-<yyyyMMdd>.log (UTC times, INFO/WARN/ERROR), files older than LogRetentionDays removed.
    Exit code: 0 every feed read and nothing set aside; 1 a feed failed (the others still ran, see the log);
    2 every feed read, but some events were set aside in the dead-letter file.
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
$day = (Get-Date).ToUniversalTime().ToString('yyyyMMdd')
foreach ($folder in 'state', 'out', 'deadletter', 'logs') {
    New-Item -ItemType Directory -Force -Path (Join-Path $config.DataDirectory $folder) | Out-Null
}

# UTF-8 without BOM, explicitly: Windows PowerShell 5.1's Add-Content/Out-File default to ANSI or UTF-16.
$utf8 = New-Object System.Text.UTF8Encoding $false
$logPath = Join-Path $config.DataDirectory "logs/feed-job-$day.log"

function Write-JobLog([string] $Level, [string] $Message) {
    $line = '{0} {1,-5} {2}' -f (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ'), $Level, $Message
    [System.IO.File]::AppendAllText($logPath, $line + [Environment]::NewLine, $utf8)
}

# Appends lines to a file, each flushed as written: a line the checkpoint has moved past is already in the file.
function Open-LineWriter([string] $Path) {
    $writer = New-Object System.IO.StreamWriter -ArgumentList $Path, $true, $utf8
    $writer.AutoFlush = $true
    $writer
}

# Runs one feed: its events go to out/, its malformed lines to deadletter/, its warnings to the log. A failure
# is logged and counted; the next feed still runs.
function Invoke-Feed([string] $Name, [scriptblock] $Read) {
    $output = Open-LineWriter (Join-Path $config.DataDirectory "out/$Name-$day.ndjson")
    $deadLetter = $null
    $counts = @{ Events = 0; SetAside = 0 }
    try {
        # 2>&1 3>&1: the per-event errors and the warnings come down the pipeline in order with the events.
        & $Read 2>&1 3>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) {
                if (-not $deadLetter) { $deadLetter = Open-LineWriter (Join-Path $config.DataDirectory "deadletter/$Name-$day.ndjson") }
                $deadLetter.WriteLine([string]$_.TargetObject)
                $counts.SetAside++
                Write-JobLog WARN "$Name set aside an event it could not read ($($_.FullyQualifiedErrorId)): $($_.Exception.Message)"
            }
            elseif ($_ -is [System.Management.Automation.WarningRecord]) {
                Write-JobLog WARN "${Name}: $($_.Message)"
            }
            else {
                $output.WriteLine($_)
                $counts.Events++
            }
        }
        Write-JobLog INFO "$Name delivered $($counts.Events) events, set aside $($counts.SetAside)."
        $script:setAside += $counts.SetAside
    }
    catch {
        $script:failures++
        Write-JobLog ERROR "$Name failed after $($counts.Events) events ($($_.FullyQualifiedErrorId)): $($_.Exception.Message)"
    }
    finally {
        $output.Dispose()
        if ($deadLetter) { $deadLetter.Dispose() }
    }
}

$script:failures = 0
$script:setAside = 0
Write-JobLog INFO "Run started (PowerShell $($PSVersionTable.PSVersion), settings $ConfigPath)."
try {
    Get-ChildItem -LiteralPath (Join-Path $config.DataDirectory 'logs') -Filter 'feed-job-*.log' |
        Where-Object LastWriteTime -LT (Get-Date).AddDays(-$config.LogRetentionDays) |
        Remove-Item
    Import-Module PSSecurityFeeds
    if ($config.ContainsKey('VaultPasswordPath')) {
        # A SecretStore vault that asks for its password: on Windows, the password saved with Export-Clixml by the
        # task's account (DPAPI: only that account on that computer can read it). See docs/scheduled-task.md.
        Unlock-SecretStore -Password (Import-Clixml -LiteralPath $config.VaultPasswordPath)
    }
}
catch {
    Write-JobLog ERROR "The run could not start: $($_.Exception.Message)"
    exit 1
}

if ($config.ContainsKey('Akamai')) {
    Invoke-Feed akamai {
        # The .edgerc holds the client secret: readable by the task's account only (chmod 600, or icacls, see docs).
        Connect-AkamaiSiem -EdgeRcPath $config.Akamai.EdgeRcPath -Section $config.Akamai.Section
        Get-AkamaiSiemEvent -ConfigId $config.Akamai.ConfigIds -CheckpointPath (Join-Path $config.DataDirectory 'state/akamai.json') -Drain -Raw
    }
}

if ($config.ContainsKey('SigSci')) {
    Invoke-Feed sigsci {
        $connection = @{
            Corp     = $config.SigSci.Corp
            Email    = $config.SigSci.Email
            ApiToken = Get-Secret -Name $config.SigSci.ApiTokenSecret -Vault $config.Vault
        }
        if ($config.SigSci.ContainsKey('ApiBaseUri')) { $connection.ApiBaseUri = $config.SigSci.ApiBaseUri }
        Connect-SigSci @connection
        # Typed requests: -ErrorAction Continue lets a malformed one go to the dead-letter file (through 2>&1)
        # instead of stopping the run at it. Filter or reshape them here; each becomes one JSON line.
        Get-SigSciFeed -Site $config.SigSci.Sites -CheckpointPath (Join-Path $config.DataDirectory 'state/sigsci.json') -ErrorAction Continue |
            ForEach-Object { ConvertTo-Json -InputObject $_ -Depth 6 -Compress }
    }
}

$summary = "Run ended: $script:failures feed(s) failed, $script:setAside event(s) set aside."
if ($script:failures -gt 0) {
    Write-JobLog ERROR $summary
    exit 1
}
if ($script:setAside -gt 0) {
    Write-JobLog WARN $summary
    exit 2
}
Write-JobLog INFO $summary
exit 0
