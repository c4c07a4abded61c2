# Loads the build that matches the running PowerShell: bin/Core (net8.0) on PowerShell 7+,
# bin/Desktop (netstandard2.0, with its own System.Text.Json) on Windows PowerShell 5.1, where the
# module's DesktopDependencyResolver resolves those dependencies from bin/Desktop.
$edition = if ($PSEdition -eq 'Core') { 'Core' } else { 'Desktop' }
$binary = Join-Path $PSScriptRoot "bin/$edition/PSSecurityFeeds.dll"
if (-not (Test-Path -LiteralPath $binary)) {
    throw "PSSecurityFeeds: '$binary' is missing. Import the module from the folder build.ps1 produces (out/PSSecurityFeeds), not from the source tree."
}

Import-Module -Name $binary -ErrorAction Stop
