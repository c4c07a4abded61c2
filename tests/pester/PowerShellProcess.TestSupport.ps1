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

# A process tree started in the background of a non-interactive shell (as a CI runner may start this suite) ignores
# SIGINT, and a child inherits that; GNU env gives a started script SIGINT's default back, as a terminal or a
# scheduler would, so kill -INT does what a user's Ctrl+C does. env execs the command: the process keeps its Id.
$script:DefaultSigInt = @()
if (-not $IsWindows) {
    & env --default-signal=INT true 2>$null
    if ($LASTEXITCODE -eq 0) { $script:DefaultSigInt = @('env', '--default-signal=INT') }
}

# The same, started and left running: the caller waits for it, or stops it (Kill() is SIGKILL, or kill -TERM/-INT its Id).
# Its output is redirected: read it (StandardError.ReadToEnd()) once it has exited.
function Start-PowerShellFile {
    param([Parameter(Mandatory)] [string] $Path, [string[]] $ArgumentList = @())
    $command = @($script:DefaultSigInt) + @(Get-PowerShellCommandLine)
    $start = [Diagnostics.ProcessStartInfo]::new($command[0])
    foreach ($argument in @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $Path) + $ArgumentList) {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    [Diagnostics.Process]::Start($start)
}
