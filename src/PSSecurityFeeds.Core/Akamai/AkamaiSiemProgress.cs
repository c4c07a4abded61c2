using System.Threading;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>Counters of a running read, updated by Core and read by the cmdlet between items for its progress bar.</summary>
    public sealed class AkamaiSiemProgress
    {
        private long _events;
        private long _responses;

        public long Events => Interlocked.Read(ref _events);

        public long Responses => Interlocked.Read(ref _responses);

        internal void AddEvent() => Interlocked.Increment(ref _events);

        internal void AddResponse() => Interlocked.Increment(ref _responses);
    }
}
