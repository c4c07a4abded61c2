using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace PSSecurityFeeds.Emulator.SigSci;

/// <summary>
/// The Signal Sciences tenant the emulator serves and the knobs tests turn: who may log in, how many
/// requests each minute holds, how long a next URI lives, how long a URI may be, how slow a page is.
/// </summary>
public sealed class SigSciEmulatorState
{
    public const string Corp = "testcorp";
    public const string Email = "analyst@example.com";
    public const string ApiToken = "6f1c0e2a-9b7d-4c3e-8a51-2d4f6b8c0e1a";
    public const string Password = "correct-horse-battery-staple";

    public static readonly IReadOnlyList<string> Sites = new[] { "www", "api", "shop", "blog", "admin", "static", "mobile" };

    private readonly ConcurrentDictionary<string, byte> _bearerTokens = new(StringComparer.Ordinal);

    /// <summary>How long a next URI may be used after it was issued (the vendor's is one minute).</summary>
    public TimeSpan NextTokenLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests stored for each minute of each site.</summary>
    public int RequestsPerMinute { get; set; } = 40;

    /// <summary>Characters added to each next token, to make it as long as the vendor's can be.</summary>
    public int NextTokenPadding { get; set; } = 256;

    /// <summary>Longer query strings are answered with 414, as a URL limit on the way would.</summary>
    public int MaxQueryLength { get; set; } = 8 * 1024;

    /// <summary>Waited before each feed page is served, to emulate the network and the vendor's work.</summary>
    public TimeSpan PageLatency { get; set; }

    /// <summary>Every Nth stored request carries a responseCode that is not a number (0: none), to test per-record errors.</summary>
    public int MalformedEvery { get; set; }

    public int MaxInFlightPerSite { get; set; } = 2;

    public int MaxInFlightPerCorp { get; set; } = 5;

    /// <summary>Feed requests allowed per second (0: no limit); more are refused with 400 "Rate limit exceeded".</summary>
    public int FeedRequestsPerSecond { get; set; }

    public SigSciConcurrency Concurrency { get; } = new();

    public SigSciRateLimit RateLimit { get; } = new();

    public string IssueBearerToken()
    {
        var token = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        _bearerTokens[token] = 0;
        return token;
    }

    public bool IsBearerToken(string token) => _bearerTokens.ContainsKey(token);

    public bool RevokeBearerToken(string token) => _bearerTokens.TryRemove(token, out _);

    public int ActiveBearerTokens => _bearerTokens.Count;

    public void Apply(SigSciSettings settings)
    {
        if (settings.Reset)
        {
            Reset();
        }

        NextTokenLifetime = settings.NextTokenLifetimeMs is int lifetime ? TimeSpan.FromMilliseconds(lifetime) : NextTokenLifetime;
        RequestsPerMinute = settings.RequestsPerMinute ?? RequestsPerMinute;
        PageLatency = settings.PageLatencyMs is int latency ? TimeSpan.FromMilliseconds(latency) : PageLatency;
        NextTokenPadding = settings.NextTokenPadding ?? NextTokenPadding;
        MaxQueryLength = settings.MaxQueryLength ?? MaxQueryLength;
        FeedRequestsPerSecond = settings.FeedRequestsPerSecond ?? FeedRequestsPerSecond;
        MalformedEvery = settings.MalformedEvery ?? MalformedEvery;
    }

    public void Reset()
    {
        NextTokenLifetime = TimeSpan.FromMinutes(1);
        RequestsPerMinute = 40;
        NextTokenPadding = 256;
        MaxQueryLength = 8 * 1024;
        PageLatency = TimeSpan.Zero;
        MalformedEvery = 0;
        MaxInFlightPerSite = 2;
        MaxInFlightPerCorp = 5;
        FeedRequestsPerSecond = 0;
        Concurrency.Reset();
        RateLimit.Reset();
        _bearerTokens.Clear();
    }
}
