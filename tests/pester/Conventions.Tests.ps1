#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The conventions every vendor follows (docs/CONVENTIONS.md), checked for all three against one emulator:
# the common event vocabulary, UTC times, Export-Csv/ConvertTo-Json shape, the shared time-range
# parameters, the natural calls, and tab completion. Each failure names the vendor that broke a convention.

BeforeAll {
    . "$PSScriptRoot/SigSci.TestSupport.ps1"
    $script:emulator = Start-TestEmulator

    $script:sigsci = Connect-SigSci -Corp testcorp -Email $SigSciEmail -ApiToken (Get-SigSciTestToken) -ApiBaseUri $emulator.BaseUri -PassThru
    $akamaiSecret = ConvertTo-SecureString 'ZW11bGF0b3ItY2xpZW50LXNlY3JldA==' -AsPlainText -Force
    # -ApiBaseUri is Connect-AkamaiSiem's alias of -HostName, as Connect-SigSci/-Sekoia's -HostName is of -ApiBaseUri.
    $script:akamai = Connect-AkamaiSiem -ApiBaseUri $emulator.BaseUri -ClientToken 'akab-emulator-client-token-0001' -ClientSecret $akamaiSecret -AccessToken 'akab-emulator-access-token-0001' -PassThru
    $script:sekoia = Connect-Sekoia -HostName "$($emulator.BaseUri)/sekoia" -ApiKey (ConvertTo-SecureString 'sekoia-emulator-api-key' -AsPlainText -Force) -PassThru -InformationAction Ignore
    Set-EmulatorSetting $emulator 'akamai/settings' @{ eventCount = 300; malformedEvery = 0 }
    Set-EmulatorSetting $emulator 'sekoia/settings' @{ jobDurationSeconds = 1 }

    $script:sigsciEvents = @(Get-SigSciFeed -Site www -From -20m -Until -10m)
    $script:akamaiEvents = @(Get-AkamaiSiemEvent -ConfigId 14227 -Limit 100)
    $script:job = Start-SekoiaSearchJob -Query 'emulator:total=40' -Earliest -7d -Latest now -Wait
    $script:sekoiaEvents = @($job | Get-SekoiaEvent)
    $script:byVendor = @{ 'Signal Sciences' = $sigsciEvents; 'Akamai SIEM' = $akamaiEvents; 'Sekoia.io' = $sekoiaEvents }

    $script:commonProperties = 'Vendor', 'Time', 'ClientIP', 'Host', 'Method', 'Path', 'Status', 'Action', 'RuleIds', 'Tags'

    # Every vendor request the emulator received, whatever the route: a command refused before sending adds none.
    function script:JournalCount { @(Invoke-RestMethod "$($emulator.BaseUri)/_emulator/requests" | Where-Object { -not $_.route.StartsWith('emulator.') }).Count }

    # What Tab offers for the end of a command line.
    function script:Complete([string] $line) { (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText }
}

AfterAll {
    Disconnect-SigSci -ErrorAction SilentlyContinue
    Disconnect-AkamaiSiem -ErrorAction SilentlyContinue
    Disconnect-Sekoia -ErrorAction SilentlyContinue
    Stop-TestEmulator $emulator
}

Describe 'The common event vocabulary' {
    It 'every event of <_> has the common properties' -ForEach 'Signal Sciences', 'Akamai SIEM', 'Sekoia.io' {
        $events = $byVendor[$_]
        $events.Count | Should -BeGreaterThan 0
        foreach ($event in $events | Select-Object -First 20) {
            $names = $event.PSObject.Properties.Name
            foreach ($property in $commonProperties) { $names | Should -Contain $property -Because "$_ events share the vocabulary" }
        }
    }

    It 'names its vendor as the vendor''s session does' {
        $sigsciEvents[0].Vendor | Should -Be $sigsci.Vendor
        $akamaiEvents[0].Vendor | Should -Be $akamai.Vendor
        $sekoiaEvents[0].Vendor | Should -Be $sekoia.Vendor
    }

    It 'lets one Where-Object work on the events of all three vendors' {
        $all = $sigsciEvents + $akamaiEvents + $sekoiaEvents

        $posts = @($all | Where-Object { $_.Method -eq 'POST' -and $_.Status -ge 200 -and $_.ClientIP -and $_.Time -is [DateTimeOffset] })
        ($posts.Vendor | Sort-Object -Unique) | Should -Be 'Akamai SIEM', 'Sekoia.io', 'Signal Sciences'
        $posts | ForEach-Object { $_.Method | Should -Be 'POST' }
        @($all | Where-Object Status -EQ 403).Vendor | Should -Contain 'Sekoia.io'
    }

    It 'keeps the vendor-faithful names next to the common ones' {
        $sigsciEvents[0].ClientIP | Should -Be $sigsciEvents[0].RemoteIP
        $sigsciEvents[0].Status | Should -Be $sigsciEvents[0].ResponseCode
        $sigsciEvents[0].Time | Should -Be $sigsciEvents[0].Timestamp
        $sekoiaEvents[0].ClientIP | Should -Be $sekoiaEvents[0].source.ip
        $sekoiaEvents[0].Host | Should -Be $sekoiaEvents[0].url.domain
    }

    It 'takes Sekoia.io''s common properties from ECS fields, as scalars, keeping the nesting' {
        $web = $sekoiaEvents | Where-Object { $_.url } | Select-Object -First 1

        $web.Method | Should -BeIn 'GET', 'POST'
        $web.Status | Should -BeOfType [int]
        $web.Action | Should -Be $web.event.action
        $web.Path | Should -Be $web.url.path
        $web.source.ip | Should -Match '^10\.'
        $blocked = $sekoiaEvents | Where-Object Action -EQ 'blocked' | Select-Object -First 1
        $blocked.RuleIds | Should -Be $blocked.rule.id
    }

    It 'keeps a Sekoia.io field that has a common property''s name as the vendor sent it (ECS host)' {
        $logon = $sekoiaEvents | Where-Object { $_.event.category -contains 'authentication' } | Select-Object -First 1

        $logon.host.name | Should -Match '^srv-'
        $logon.Time | Should -BeOfType [DateTimeOffset]
    }
}

Describe 'Times' {
    It 'are UTC DateTimeOffsets for <Name>' -ForEach @(
        @{ Name = 'SigSci Time and Timestamp'; Get = { $sigsciEvents[0].Time, $sigsciEvents[0].Timestamp } }
        @{ Name = 'Akamai Time'; Get = { $akamaiEvents[0].Time } }
        @{ Name = 'Sekoia.io event Time'; Get = { $sekoiaEvents[0].Time } }
        @{ Name = 'Sekoia.io job times'; Get = { $job.CreatedAt, $job.EndedAt, $job.EarliestTime, $job.LatestTime } }
        @{ Name = 'SigSci site Created'; Get = { (Get-SigSciSite -Name www).Created } }
        @{ Name = 'session ConnectedAt'; Get = { $sigsci.ConnectedAt, $akamai.ConnectedAt, $sekoia.ConnectedAt } }
    ) {
        foreach ($time in & $Get) {
            $time | Should -BeOfType [DateTimeOffset]
            $time.Offset | Should -Be ([TimeSpan]::Zero)
        }
    }

    It 'compare as times, not strings: a Sekoia.io event of last week is not from the last hour' {
        $oldest = $sekoiaEvents[0]   # the emulator dates a job's events evenly across its range, oldest first

        $oldest.'@timestamp' | Should -BeOfType [string]   # the raw field stays
        $oldest.Time | Should -Be ([DateTimeOffset]::Parse($oldest.'@timestamp', [cultureinfo]::InvariantCulture))
        $oldest.Time -gt (Get-Date).AddHours(-1) | Should -BeFalse
        $oldest.Time | Should -BeLessThan $job.EarliestTime.AddHours(1)
        @($sekoiaEvents | Where-Object { $_.Time -ge $job.EarliestTime -and $_.Time -le $job.LatestTime }).Count | Should -Be $sekoiaEvents.Count
    }

    It 'a Sekoia.io job shows the absolute range it searched, not only -7d and now' {
        $job.Earliest | Should -Be '-7d'
        $job.Latest | Should -Be 'now'
        $job.EarliestTime | Should -Be $job.CreatedAt.AddDays(-7)
        $job.LatestTime | Should -Be $job.CreatedAt
    }
}

Describe 'Export-Csv and ConvertTo-Json' {
    BeforeAll {
        # A cell that is only a type name (System.Object[], PSSecurityFeeds.Core...Tag[]) lost its values.
        $script:typeName = '^(System|PSSecurityFeeds)\.[\w.`]+(\[[^\]]*\])*$'
        function script:CsvRow($object) { $object | ConvertTo-Csv | ConvertFrom-Csv }
    }

    It 'writes values, never type names, for <Name>' -ForEach @(
        @{ Name = 'SigSci requests'; Get = { $sigsciEvents | Where-Object { $_.Tags.Count -gt 0 } | Select-Object -First 1 } }
        @{ Name = 'Akamai events'; Get = { $akamaiEvents[0] } }
        @{ Name = 'Akamai rules'; Get = { $akamaiEvents[0].Rules[0] } }
        @{ Name = 'Sekoia.io jobs'; Get = { $job } }
        @{ Name = 'SigSci sites'; Get = { Get-SigSciSite -Name www } }
    ) {
        $row = CsvRow (& $Get)
        foreach ($cell in $row.PSObject.Properties) {
            $cell.Value | Should -Not -Match $typeName -Because "$Name's $($cell.Name) must hold its values"
        }
    }

    It 'flattens SigSci tags and headers' {
        $request = $sigsciEvents | Where-Object { $_.Tags.Count -gt 1 } | Select-Object -First 1
        $row = CsvRow $request

        $row.Tags | Should -Be ($request.Tags.Type -join ',')
        $row.HeadersIn | Should -Match 'Host: www\.example\.com'
        $row.AdditionalFields | Should -Match 'edgeTrace: \{'
    }

    It 'flattens Akamai rule ids, actions and tags' {
        $event = $akamaiEvents | Where-Object { $_.Rules.Count -gt 1 -and $_.BotData } | Select-Object -First 1
        $row = CsvRow $event

        $row.RuleIds | Should -Be ($event.Rules.Id -join ',')
        $row.Rules | Should -Be (($event.Rules | ForEach-Object { '{0} ({1})' -f $_.Id, $_.Action }) -join ',')
        $row.Action | Should -Be $event.Action
        $row.RequestHeaders | Should -Match "Host: $([regex]::Escape($event.Host))"
        $row.BotData | Should -Match 'botScore: '
    }

    It 'writes Sekoia.io events'' common properties as plain values' {
        $row = CsvRow ($sekoiaEvents | Where-Object Action -EQ 'blocked' | Select-Object -First 1)

        $row.Vendor | Should -Be 'Sekoia.io'
        $row.ClientIP | Should -Match '^10\.'
        $row.Status | Should -Be '403'
        $row.tags | Should -Be 'waf,SQLI'
    }

    It 'converts to JSON with values and without ValueKind for <Name>' -ForEach @(
        @{ Name = 'SigSci requests'; Get = { $sigsciEvents[0] } }
        @{ Name = 'Akamai events'; Get = { $akamaiEvents[0] } }
        @{ Name = 'Sekoia.io events'; Get = { $sekoiaEvents[0] } }
        @{ Name = 'Sekoia.io jobs'; Get = { $job } }
    ) {
        $json = & $Get | ConvertTo-Json -Depth 5 -WarningAction Stop

        $json | Should -Not -Match 'ValueKind'
        $back = $json | ConvertFrom-Json
        $back.Vendor, $back.Uuid | Where-Object { $_ } | Should -Not -BeNullOrEmpty
    }

    It 'keeps SigSci''s unknown fields and headers as JSON values' {
        $back = $sigsciEvents[0] | ConvertTo-Json -Depth 5 | ConvertFrom-Json

        ($back.AdditionalFields.edgeTrace | ConvertFrom-Json).pop | Should -Not -BeNullOrEmpty
        $back.HeadersIn.Host | Should -Be 'www.example.com'
        $back.Tags.Count | Should -Be $sigsciEvents[0].Tags.Count
    }

    It 'keeps Akamai''s rules, headers and sections as JSON values' {
        $back = $akamaiEvents[0] | ConvertTo-Json -Depth 5 | ConvertFrom-Json

        $back.Rules[0].Id | Should -Be $akamaiEvents[0].Rules[0].Id
        $back.RequestHeaders.Host | Should -Be $akamaiEvents[0].Host
        $back.BotData.botScore | Should -Be $akamaiEvents[0].BotData.botScore
    }
}

Describe 'Filtering on tags and headers' {
    It 'finds tag names with -contains for <Vendor>' -ForEach @(
        @{ Vendor = 'Signal Sciences'; Tag = 'SQLI' }
        @{ Vendor = 'Akamai SIEM'; Tag = 'OWASP_CRS/WEB_ATTACK/FILE_INJECTION' }
        @{ Vendor = 'Sekoia.io'; Tag = 'SQLI' }
    ) {
        $events = $byVendor[$Vendor]
        $found = @($events | Where-Object Tags -Contains $Tag)

        $found.Count | Should -BeGreaterThan 0
        $found.Count | Should -BeLessThan $events.Count
        $found | ForEach-Object { ($_.Tags | ForEach-Object { "$_" }) | Should -Contain $Tag }
    }

    It 'reads a header by name with dot access, as a hashtable allows' {
        $sigsciEvents[0].HeadersIn.Host | Should -Be 'www.example.com'
        $sigsciEvents[0].HeadersIn.'User-Agent' | Should -Be $sigsciEvents[0].UserAgent
        $sigsciEvents[0].HeadersIn['Cookie'].Count | Should -Be 2   # every value of a repeated header
        $akamaiEvents[0].RequestHeaders.Host | Should -Be $akamaiEvents[0].Host
        $akamaiEvents[0].RequestHeaders.NoSuchHeader | Should -BeNullOrEmpty
        $akamaiEvents[0].BotData.botScore | Should -Not -BeNullOrEmpty
    }
}

Describe 'Time-range parameters' {
    It '<Command> takes -<Parameter> for its <Role>' -ForEach @(
        foreach ($command in 'Get-SigSciFeed', 'Get-AkamaiSiemEvent', 'Start-SekoiaSearchJob') {
            foreach ($name in 'From', 'Earliest') { @{ Command = $command; Parameter = $name; Role = 'start' } }
            foreach ($name in 'To', 'Until', 'Latest') { @{ Command = $command; Parameter = $name; Role = 'end' } }
        }
    ) {
        $resolved = (Get-Command $Command).ResolveParameter($Parameter)
        $resolved.ParameterType.Name | Should -Be 'PointInTime'
        if ($Role -eq 'start') { $resolved.Name | Should -BeIn 'From', 'Earliest' } else { $resolved.Name | Should -BeIn 'To', 'Until', 'Latest' }
    }

    It 'accept DateTime, DateTimeOffset, relative strings and now alike for all three vendors' {
        @(Get-SigSciFeed -Site www -Earliest ([DateTimeOffset]::UtcNow.AddMinutes(-20)) -To (Get-Date).AddMinutes(-10)).Count | Should -BeGreaterThan 0
        @(Get-AkamaiSiemEvent -ConfigId 14227 -Earliest -30m -Until now).Count | Should -BeGreaterThan 0
        $ranged = Start-SekoiaSearchJob -Query 'emulator:total=1' -From (Get-Date).AddDays(-2) -To '-1h'
        $ranged.EarliestTime | Should -BeLessThan $ranged.LatestTime
        $ranged.Latest | Should -Be '-1h'
    }

    It 'refuse an unquoted 7d (the decimal number 7) at binding, before any request, for <_>' -ForEach @(
        { Get-SigSciFeed -Site www -From 7d }
        { Get-AkamaiSiemEvent -ConfigId 14227 -From 7d }
        { Start-SekoiaSearchJob -Query x -Earliest 7d }
    ) {
        $before = JournalCount

        $_ | Should -Throw -ErrorId 'ParameterArgumentTransformationError*' -ExpectedMessage '*decimal number 7*-7d*'

        JournalCount | Should -Be $before
    }

    It 'refuse <Case> with <ErrorId> before any request' -ForEach @(
        @{ Case = 'a Sekoia.io range wholly in the future'; ErrorId = 'SekoiaTimeRangeInFuture'; Run = { Start-SekoiaSearchJob -Query x -Earliest (Get-Date).AddHours(1) -Latest (Get-Date).AddHours(2) } }
        @{ Case = 'a Sekoia.io relative time before the year 1'; ErrorId = 'TimeOutOfRange'; Run = { Start-SekoiaSearchJob -Query x -Earliest '-999999d' } }
        @{ Case = 'an Akamai relative time before the year 1'; ErrorId = 'TimeOutOfRange'; Run = { Get-AkamaiSiemEvent -ConfigId 14227 -From '-999999d' } }
        @{ Case = 'a SigSci -Until of DateTimeOffset.MinValue'; ErrorId = 'SigSciUntilTooOld'; Run = { Get-SigSciFeed -Site www -Until ([DateTimeOffset]::MinValue) } }
        @{ Case = 'a SigSci -From of DateTimeOffset.MinValue'; ErrorId = 'SigSciFromTooOld'; Run = { Get-SigSciFeed -Site www -From ([DateTimeOffset]::MinValue) } }
        @{ Case = 'a SigSci -From of DateTime.MaxValue'; ErrorId = 'SigSciWindowEmpty'; Run = { Get-SigSciFeed -Site www -From ([DateTime]::MaxValue) } }
        @{ Case = 'an Akamai -From of DateTimeOffset.MinValue'; ErrorId = 'AkamaiInvalidTimeRange'; Run = { Get-AkamaiSiemEvent -ConfigId 14227 -From ([DateTimeOffset]::MinValue) } }
        @{ Case = 'an Akamai -To of DateTimeOffset.MaxValue'; ErrorId = 'AkamaiInvalidTimeRange'; Run = { Get-AkamaiSiemEvent -ConfigId 14227 -From -1h -To ([DateTimeOffset]::MaxValue) } }
    ) {
        $before = JournalCount

        $failure = $Run | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception | Should -Not -BeOfType [ArgumentOutOfRangeException]
        JournalCount | Should -Be $before
    }
}

Describe 'Natural calls' {
    It 'Get-SigSciFeed -From (Get-Date).AddHours(-2) reads the window widened to whole minutes, and says so' {
        $verbose = @()
        $requests = @(Get-SigSciFeed -Site www -From (Get-Date).AddHours(-2) -Verbose 4>&1 | Where-Object {
                if ($_ -is [System.Management.Automation.VerboseRecord]) { $verbose += $_.Message; $false } else { $true } })

        $requests.Count | Should -BeGreaterThan 0
        ($verbose -join "`n") | Should -Match 'whole minutes only'
        $asked = (Get-EmulatorRequest $emulator 'sigsci.feed' | Where-Object pathAndQuery -Match 'from=')[-1].pathAndQuery
        $asked | Should -Match 'from=(\d+)&'
        [long]$Matches[1] % 60 | Should -Be 0
    }

    It 'refuses -AlignToMinute with -ExactWindow before any request' {
        $before = JournalCount
        { Get-SigSciFeed -Site www -From -20m -Until -10m -AlignToMinute -ExactWindow } | Should -Throw -ErrorId 'SigSciWindowRoundingConflict*'
        JournalCount | Should -Be $before
    }

    It 'binds a uuid from the pipeline and by position' {
        ($job.Uuid | Wait-SekoiaSearchJob).Status | Should -Be 'Done'
        @($job.Uuid | Get-SekoiaEvent).Count | Should -Be 40
        @(Get-SekoiaEvent $job.Uuid).Count | Should -Be 40
        ($job.Uuid | Get-SekoiaSearchJob).Uuid | Should -Be $job.Uuid
        @($job | Get-SekoiaEvent).Count | Should -Be 40   # a job object still binds as the job
    }

    It 'binds config ids by value, reading the pipeline''s ids together' {
        @(14227 | Get-AkamaiSiemEvent -Limit 10).ConfigId | Sort-Object -Unique | Should -Be 14227
        $events = @(14227, 14228 | Get-AkamaiSiemEvent -Limit 10)

        ($events.ConfigId | Sort-Object -Unique) | Should -Be 14227, 14228
        (Get-EmulatorRequest $emulator 'akamai.siem')[-1].pathAndQuery | Should -BeLike '/siem/v1/configs/14227;14228*'
    }

    It 'waits when -Timeout is given without -Wait' {
        $waited = Start-SekoiaSearchJob -Query 'emulator:total=3' -Earliest -1h -Timeout 60

        $waited.Status | Should -Be 'Done'
        $waited.Total | Should -Be 3
    }

    It 'takes -TimeoutSec wherever -Timeout is' {
        foreach ($command in 'Start-SekoiaSearchJob', 'Wait-SekoiaSearchJob', 'Export-SekoiaEvent') {
            (Get-Command $command).ResolveParameter('TimeoutSec').Name | Should -Be 'Timeout'
        }
        ($job.Uuid | Wait-SekoiaSearchJob -TimeoutSec 30).Status | Should -Be 'Done'
    }
}

Describe 'Get-SigSciSite' {
    It 'lists the corp''s sites, filtered by wildcards, and says when a named site is missing' {
        (Get-SigSciSite).Name | Should -Be 'www', 'api', 'shop', 'blog', 'admin', 'static', 'mobile'
        (Get-SigSciSite -Name 's*').Name | Should -Be 'shop', 'static'
        $found = Get-SigSciSite -Name 'www', 'nope' -ErrorVariable missing -ErrorAction SilentlyContinue
        $found.Name | Should -Be 'www'
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'SigSciSiteNotFound,*'
    }

    It 'pipes its sites into Get-SigSciFeed by name' {
        $requests = @(Get-SigSciSite -Name 'shop' | Get-SigSciFeed -From -20m -Until -10m)

        $requests.Count | Should -BeGreaterThan 0
        ($requests.Site | Sort-Object -Unique) | Should -Be 'shop'
    }
}

Describe 'Tab completion' {
    It 'offers the corp''s sites for -Site, read once from the API and then kept' {
        Connect-SigSci -Corp testcorp -Email $SigSciEmail -ApiToken (Get-SigSciTestToken) -ApiBaseUri $emulator.BaseUri   # a new default session knows no sites yet
        $before = @(Get-EmulatorRequest $emulator 'sigsci.sites').Count

        Complete 'Get-SigSciFeed -Site s' | Should -Be 'shop', 'static'
        Complete 'Get-SigSciFeed -Site ' | Should -HaveCount 7
        Complete 'Get-SigSciSite -Name a' | Should -Be 'api', 'admin'

        @(Get-EmulatorRequest $emulator 'sigsci.sites').Count | Should -Be ($before + 1)
    }

    It 'offers no site, and does not fail, without a session' {
        Disconnect-SigSci
        try {
            Complete 'Get-SigSciFeed -Site ' | Should -BeNullOrEmpty
        }
        finally {
            Connect-SigSci -Corp testcorp -Email $SigSciEmail -ApiToken (Get-SigSciTestToken) -ApiBaseUri $emulator.BaseUri
        }
    }

    It 'offers the config ids the session has read for -ConfigId' {
        $null = Get-AkamaiSiemEvent -ConfigId 14228 -Limit 1
        { Get-AkamaiSiemEvent -ConfigId 99999 -Limit 1 } | Should -Throw   # an id the API refused is not offered

        Complete 'Get-AkamaiSiemEvent -ConfigId ' | Should -Contain '14227'
        Complete 'Get-AkamaiSiemEvent -ConfigId ' | Should -Not -Contain '99999'
        Complete 'Get-AkamaiSiemEvent -ConfigId 1422' | Should -Contain '14228'
        Complete 'Get-AkamaiSiemEvent -ConfigId 9' | Should -BeNullOrEmpty
    }

    It 'offers the search jobs the session has seen for -Uuid, newest first, with their query' {
        $latest = Start-SekoiaSearchJob -Query 'emulator:total=2 completion' -Earliest -1h

        $line = 'Get-SekoiaEvent -Uuid '
        $matches = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $matches[0].CompletionText | Should -Be $latest.Uuid
        $matches[0].ToolTip | Should -Match 'completion'
        $matches.CompletionText | Should -Contain $job.Uuid
        Complete "Wait-SekoiaSearchJob -Uuid $($job.Uuid.Substring(0, 8))" | Should -Be $job.Uuid
    }

    It 'offers the sections of -EdgeRcPath for -Section, the path taken as Connect-AkamaiSiem takes it: from the current location' {
        $folder = Join-Path $TestDrive 'edgerc-completion'
        $null = New-Item -ItemType Directory $folder
        Set-Content (Join-Path $folder 'team.edgerc') "[siem-eu]`nhost = akab-x.luna.akamaiapis.net`n[siem-us]`nhost = akab-y.luna.akamaiapis.net"
        Push-Location $folder   # the location PowerShell resolves a relative path against, not the process's folder
        try {
            Complete 'Connect-AkamaiSiem -EdgeRcPath ./team.edgerc -Section siem-' | Should -Be 'siem-eu', 'siem-us'
            Complete 'Connect-AkamaiSiem -EdgeRcPath ./missing.edgerc -Section ' | Should -BeNullOrEmpty
        }
        finally {
            Pop-Location
        }
    }

    It 'offers relative times as far back as the vendor serves' {
        Complete 'Get-SigSciFeed -Site www -From ' | Should -Contain '-1d'
        Complete 'Get-SigSciFeed -Site www -From ' | Should -Not -Contain '-7d'
        Complete 'Get-AkamaiSiemEvent -ConfigId 1 -From -1' | Should -Be '-15m', '-1h', '-12h'
        Complete 'Start-SekoiaSearchJob -Query x -Earliest -3' | Should -Be '-30m', '-30d'
        Complete 'Start-SekoiaSearchJob -Query x -Latest n' | Should -Be 'now'
    }
}
