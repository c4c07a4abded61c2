#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, packages and demonstrates the PSSecurityFeeds module.
.DESCRIPTION
    Build    publishes both builds into out/PSSecurityFeeds, laid out as an importable module:
             the manifest, the loader, the format file, help, bin/Core (net8.0, PowerShell 7.4+) and
             bin/Desktop (netstandard2.0, Windows PowerShell 5.1).
    Test     runs the xunit suite (dotnet test), then the Pester 5 suite in tests/pester against the
             built module when Pester 5 is installed, and says plainly when it is not.
    Package  builds, then writes out/packages/PSSecurityFeeds.<version>.nupkg (installable with
             Install-PSResource or Install-Module from a file repository) and a .zip of the module folder.
    Demo     builds, imports the module and lists its commands.
.EXAMPLE
    ./build.ps1 Build, Test
.EXAMPLE
    ./build.ps1 Package -Configuration Release
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Package', 'Demo')]
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

    # The module files: manifest, loader, format views and help (module/en-US).
    Copy-Item -Path (Join-Path $root 'module/*') -Destination $moduleOut -Recurse
    # PowerShell supplies these at run time; the reference copies must never ship.
    Get-ChildItem $moduleOut -Recurse -Include 'System.Management.Automation.dll', '*.deps.json' | Remove-Item -Force

    $manifest = Test-ModuleManifest (Join-Path $moduleOut 'PSSecurityFeeds.psd1')
    Write-Host "Built PSSecurityFeeds $($manifest.Version) into $moduleOut"
}

function Invoke-TestTask {
    Invoke-Dotnet test (Join-Path $root 'PSSecurityFeeds.sln') -c $Configuration --nologo

    $pester = Get-Module Pester -ListAvailable | Where-Object Version -GE '5.0.0' | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5 is not installed, so tests/pester was SKIPPED (only the xunit suite ran). Install it with: Install-PSResource Pester (or Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser).'
        return
    }

    Invoke-BuildTask
    Import-Module $pester -Force
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = Join-Path $root 'tests/pester'
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $configuration
    if ($result.FailedCount -gt 0) {
        throw "$($result.FailedCount) Pester test(s) failed."
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
    Import-Module (Join-Path $moduleOut 'PSSecurityFeeds.psd1') -Force
    Get-Command -Module PSSecurityFeeds | Format-Table -AutoSize
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
