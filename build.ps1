#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, packages and demonstrates the PSSecurityFeeds module.
.DESCRIPTION
    Build    publishes both builds into out/PSSecurityFeeds, laid out as an importable module:
             the manifest, the loader, the format file, help, bin/Core (net8.0, PowerShell 7.4+),
             bin/Desktop (netstandard2.0, Windows PowerShell 5.1) and bin/Emulator (the vendor emulator
             Start-PSSecurityFeedsEmulator runs, net8.0 on the ASP.NET Core runtime).
    Test     builds the module, runs the xunit suite (dotnet test), then the Pester suite in tests/pester
             against the built module with Pester 5.7.1 restored from NuGet; fails if either fails or if
             Pester cannot run. The project's test command: dotnet tool restore; dotnet pwsh ./build.ps1 Test
    Package  builds, then writes out/packages/PSSecurityFeeds.<version>.nupkg (installable with
             Install-PSResource or Install-Module from a file repository) and a .zip of the module folder.
    Demo     builds, then runs tools/Invoke-Demo.ps1 in a fresh pwsh: the emulator that ships with the module
             (Start-PSSecurityFeedsEmulator), each vendor's events as a user sees them, a checkpointed Akamai
             run repeated to show nothing comes twice, a Sekoia.io search job and export; exits 0 when all worked.
    Docs     writes docs/commands.md, the page every cmdlet's HelpUri points to, from the MAML help.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 Test

    The test command on a machine with only the .NET SDK: PowerShell 7.6.9 comes from the local tool manifest.
.EXAMPLE
    ./build.ps1 Package -Configuration Release
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Docs')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$moduleOut = Join-Path $root 'out/PSSecurityFeeds'
$packagesOut = Join-Path $root 'out/packages'
$cmdletProject = Join-Path $root 'src/PSSecurityFeeds/PSSecurityFeeds.csproj'
$emulatorProject = Join-Path $root 'tests/PSSecurityFeeds.Emulator/PSSecurityFeeds.Emulator.csproj'

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE."
    }
}

function Invoke-BuildTask {
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    foreach ($target in @{ Framework = 'net8.0'; Folder = 'Core' }, @{ Framework = 'netstandard2.0'; Folder = 'Desktop' }) {
        Invoke-Dotnet publish $cmdletProject -c $Configuration -f $target.Framework -o (Join-Path $moduleOut "bin/$($target.Folder)") --nologo
    }

    # The module files: manifest, loader, format views and help (module/en-US); the licence goes with every copy.
    Copy-Item -Path (Join-Path $root 'module/*') -Destination $moduleOut -Recurse
    Copy-Item -Path (Join-Path $root 'LICENSE') -Destination $moduleOut
    # PowerShell supplies these at run time; the reference copies must never ship.
    Get-ChildItem (Join-Path $moduleOut 'bin') -Recurse -Include 'System.Management.Automation.dll', '*.deps.json' | Remove-Item -Force

    # The emulator Start-PSSecurityFeedsEmulator runs with dotnet: the net8.0 build, which rolls forward to any
    # newer ASP.NET Core runtime; no apphost, so one module folder serves every OS.
    Invoke-Dotnet publish $emulatorProject -c $Configuration -f net8.0 '-p:UseAppHost=false' -o (Join-Path $moduleOut 'bin/Emulator') --nologo

    $manifest = Test-ModuleManifest (Join-Path $moduleOut 'PSSecurityFeeds.psd1')
    Write-Host "Built PSSecurityFeeds $($manifest.Version) into $moduleOut"
}

function Invoke-TestTask {
    # The module as Build lays it out is what the hosted-runspace xunit tests and Pester import.
    Invoke-BuildTask
    Invoke-Dotnet build (Join-Path $root 'PSSecurityFeeds.sln') -c $Configuration --nologo
    Invoke-Dotnet test (Join-Path $root 'PSSecurityFeeds.sln') -c $Configuration --no-build --nologo
    Invoke-PesterSuite
}

