using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>One polling run: the pause before the next poll grows gently and never passes the timeout.</summary>
    internal sealed class PollSchedule
    {
        private readonly SekoiaPolling _polling;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private TimeSpan _interval;

        public PollSchedule(SekoiaPolling polling)
        {
            polling.Validate();
            _polling = polling;
            _interval = polling.InitialInterval;
        }

        public TimeSpan Elapsed => _elapsed.Elapsed;

        /// <summary>Waits until the next poll is due; false when the timeout has passed and no poll is left.</summary>
        public async Task<bool> WaitForNextPollAsync(CancellationToken cancellationToken)
        {
            var delay = _interval;
            if (_polling.Timeout is TimeSpan timeout)
            {
                var left = timeout - _elapsed.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                delay = delay < left ? delay : left;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            _interval = _polling.NextInterval(_interval);
            return true;
        }
    }
}
