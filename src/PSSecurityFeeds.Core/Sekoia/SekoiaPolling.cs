using System;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// How to poll a search job or an export task: the interval starts at <see cref="InitialInterval"/> and
    /// grows by <see cref="Growth"/> up to <see cref="MaxInterval"/> (1 s → 5 s by default), until done or
    /// <see cref="Timeout"/>.
    /// </summary>
    public sealed class SekoiaPolling
    {
        public TimeSpan InitialInterval { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(5);

        public double Growth { get; set; } = 1.5;

        /// <summary>How long to wait in all; null waits as long as it takes.</summary>
        public TimeSpan? Timeout { get; set; }

        public TimeSpan NextInterval(TimeSpan current) =>
            TimeSpan.FromTicks(Math.Min(MaxInterval.Ticks, (long)(current.Ticks * Growth)));

        public void Validate()
        {
            if (InitialInterval <= TimeSpan.Zero || MaxInterval < InitialInterval || Growth < 1 || (Timeout is TimeSpan timeout && timeout <= TimeSpan.Zero))
            {
                throw new FeedException(
                    "SekoiaInvalidPolling",
                    FeedErrorCategory.InvalidArgument,
                    $"Polling needs an initial interval above zero ({InitialInterval}), a maximum no shorter ({MaxInterval}), a growth of 1 or more ({Growth}) and a timeout above zero ({Timeout}).");
            }
        }
    }
}
