using System.Collections.Concurrent;
using System.Collections.Generic;

namespace PSSecurityFeeds.Emulator.Infrastructure;

/// <summary>
/// The faults waiting for each route, by route name (the endpoint name, such as "akamai.siem"), or "*"
/// for whatever route comes next. Each request of a route takes the next fault of its queue, if any.
/// </summary>
public sealed class FaultInjector
{
    public const string AnyRoute = "*";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> _queues = new();

    public void Enqueue(string route, params Fault[] faults)
    {
        var queue = _queues.GetOrAdd(route, _ => new ConcurrentQueue<Fault>());
        foreach (var fault in faults)
        {
            queue.Enqueue(fault);
        }
    }

    public void Clear() => _queues.Clear();

    /// <summary>Faults not used yet, for tests that check every planned fault was hit.</summary>
    public int Pending(string route) => _queues.TryGetValue(route, out var queue) ? queue.Count : 0;

    internal Fault? Take(string route)
    {
        foreach (var name in new[] { route, AnyRoute })
        {
            if (_queues.TryGetValue(name, out var queue) && queue.TryDequeue(out var fault))
            {
                return fault;
            }
        }

        return null;
    }

    internal IReadOnlyDictionary<string, int> Snapshot()
    {
        var result = new Dictionary<string, int>();
        foreach (var pair in _queues)
        {
            result[pair.Key] = pair.Value.Count;
        }

        return result;
    }
}
