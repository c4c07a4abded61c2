# For what a nested pipeline in the test's own runspace cannot show: a [powershell] of a new runspace with the
# built module imported. Its streams keep the progress records that the current runspace would hand to the
# host, it has no default session of its own, and it can be stopped mid-command as Ctrl+C stops one.
# Dot-source it after Emulator.TestSupport.ps1. Script blocks run there as text: pass values as -Parameters.

function New-ModuleShell {
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock, [hashtable] $Parameters = @{})
    # The runspace imports the module as it opens: one script, not a batch of statements, whose later
    # statements would still run (and touch a closed runspace) after a Stop().
    $state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
    $state.ImportPSModule("$script:RepositoryRoot/out/PSSecurityFeeds/PSSecurityFeeds.psd1")
    $runspace = [runspacefactory]::CreateRunspace($state)
    $runspace.Open()
    $shell = [powershell]::Create($runspace)
    $null = $shell.AddScript($ScriptBlock.ToString()).AddParameters($Parameters)
    $shell
}

# Runs the script block to its end and returns what each stream got; a terminating error is in Failure.
function Invoke-InNewRunspace {
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock, [hashtable] $Parameters = @{})
    $shell = New-ModuleShell $ScriptBlock $Parameters
    try {
        $failure = $null
        $output = try { $shell.Invoke() } catch { $failure = $_.Exception.InnerException }
        [pscustomobject]@{
            Output   = @($output)
            Progress = @($shell.Streams.Progress)
            Verbose  = @($shell.Streams.Verbose)
            Error    = @($shell.Streams.Error)
            Failure  = $failure
        }
    }
    finally {
        $shell.Runspace.Dispose()
        $shell.Dispose()
    }
}

# Starts the script block and returns at once; Output fills as the command writes.
function Start-InNewRunspace {
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock, [hashtable] $Parameters = @{})
    $shell = New-ModuleShell $ScriptBlock $Parameters
    $noInput = [System.Management.Automation.PSDataCollection[psobject]]::new()
    $noInput.Complete()   # an open input collection would keep the pipeline waiting for input
    $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
    $invocation = $shell.BeginInvoke($noInput, $output)
    [pscustomobject]@{ Shell = $shell; Output = $output; Invocation = $invocation }
}

# Waits until the condition holds while the command still runs; fails the test if it ends or 20 s pass first.
function Wait-Running {
    param([Parameter(Mandatory)] $Running, [Parameter(Mandatory)] [scriptblock] $Until)
    $deadline = (Get-Date).AddSeconds(20)
    while (-not (& $Until)) {
        $state = $Running.Shell.InvocationStateInfo
        if ($state.State -ne 'Running' -or (Get-Date) -gt $deadline) {
            # ReadAll, not enumeration: enumerating a running command's stream waits for the command to end.
            throw "The command is $($state.State) and the awaited moment did not come: $($state.Reason) $($Running.Shell.Streams.Error.ReadAll())"
        }
        Start-Sleep -Milliseconds 20
    }
}

# Ctrl+C: stops the command, waits for it to end, and returns how long that took.
function Stop-Running {
    param([Parameter(Mandatory)] $Running)
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $Running.Shell.Stop()
    $watch.Elapsed
}

function Close-Running {
    param($Running)
    if ($Running) {
        $Running.Shell.Stop()   # a test that failed before stopping it must not leave it running
        $Running.Shell.Runspace.Dispose()
        $Running.Shell.Dispose()
    }
}

# A command's progress as a host sees it: every record of one activity, updates whose status reads as
# expected, and a last record that takes the bar away. Returns the updates for the test's own checks.
function Assert-ProgressActivity {
    param([Parameter(Mandatory)] [object[]] $Progress, [Parameter(Mandatory)] [string] $Activity, [Parameter(Mandatory)] [string] $StatusPattern)
    $Progress | ForEach-Object { $_.Activity | Should -Be $Activity }
    $updates = @($Progress | Where-Object RecordType -EQ 'Processing')
    $updates.Count | Should -BeGreaterThan 0
    $updates | ForEach-Object { $_.StatusDescription | Should -Match $StatusPattern }
    $Progress[-1].RecordType | Should -Be 'Completed'
    , $updates
}
