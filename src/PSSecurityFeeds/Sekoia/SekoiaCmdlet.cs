using System;
using System.Diagnostics;
using System.Management.Automation;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>The base of the Sekoia.io data cmdlets: the session, and waiting for a search job with one progress record per poll.</summary>
    public abstract class SekoiaCmdlet : FeedCmdlet<SekoiaSession>
    {
        protected override string ConnectCommand => "Connect-Sekoia";

        /// <summary>Polls the job until it is done, writing its status, time and events found at each poll; the record is completed however the wait ends.</summary>
        protected SekoiaSearchJob WaitForJob(string uuid, int timeoutSeconds)
        {
            var polling = new SekoiaPolling { Timeout = timeoutSeconds > 0 ? TimeSpan.FromSeconds(timeoutSeconds) : (TimeSpan?)null };
            var progress = new ProgressActivity(this, 1, $"Sekoia.io search job {uuid}", "Waiting for the search to start");
            var elapsed = Stopwatch.StartNew();
            SekoiaSearchJob? last = null;
            try
            {
                foreach (var job in Stream(ActiveSession.Search.WaitAsync(uuid, polling, Log, CancelToken)))
                {
                    last = job;
                    progress.Update($"{job.Status}, {elapsed.Elapsed.TotalSeconds:0} s elapsed" + (job.Total > 0 ? $", {job.Total:N0} events found" : string.Empty));
                }
            }
            finally
            {
                progress.Complete();
            }

            return last ?? throw new InvalidOperationException("Polling ended without reading the job.");
        }

        /// <summary>Runs Core code that may reject its input before any request, as a terminating error.</summary>
        protected T Checked<T>(Func<T> create)
        {
            try
            {
                return create();
            }
            catch (FeedException error)
            {
                ThrowTerminating(error);
                throw; // not reached: ThrowTerminatingError always throws
            }
        }
    }
}
