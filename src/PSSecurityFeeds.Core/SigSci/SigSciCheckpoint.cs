using System;
using System.Collections.Generic;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// What a scheduled run keeps between runs: for each site of a corp, the until of the last window whose
    /// requests were all delivered. The next run starts there. No secret is ever written here.
    /// </summary>
    public sealed class SigSciCheckpoint
    {
        public string Corp { get; set; } = string.Empty;

        public Dictionary<string, DateTimeOffset> Sites { get; set; } = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
    }
}
