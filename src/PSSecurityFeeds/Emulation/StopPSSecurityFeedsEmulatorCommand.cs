using System.Management.Automation;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Emulation
{
    /// <summary>Stops emulators Start-PSSecurityFeedsEmulator started: those given, or every one this PowerShell started.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "PSSecurityFeedsEmulator", SupportsShouldProcess = true, HelpUri = HelpUris.Commands + "stop-pssecurityfeedsemulator")]
    [OutputType(typeof(void))]
    public sealed class StopPSSecurityFeedsEmulatorCommand : PSCmdlet
    {
        /// <summary>The emulators to stop; without it, every emulator this PowerShell process started.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public EmulatorInstance[]? InputObject { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var emulator in InputObject ?? StartedEmulators.All())
            {
                if (ShouldProcess($"{emulator.BaseUri} (process {emulator.ProcessId})", "Stop the PSSecurityFeeds emulator"))
                {
                    emulator.Process.Stop();
                    StartedEmulators.Remove(emulator);
                    WriteVerbose($"Stopped the emulator at {emulator.BaseUri}.");
                }
            }
        }
    }
}
