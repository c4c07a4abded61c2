# Hostile-but-realistic input (issue 12 items 2, 5, 6): what can be checked locally is refused before the first
# request, each with its own error id, and the emulator's journal stays empty; exceptions that are not the
# module's own still become module errors; advice matches the cause.
# Build first (./build.ps1 Build), then: Invoke-Pester tests/pester/HostileInput.Tests.ps1

BeforeDiscovery {
    $script:NotNames = @('.', '..', '...', 'a/b?c#d', ' ', 'a%2Fb') | ForEach-Object { @{ Name = $_ } }
    $script:NotUuids = @('.', '..', '../../v1/me', 'a/b?c#d', ' ', 'not-a-uuid') | ForEach-Object { @{ Uuid = $_ } }
}

BeforeAll {
    . "$PSScriptRoot/Emulator.TestSupport.ps1"
    . "$PSScriptRoot/SigSci.TestSupport.ps1"
    $script:emulator = Start-TestEmulator
    $script:base = $emulator.BaseUri
    $script:sekoiaKey = ConvertTo-SecureString 'sekoia-emulator-api-key' -AsPlainText -Force
    $script:akamaiSecret = ConvertTo-SecureString 'ZW11bGF0b3ItY2xpZW50LXNlY3JldA==' -AsPlainText -Force

    Connect-SigSci -Corp testcorp -Email $SigSciEmail -ApiToken (Get-SigSciTestToken) -ApiBaseUri $base
    Connect-Sekoia -ApiBaseUri "$base/sekoia" -ApiKey $sekoiaKey
    Connect-AkamaiSiem -HostName $base -ClientToken 'akab-emulator-client-token-0001' -AccessToken 'akab-emulator-access-token-0001' -ClientSecret $akamaiSecret

    # Runs the command, which must fail with the error id; nothing may have reached a vendor route.
    function Assert-RefusedLocally {
        param([scriptblock] $Command, [string] $ErrorId)
        Clear-EmulatorRequest $emulator
        $failure = $Command | Should -Throw -ErrorId "$ErrorId,*" -PassThru
        @(Get-EmulatorVendorRequest $emulator) | Should -BeNullOrEmpty
        $failure
    }

    function Get-EmptySecret { [securestring]::new() }
}

AfterAll {
    Disconnect-SigSci; Disconnect-AkamaiSiem; Disconnect-Sekoia
    Stop-TestEmulator $emulator
}

Describe 'Names that go into a URL path' {
    It 'refuses corp <Name> before sending anything' -ForEach $NotNames {
        $expected = if ([string]::IsNullOrWhiteSpace($Name)) { 'SigSciMissingCorp' } else { 'SigSciInvalidCorp' }
        Assert-RefusedLocally { Connect-SigSci -Corp $Name -Email $SigSciEmail -ApiToken (Get-SigSciTestToken) -ApiBaseUri $base } $expected
    }

    It 'refuses site <Name> before sending anything' -ForEach $NotNames {
        Assert-RefusedLocally { Get-SigSciFeed -Site $Name } 'SigSciInvalidSite'
    }

    It 'refuses job uuid <Uuid> in every Sekoia.io command before sending anything' -ForEach $NotUuids {
        Assert-RefusedLocally { Get-SekoiaSearchJob -Uuid $Uuid } 'SekoiaInvalidUuid'
        Assert-RefusedLocally { Wait-SekoiaSearchJob -Uuid $Uuid } 'SekoiaInvalidUuid'
        Assert-RefusedLocally { Get-SekoiaEvent -Uuid $Uuid } 'SekoiaInvalidUuid'
        Assert-RefusedLocally { Export-SekoiaEvent -Uuid $Uuid -Field message -Path (Join-Path $TestDrive 'x.json.gz') } 'SekoiaInvalidUuid'
    }

    It 'checks every uuid of a list before the first request' {
        Assert-RefusedLocally { Get-SekoiaSearchJob -Uuid ([guid]::NewGuid().ToString()), '..' } 'SekoiaInvalidUuid'
    }
}

