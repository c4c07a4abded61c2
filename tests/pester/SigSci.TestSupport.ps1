# Shared by the Signal Sciences Pester files: starts the standalone emulator on port 5182, waits for
# /health, imports the built module (./build.ps1 Build first) and gives the emulator's test credential.

$SigSciEmulatorBase = 'http://127.0.0.1:5182'
$SigSciEmail = 'analyst@example.com'
$SigSciTokenText = '6f1c0e2a-9b7d-4c3e-8a51-2d4f6b8c0e1a'
$SigSciPassword = 'correct-horse-battery-staple'

function Start-SigSciTestEmulator {
    $repo = (Resolve-Path "$PSScriptRoot/../..").Path
    $process = Start-Process dotnet -PassThru -ArgumentList @(
        'run', '--project', "$repo/tests/PSSecurityFeeds.Emulator", '--', '--port', '5182', '--lifetime-minutes', '20')
    $deadline = (Get-Date).AddMinutes(3)
    while ($true) {
        try { Invoke-RestMethod "$SigSciEmulatorBase/health" -TimeoutSec 2 | Out-Null; break }
        catch {
            if ((Get-Date) -gt $deadline) { $process.Kill($true); throw "The emulator did not answer on $SigSciEmulatorBase/health within 3 minutes." }
            Start-Sleep -Milliseconds 500
        }
    }

    Import-Module "$repo/out/PSSecurityFeeds/PSSecurityFeeds.psd1" -Force
    $process
}

# dotnet run starts the emulator as a child process: stop the whole tree.
function Stop-SigSciTestEmulator([System.Diagnostics.Process] $Process) { $Process.Kill($true) }

# The emulator's journal: every request it received on a route, such as sigsci.feed or sigsci.corp.
function Get-SigSciTestRequest([string] $Route) {
    @(Invoke-RestMethod "$SigSciEmulatorBase/_emulator/requests") | Where-Object route -EQ $Route
}

function Get-SigSciTestToken { ConvertTo-SecureString $SigSciTokenText -AsPlainText -Force }

# Tunes the emulator's Signal Sciences knobs, such as @{ nextTokenLifetimeMs = 1500 } or @{ reset = $true }.
function Set-SigSciTestEmulator([hashtable] $Settings) {
    Invoke-RestMethod -Method Post "$SigSciEmulatorBase/_emulator/sigsci/settings" -Body ($Settings | ConvertTo-Json) -ContentType 'application/json' | Out-Null
}
