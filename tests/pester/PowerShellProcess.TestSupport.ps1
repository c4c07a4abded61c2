# Runs a script as Task Scheduler, cron or a user at a prompt would: in a fresh PowerShell process
# (pwsh -NoProfile -NonInteractive -File), returning its exit code and everything it printed.

function Invoke-PowerShellFile {
    param([Parameter(Mandatory)] [string] $Path, [string[]] $ArgumentList = @())
    # The PowerShell running the tests: pwsh itself, or dotnet with pwsh.dll when it runs as a dotnet tool.
    $process = [Environment]::ProcessPath
    $command = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @($process, (Join-Path $PSHOME 'pwsh.dll')) } else { @($process) }
    $output = & $command[0] @($command | Select-Object -Skip 1) -NoProfile -NonInteractive -File $Path @ArgumentList 2>&1
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
}