Describe 'Credentials and lists' {
    It 'refuses a blank -Email as an empty credential, not as a missing one' {
        $failure = Assert-RefusedLocally { Connect-SigSci -Corp testcorp -Email ' ' -ApiToken (Get-SigSciTestToken) -ApiBaseUri $base } 'SigSciEmptyCredential'
        $failure.Exception.Message | Should -Match '-Email'
    }

    It 'refuses an empty -ApiToken' {
        Assert-RefusedLocally { Connect-SigSci -Corp testcorp -Email $SigSciEmail -ApiToken (Get-EmptySecret) -ApiBaseUri $base } 'SigSciEmptyCredential'
    }

    It 'refuses an empty -ClientSecret and a white-space -ClientToken' {
        Assert-RefusedLocally { Connect-AkamaiSiem -HostName $base -ClientToken 'akab-emulator-client-token-0001' -AccessToken 'at-1' -ClientSecret (Get-EmptySecret) } 'AkamaiEmptyCredential'
        Assert-RefusedLocally { Connect-AkamaiSiem -HostName $base -ClientToken '   ' -AccessToken 'at-1' -ClientSecret $akamaiSecret } 'AkamaiEmptyCredential'
    }

    It 'refuses an empty -ApiKey' {
        Assert-RefusedLocally { Connect-Sekoia -ApiBaseUri "$base/sekoia" -ApiKey (Get-EmptySecret) } 'SekoiaEmptyCredential'
    }

    It 'refuses a -ConfigId given twice' {
        $failure = Assert-RefusedLocally { Get-AkamaiSiemEvent -ConfigId 14227, 14227 } 'AkamaiDuplicateConfigId'
        $failure.Exception.Message | Should -Match '14227'
    }

    It "refuses -Field 'event.id,message' and shows how to write it" {
        $failure = Assert-RefusedLocally { Export-SekoiaEvent -Uuid ([guid]::NewGuid().ToString()) -Field 'event.id,message' -Path (Join-Path $TestDrive 'y.json.gz') } 'SekoiaInvalidField'
        $failure.Exception.Message | Should -Match ([regex]::Escape("-Field 'event.id','message'"))
    }
}

Describe 'Advice that matches the cause' {
    It 'says the address is wrong when a Sekoia.io base URI has no API (the emulator without /sekoia)' {
        $failure = { Connect-Sekoia -ApiBaseUri $base -ApiKey $sekoiaKey } | Should -Throw -ErrorId 'SekoiaApiNotFound,*' -PassThru
        $failure.Exception.Message | Should -Match 'address is wrong'
        $failure.Exception.Message | Should -Not -Match 'uuid'
    }

    It 'says an unknown job uuid is not found, naming the uuid and region' {
        $failure = { Get-SekoiaSearchJob -Uuid '00000000-0000-0000-0000-000000000000' } | Should -Throw -ErrorId 'SekoiaNotFound,*' -PassThru
        $failure.Exception.Message | Should -Match 'uuid'
    }

    It 'names both the host and -ConfigId for an Akamai 404' {
        $failure = { Get-AkamaiSiemEvent -ConfigId 99999 } | Should -Throw -ErrorId 'AkamaiConfigNotFound,*' -PassThru
        $failure.Exception.Message | Should -Match '-ConfigId'
        $failure.Exception.Message | Should -Match 'host'
    }

    It 'says -Until is older than the feed keeps, not that -From is not before -Until' {
        $until = (Get-Date).AddHours(-30)
        $failure = { Get-SigSciFeed -Site www -From $until.AddHours(-1) -Until $until -AlignToMinute } | Should -Throw -ErrorId 'SigSciUntilTooOld,*' -PassThru
        $failure.Exception.Message | Should -Not -Match 'is not before'
    }
}

Describe 'Errors that are not the module''s own' {
    It 'become a module error with an id and category (a path .NET refuses)' {
        $failure = { Connect-AkamaiSiem -EdgeRcPath "bad`0name" } | Should -Throw -ErrorId 'InvalidArgument,PSSecurityFeeds.Akamai.ConnectAkamaiSiemCommand' -PassThru
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception | Should -BeOfType ([PSSecurityFeeds.Core.Diagnostics.FeedException])
    }
}

Describe 'Reading .edgerc' {
    It 'refuses a FIFO nobody writes at once instead of hanging' {
        $fifo = Join-Path $TestDrive 'fifo.edgerc'
        & mkfifo $fifo # a Unix file type: this suite runs on Linux (CI) and macOS
        $watch = [Diagnostics.Stopwatch]::StartNew()

        { Connect-AkamaiSiem -EdgeRcPath $fifo } | Should -Throw -ErrorId 'EdgeRcNotAFile,*'

        $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
    }

    It 'refuses a file larger than any credentials file' {
        $huge = Join-Path $TestDrive 'huge.edgerc'
        $file = [IO.File]::Create($huge)
        try { $file.SetLength(2MB) } finally { $file.Dispose() }

        { Connect-AkamaiSiem -EdgeRcPath $huge } | Should -Throw -ErrorId 'EdgeRcTooLarge,*'
    }
}
