using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// At most <see cref="Permits"/> requests in any window, for every caller sharing the limiter (one per
    /// session). A request counts from the moment it is let through (<see cref="WaitAsync"/>) until a window
    /// after its answer came (<see cref="Release"/>): the server counts a request when it arrives, which is
    /// after it was sent but never after its answer, so the server never sees more than the limit however
    /// slowly it handles requests.
    /// </summary>
    public sealed class RequestRateLimiter : IDisposable
    {
        private readonly object _gate = new object();
        private readonly Queue<TimeSpan> _answered = new Queue<TimeSpan>();
        private readonly SemaphoreSlim _turn = new SemaphoreSlim(1, 1);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _inFlight;
        private TaskCompletionSource<bool> _released = NewSignal();

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

        /// <summary>Sekoia's limit: 5 requests per second.</summary>
        public static RequestRateLimiter ForSekoia() => new RequestRateLimiter(5, TimeSpan.FromSeconds(1));

        /// <summary>Waits until one more request fits in the limit, then counts it as in flight.</summary>
        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    TaskCompletionSource<bool>? released = null;
                    var delay = TimeSpan.Zero;
                    lock (_gate)
                    {
                        var now = _clock.Elapsed;
                        while (_answered.Count > 0 && now - _answered.Peek() >= Window)
                        {
                            _answered.Dequeue();
                        }

                        if (_inFlight + _answered.Count < Permits)
                        {
                            _inFlight++;
                            return;
                        }

                        // Full: wait for the oldest answer to leave the window, or for a request in flight to be answered.
                        if (_answered.Count == 0)
                        {
                            released = _released.Task.IsCompleted ? _released = NewSignal() : _released;
                        }
                        else
                        {
                            delay = Window - (now - _answered.Peek());
                        }
                    }

                    if (released is null)
                    {
                        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    // Only one caller waits at a time (the turn), so waking the shared signal on cancellation wakes no one else.
                    using (cancellationToken.Register(() => released.TrySetResult(false)))
                    {
                        await released.Task.ConfigureAwait(false);
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            finally
            {
                _turn.Release();
            }
        }

        /// <summary>A request let through by <see cref="WaitAsync"/> was answered (or failed): it now counts for one more window.</summary>
        public void Release()
        {
            TaskCompletionSource<bool> released;
            lock (_gate)
            {
                if (_inFlight == 0)
                {
                    return;
                }

                _inFlight--;
                _answered.Enqueue(_clock.Elapsed);
                released = _released;
                _released = NewSignal();
            }

            released.TrySetResult(true);
        }

        public void Dispose() => _turn.Dispose();

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
