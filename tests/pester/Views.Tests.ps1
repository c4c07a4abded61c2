#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The format views as a user sees them at 80 and 120 columns (Out-String -Width): every column label is a
# property one can filter on, no column is dropped or wrapped, the last column takes what a wider window
# gives, and every time reads the same way (UTC, yyyy-MM-dd HH:mm:ssZ). Sessions' views belong to their
# own tests.

BeforeAll {
    . "$PSScriptRoot/SigSci.TestSupport.ps1"
    $script:emulator = Start-TestEmulator

    Connect-SigSci -Corp testcorp -Email $SigSciEmail -ApiToken (Get-SigSciTestToken) -ApiBaseUri $emulator.BaseUri
    $akamaiSecret = ConvertTo-SecureString 'ZW11bGF0b3ItY2xpZW50LXNlY3JldA==' -AsPlainText -Force
    Connect-AkamaiSiem -HostName $emulator.BaseUri -ClientToken 'akab-emulator-client-token-0001' -ClientSecret $akamaiSecret -AccessToken 'akab-emulator-access-token-0001'
    Connect-Sekoia -ApiBaseUri "$($emulator.BaseUri)/sekoia" -ApiKey (ConvertTo-SecureString 'sekoia-emulator-api-key' -AsPlainText -Force) -InformationAction Ignore
    Set-EmulatorSetting $emulator 'akamai/settings' @{ eventCount = 300; malformedEvery = 0 }
    Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 1 }

    $job = Start-SekoiaSearchJob -Query 'emulator:total=10' -Earliest -7d -Wait
    # Objects of every type with a table view, the ones that fill their columns most.
    $script:samples = @{
        'PSSecurityFeeds.Core.SigSci.SigSciRequest'     = @(Get-SigSciFeed -Site www -From -20m -Until -10m | Sort-Object { $_.Tags.Count + $_.Path.Length } -Descending | Select-Object -First 3)
        'PSSecurityFeeds.Core.Akamai.AkamaiSiemEvent'   = @(Get-AkamaiSiemEvent -ConfigId 14227 -Limit 100 | Sort-Object { $_.Path.Length } -Descending | Select-Object -First 3)
        'PSSecurityFeeds.Core.Akamai.AkamaiSiemRule'    = @((Get-AkamaiSiemEvent -ConfigId 14227 -Limit 100).Rules | Sort-Object { $_.Tag.Length + $_.Message.Length } -Descending | Select-Object -First 3)
        'PSSecurityFeeds.Core.SigSci.SigSciSite'        = @(Get-SigSciSite | Select-Object -First 3)
        'PSSecurityFeeds.Core.Sekoia.SekoiaSearchJob'   = @($job)
        'PSSecurityFeeds.SekoiaEvent'                   = @($job | Get-SekoiaEvent | Select-Object -First 3)
    }
    $script:tableTypes = $samples.Keys | Sort-Object

    # The labels of a type's table view, from the format data PowerShell loaded.
    function script:TableLabels([string] $typeName) {
        $view = (Get-FormatData -TypeName $typeName -PowerShellVersion $PSVersionTable.PSVersion).FormatViewDefinition |
            Where-Object { $_.Control -is [System.Management.Automation.TableControl] }
        $view.Control.Headers.Label
    }

    # The rendered table's lines: headers, dashes, one line per object (blank lines dropped).
    function script:Render($objects, [int] $width) {
        @(($objects | Format-Table | Out-String -Width $width) -split "`r?`n" | Where-Object { $_.Trim() })
    }

    $script:utcTime = '\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z\b'
}

AfterAll {
    Disconnect-SigSci -ErrorAction SilentlyContinue
    Disconnect-AkamaiSiem -ErrorAction SilentlyContinue
    Disconnect-Sekoia -ErrorAction SilentlyContinue
    Stop-TestEmulator $emulator
}

