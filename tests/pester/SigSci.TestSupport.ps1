# Shared by the Signal Sciences Pester files: the emulator's test credential, on top of the common
# emulator support.

. "$PSScriptRoot/Emulator.TestSupport.ps1"

$SigSciEmail = 'analyst@example.com'
$SigSciTokenText = '6f1c0e2a-9b7d-4c3e-8a51-2d4f6b8c0e1a'
$SigSciPassword = 'correct-horse-battery-staple'

function Get-SigSciTestToken { ConvertTo-SecureString $SigSciTokenText -AsPlainText -Force }
