using System;
using System.Diagnostics;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>The base of the Sekoia.io data cmdlets: the session, and waiting for a search job with one progress record per poll.</summary>
    public abstract class SekoiaCmdlet : FeedCmdlet<SekoiaSession>
    {
        protected override string ConnectCommand => "Connect-Sekoia";

        /// <summary>Checks every uuid given before the first request, so one bad uuid in a list sends nothing.</summary>
        protected void RequireUuids(string[] uuids)
        {
            foreach (var uuid in uuids)
            {
                Call(() => SekoiaUuid.Require(uuid));
            }
        }

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

            return Remember(last ?? throw new InvalidOperationException("Polling ended without reading the job."));
        }

        /// <summary>Notes a job this session has seen, for -Uuid tab completion, and returns it.</summary>
        protected SekoiaSearchJob Remember(SekoiaSearchJob job)
        {
            SessionHistory.Remember(ActiveSession, job.Uuid, $"{job.Status}, {job.Total:N0} events: {job.Query}");
            return job;
        }
    }
}
