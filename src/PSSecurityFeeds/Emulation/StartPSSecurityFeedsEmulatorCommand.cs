using System;
using System.IO;
using System.Management.Automation;
using PSSecurityFeeds.Core.Emulation;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Emulation
{
    /// <summary>
    /// Starts the vendor emulator that ships in the module (bin/Emulator) on a free port of 127.0.0.1, for trying
    /// the module and testing pipelines without vendor accounts. It needs the ASP.NET Core Runtime 8 or later.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "PSSecurityFeedsEmulator", SupportsShouldProcess = true, HelpUri = HelpUris.Commands + "start-pssecurityfeedsemulator")]
    [OutputType(typeof(EmulatorInstance))]
    public sealed class StartPSSecurityFeedsEmulatorCommand : CancellableCmdlet
    {
        private static readonly string EmulatorAssembly = Path.Combine(
            Path.GetDirectoryName(typeof(StartPSSecurityFeedsEmulatorCommand).Assembly.Location)!, "..", "Emulator", "PSSecurityFeeds.Emulator.dll");

        /// <summary>Minutes after which the emulator stops by itself.</summary>
        [Parameter]
        [ValidateRange(1, 1440)]
        public int LifetimeMinutes { get; set; } = 60;

        protected override void EndProcessing()
        {
            if (!ShouldProcess("127.0.0.1, a free port", "Start the PSSecurityFeeds emulator"))
            {
                return;
            }

            var assembly = Path.GetFullPath(EmulatorAssembly);
            if (!File.Exists(assembly))
            {
                ThrowTerminatingError(ErrorRecords.From(
                    new FileNotFoundException($"The emulator is not in this module's folder ('{assembly}'). It ships in the module that build.ps1 Build or Package makes (out/PSSecurityFeeds).", assembly),
                    "EmulatorNotFound",
                    ErrorCategory.ObjectNotFound,
                    assembly));
            }

            var emulator = new EmulatorInstance(Await(EmulatorProcess.StartAsync(assembly, TimeSpan.FromMinutes(LifetimeMinutes), CancelToken)));
            StartedEmulators.Add(emulator);
            WriteVerbose($"The emulator listens on {emulator.BaseUri} (process {emulator.ProcessId}) until {emulator.StopsAt:u}.");
            WriteObject(emulator);
        }
    }
}
