# Shared by every Pester file: starts the standalone emulator on a free port, waits for /health, imports the
# built module (./build.ps1 Build first), and reaches the emulator's admin routes: planned faults,
# vendor settings and the request journal. Dot-source it in BeforeAll.

$script:RepositoryRoot = (Resolve-Path "$PSScriptRoot/../..").Path

function Start-TestEmulator {
    # The emulator picks a free port (--port 0) and names its address on its first line of output, so
    # test files (and several test runs on one machine) never collide on a port. build.ps1 Test sets
    # PSSECURITYFEEDS_EMULATOR to the emulator it built; run alone, a file builds and starts it with dotnet run.
    $log = Join-Path ([System.IO.Path]::GetTempPath()) "pssecurityfeeds-emulator-$([guid]::NewGuid().ToString('n')).log"
    $emulatorArguments = '--port', '0', '--lifetime-minutes', '20'
    $arguments = if ($env:PSSECURITYFEEDS_EMULATOR) { @($env:PSSECURITYFEEDS_EMULATOR) + $emulatorArguments }
    else { @('run', '-c', 'Release', '-f', 'net10.0', '--project', "$script:RepositoryRoot/tests/PSSecurityFeeds.Emulator", '--') + $emulatorArguments }
    $process = Start-Process dotnet -PassThru -RedirectStandardOutput $log -ArgumentList $arguments

    $deadline = (Get-Date).AddMinutes(3)
    $baseUri = $null
    while (-not $baseUri) {
        if ((Test-Path $log) -and ((Get-Content $log -Raw) -match 'listening on (http://127\.0\.0\.1:\d+)')) {
            $baseUri = $Matches[1]
        }
        elseif ($process.HasExited -or (Get-Date) -gt $deadline) {
            if (-not $process.HasExited) { $process.Kill($true) }
            throw "The emulator did not start within 3 minutes (see $log)."
        }
        else {
            Start-Sleep -Milliseconds 200
        }
    }
    $null = Invoke-RestMethod "$baseUri/health" -TimeoutSec 5

    $proxy = (Invoke-RestMethod "$baseUri/_emulator/proxy").address

    Import-Module "$script:RepositoryRoot/out/PSSecurityFeeds/PSSecurityFeeds.psd1" -Force
    [pscustomobject]@{ Process = $process; BaseUri = $baseUri; Port = ([uri]$baseUri).Port; ProxyUri = $proxy }
}

# dotnet run starts the emulator as a child process: stop the whole tree.
function Stop-TestEmulator {
    param($Emulator)
    if ($Emulator -and -not $Emulator.Process.HasExited) { $Emulator.Process.Kill($true) }
}

# Every request the emulator received on a route, such as akamai.siem, sigsci.feed or sekoia.jobs.create.
function Get-EmulatorRequest {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Route)
    # Invoke-RestMethod writes a JSON array as one object; the assignment unrolls it so the filter sees each request.
    $journal = Invoke-RestMethod "$($Emulator.BaseUri)/_emulator/requests"
    $journal | Where-Object route -EQ $Route
}

# Plans faults for the next requests of a route, such as @{ status = 503 } or @{ cutAfterBytes = 2000 }.
function Add-EmulatorFault {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Route, [Parameter(Mandatory)] [object[]] $Fault)
    $body = ConvertTo-Json -InputObject @($Fault) -Depth 3
    $null = Invoke-RestMethod -Method Post "$($Emulator.BaseUri)/_emulator/faults/$Route" -ContentType 'application/json' -Body $body
}

function Clear-EmulatorFault {
    param([Parameter(Mandatory)] $Emulator)
    $null = Invoke-RestMethod -Method Delete "$($Emulator.BaseUri)/_emulator/faults"
}

# Tunes a vendor's emulation, such as Set-EmulatorSetting $emulator 'sigsci/settings' @{ nextTokenLifetimeMs = 1500 }.
function Set-EmulatorSetting {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Path, [hashtable] $Settings = @{})
    $null = Invoke-RestMethod -Method Post "$($Emulator.BaseUri)/_emulator/$Path" -ContentType 'application/json' -Body ($Settings | ConvertTo-Json)
}

# Every request the emulator received on a vendor's route (the admin routes left out), or none: for the
# tests that bad input is refused before anything is sent.
function Get-EmulatorVendorRequest {
    param([Parameter(Mandatory)] $Emulator)
    $journal = Invoke-RestMethod "$($Emulator.BaseUri)/_emulator/requests"
    $journal | Where-Object { $_.route -notlike 'emulator.*' }
}

function Clear-EmulatorRequest {
    param([Parameter(Mandatory)] $Emulator)
    $null = Invoke-RestMethod -Method Delete "$($Emulator.BaseUri)/_emulator/requests"
}

# What passed through the emulator's forward proxy (ProxyUri): method, target and the proxy user, if any.
function Get-EmulatorProxyRequest {
    param([Parameter(Mandatory)] $Emulator)
    $proxy = Invoke-RestMethod "$($Emulator.BaseUri)/_emulator/proxy"
    $proxy.requests | Where-Object { $_ }
}

# Makes the proxy answer 407 to requests without these Basic credentials; Reset-EmulatorProxy lifts it.
function Set-EmulatorProxyCredential {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $User, [Parameter(Mandatory)] [string] $Password)
    $body = @{ user = $User; password = $Password } | ConvertTo-Json
    $null = Invoke-RestMethod -Method Post "$($Emulator.BaseUri)/_emulator/proxy" -ContentType 'application/json' -Body $body
}

function Reset-EmulatorProxy {
    param([Parameter(Mandatory)] $Emulator)
    $null = Invoke-RestMethod -Method Delete "$($Emulator.BaseUri)/_emulator/proxy"
}

# A loopback address nothing listens on (a port bound, read and released), for the wrong-address tests.
function Get-ClosedLoopbackUri {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { "http://127.0.0.1:$($listener.LocalEndpoint.Port)" } finally { $listener.Stop() }
}
