# Issue 12 item 1: a canary in every secret input, searched for in everything the module produces. A user's
# script runs in a fresh runspace with every stream on: sessions through a proxy that requires credentials (as a
# parameter and as an address's user:password@), data from the three vendors, checkpoints and an export file,
# and failures with secrets in play (wrong keys, endpoints and a proxy address with a password). Then every
# stream, Format-List * and ConvertTo-Json -Depth 10 of every object returned, every error record and every
# file written is searched for each secret. Build first (./build.ps1 Build), then:
#   Invoke-Pester tests/pester/Secrets.Tests.ps1

BeforeAll {
    . "$PSScriptRoot/Emulator.TestSupport.ps1"
    . "$PSScriptRoot/SigSci.TestSupport.ps1"
    $script:emulator = Start-TestEmulator
    $canary = { param($what) "canary-$what-$([guid]::NewGuid().ToString('n').Substring(0, 12))" }
    # The emulator's own credentials are distinctive strings; the rest are made up for this run.
    $script:Secrets = [ordered]@{
        SigSciToken       = $SigSciTokenText
        SigSciPassword    = $SigSciPassword
        AkamaiSecret      = 'ZW11bGF0b3ItY2xpZW50LXNlY3JldA=='
        AkamaiAccessToken = 'akab-emulator-access-token-0001'
        SekoiaKey         = 'sekoia-emulator-api-key'
        ProxyPassword     = & $canary 'proxy-password'
        UrlPassword       = & $canary 'url-password'
        WrongSecret       = & $canary 'wrong-secret'
    }
    $script:work = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'work')
    Set-EmulatorProxyCredential $emulator -User soc -Password $Secrets.ProxyPassword
    Clear-EmulatorRequest $emulator

    $userScript = {
        param($Module, $Base, $ProxyUri, $Work, $Secrets)
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; $WarningPreference = 'Continue'
        Import-Module $Module
        function Protect([string] $text) { ConvertTo-SecureString $text -AsPlainText -Force }
        $proxyCredential = [pscredential]::new('soc', (Protect $Secrets.ProxyPassword))
        $proxyWithPassword = $ProxyUri -replace '^http://', "http://soc:$($Secrets.ProxyPassword)@"
        $baseWithPassword = $Base -replace '^http://', "http://soc:$($Secrets.UrlPassword)@"
        $until = (Get-Date).AddMinutes(-10); $from = $until.AddMinutes(-10)
        $akamai = @{ ClientToken = 'akab-emulator-client-token-0001'; AccessToken = $Secrets.AkamaiAccessToken }

        # What works, through the proxy, each credential given each way.
        Connect-SigSci -Corp testcorp -Email analyst@example.com -ApiToken (Protect $Secrets.SigSciToken) -ApiBaseUri $Base -Proxy $ProxyUri -ProxyCredential $proxyCredential -PassThru
        Get-SigSciFeed -Site www -From $from -Until $until -AlignToMinute -CheckpointPath "$Work/sigsci.json" | Select-Object -First 2
        Connect-SigSci -Corp testcorp -Credential ([pscredential]::new('analyst@example.com', (Protect $Secrets.SigSciPassword))) -ApiBaseUri $Base -Proxy $proxyWithPassword -PassThru
        Get-SigSciFeed -Site www -From $from -Until $until -AlignToMinute -Raw | Select-Object -First 2
        Disconnect-SigSci
        Connect-AkamaiSiem -HostName $Base @akamai -ClientSecret (Protect $Secrets.AkamaiSecret) -Proxy $proxyWithPassword -PassThru
        Get-AkamaiSiemEvent -ConfigId 14227 -Limit 2 -CheckpointPath "$Work/akamai.json"
        Connect-Sekoia -ApiBaseUri "$Base/sekoia" -ApiKey (Protect $Secrets.SekoiaKey) -Proxy $ProxyUri -ProxyCredential $proxyCredential -PassThru
        $job = Start-SekoiaSearchJob -Query 'emulator:total=20' -Earliest '-1h' -Wait
        $job
        $job | Get-SekoiaEvent | Select-Object -First 2
        $job | Export-SekoiaEvent -Field '@timestamp', 'message' -Path "$Work/export.json" -Decompress

        # What fails, with secrets in play.
        Connect-SigSci -Corp testcorp -Email analyst@example.com -ApiToken (Protect $Secrets.WrongSecret) -ApiBaseUri $Base
        Connect-Sekoia -ApiBaseUri "$Base/sekoia" -ApiKey (Protect $Secrets.WrongSecret)
        Connect-AkamaiSiem -HostName $Base @akamai -ClientSecret (Protect $Secrets.WrongSecret)
        Get-AkamaiSiemEvent -ConfigId 14227 -Limit 1
        Connect-Sekoia -ApiBaseUri "$baseWithPassword/sekoia" -ApiKey (Protect $Secrets.SekoiaKey)
        Connect-SigSci -Corp testcorp -Email analyst@example.com -ApiToken (Protect $Secrets.SigSciToken) -ApiBaseUri $baseWithPassword
        Connect-AkamaiSiem -HostName $baseWithPassword @akamai -ClientSecret (Protect $Secrets.AkamaiSecret)
        Connect-Sekoia -ApiBaseUri "$Base/sekoia" -ApiKey (Protect $Secrets.SekoiaKey) -Proxy ("ftp://soc:$($Secrets.UrlPassword)@proxy.example.com")
        Connect-Sekoia -ApiBaseUri "$Base/sekoia" -ApiKey (Protect $Secrets.SekoiaKey) -Proxy $ProxyUri   # no proxy credential: 407
    }

    $runspace = [powershell]::Create()
    try {
        $null = $runspace.AddScript($userScript).AddParameters(@{
                Module = "$RepositoryRoot/out/PSSecurityFeeds/PSSecurityFeeds.psd1"; Base = $emulator.BaseUri; ProxyUri = $emulator.ProxyUri
                Work = $work.FullName; Secrets = $Secrets
            })
        $script:returned = @($runspace.Invoke())
        $script:streams = $runspace.Streams
        $script:errors = @($streams.Error)
    }
    finally {
        $runspace.Dispose()
    }

    # The SSE-C key the module made for the export, as the emulator's S3 received it.
    $download = @(Get-EmulatorRequest $emulator 'sekoia.s3.download') | Select-Object -Last 1
    $script:sseKey = $download.headers.'x-amz-server-side-encryption-customer-key'

    # Everything a user or a log could see.
    $texts = [System.Collections.Generic.List[string]]::new()
    foreach ($object in $returned) {
        $texts.Add("$object")
        $texts.Add(($object | Format-List * | Out-String -Width 400))
        $texts.Add((ConvertTo-Json -InputObject $object -Depth 10 -WarningAction SilentlyContinue))
    }
    foreach ($record in $errors) {
        $texts.Add(($record | Out-String -Width 400))
        $texts.Add(($record | Format-List * -Force | Out-String -Width 400))
        $texts.Add($record.Exception.ToString())
        $texts.Add((ConvertTo-Json -InputObject $record.TargetObject -Depth 5 -WarningAction SilentlyContinue))
    }
    foreach ($record in @($streams.Warning) + @($streams.Verbose) + @($streams.Debug)) { $texts.Add($record.Message) }
    foreach ($record in $streams.Information) { $texts.Add("$($record.MessageData)") }
    foreach ($record in $streams.Progress) { $texts.Add("$($record.Activity) $($record.StatusDescription) $($record.CurrentOperation)") }
    foreach ($file in Get-ChildItem $work -Recurse -File) { $texts.Add((Get-Content -LiteralPath $file.FullName -Raw)) }
    $script:texts = $texts
}

