using System;
using System.Collections.Generic;

namespace PSSecurityFeeds.Emulator.Infrastructure;

/// <summary>A request as the emulator received it, for tests that check what a client sent.</summary>
public sealed record RecordedRequest(
    DateTimeOffset ReceivedAt,
    string Route,
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
