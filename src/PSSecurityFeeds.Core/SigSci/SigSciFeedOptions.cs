using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.State;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>What to read from the request feed: the cmdlet's parameters, checked by <see cref="Validate"/> before any request.</summary>
    public sealed class SigSciFeedOptions
    {
        public IReadOnlyList<string> Sites { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Start of the window: an hour before <see cref="Until"/> when null; with both null, the last full hour. With a
        /// checkpoint, where sites the checkpoint does not hold yet start (the others continue from the checkpoint).
        /// </summary>
        public DateTimeOffset? From { get; set; }

        /// <summary>End of the window: now − 5 min (floored to the minute) when null; with a checkpoint too, the end of this run.</summary>
        public DateTimeOffset? Until { get; set; }

        /// <summary>Only requests carrying one of these signals (the feed's tags filter).</summary>
        public IReadOnlyList<string> Tags { get; set; } = Array.Empty<string>();

        /// <summary>How ends that are not on a whole minute are treated: widened by default.</summary>
        public SigSciWindowRounding Rounding { get; set; }

        /// <summary>Hand out the raw JSON of each request without building objects.</summary>
        public bool Raw { get; set; }

        /// <summary>A file that keeps, per site, where the last run stopped; the run continues from there.</summary>
        public string? CheckpointPath { get; set; }

        /// <summary>Append each request's raw JSON as a line of this file, committed with the checkpoint; records are yielded only with <see cref="PassThru"/>.</summary>
        public OutFileOptions? OutFile { get; set; }

        /// <summary>With <see cref="OutFile"/>: yield the records as well.</summary>
        public bool PassThru { get; set; }

        /// <summary>How often the checkpoint (and the out file) are committed while requests flow.</summary>
        public CommitPolicy CommitPolicy { get; set; } = CommitPolicy.Default;

        /// <summary>Whether records are handed to the caller: always, except when they go to a file only.</summary>
        internal bool YieldsRecords => OutFile is null || PassThru;

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

            OutFile?.Validate(CheckpointPath);
            if (MemoryQueueLimit < 1)
            {
                throw Invalid("SigSciInvalidQueueLimit", $"MemoryQueueLimit is {MemoryQueueLimit}; give 1 or more.", null);
            }
        }

        private static FeedException Invalid(string errorId, string message, object? target) =>
            new FeedException(errorId, FeedErrorCategory.InvalidArgument, message) { Target = target };
    }
}
