using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>What to read from the request feed: the cmdlet's parameters, checked by <see cref="Validate"/> before any request.</summary>
    public sealed class SigSciFeedOptions
    {
        public IReadOnlyList<string> Sites { get; set; } = Array.Empty<string>();

        /// <summary>Start of the window: an hour before <see cref="Until"/> when null; with both null, the last full hour.</summary>
        public DateTimeOffset? From { get; set; }

        /// <summary>End of the window: now − 5 min (floored to the minute) when null.</summary>
        public DateTimeOffset? Until { get; set; }

        /// <summary>Only requests carrying one of these signals (the feed's tags filter).</summary>
        public IReadOnlyList<string> Tags { get; set; } = Array.Empty<string>();

        /// <summary>How ends that are not on a whole minute are treated: widened by default.</summary>
        public SigSciWindowRounding Rounding { get; set; }

        /// <summary>Hand out the raw JSON of each request without building objects.</summary>
        public bool Raw { get; set; }

        /// <summary>A file that keeps, per site, where the last run stopped; the run continues from there.</summary>
        public string? CheckpointPath { get; set; }

        /// <summary>Requests held in memory ahead of the consumer before the rest go to a temporary file.</summary>
        public int MemoryQueueLimit { get; set; } = 10_000;

        /// <summary>Where the temporary spill file goes; the system's temp folder by default.</summary>
        public string SpillFolder { get; set; } = Path.GetTempPath();

        public void Validate()
        {
            if (Sites.Count == 0)
            {
                throw Invalid("SigSciSiteMissing", "No site was given. Give -Site with one or more site short names (as in the dashboard URL /corps/<corp>/sites/<site>).", null);
            }

            foreach (var site in Sites)
            {
                if (!UrlPath.IsShortName(site))
                {
                    throw Invalid("SigSciInvalidSite", $"'{site}' is not a site short name (letters, digits, '-', '_', '.', not only dots). Give the name as in the dashboard URL /corps/<corp>/sites/<site>, such as 'www'.", site);
                }
            }

            if (Sites.Distinct(StringComparer.Ordinal).Count() != Sites.Count)
            {
                throw Invalid("SigSciDuplicateSite", $"A site is given twice ({string.Join(", ", Sites)}); it would be read twice. Give each site once.", null);
            }

            foreach (var tag in Tags)
            {
                if (string.IsNullOrWhiteSpace(tag) || tag.IndexOf(',') >= 0)
                {
                    throw Invalid("SigSciInvalidTag", $"'{tag}' is not a signal name. Give one signal per -Tag value, such as SQLI, XSS or SITE.my-signal.", tag);
                }
            }

            if (MemoryQueueLimit < 1)
            {
                throw Invalid("SigSciInvalidQueueLimit", $"MemoryQueueLimit is {MemoryQueueLimit}; give 1 or more.", null);
            }
        }

        private static FeedException Invalid(string errorId, string message, object? target) =>
            new FeedException(errorId, FeedErrorCategory.InvalidArgument, message) { Target = target };
    }
}
