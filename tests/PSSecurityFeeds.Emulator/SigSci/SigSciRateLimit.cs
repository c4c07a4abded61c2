using System;

namespace PSSecurityFeeds.Emulator.SigSci;

/// <summary>
/// The feed's request rate limit, counted per one-second window of the emulator's clock. The vendor
/// reports going over it as a 400 whose message says "Rate limit exceeded", not as a 429.
/// </summary>
public sealed class SigSciRateLimit
{
    private readonly object _gate = new();
    private long _second;
    private int _count;

    public int Refused { get; private set; }

    /// <summary>Counts a request; false when it is over <paramref name="perSecond"/> (0 means no limit).</summary>
    public bool TryTake(DateTimeOffset now, int perSecond)
    {
        if (perSecond <= 0)
        {
            return true;
        }

        lock (_gate)
        {
            var second = now.ToUnixTimeSeconds();
            if (second != _second)
            {
                _second = second;
                _count = 0;
            }

            if (_count >= perSecond)
            {
                Refused++;
                return false;
            }

            _count++;
            return true;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _second = 0;
            _count = 0;
            Refused = 0;
        }
    }
}
