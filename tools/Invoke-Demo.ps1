<#
.SYNOPSIS
    The module's main job, end to end, against the emulator that ships with it: what ./build.ps1 Demo runs.
.DESCRIPTION
    Starts the emulator (Start-PSSecurityFeedsEmulator), connects to its three vendors with the test credentials
    it reports, and shows each vendor's events as a user sees them: Signal Sciences requests in a table and a
    larger read with its progress bar, an Akamai run with a checkpoint repeated to show that nothing comes twice,
    a Sekoia.io search job with progress, its events and an export to a file. Then it stops the emulator.
    Each claim it shows is also checked: the script exits 0 only when every step did what it says, 1 otherwise.
.PARAMETER ModulePath
    The module to demonstrate: out/PSSecurityFeeds (what ./build.ps1 Build makes) by default.
.PARAMETER OutputDirectory
    Where the checkpoint and the export go: out/demo by default. Its previous checkpoint is removed first.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Demo

    Builds the module, then runs this script.
.EXAMPLE
    pwsh -File ./tools/Invoke-Demo.ps1 -OutputDirectory /tmp/demo

    Runs the demo against the module built before.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/PSSecurityFeeds/PSSecurityFeeds.psd1'),
    [string] $OutputDirectory = (Join-Path $PSScriptRoot '../out/demo')
)

$ErrorActionPreference = 'Stop'

# Shows a step as the user would type it, runs it and shows its output. Called dot-sourced (. Invoke-Step),
# so the variables a step sets are there for the next steps.
function Invoke-Step([string] $Title, [scriptblock] $Step) {
    Write-Host ''
    Write-Host "# $Title" -ForegroundColor Green
    Write-Host "PS> $($Step.ToString().Trim() -replace '\n\s*', "`n>>  ")" -ForegroundColor Yellow
    . $Step | Out-Host
}

function Assert-Demo([bool] $Condition, [string] $Claim) {
    if (-not $Condition) { throw "The demo did not show what it claims: $Claim" }
}

Import-Module $ModulePath -Force
New-Item -ItemType Directory -Path $OutputDirectory -Force | Out-Null
$checkpoint = Join-Path $OutputDirectory 'akamai-14227.checkpoint.json'
$export = Join-Path $OutputDirectory 'sekoia-authentication.jsonl'
Remove-Item -LiteralPath $checkpoint -ErrorAction Ignore

$emu = $null
try {
    . Invoke-Step 'Start the emulator: 127.0.0.1, a free port, test credentials for each vendor' {
        $emu = Start-PSSecurityFeedsEmulator -LifetimeMinutes 30
        $emu
    }

    Write-Host "`n== Signal Sciences (Fastly Next-Gen WAF) request feed" -ForegroundColor Cyan
    . Invoke-Step 'Connect with the emulator''s corp, email and API token' {
        $sigsci = $emu.SigSci
        Connect-SigSci @sigsci -PassThru
    }
    $until = [DateTimeOffset]::UtcNow.AddMinutes(-6)
    . Invoke-Step 'Requests with a SQLI or XSS signal in the last half hour, as a table' {
        Get-SigSciFeed -Site www -From $until.AddMinutes(-30) -Until $until -AlignToMinute -Tag SQLI, XSS |
            Sort-Object Timestamp | Select-Object -First 8 | Format-Table
    }
    . Invoke-Step 'Three hours of three sites (a progress bar while it reads), counted by site' {
        $requests = Get-SigSciFeed -Site www, api, shop -From $until.AddHours(-3) -Until $until -AlignToMinute
        $requests | Group-Object ServerName -NoElement | Format-Table Count, Name
    }
    Assert-Demo ($requests.Count -eq 3 * 180 * 40) 'three hours of three sites hold 21,600 requests'

    Write-Host "`n== Akamai SIEM" -ForegroundColor Cyan
    . Invoke-Step 'Connect with the emulator''s EdgeGrid client' {
        $akamai = $emu.AkamaiSiem
        Connect-AkamaiSiem @akamai -PassThru
    }
    . Invoke-Step 'A scheduled run with a checkpoint: every event stored so far' {
        $first = @(Get-AkamaiSiemEvent -ConfigId 14227 -CheckpointPath $checkpoint -Drain)
        $first | Select-Object -First 5 | Format-Table
        "$($first.Count) events; the checkpoint now holds the offset after the last one."
    }
    . Invoke-Step 'The same run again: the checkpoint says where it stopped, so nothing comes twice' {
        $second = @(Get-AkamaiSiemEvent -ConfigId 14227 -CheckpointPath $checkpoint -Drain)
        "$($second.Count) events."
    }
    Assert-Demo ($first.Count -gt 0 -and $second.Count -eq 0) 'the repeated run delivers nothing twice'
    . Invoke-Step 'Akamai stores 500 more events; the next run delivers exactly those' {
        Invoke-RestMethod -Method Post "$($emu.BaseUri)_emulator/akamai/settings" -ContentType application/json -Body (@{ eventCount = $first.Count + 500 } | ConvertTo-Json) | Out-Null
        $third = @(Get-AkamaiSiemEvent -ConfigId 14227 -CheckpointPath $checkpoint -Drain)
        "$($third.Count) events."
    }
    Assert-Demo ($third.Count -eq 500) 'the next run delivers only the 500 new events'

    Write-Host "`n== Sekoia.io" -ForegroundColor Cyan
    . Invoke-Step 'Connect with the emulator''s API key (Sekoia.io lives under /sekoia)' {
        $sekoia = $emu.Sekoia
        Connect-Sekoia @sekoia -PassThru
    }
    . Invoke-Step 'A search job over the last two hours, waited for with a progress bar' {
        $job = Start-SekoiaSearchJob -Query 'event.category:"authentication" emulator:total=1200' -Earliest -2h -Latest now -Wait
        $job
    }
    . Invoke-Step 'Its first events' {
        $job | Get-SekoiaEvent | Select-Object -First 5 | Format-Table
    }
    . Invoke-Step 'The whole result exported to a file (JSON Lines), with progress' {
        $exported = $job | Export-SekoiaEvent -Field '@timestamp', 'event.id', 'source.ip', 'user.name', 'message' -Path $export -Decompress -Force
        $exported
        Get-Content -LiteralPath $exported.Path -TotalCount 3
    }
    Assert-Demo ((Get-Content -LiteralPath $export).Count -eq $job.Total) 'the export file holds every event of the job'
}
catch {
    Write-Host "The demo failed: $_" -ForegroundColor Red
    Write-Host $_.ScriptStackTrace
    exit 1
}
finally {
    if ($emu) {
        Write-Host ''
        Write-Host '# Stop the emulator' -ForegroundColor Green
        Stop-PSSecurityFeedsEmulator $emu
    }
}

Write-Host "`nThe demo is done: the checkpoint and the export are in $((Resolve-Path $OutputDirectory).Path)." -ForegroundColor Cyan
exit 0
