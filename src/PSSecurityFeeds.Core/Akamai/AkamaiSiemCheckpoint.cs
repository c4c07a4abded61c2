using System;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// Where a scheduled run resumes: the offset to ask for next, for which configurations, the time of the last
    /// delivered event (for replay by time when the offset has expired) and, when the last run stopped in the
    /// middle of a response, how many of that response's lines it had delivered (with a hash to check them).
    /// </summary>
    public sealed class AkamaiSiemCheckpoint
    {
        /// <summary>The offset of the next request; null for the first request, which has none.</summary>
        public string? Offset { get; set; }

        public int[] ConfigIds { get; set; } = Array.Empty<int>();

        public DateTimeOffset? LastEventTime { get; set; }

        /// <summary>Lines of the response at <see cref="Offset"/> already delivered; 0 after a whole response.</summary>
        public int DeliveredLines { get; set; }

        /// <summary>The running hash of those lines, hex.</summary>
        public string? DeliveredHash { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }
    }
}
