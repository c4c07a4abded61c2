# The demo ./build.ps1 Demo runs (tools/Invoke-Demo.ps1), against the module the test command built: a user's
# first look at the module must keep working. It runs in a fresh pwsh, as build.ps1 Demo starts it.

BeforeAll {
    . "$PSScriptRoot/PowerShellProcess.TestSupport.ps1"
    $repository = (Resolve-Path "$PSScriptRoot/../..").Path
    $output = Join-Path $TestDrive 'demo'
    $demo = Invoke-PowerShellFile -Path "$repository/tools/Invoke-Demo.ps1" -ArgumentList '-ModulePath', "$repository/out/PSSecurityFeeds/PSSecurityFeeds.psd1", '-OutputDirectory', $output
    $demo.Output = $demo.Output -replace '\e\[[0-9;]*m'  # the colours of the tables' headers
}

Describe 'The demo (./build.ps1 Demo)' {
    It 'runs the main job against the emulator and exits 0' {
        $demo.ExitCode | Should -Be 0 -Because $demo.Output
        $demo.Output | Should -Match 'The demo is done'
    }

    It 'shows every vendor connected and its events in tables' {
        $demo.Output | Should -Match 'testcorp\s+analyst@example.com'
        $demo.Output | Should -Match 'Akamai SIEM\s+http://127\.0\.0\.'
        $demo.Output | Should -Match 'Emulated Analyst'
        $demo.Output | Should -Match '7200 www\.example\.com'
    }

    It 'shows a checkpointed Akamai run delivering nothing twice' {
        $demo.Output | Should -Match '2500 events; the checkpoint'
        $demo.Output | Should -Match '(?m)^0 events\.'
        $demo.Output | Should -Match '(?m)^500 events\.'
    }

    It 'exports the search job to a file' {
        @(Get-Content (Join-Path $output 'sekoia-authentication.jsonl')).Count | Should -Be 1200
    }

    It 'stops the emulator it started' {
        $processId = [int]([regex]::Match($demo.Output, 'ProcessId\s+:\s+(\d+)').Groups[1].Value)
        $processId | Should -BeGreaterThan 0
        Get-Process -Id $processId -ErrorAction Ignore | Should -BeNullOrEmpty
    }
}
