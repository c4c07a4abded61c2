namespace PSSecurityFeeds.Emulator.SigSci;

/// <summary>
/// The knobs of <see cref="SigSciEmulatorState"/> that Pester tests and the demo turn over HTTP
/// (POST /_emulator/sigsci/settings); a value left out stays as it is.
/// </summary>
public sealed record SigSciSettings
{
    public int? NextTokenLifetimeMs { get; init; }

    public int? RequestsPerMinute { get; init; }

    public int? PageLatencyMs { get; init; }

    public int? NextTokenPadding { get; init; }

    public int? MaxQueryLength { get; init; }

    public int? FeedRequestsPerSecond { get; init; }

    public int? MalformedEvery { get; init; }

    /// <summary>Back to the defaults before the values given are applied.</summary>
    public bool Reset { get; init; }
}
