using System;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>How the events of a job are read: page size, and how often an empty page before the total is retried.</summary>
    public sealed class SekoiaPaging
    {
        public const int MaxPageSize = 1000;

        public int PageSize { get; set; } = MaxPageSize;

        /// <summary>Retries of an empty page while offset &lt; total (the API has been seen to return one) before giving up.</summary>
        public int EmptyPageRetries { get; set; } = 3;

        /// <summary>The pause before the first retry of an empty page; it grows with each retry.</summary>
        public TimeSpan EmptyPageDelay { get; set; } = TimeSpan.FromSeconds(1);

        public void Validate()
        {
            if (PageSize < 1 || PageSize > MaxPageSize || EmptyPageRetries < 0 || EmptyPageDelay < TimeSpan.Zero)
            {
                throw new FeedException(
                    "SekoiaInvalidPaging",
                    FeedErrorCategory.InvalidArgument,
                    $"Paging needs a page size from 1 to {MaxPageSize} ({PageSize}), 0 or more empty-page retries ({EmptyPageRetries}) and a delay of 0 or more ({EmptyPageDelay}).");
            }
        }
    }
}
