# Shared by the Sekoia *.Tests.ps1 files: starts the standalone emulator, imports the built module, and
# reaches the emulator's admin routes (settings, faults, request journal).

$script:SekoiaRepository = (Resolve-Path "$PSScriptRoot/../..").Path

function Start-SekoiaEmulator {
    param([int] $Port = 5183)
    $process = Start-Process dotnet -PassThru -ArgumentList @(
        'run', '--project', "$script:SekoiaRepository/tests/PSSecurityFeeds.Emulator", '--',
        '--port', $Port, '--lifetime-minutes', '15')
    $base = "http://127.0.0.1:$Port"
    $deadline = (Get-Date).AddMinutes(3)
    while ($true) {
        try {
            $null = Invoke-RestMethod "$base/health" -TimeoutSec 2
            break
        } catch {
            if ((Get-Date) -gt $deadline) {
                Stop-SekoiaEmulator @{ Process = $process }
                throw "The emulator did not answer on $base/health within 3 minutes."
            }
            Start-Sleep -Milliseconds 500
        }
    }

    Import-Module "$script:SekoiaRepository/out/PSSecurityFeeds/PSSecurityFeeds.psd1" -Force
    [pscustomobject]@{
        Process    = $process
        BaseUri    = $base
        ApiBaseUri = "$base/sekoia"
        ApiKey     = ConvertTo-SecureString 'sekoia-emulator-api-key' -AsPlainText -Force
    }
}

function Stop-SekoiaEmulator {
    param($Emulator)
    # dotnet run starts the emulator as a child process: stop it first, then dotnet run itself.
    Get-Process | Where-Object { $_.Parent.Id -eq $Emulator.Process.Id } | Stop-Process -ErrorAction SilentlyContinue
    Stop-Process -Id $Emulator.Process.Id -ErrorAction SilentlyContinue
}

function Set-SekoiaEmulator {
    param($Emulator, [hashtable] $Settings)
    $null = Invoke-RestMethod -Method Post "$($Emulator.BaseUri)/_emulator/sekoia/settings" -ContentType 'application/json' -Body ($Settings | ConvertTo-Json)
}

function Add-SekoiaFault {
    param($Emulator, [string] $Route, [object[]] $Fault)
    $null = Invoke-RestMethod -Method Post "$($Emulator.BaseUri)/_emulator/faults/$Route" -ContentType 'application/json' -Body (ConvertTo-Json -InputObject @($Fault) -Depth 3)
}

function Clear-SekoiaFault {
    param($Emulator)
    $null = Invoke-RestMethod -Method Delete "$($Emulator.BaseUri)/_emulator/faults"
}

function Get-SekoiaRequest {
    param($Emulator, [string] $Route)
    @(Invoke-RestMethod "$($Emulator.BaseUri)/_emulator/requests") | Where-Object route -EQ $Route
}
