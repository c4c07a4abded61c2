using System;
using System.Collections.Concurrent;

namespace PSSecurityFeeds.Emulator.Sekoia;

/// <summary>
/// How the emulated Sekoia.io tenant behaves. Tests shorten the lifetimes; the standalone emulator uses the
/// defaults, which are short enough for Pester and can be changed over HTTP (POST /_emulator/sekoia/settings).
/// </summary>
public sealed class SekoiaSettings
{
    /// <summary>The one API key the tenant accepts as a bearer token.</summary>
    public string ApiKey { get; set; } = "sekoia-emulator-api-key";

    /// <summary>How long a search job takes from creation to its final status; the first fifth it is not started.</summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Events a search finds unless its query says otherwise with <c>emulator:total=N</c>.</summary>
    public long DefaultTotal { get; set; } = 2_500;

    /// <summary>How long an export task takes; the first tenth it is PENDING.</summary>
    public TimeSpan ExportDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Requests per second (per API key) before the API answers 429; 0 disables the limit.</summary>
    public int RequestsPerSecond { get; set; } = 5;

    /// <summary>Whether a FINISHED task carries attributes.download_url; when not, clients must read export-jobs.</summary>
    public bool TaskCarriesDownloadUrl { get; set; } = true;

    /// <summary>Length of the generated <c>message</c> field: sizes the events and the exports.</summary>
    public int MessageLength { get; set; } = 80;

    /// <summary>Added to the export_size_compressed the API reports, to make a client's size check fail.</summary>
    public long ReportedSizeSkew { get; set; }

    /// <summary>Offsets whose next events page comes back empty once while offset &lt; total (a trap seen in the real API).</summary>
    public ConcurrentDictionary<long, int> EmptyPagesAt { get; } = new();
}
