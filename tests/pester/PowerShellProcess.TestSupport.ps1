# Runs a script as Task Scheduler, cron or a user at a prompt would: in a fresh PowerShell process
# (pwsh -NoProfile -NonInteractive -File), returning its exit code and everything it printed.

# The PowerShell running the tests: pwsh itself, or dotnet with pwsh.dll when it runs as a dotnet tool. Either is
# one process, so a signal sent to it reaches PowerShell (the dotnet tool's shim would not pass it on).
function Get-PowerShellCommandLine {
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @($process, (Join-Path $PSHOME 'pwsh.dll')) } else { @($process) }
}

function Invoke-PowerShellFile {
    param([Parameter(Mandatory)] [string] $Path, [string[]] $ArgumentList = @())
    $command = Get-PowerShellCommandLine
    $output = & $command[0] @($command | Select-Object -Skip 1) -NoProfile -NonInteractive -File $Path @ArgumentList 2>&1
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
}

# The same, started and left running: the caller waits for it, or stops it (Kill() is SIGKILL, or kill -TERM its Id).
# Its output is redirected: read it (StandardError.ReadToEnd()) once it has exited.
function Start-PowerShellFile {
    param([Parameter(Mandatory)] [string] $Path, [string[]] $ArgumentList = @())
    $command = Get-PowerShellCommandLine
    $start = [Diagnostics.ProcessStartInfo]::new($command[0])
    foreach ($argument in @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $Path) + $ArgumentList) {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    [Diagnostics.Process]::Start($start)
}
