using System;

namespace PSSecurityFeeds.Core.Http
{
    /// <summary>Capped exponential backoff with jitter, so clients that failed together do not retry together.</summary>
    public sealed class Backoff
    {
        private readonly TimeSpan _initial;
        private readonly TimeSpan _max;
        private readonly Random _random;

        public Backoff(TimeSpan initial, TimeSpan max, Random? random = null)
        {
            _initial = initial;
            _max = max;
            _random = random ?? new Random();
        }

        /// <summary>The delay before retry number <paramref name="retry"/> (1 for the first retry): half fixed, half random.</summary>
        public TimeSpan DelayBefore(int retry)
        {
            var exponent = Math.Min(retry - 1, 30);
            var cappedMs = Math.Min(_max.TotalMilliseconds, _initial.TotalMilliseconds * Math.Pow(2, exponent));
            double jitter;
            lock (_random)
            {
                jitter = _random.NextDouble();
            }

            return TimeSpan.FromMilliseconds(cappedMs / 2 + cappedMs / 2 * jitter);
        }
    }
}
