using System;
using System.Collections.Generic;

namespace PSSecurityFeeds.Emulator.Sekoia;

/// <summary>A sliding one-second window of accepted requests: more than the limit within it is refused.</summary>
public sealed class SekoiaRateLimit
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly Queue<DateTimeOffset> _accepted = new();

    /// <summary>Requests refused so far, for tests that check the client kept under the limit.</summary>
    public int Refused { get; private set; }

    public bool TryAccept(DateTimeOffset now, int perSecond)
    {
        lock (_accepted)
        {
            while (_accepted.Count > 0 && now - _accepted.Peek() >= Window)
            {
                _accepted.Dequeue();
            }

            if (perSecond > 0 && _accepted.Count >= perSecond)
            {
                Refused++;
                return false;
            }

            _accepted.Enqueue(now);
            return true;
        }
    }

    public void Reset()
    {
        lock (_accepted)
        {
            _accepted.Clear();
            Refused = 0;
        }
    }
}
