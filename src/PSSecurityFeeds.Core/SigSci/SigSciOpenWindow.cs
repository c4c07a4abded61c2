using System;
using System.Collections.Generic;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>A window of a site whose requests were partly delivered: read again whole, the ids listed are skipped.</summary>
    public sealed class SigSciOpenWindow
    {
        public DateTimeOffset From { get; set; }

        public DateTimeOffset Until { get; set; }

        public List<string> Delivered { get; set; } = new List<string>();
    }
}
