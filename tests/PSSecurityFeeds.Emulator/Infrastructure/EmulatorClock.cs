using System;

namespace PSSecurityFeeds.Emulator.Infrastructure;

/// <summary>The emulator's "now": real time plus an offset a test may set to look like a skewed server.</summary>
public sealed class EmulatorClock
{
    public TimeSpan Offset { get; set; }

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow + Offset;
}
