using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// At most <c>permits</c> request starts in any sliding window, for every caller sharing the limiter (one
    /// per session). Callers wait their turn in order; cancellation ends a wait at once.
    /// </summary>
    public sealed class RequestRateLimiter : IDisposable
    {
        private readonly Queue<TimeSpan> _starts = new Queue<TimeSpan>();
        private readonly SemaphoreSlim _turn = new SemaphoreSlim(1, 1);
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public RequestRateLimiter(int permits, TimeSpan window)
        {
            if (permits < 1 || window <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(permits), "A rate limit needs at least one permit and a window longer than zero.");
            }

            Permits = permits;
            Window = window;
        }

        public int Permits { get; }

        public TimeSpan Window { get; }

        /// <summary>Sekoia's limit is 5 requests/s; the window has 100 ms to spare for the server's own timing.</summary>
        public static RequestRateLimiter ForSekoia() => new RequestRateLimiter(5, TimeSpan.FromMilliseconds(1100));

        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    var now = _clock.Elapsed;
                    while (_starts.Count > 0 && now - _starts.Peek() >= Window)
                    {
                        _starts.Dequeue();
                    }

                    if (_starts.Count < Permits)
                    {
                        _starts.Enqueue(now);
                        return;
                    }

                    await Task.Delay(Window - (now - _starts.Peek()), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _turn.Release();
            }
        }

        public void Dispose() => _turn.Dispose();
    }
}
