using System.Globalization;
using System.Linq;

namespace PSSecurityFeeds.Benchmarks.Cmdlets;

/// <summary>A reference pass measured in the benchmark's own process, and the emulator's CPU time while it ran.</summary>
internal sealed record BarePass(long Events, long Bytes, double Seconds, double EmulatorCpuSeconds)
{
    public double EventsPerSecond => Events / Seconds;

    public double MegabytesPerSecond => Bytes / 1048576.0 / Seconds;

    public double EmulatorCpuSecondsPer100k => EmulatorCpuSeconds / Events * 100_000;

    /// <summary>The median speed of a round's bare passes (run before, between and after the cmdlets: the load moves).</summary>
    public static double MedianEventsPerSecond(params BarePass[] passes)
    {
        var speeds = passes.Select(p => p.EventsPerSecond).Order().ToList();
        return speeds.Count % 2 == 1 ? speeds[speeds.Count / 2] : (speeds[speeds.Count / 2 - 1] + speeds[speeds.Count / 2]) / 2;
    }

    public static string Describe(params BarePass[] passes) => string.Join(", ", passes.Select(p => p.EventsPerSecond.ToString("N0", CultureInfo.InvariantCulture)));
}
