using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Emulation;
using PSSecurityFeeds.Emulator;

namespace PSSecurityFeeds.Benchmarks.Infrastructure;

/// <summary>
/// The emulator in a child process (started as Start-PSSecurityFeedsEmulator starts it), so it does not share the
/// measured process's heap, and the CPU time it takes.
/// </summary>
internal sealed class StandaloneEmulator : IDisposable
{
    private readonly EmulatorProcess _emulator;
    private readonly Process _process;

    private StandaloneEmulator(EmulatorProcess emulator)
    {
        _emulator = emulator;
        _process = Process.GetProcessById(emulator.ProcessId);
    }

    public Uri BaseUri => _emulator.BaseUri;

    /// <summary>The CPU time the emulator has used so far: what it takes of the shared cores during a measurement.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<StandaloneEmulator> StartAsync() =>
        new StandaloneEmulator(await EmulatorProcess.StartAsync(typeof(EmulatorServer).Assembly.Location, TimeSpan.FromMinutes(30), CancellationToken.None));

    public void Dispose()
    {
        _process.Dispose();
        _emulator.Dispose();
    }
}
