using System;

namespace PSSecurityFeeds.Emulator.Infrastructure;

/// <summary>
/// One misbehaviour, applied to one request of a route: answer with a status (and Retry-After), wait
/// first, cut the body off after some bytes, stall it after some bytes, or reset the connection. Faults of a route
/// are used in order.
/// </summary>
public sealed record Fault
{
    /// <summary>Answer with this status instead of running the route.</summary>
    public int? Status { get; init; }

    /// <summary>The Retry-After header sent with <see cref="Status"/>: delta-seconds or an HTTP date.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>The body sent with <see cref="Status"/>.</summary>
    public string? Body { get; init; }

    /// <summary>Waited before anything else happens.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Abort the connection once this many body bytes (as sent on the wire) have been written.</summary>
    public long? CutAfterBytes { get; init; }

    /// <summary>
    /// Send this many body bytes, then nothing more until the client gives up: a command caught mid-download,
    /// for tests that stop it (Ctrl+C) or time it out.
    /// </summary>
    public long? StallAfterBytes { get; init; }

    /// <summary>Abort the connection before answering.</summary>
    public bool Reset { get; init; }

    public static Fault WithStatus(int status, string? retryAfter = null, string? body = null) =>
        new() { Status = status, RetryAfter = retryAfter, Body = body };

    public static Fault Delayed(TimeSpan delay) => new() { Delay = delay };

    public static Fault CutAfter(long bytes) => new() { CutAfterBytes = bytes };

    public static Fault StallAfter(long bytes) => new() { StallAfterBytes = bytes };

    public static Fault ResetConnection() => new() { Reset = true };
}