# Pester comes from NuGet (a PackageDownload in tests/PSSecurityFeeds.Tests, restored by the build above),
# never from whatever the machine has installed, so every run tests with the same Pester.
function Invoke-PesterSuite {
    $pesterVersion = '5.7.1'
    $packages = (& dotnet nuget locals global-packages --list --force-english-output) -replace '^global-packages:\s*', ''
    $pesterManifest = Join-Path $packages.Trim() "pester/$pesterVersion/tools/Pester.psd1"
    if (-not (Test-Path -LiteralPath $pesterManifest)) {
        throw "Pester $pesterVersion is missing at '$pesterManifest', so the Pester suite cannot run. Restore it with: dotnet restore tests/PSSecurityFeeds.Tests"
    }
    $powerShell = Get-CurrentPowerShell

    # The Pester files start this emulator build rather than building their own with dotnet run.
    $env:PSSECURITYFEEDS_EMULATOR = Join-Path $root "tests/PSSecurityFeeds.Emulator/bin/$Configuration/net10.0/PSSecurityFeeds.Emulator.dll"
    & $powerShell.Command @($powerShell.Arguments) -NoProfile -NonInteractive -File (Join-Path $root 'tests/pester/Invoke-PesterSuite.ps1') -PesterManifest $pesterManifest
    if ($LASTEXITCODE -ne 0) {
        throw 'The Pester suite failed (see above).'
    }
}

# The PowerShell running this script, to start a fresh one: pwsh itself, or dotnet with pwsh.dll when it
# runs as a dotnet tool (dotnet pwsh).
function Get-CurrentPowerShell {
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        @{ Command = $process; Arguments = @(Join-Path $PSHOME 'pwsh.dll') }
    }
    else {
        @{ Command = $process; Arguments = @() }
    }
}

function Invoke-PackageTask {
    Invoke-BuildTask
    New-Item -ItemType Directory -Path $packagesOut -Force | Out-Null
    $version = (Import-PowerShellDataFile (Join-Path $moduleOut 'PSSecurityFeeds.psd1')).ModuleVersion
    Compress-Archive -Path $moduleOut -DestinationPath (Join-Path $packagesOut "PSSecurityFeeds.$version.zip") -Force

    if (-not (Get-Command Publish-PSResource -ErrorAction SilentlyContinue)) {
        Write-Warning 'Microsoft.PowerShell.PSResourceGet is not available: only the .zip was made. Install it with Install-Module Microsoft.PowerShell.PSResourceGet to also get the .nupkg.'
        return
    }

    # A throw-away file repository turns the module folder into a .nupkg a user can install.
    $repository = 'PSSecurityFeedsBuild'
    Get-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue | Unregister-PSResourceRepository
    Register-PSResourceRepository -Name $repository -Uri $packagesOut -Trusted
    try {
        Publish-PSResource -Path $moduleOut -Repository $repository
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }

    Write-Host "Packaged PSSecurityFeeds $version into $packagesOut. Install with:"
    Write-Host "  Register-PSResourceRepository -Name Local -Uri '$packagesOut' -Trusted; Install-PSResource PSSecurityFeeds -Repository Local"
}

function Invoke-DemoTask {
    Invoke-BuildTask
    $powerShell = Get-CurrentPowerShell
    & $powerShell.Command @($powerShell.Arguments) -NoProfile -File (Join-Path $root 'tools/Invoke-Demo.ps1') -ModulePath (Join-Path $moduleOut 'PSSecurityFeeds.psd1')
    if ($LASTEXITCODE -ne 0) {
        throw 'The demo failed (see above).'
    }
}

function Invoke-DocsTask {
    & (Join-Path $root 'tools/Export-CommandReference.ps1') -Path (Join-Path $root 'docs/commands.md')
    Write-Host 'Wrote docs/commands.md from module/en-US/PSSecurityFeeds.dll-Help.xml.'
}

Push-Location $root
try {
    foreach ($name in $Task) {
        Write-Host "== $name" -ForegroundColor Cyan
        & "Invoke-$($name)Task"
    }
}
finally {
    Pop-Location
}
