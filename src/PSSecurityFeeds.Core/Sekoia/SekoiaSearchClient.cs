using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>Search jobs: start one, read it, poll it to the end, and page through its events.</summary>
    public sealed class SekoiaSearchClient
    {
        internal const string JobsPath = "/v1/sic/conf/events/search/jobs";
        private const int BrokenPageAttempts = 3;

        private readonly SekoiaSession _session;

        internal SekoiaSearchClient(SekoiaSession session) => _session = session;

        public async Task<SekoiaSearchJob> StartAsync(SekoiaSearchRequest request, OperationLog log, CancellationToken cancellationToken)
        {
            string uuid;
            using (var created = await _session.PostJsonAsync(JobsPath, request.ToJson(), "starting the search job", log, cancellationToken).ConfigureAwait(false))
            {
                uuid = SekoiaJson.String(created.RootElement, "uuid") ?? throw SekoiaJson.Invalid("Sekoia.io started a search job but did not return its uuid.");
            }

            log.Verbose($"Started search job {uuid} for '{request.Query}' from {request.Earliest} to {request.Latest}.");
            return await GetAsync(uuid, log, cancellationToken).ConfigureAwait(false);
        }

        public async Task<SekoiaSearchJob> GetAsync(string uuid, OperationLog log, CancellationToken cancellationToken)
        {
            using var job = await _session.GetJsonAsync($"{JobsPath}/{SekoiaUuid.Segment(uuid)}", $"reading search job {uuid}", log, cancellationToken).ConfigureAwait(false);
            return SekoiaSearchJob.FromJson(job.RootElement);
        }

        /// <summary>
        /// Polls the job until it is done, yielding each state read (one per poll) so the caller can show progress.
        /// Throws when the job fails, is canceled, or is still running at the timeout.
        /// </summary>
        public async IAsyncEnumerable<SekoiaSearchJob> WaitAsync(string uuid, SekoiaPolling polling, OperationLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var schedule = new PollSchedule(polling);
            while (true)
            {
                var job = await GetAsync(uuid, log, cancellationToken).ConfigureAwait(false);
                ThrowIfEndedBadly(job);
                yield return job;
                if (job.Status == SekoiaJobStatus.Done)
                {
                    yield break;
                }

                if (!await schedule.WaitForNextPollAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new FeedException(
                        "SekoiaJobTimeout",
                        FeedErrorCategory.OperationTimeout,
                        $"Search job {uuid} is still {job.Status} after {schedule.Elapsed.TotalSeconds:0} s. It keeps running on the server: " +
                        $"wait longer with 'Wait-SekoiaSearchJob -Uuid {uuid} -Timeout <seconds>', or check it with 'Get-SekoiaSearchJob -Uuid {uuid}'.")
                    {
                        Target = job,
                    };
                }
            }
        }

        /// <summary>
        /// Pages through a done job's events until the offset reaches the total. An empty page before the total is
        /// retried (a bounded number of times), never taken as the end; each page is parsed on its own, so memory
        /// stays flat however many events there are.
        /// </summary>
        public async IAsyncEnumerable<SekoiaEvent> ReadEventsAsync(string uuid, SekoiaPaging paging, OperationLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            paging.Validate();
            await GetDoneJobAsync(uuid, log, cancellationToken).ConfigureAwait(false);
            long offset = 0;
            var emptyPages = 0;
            while (true)
            {
                var page = await ReadPageAsync(uuid, offset, paging.PageSize, log, cancellationToken).ConfigureAwait(false);
                if (page.Items.Count == 0)
                {
                    if (offset >= page.Total)
                    {
                        yield break;
                    }

                    if (++emptyPages > paging.EmptyPageRetries)
                    {
                        throw new FeedException(
                            "SekoiaEmptyPages",
                            FeedErrorCategory.InvalidResult,
                            $"Sekoia.io returned {emptyPages} empty pages at offset {offset} of search job {uuid}, which reports {page.Total} events: events from {offset} on were not read. " +
                            $"Run 'Get-SekoiaEvent' again later; the job's results stay available for their time to live.")
                        {
                            Target = uuid,
                        };
                    }

                    log.Warning($"Sekoia.io returned an empty page at offset {offset} of {page.Total} for search job {uuid}; retrying ({emptyPages} of {paging.EmptyPageRetries}).");
                    await Task.Delay(System.TimeSpan.FromTicks(paging.EmptyPageDelay.Ticks * emptyPages), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                emptyPages = 0;
                foreach (var item in page.Items)
                {
                    yield return new SekoiaEvent(item, offset++, page.Total);
                }

                if (offset >= page.Total)
                {
                    yield break;
                }
            }
        }

        /// <summary>The job, when it is done; otherwise a clear error, since its events cannot be read yet.</summary>
        internal async Task<SekoiaSearchJob> GetDoneJobAsync(string uuid, OperationLog log, CancellationToken cancellationToken)
        {
            var job = await GetAsync(uuid, log, cancellationToken).ConfigureAwait(false);
            ThrowIfEndedBadly(job);
            if (job.Status != SekoiaJobStatus.Done)
            {
                throw new FeedException(
                    "SekoiaJobNotDone",
                    FeedErrorCategory.ResourceBusy,
                    $"Search job {uuid} is {job.Status}; its events can be read once it is done. Wait for it first: 'Wait-SekoiaSearchJob -Uuid {uuid}'.")
                {
                    Target = job,
                };
            }

            return job;
        }

        private static void ThrowIfEndedBadly(SekoiaSearchJob job)
        {
            if (job.Status is SekoiaJobStatus.Failed or SekoiaJobStatus.Canceled)
            {
                var failed = job.Status == SekoiaJobStatus.Failed;
                throw new FeedException(
                    failed ? "SekoiaJobFailed" : "SekoiaJobCanceled",
                    FeedErrorCategory.InvalidResult,
                    $"Search job {job.Uuid} {(failed ? "failed" : "was canceled")}" +
                    $"{(job.EndedAt is { } ended ? " at " + ended.ToString("u", CultureInfo.InvariantCulture) : string.Empty)}" +
                    $"{(job.Error is null ? "." : ": " + job.Error)} Query: '{job.Query}' from {job.Earliest} to {job.Latest}. Check the query and start a new job.")
                {
                    Target = job,
                };
            }
        }

        /// <summary>Reads one page whole before any of it is yielded, so a page whose body broke off is read again without duplicates.</summary>
        private async Task<SekoiaEventPage> ReadPageAsync(string uuid, long offset, int limit, OperationLog log, CancellationToken cancellationToken)
        {
            var path = string.Format(CultureInfo.InvariantCulture, "{0}/{1}/events?limit={2}&offset={3}", JobsPath, SekoiaUuid.Segment(uuid), limit, offset);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var page = await _session.GetJsonAsync(path, $"reading events {offset}+ of search job {uuid}", log, cancellationToken).ConfigureAwait(false);
                    return SekoiaEventPage.FromJson(page.RootElement, uuid);
                }
                catch (FeedException error) when (error.ErrorId == SekoiaJson.BrokenResponse && attempt < BrokenPageAttempts)
                {
                    log.Warning($"The page at offset {offset} of search job {uuid} broke off ({error.InnerException?.Message}); reading it again.");
                }
            }
        }
    }
}