AfterAll {
    Stop-TestEmulator $emulator
}

Describe 'A secret never shows' {
    It 'ran what it says: sessions, data, files, the expected failures, through the proxy with its credential' {
        @($returned | Where-Object { $_ -is [PSSecurityFeeds.Core.Sessions.ApiSession] }).Count | Should -Be 4
        @($returned | Where-Object { $_ -is [PSSecurityFeeds.Core.SigSci.SigSciRequest] }).Count | Should -Be 2
        @($returned | Where-Object { $_ -is [PSSecurityFeeds.Core.Akamai.AkamaiSiemEvent] }).Count | Should -BeGreaterOrEqual 2
        @($returned | Where-Object { $_ -is [PSSecurityFeeds.Core.Sekoia.SekoiaExportResult] }).Count | Should -Be 1
        (Get-ChildItem $work -File).Name | Should -Contain 'akamai.json'
        (Get-ChildItem $work -File).Name | Should -Contain 'export.json'
        $errors.FullyQualifiedErrorId -replace ',.*' | Sort-Object | Should -Be (@(
                'AkamaiUnauthorized', 'InvalidEndpoint', 'InvalidEndpoint', 'InvalidEndpoint', 'InvalidHttpOption',
                'ProxyAuthenticationRequired', 'SekoiaUnauthorized', 'SigSciAuthenticationFailed') | Sort-Object)
        (Get-EmulatorProxyRequest $emulator).proxyUser | Should -Contain 'soc'
        @($streams.Verbose).Count | Should -BeGreaterThan 10
        $sseKey | Should -Not -BeNullOrEmpty
    }

    It 'shows no <_.Key> anywhere, plain or URL-encoded' -ForEach @(
        'SigSciToken', 'SigSciPassword', 'AkamaiSecret', 'AkamaiAccessToken', 'SekoiaKey', 'ProxyPassword', 'UrlPassword', 'WrongSecret', 'SseKey' |
            ForEach-Object { @{ Key = $_ } }) {
        $secret = if ($Key -eq 'SseKey') { $sseKey } else { $Secrets[$Key] }
        foreach ($form in $secret, [uri]::EscapeDataString($secret)) {
            $found = @($texts | Where-Object { $_ -and $_.Contains($form) })
            $found | Should -BeNullOrEmpty -Because "a secret ($Key) must not appear, but it is in: $($found | Select-Object -First 1)"
        }
    }
}
