using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Streaming;

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
        /// Pages through a done job's events until the offset reaches the total, each event as its own JSON element
        /// (independent of its page). See the other overload.
        /// </summary>
        public async IAsyncEnumerable<SekoiaEvent> ReadEventsAsync(string uuid, SekoiaPaging paging, OperationLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var item in ReadEventsAsync(uuid, paging, json => json.Clone(), log, cancellationToken).ConfigureAwait(false))
            {
                yield return new SekoiaEvent(item.Value, item.Position, item.Total);
            }
        }

        /// <summary>
        /// Pages through a done job's events until the offset reaches the total, each made into what
        /// <paramref name="convert"/> returns (called while its page's document is open, on the thread that read the
        /// page, one page after the other). An empty page before the total is retried (a bounded number of times),
        /// never taken as the end. The next page is asked for as soon as a page is read, so it arrives and is converted
        /// while the caller takes this one's events; each page is parsed on its own, so memory stays flat.
        /// </summary>
        public async IAsyncEnumerable<SekoiaEvent<T>> ReadEventsAsync<T>(string uuid, SekoiaPaging paging, Func<JsonElement, T> convert, OperationLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            paging.Validate();
            await GetDoneJobAsync(uuid, log, cancellationToken).ConfigureAwait(false);
            using var ahead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            long offset = 0;
            Task<SekoiaEventPage<T>>? next = ReadNonEmptyPageAsync(uuid, offset, paging, convert, log, ahead.Token);
            try
            {
                while (next is not null)
                {
                    var page = await next.ConfigureAwait(false);
                    var end = offset + page.Items.Count;
                    next = page.Items.Count > 0 && end < page.Total ? ReadNonEmptyPageAsync(uuid, end, paging, convert, log, ahead.Token) : null;
                    foreach (var item in page.Items)
                    {
                        yield return new SekoiaEvent<T>(item, offset++, page.Total);
                    }
                }
            }
            finally
            {
                if (next is not null)
                {
                    // The caller stopped early: the page asked for ahead is not wanted.
                    ahead.Cancel();
                    await TaskEnd.QuietlyAsync(next).ConfigureAwait(false);
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

        /// <summary>A page with events, or the empty page at the total; an empty page before the total is asked for again after a pause.</summary>
        private async Task<SekoiaEventPage<T>> ReadNonEmptyPageAsync<T>(string uuid, long offset, SekoiaPaging paging, Func<JsonElement, T> convert, OperationLog log, CancellationToken cancellationToken)
        {
            for (var emptyPages = 1; ; emptyPages++)
            {
                var page = await ReadPageAsync(uuid, offset, paging.PageSize, convert, log, cancellationToken).ConfigureAwait(false);
                if (page.Items.Count > 0 || offset >= page.Total)
                {
                    return page;
                }

                if (emptyPages > paging.EmptyPageRetries)
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
                await Task.Delay(TimeSpan.FromTicks(paging.EmptyPageDelay.Ticks * emptyPages), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Reads one page whole before any of it is yielded, so a page whose body broke off is read again without duplicates.</summary>
        private async Task<SekoiaEventPage<T>> ReadPageAsync<T>(string uuid, long offset, int limit, Func<JsonElement, T> convert, OperationLog log, CancellationToken cancellationToken)
        {
            var path = string.Format(CultureInfo.InvariantCulture, "{0}/{1}/events?limit={2}&offset={3}", JobsPath, SekoiaUuid.Segment(uuid), limit, offset);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var page = await _session.GetJsonAsync(path, $"reading events {offset}+ of search job {uuid}", log, cancellationToken).ConfigureAwait(false);
                    return SekoiaEventPage<T>.FromJson(page.RootElement, uuid, convert);
                }
                catch (FeedException error) when (error.ErrorId == SekoiaJson.BrokenResponse && attempt < BrokenPageAttempts)
                {
                    log.Warning($"The page at offset {offset} of search job {uuid} broke off ({error.InnerException?.Message}); reading it again.");
                }
            }
        }
    }
}