Describe 'Table views' {
    It 'exists for <_>, and every column label is a property of the object' -ForEach @(
        'PSSecurityFeeds.Core.SigSci.SigSciRequest', 'PSSecurityFeeds.Core.Akamai.AkamaiSiemEvent', 'PSSecurityFeeds.Core.Akamai.AkamaiSiemRule',
        'PSSecurityFeeds.Core.SigSci.SigSciSite', 'PSSecurityFeeds.Core.Sekoia.SekoiaSearchJob', 'PSSecurityFeeds.SekoiaEvent'
    ) {
        $labels = TableLabels $_
        $labels | Should -Not -BeNullOrEmpty
        $object = $samples[$_][0]
        $object | Should -Not -BeNullOrEmpty
        foreach ($label in $labels) {
            $object.PSObject.Properties.Name | Should -Contain $label -Because "the column '$label' of $_ must be something Where-Object can filter on"
        }
    }

    It 'shows every column of <Type> at <Width> columns, each row on one line' -ForEach @(
        foreach ($type in 'PSSecurityFeeds.Core.SigSci.SigSciRequest', 'PSSecurityFeeds.Core.Akamai.AkamaiSiemEvent', 'PSSecurityFeeds.Core.Akamai.AkamaiSiemRule',
            'PSSecurityFeeds.Core.SigSci.SigSciSite', 'PSSecurityFeeds.Core.Sekoia.SekoiaSearchJob', 'PSSecurityFeeds.SekoiaEvent') {
            foreach ($width in 80, 120) { @{ Type = $type; Width = $width } }
        }
    ) {
        $objects = $samples[$Type]
        $lines = Render $objects $Width
        $labels = TableLabels $Type

        $lines.Count | Should -Be (2 + $objects.Count) -Because 'a header, its dashes and one line per object: nothing wraps'
        ($lines[0] -split '\s+' | Where-Object { $_ }) | Should -Be $labels -Because 'every label, whole, in order: no column dropped'
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $Width }
    }

    It 'gives the last column of <Type> at least <Least> characters at 80 columns and more at 120' -ForEach @(
        @{ Type = 'PSSecurityFeeds.Core.SigSci.SigSciRequest'; Least = 16 }
        @{ Type = 'PSSecurityFeeds.Core.Akamai.AkamaiSiemEvent'; Least = 20 }
        @{ Type = 'PSSecurityFeeds.Core.Akamai.AkamaiSiemRule'; Least = 30 }
        @{ Type = 'PSSecurityFeeds.Core.Sekoia.SekoiaSearchJob'; Least = 20 }
        @{ Type = 'PSSecurityFeeds.SekoiaEvent'; Least = 40 }
    ) {
        $objects = $samples[$Type]
        $lastLabel = (TableLabels $Type)[-1]
        $at80 = Render $objects 80
        $at120 = Render $objects 120
        $start = $at80[0].IndexOf($lastLabel)

        (80 - $start) | Should -BeGreaterOrEqual $Least
        $at120[0].IndexOf($lastLabel) | Should -Be $start -Because 'the fixed columns keep their place'
        for ($row = 0; $row -lt $objects.Count; $row++) {
            $value = "$($objects[$row].$lastLabel)"
            $shown80 = $at80[2 + $row].PadRight($start).Substring($start).TrimEnd()
            $shown120 = $at120[2 + $row].PadRight($start).Substring($start).TrimEnd()
            if ($value.Length -lt 80 - $start) { $shown80 | Should -Be $value -Because 'a value that fits is shown whole' }
            $shown120.Length | Should -BeGreaterOrEqual ([Math]::Min($value.Length, 120 - $start - 1)) -Because 'a wider window shows more of it'
        }
    }

    It 'shows times in UTC as yyyy-MM-dd HH:mm:ssZ in <_>' -ForEach 'PSSecurityFeeds.Core.SigSci.SigSciRequest', 'PSSecurityFeeds.Core.Akamai.AkamaiSiemEvent', 'PSSecurityFeeds.Core.SigSci.SigSciSite', 'PSSecurityFeeds.SekoiaEvent' {
        $rows = Render $samples[$_] 80 | Select-Object -Skip 2
        $rows | ForEach-Object { $_ | Should -Match $utcTime }
        $first = $samples[$_][0]
        $time = if ($first.PSObject.Properties['Time']) { $first.Time } else { $first.Created }
        $rows[0] | Should -Match ([regex]::Escape($time.UtcDateTime.ToString('yyyy-MM-dd HH:mm:ss')) + 'Z')
    }
}

Describe 'List views' {
    It 'shows times the same way as the tables for <Type>' -ForEach @(
        @{ Type = 'PSSecurityFeeds.Core.SigSci.SigSciRequest'; Times = 'Time' }
        @{ Type = 'PSSecurityFeeds.Core.Akamai.AkamaiSiemEvent'; Times = 'Time' }
        @{ Type = 'PSSecurityFeeds.Core.Sekoia.SekoiaSearchJob'; Times = 'EarliestTime', 'LatestTime', 'CreatedAt', 'EndedAt' }
    ) {
        $object = $samples[$Type][0]
        $list = $object | Format-List | Out-String -Width 80

        foreach ($name in $Times) {
            $list | Should -Match ("(?m)^$name\s+: " + [regex]::Escape($object.$name.UtcDateTime.ToString('yyyy-MM-dd HH:mm:ss')) + 'Z\s*$')
        }
    }

    It 'labels every line of <_> with a property name' -ForEach 'PSSecurityFeeds.Core.SigSci.SigSciRequest', 'PSSecurityFeeds.Core.Akamai.AkamaiSiemEvent', 'PSSecurityFeeds.Core.Sekoia.SekoiaSearchJob' {
        $object = $samples[$_][0]
        $labels = (($object | Format-List | Out-String -Width 200) -split "`r?`n") -match '^\S+\s+: ' -replace '\s+:.*$'

        $labels | Should -Not -BeNullOrEmpty
        $labels | ForEach-Object { $object.PSObject.Properties.Name | Should -Contain $_ }
    }

    It 'shows a Sekoia.io job''s absolute range next to the bounds as given' {
        $list = $samples['PSSecurityFeeds.Core.Sekoia.SekoiaSearchJob'][0] | Format-List | Out-String -Width 80

        $list | Should -Match '(?m)^Earliest\s+: -7d\s*$'
        $list | Should -Match "(?m)^EarliestTime\s+: $utcTime"
    }
}
