# Shared by the Sekoia.io Pester files: the emulator's Sekoia.io address and API key, on top of the
# common emulator support. The emulator serves Sekoia.io under /sekoia.

. "$PSScriptRoot/Emulator.TestSupport.ps1"

function Start-SekoiaEmulator {
    Start-TestEmulator | ForEach-Object {
        $_ | Add-Member -NotePropertyMembers @{
            ApiBaseUri = "$($_.BaseUri)/sekoia"
            ApiKey     = ConvertTo-SecureString 'sekoia-emulator-api-key' -AsPlainText -Force
        } -PassThru
    }
}
