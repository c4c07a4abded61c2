namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>One event of a search's results, made into what the reader asked for, and where it stands in the results.</summary>
    public sealed class SekoiaEvent<T>
    {
        public SekoiaEvent(T value, long position, long total)
        {
            Value = value;
            Position = position;
            Total = total;
        }

        /// <summary>The event as converted from its JSON.</summary>
        public T Value { get; }

        /// <summary>Its 0-based offset in the job's results.</summary>
        public long Position { get; }

        /// <summary>The job's total when the page was read.</summary>
        public long Total { get; }
    }
}
