# Loads the build that matches the running PowerShell: bin/Core (net8.0) on PowerShell 7+,
# bin/Desktop (netstandard2.0, with its own System.Text.Json) on Windows PowerShell 5.1.
$edition = if ($PSEdition -eq 'Core') { 'Core' } else { 'Desktop' }
$binary = Join-Path $PSScriptRoot "bin/$edition/PSSecurityFeeds.dll"
if (-not (Test-Path -LiteralPath $binary)) {
    throw "PSSecurityFeeds: '$binary' is missing. Import the module from the folder build.ps1 produces (out/PSSecurityFeeds), not from the source tree."
}

if ($edition -eq 'Desktop') {
    # Windows PowerShell does not look beside a module for its dependencies; resolve them from bin/Desktop.
    $binFolder = Split-Path -Parent $binary
    $resolver = [System.ResolveEventHandler] {
        param($sender, $eventArgs)
        $name = [System.Reflection.AssemblyName]::new($eventArgs.Name).Name
        $candidate = Join-Path $binFolder "$name.dll"
        if (Test-Path -LiteralPath $candidate) { return [System.Reflection.Assembly]::LoadFrom($candidate) }
        return $null
    }.GetNewClosure()
    [System.AppDomain]::CurrentDomain.add_AssemblyResolve($resolver)
}

Import-Module -Name $binary -ErrorAction Stop
