using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using PSSecurityFeeds.Benchmarks.Infrastructure;

namespace PSSecurityFeeds.Benchmarks.Cmdlets;

/// <summary>A reference pass measured in the benchmark's own process: its time and CPU, and the emulator's CPU meanwhile.</summary>
internal sealed record BarePass(long Events, long Bytes, double Seconds, double EmulatorCpuSeconds, double CpuSeconds)
{
    public double EventsPerSecond => Events / Seconds;

    public double MegabytesPerSecond => Bytes / 1048576.0 / Seconds;

    public double EmulatorCpuSecondsPer100k => EmulatorCpuSeconds / Events * 100_000;

    public double CpuSecondsPer100k => CpuSeconds / Events * 100_000;

    /// <summary>Times <paramref name="pass"/>, which returns the events and bytes it read.</summary>
    public static async Task<BarePass> MeasureAsync(StandaloneEmulator emulator, Func<Task<(long Events, long Bytes)>> pass)
    {
        using var self = Process.GetCurrentProcess();
        var emulatorCpu = emulator.CpuTime;
        var ownCpu = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var (events, bytes) = await pass();
        watch.Stop();
        self.Refresh();
        return new BarePass(events, bytes, watch.Elapsed.TotalSeconds, (emulator.CpuTime - emulatorCpu).TotalSeconds, (self.TotalProcessorTime - ownCpu).TotalSeconds);
    }

    /// <summary>What the reference used: its own CPU, and the emulator's, per 100k events.</summary>
    public string DescribeCpu() => string.Format(CultureInfo.InvariantCulture, "{0:0.00} CPU-s/100k (emulator {1:0.00})", CpuSecondsPer100k, EmulatorCpuSecondsPer100k);

    /// <summary>The median speed of a round's bare passes (run before, between and after the cmdlets: the load moves).</summary>
    public static double MedianEventsPerSecond(params BarePass[] passes)
    {
        var speeds = passes.Select(p => p.EventsPerSecond).Order().ToList();
        return speeds.Count % 2 == 1 ? speeds[speeds.Count / 2] : (speeds[speeds.Count / 2 - 1] + speeds[speeds.Count / 2]) / 2;
    }

    public static string Describe(params BarePass[] passes) => string.Join(", ", passes.Select(p => p.EventsPerSecond.ToString("N0", CultureInfo.InvariantCulture)));
}
