using System.Threading;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>Counters of a feed read, updated by the fetchers and read by the cmdlet between items for its progress bar.</summary>
    public sealed class SigSciFeedProgress
    {
        private long _pages;
        private long _delivered;
        private int _windowsDone;

        public long PagesFetched => Interlocked.Read(ref _pages);

        public long RequestsDelivered => Interlocked.Read(ref _delivered);

        public int WindowsCompleted => Volatile.Read(ref _windowsDone);

        public int WindowsPlanned { get; internal set; }

        /// <summary>Requests fetched but not yet delivered (the prefetch backlog, in memory or on disk).</summary>
        public long Backlog { get; internal set; }

        internal void PageFetched() => Interlocked.Increment(ref _pages);

        internal void Delivered() => Interlocked.Increment(ref _delivered);

        internal void WindowCompleted() => Interlocked.Increment(ref _windowsDone);
    }
}
