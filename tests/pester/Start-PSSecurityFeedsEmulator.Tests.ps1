# Start-PSSecurityFeedsEmulator / Stop-PSSecurityFeedsEmulator: the emulator that ships in the built module
# (out/PSSecurityFeeds/bin/Emulator), as a user testing a pipeline starts it, connects to it and stops it.

BeforeAll {
    Import-Module "$PSScriptRoot/../../out/PSSecurityFeeds/PSSecurityFeeds.psd1" -Force
    $emu = Start-PSSecurityFeedsEmulator -LifetimeMinutes 10
}

AfterAll {
    if ($emu) { Stop-PSSecurityFeedsEmulator $emu }
}

Describe 'Start-PSSecurityFeedsEmulator' {
    It 'listens on 127.0.0.1 on a free port and reports its end' {
        $emu.BaseUri.Host | Should -Be '127.0.0.1'
        $emu.BaseUri.Port | Should -BeGreaterThan 0
        $emu.Running | Should -BeTrue
        $emu.StopsAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(9))
        $emu.StopsAt | Should -BeLessOrEqual ([DateTimeOffset]::UtcNow.AddMinutes(10))
        (Invoke-RestMethod "$($emu.BaseUri)health").status | Should -Be 'ok'
    }

    It 'gives each vendor''s Connect-* parameters, secrets as SecureString, ready to splat' {
        $emu.Sekoia.ApiBaseUri | Should -Be "$($emu.BaseUri)sekoia"
        $emu.Sekoia.ApiKey | Should -BeOfType [securestring]
        $emu.SigSci.ApiToken | Should -BeOfType [securestring]
        $emu.AkamaiSiem.ClientSecret | Should -BeOfType [securestring]

        $sekoia = $emu.Sekoia
        (Connect-Sekoia @sekoia -PassThru).User | Should -Match 'analyst@example.com'
        $sigsci = $emu.SigSci
        (Connect-SigSci @sigsci -PassThru).Corp | Should -Be 'testcorp'
        $akamai = $emu.AkamaiSiem
        Connect-AkamaiSiem @akamai
        @(Get-AkamaiSiemEvent -ConfigId $emu.AkamaiConfigIds[0] -Limit 5).Count | Should -BeGreaterOrEqual 5
        $emu.SigSciSites | Should -Contain 'www'
    }

    It 'shows where it listens and how to connect, never a secret' {
        $shown = $emu | Out-String -Width 300
        $shown | Should -Match ([regex]::Escape("-ApiBaseUri $($emu.BaseUri)sekoia -ApiKey (SecureString)"))
        $shown | Should -Match '-Corp testcorp'
        $shown | Should -Not -Match 'sekoia-emulator-api-key'
    }

    It 'dates every vendor''s events inside the range asked for' {
        $until = [DateTimeOffset]::UtcNow.AddMinutes(-10)
        $from = $until.AddMinutes(-20)

        $requests = Get-SigSciFeed -Site www -From $from -Until $until -AlignToMinute
        $akamai = Get-AkamaiSiemEvent -ConfigId 14227 -From $from -To $until
        $job = Start-SekoiaSearchJob -Query 'event.category:network emulator:total=300' -Earliest $from.UtcDateTime -Latest $until.UtcDateTime -Wait
        $sekoia = $job | Get-SekoiaEvent

        $requests.Count | Should -BeGreaterThan 0
        $akamai.Count | Should -BeGreaterThan 0
        $sekoia.Count | Should -Be 300
        $floor = $from.AddMinutes(-1)  # -AlignToMinute may widen the window to whole minutes
        $times = $requests | ForEach-Object { [DateTimeOffset]$_.Timestamp } | Measure-Object -Minimum -Maximum
        $times.Minimum | Should -BeGreaterOrEqual $floor
        $times.Maximum | Should -BeLessOrEqual $until
        $times = $akamai | ForEach-Object { [DateTimeOffset]$_.Time } | Measure-Object -Minimum -Maximum
        $times.Minimum | Should -BeGreaterOrEqual $from.AddSeconds(-1)
        $times.Maximum | Should -BeLessOrEqual $until
        $times = $sekoia | ForEach-Object { [DateTimeOffset]$_.'@timestamp' } | Measure-Object -Minimum -Maximum
        $times.Minimum | Should -BeGreaterOrEqual $from.AddSeconds(-1)
        $times.Maximum | Should -BeLessOrEqual $until
    }

    It 'plans faults over HTTP, as README and about_PSSecurityFeeds say' {
        $faults = ConvertTo-Json -InputObject @(@{ status = 503 }) 
        Invoke-RestMethod -Method Post "$($emu.BaseUri)_emulator/faults/akamai.siem" -ContentType application/json -Body $faults | Out-Null

        $events = Get-AkamaiSiemEvent -ConfigId 14227 -Limit 10 -Verbose 4>&1
        @($events | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '503' }).Count | Should -BeGreaterThan 0
    }

    It 'starts and stops nothing with -WhatIf' {
        $children = { @(Get-Process | Where-Object { $_.Parent.Id -eq $PID }).Count }
        $before = & $children

        Start-PSSecurityFeedsEmulator -WhatIf | Should -BeNullOrEmpty
        Stop-PSSecurityFeedsEmulator $emu -WhatIf

        & $children | Should -Be $before
        $emu.Running | Should -BeTrue
    }
}

Describe 'Stop-PSSecurityFeedsEmulator' {
    It 'stops the emulator it is given' {
        $other = Start-PSSecurityFeedsEmulator -LifetimeMinutes 5

        $other | Stop-PSSecurityFeedsEmulator

        $other.Running | Should -BeFalse
        { Invoke-RestMethod "$($other.BaseUri)health" -TimeoutSec 5 } | Should -Throw
        $emu.Running | Should -BeTrue -Because 'only the emulator given stops'
    }

    It 'stops every emulator this PowerShell started when given none' {
        $first = Start-PSSecurityFeedsEmulator -LifetimeMinutes 5
        $second = Start-PSSecurityFeedsEmulator -LifetimeMinutes 5

        Stop-PSSecurityFeedsEmulator

        $first.Running | Should -BeFalse
        $second.Running | Should -BeFalse
        $emu.Running | Should -BeFalse
    }
}
