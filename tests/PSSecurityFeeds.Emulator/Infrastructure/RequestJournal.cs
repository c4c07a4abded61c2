using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace PSSecurityFeeds.Emulator.Infrastructure;

/// <summary>Every request the emulator received, in arrival order.</summary>
public sealed class RequestJournal
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> All => _requests.ToArray();

    public IReadOnlyList<RecordedRequest> For(string route) => _requests.Where(r => r.Route == route).ToArray();

    public void Clear() => _requests.Clear();

    internal void Add(RecordedRequest request) => _requests.Enqueue(request);
}
