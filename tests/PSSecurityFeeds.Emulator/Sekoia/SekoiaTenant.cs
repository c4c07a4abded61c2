using System.Collections.Concurrent;
using System.Linq;

namespace PSSecurityFeeds.Emulator.Sekoia;

/// <summary>The emulated Sekoia.io community: its settings, search jobs, exports and rate limit. Tests reach it with Get&lt;SekoiaTenant&gt;().</summary>
public sealed class SekoiaTenant
{
    public SekoiaSettings Settings { get; private set; } = new();

    public ConcurrentDictionary<string, EmulatedSearchJob> Jobs { get; } = new();

    public ConcurrentDictionary<string, EmulatedExport> Exports { get; } = new();

    public SekoiaRateLimit RateLimit { get; } = new();

    public bool HasRunningExport(System.DateTimeOffset now) =>
        Exports.Values.Any(e => e.StatusAt(now) is "PENDING" or "RUNNING");

    /// <summary>Back to a fresh tenant with default settings.</summary>
    public void Reset()
    {
        Settings = new SekoiaSettings();
        Jobs.Clear();
        Exports.Clear();
        RateLimit.Reset();
    }
}
