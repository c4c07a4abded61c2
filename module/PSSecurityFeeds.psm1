# Loads the build that matches the running PowerShell: bin/Core (net8.0) on PowerShell 7.4+,
# bin/Desktop (netstandard2.0, with its own System.Text.Json) on Windows PowerShell 5.1, where the
# module's DesktopDependencyResolver resolves those dependencies from bin/Desktop.

# Why this PowerShell cannot load the module, or nothing when it can. The Core build targets .NET 8, the
# runtime of PowerShell 7.4: PowerShell 7.0-7.3 run on .NET Core 3.1 to .NET 7 and cannot load it. The
# manifest cannot say "5.1, or 7.4 and later" (PowerShellVersion is one minimum for both editions).
function Get-UnsupportedHostReason {
    param([string] $Edition, [version] $Version)
    if ($Edition -eq 'Core' -and $Version -lt [version]'7.4') {
        "PSSecurityFeeds needs PowerShell 7.4 or later, or Windows PowerShell 5.1; this is PowerShell $Version, whose .NET cannot load the module's .NET 8 build. Install PowerShell 7.4 or later: https://aka.ms/install-powershell"
    }
}

$unsupported = Get-UnsupportedHostReason -Edition $PSEdition -Version $PSVersionTable.PSVersion
if ($unsupported) {
    throw $unsupported
}

$edition = if ($PSEdition -eq 'Core') { 'Core' } else { 'Desktop' }
$binary = Join-Path $PSScriptRoot "bin/$edition/PSSecurityFeeds.dll"
if (-not (Test-Path -LiteralPath $binary)) {
    throw "PSSecurityFeeds: '$binary' is missing. Import the module from the folder build.ps1 produces (out/PSSecurityFeeds), not from the source tree."
}

Import-Module -Name $binary -ErrorAction Stop
