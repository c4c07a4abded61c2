# docs/Invoke-SecurityFeedJob.ps1, the scheduled recipe, run as Task Scheduler or cron runs it (pwsh -File)
# against the emulator: exit codes, the log, the dead-letter file, exactly-once across runs, UTF-8 files.
# The SecretManagement vault is a stand-in module with the same Get-Secret contract (a name and a vault in,
# a SecureString out), so the test needs no vault installed and reads nothing outside the repository.

BeforeAll {
    . "$PSScriptRoot/Emulator.TestSupport.ps1"
    . "$PSScriptRoot/SigSci.TestSupport.ps1"
    . "$PSScriptRoot/PowerShellProcess.TestSupport.ps1"
    $emulator = Start-TestEmulator
    $job = "$RepositoryRoot/docs/Invoke-SecurityFeedJob.ps1"

    $vaultModule = Join-Path $TestDrive 'modules/Microsoft.PowerShell.SecretManagement'
    New-Item -ItemType Directory -Path $vaultModule -Force | Out-Null
    Set-Content -LiteralPath "$vaultModule/Microsoft.PowerShell.SecretManagement.psm1" -Value @'
function Get-Secret {
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)] [string] $Name, [string] $Vault)
    $value = (Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot "$Vault.json") | ConvertFrom-Json).$Name
    if ($null -eq $value) { Write-Error "The secret $Name was not found in vault $Vault." -ErrorId GetSecretNotFound; return }
    ConvertTo-SecureString $value -AsPlainText -Force
}
'@
    $savedModulePath = $env:PSModulePath
    # The job imports PSSecurityFeeds and the vault module by name, as it would once they are installed.
    $env:PSModulePath = (Join-Path $TestDrive 'modules'), "$RepositoryRoot/out", $env:PSModulePath -join [IO.Path]::PathSeparator

    function New-JobSetting {
        param([Parameter(Mandatory)] [string] $Name, [string] $ApiToken = $SigSciTokenText)
        $data = Join-Path $TestDrive $Name
        New-Item -ItemType Directory -Path $data -Force | Out-Null
        @{ SigSciApiToken = $ApiToken } | ConvertTo-Json | Set-Content -LiteralPath "$vaultModule/$Name.json"
        @('[siem]', "host = $($emulator.BaseUri)", 'client_token = akab-emulator-client-token-0001',
            'client_secret = ZW11bGF0b3ItY2xpZW50LXNlY3JldA==', 'access_token = akab-emulator-access-token-0001') |
            Set-Content -LiteralPath "$data/.edgerc"
        $settings = "$data/feed-job.psd1"
        @"
@{
    DataDirectory    = '$data'
    LogRetentionDays = 14
    Vault            = '$Name'
    Akamai           = @{ EdgeRcPath = '$data/.edgerc'; Section = 'siem'; ConfigIds = 14227 }
    SigSci           = @{ Corp = 'testcorp'; Email = '$SigSciEmail'; ApiTokenSecret = 'SigSciApiToken'; Sites = 'www', 'api'; ApiBaseUri = '$($emulator.BaseUri)' }
}
"@ | Set-Content -LiteralPath $settings
        [pscustomobject]@{ Data = $data; Settings = $settings }
    }

    function Invoke-Job($Setting) { Invoke-PowerShellFile -Path $job -ArgumentList '-ConfigPath', $Setting.Settings }

    function Get-Line([string] $Path) { if (Test-Path -LiteralPath $Path) { @(Get-Content -LiteralPath $Path) } else { @() } }

    $day = (Get-Date).ToUniversalTime().ToString('yyyyMMdd')
}

AfterAll {
    $env:PSModulePath = $savedModulePath
    Stop-TestEmulator $emulator
}

