# What a gallery and a user installing the module see: a manifest that validates with its links, help online
# (HelpUri into docs/commands.md, kept in step with the MAML help), WhatIf/Confirm in the syntax, and a clear
# refusal on PowerShell 7.0-7.3.

BeforeAll {
    $repository = (Resolve-Path "$PSScriptRoot/../..").Path
    $module = Import-Module "$repository/out/PSSecurityFeeds/PSSecurityFeeds.psd1" -Force -PassThru
}

Describe 'The published module' {
    It 'has a manifest a gallery accepts: project, licence and release notes links' {
        $manifest = Test-ModuleManifest "$repository/out/PSSecurityFeeds/PSSecurityFeeds.psd1"

        $manifest.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.LicenseUri | Should -Be "$($manifest.ProjectUri)/blob/main/LICENSE"
        $manifest.ReleaseNotes | Should -Match 'CHANGELOG\.md'
        $manifest.ExportedCommands.Keys | Should -Contain 'Start-PSSecurityFeedsEmulator'
        Get-Content -Raw "$repository/out/PSSecurityFeeds/LICENSE" | Should -Match '^MIT License' -Because 'the MIT licence asks for its text in every copy'
    }

    It 'opens each command''s own heading of docs/commands.md for Get-Help -Online' {
        foreach ($command in Get-Command -Module PSSecurityFeeds -CommandType Cmdlet) {
            $command.HelpUri | Should -Be "$($module.ProjectUri)/blob/main/docs/commands.md#$($command.Name.ToLowerInvariant())"
        }
    }

    It 'keeps docs/commands.md in step with the MAML help (run ./build.ps1 Docs after changing the help)' {
        $made = Join-Path $TestDrive 'commands.md'
        & "$repository/tools/Export-CommandReference.ps1" -Path $made

        (Get-Content -Raw $made) | Should -BeExactly (Get-Content -Raw "$repository/docs/commands.md") -Because 'docs/commands.md is made from the MAML help: run ./build.ps1 Docs and commit it'
    }

    It 'lists -WhatIf and -Confirm in the help syntax of the commands that support them' {
        foreach ($name in 'Start-SekoiaSearchJob', 'Export-SekoiaEvent', 'Start-PSSecurityFeedsEmulator', 'Stop-PSSecurityFeedsEmulator') {
            $syntax = (Get-Help $name).syntax | Out-String -Width 500
            $syntax | Should -Match '\[-WhatIf\]' -Because $name
            $syntax | Should -Match '\[-Confirm\]' -Because $name
        }
    }

    It 'has at least two examples for every command' {
        foreach ($command in Get-Command -Module PSSecurityFeeds -CommandType Cmdlet) {
            @((Get-Help $command.Name).examples.example).Count | Should -BeGreaterOrEqual 2 -Because $command.Name
        }
    }
}

Describe 'The loader' {
    It 'refuses PowerShell 7.0 to 7.3, whose .NET cannot load the net8.0 build, and says what to install' {
        InModuleScope PSSecurityFeeds {
            foreach ($version in '7.0.13', '7.2.24', '7.3.12') {
                Get-UnsupportedHostReason -Edition Core -Version $version | Should -Match "needs PowerShell 7\.4 or later, or Windows PowerShell 5\.1; this is PowerShell $([regex]::Escape($version))"
            }
        }
    }

    It 'loads on PowerShell 7.4 and later and on Windows PowerShell 5.1' {
        InModuleScope PSSecurityFeeds {
            foreach ($version in '7.4.0', '7.6.9', '8.0.0') {
                Get-UnsupportedHostReason -Edition Core -Version $version | Should -BeNullOrEmpty
            }
            Get-UnsupportedHostReason -Edition Desktop -Version '5.1.22621.4391' | Should -BeNullOrEmpty
        }
    }
}
