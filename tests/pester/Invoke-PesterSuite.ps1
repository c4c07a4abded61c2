<#
.SYNOPSIS
    Runs the Pester suite in tests/pester against the built module (out/PSSecurityFeeds) and exits 0 only
    when every test passed. build.ps1 Test starts it in a fresh pwsh, so the suite sees a user's session
    (no strict mode or variables of the build script).
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [string[]] $Path = $PSScriptRoot
)

Import-Module $PesterManifest -Force
$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $configuration
if ($result.Result -ne 'Passed' -or $result.PassedCount -eq 0) {
    Write-Host "The Pester suite did not pass: $($result.FailedCount) test(s) failed, $($result.FailedBlocksCount) block(s) and $($result.FailedContainersCount) file(s) could not run, $($result.PassedCount) passed." -ForegroundColor Red
    exit 1
}
exit 0