Describe 'The scheduled feed job (docs/Invoke-SecurityFeedJob.ps1)' {
    AfterEach {
        Set-EmulatorSetting $emulator 'sigsci/settings' @{ reset = $true }
    }

    It 'delivers each feed''s events once across runs, logs each run and exits 0' {
        $setting = New-JobSetting -Name 'clean'

        $first = Invoke-Job $setting
        $first.ExitCode | Should -Be 0 -Because $first.Output
        $akamaiAfterFirst = Get-Line "$($setting.Data)/out/akamai-$day.ndjson"
        $sigsciAfterFirst = Get-Line "$($setting.Data)/out/sigsci-$day.ndjson"
        $second = Invoke-Job $setting

        $second.ExitCode | Should -Be 0 -Because $second.Output
        $akamaiAfterFirst.Count | Should -Be 2500
        $sigsciAfterFirst.Count | Should -Be (2 * 60 * 40) -Because 'the first run reads the last full hour of both sites'
        $akamai = Get-Line "$($setting.Data)/out/akamai-$day.ndjson"
        $akamai.Count | Should -Be 2500 -Because 'the second run finds nothing new at Akamai'
        $sigsci = Get-Line "$($setting.Data)/out/sigsci-$day.ndjson" | ConvertFrom-Json
        @($sigsci.Id | Sort-Object -Unique).Count | Should -Be $sigsci.Count -Because 'no request is delivered twice'
        Test-Path "$($setting.Data)/deadletter/sigsci-$day.ndjson" | Should -BeFalse
        $log = Get-Line "$($setting.Data)/logs/feed-job-$day.log"
        @($log -match ' INFO  Run started').Count | Should -Be 2
        $log | Should -Contain ($log -match 'akamai delivered 2500 events, set aside 0\.')[0]
        @($log -match 'Run ended: 0 feed\(s\) failed, 0 event\(s\) set aside\.').Count | Should -Be 2
        foreach ($file in "out/akamai-$day.ndjson", "out/sigsci-$day.ndjson", "logs/feed-job-$day.log") {
            $bytes = [IO.File]::ReadAllBytes("$($setting.Data)/$file")
            ($bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB) | Should -BeFalse -Because "$file is UTF-8 without a byte order mark"
        }
    }

    It 'sets a malformed event aside in the dead-letter file, as sent, completes the run and exits 2' {
        Set-EmulatorSetting $emulator 'sigsci/settings' @{ malformedEvery = 100 }
        $setting = New-JobSetting -Name 'malformed'

        $run = Invoke-Job $setting

        $run.ExitCode | Should -Be 2 -Because $run.Output
        $delivered = Get-Line "$($setting.Data)/out/sigsci-$day.ndjson"
        $setAside = Get-Line "$($setting.Data)/deadletter/sigsci-$day.ndjson"
        $setAside.Count | Should -BeGreaterThan 0
        ($delivered.Count + $setAside.Count) | Should -Be (2 * 60 * 40) -Because 'nothing is lost: every request is delivered or set aside'
        $setAside | ForEach-Object { ($_ | ConvertFrom-Json).responseCode | Should -Be 'not-a-number' }
        $log = Get-Line "$($setting.Data)/logs/feed-job-$day.log"
        @($log -match ' WARN  sigsci set aside an event').Count | Should -Be $setAside.Count
        $log[-1] | Should -Match "WARN  Run ended: 0 feed\(s\) failed, $($setAside.Count) event\(s\) set aside\."
    }

    It 'logs a failing feed as an error, still runs the others, rotates the logs and exits 1' {
        $setting = New-JobSetting -Name 'badtoken' -ApiToken 'not-the-token'
        New-Item -ItemType Directory -Path "$($setting.Data)/logs" -Force | Out-Null
        $expired = New-Item -Path "$($setting.Data)/logs/feed-job-20000101.log" -Value "old`n"
        $expired.LastWriteTime = (Get-Date).AddDays(-15)
        $kept = New-Item -Path "$($setting.Data)/logs/feed-job-20000102.log" -Value "recent`n"
        $kept.LastWriteTime = (Get-Date).AddDays(-13)

        $run = Invoke-Job $setting

        $run.ExitCode | Should -Be 1 -Because $run.Output
        $log = Get-Line "$($setting.Data)/logs/feed-job-$day.log"
        @($log -match ' ERROR sigsci failed after 0 events').Count | Should -Be 1
        ($log -join "`n") | Should -Not -Match 'not-the-token' -Because 'a secret never reaches the log'
        (Get-Line "$($setting.Data)/out/akamai-$day.ndjson").Count | Should -Be 2500
        $log[-1] | Should -Match 'ERROR Run ended: 1 feed\(s\) failed'
        Test-Path -LiteralPath $expired.FullName | Should -BeFalse -Because 'logs older than LogRetentionDays (14) are removed'
        Test-Path -LiteralPath $kept.FullName | Should -BeTrue
    }
}
