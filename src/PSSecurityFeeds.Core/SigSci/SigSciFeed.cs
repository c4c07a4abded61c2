using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.State;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// Reads the request feed of one or more sites of the session's corp as one stream. Each site's windows
    /// are fetched by a task of its own, all of them within the session's concurrency limits, into one
    /// queue that spills to disk, so a slow consumer never makes a next URI wait past its life. The stream is
    /// taken on the caller's thread. What counts as delivered, and when it is committed to the checkpoint (and
    /// the out file), is the <see cref="SigSciLedger"/>'s business.
    /// </summary>
    public sealed class SigSciFeed
    {
        private readonly SigSciSession _session;
        private readonly SigSciFeedOptions _options;

        // Used by the one worker that parses ahead of the consumer (its caches are not thread-safe).
        private readonly SigSciRequestParser _parser = new SigSciRequestParser();

        public SigSciFeed(SigSciSession session, SigSciFeedOptions options)
        {
            _session = session;
            _options = options;
        }

        private SigSciLedger? _ledger;

        public SigSciFeedProgress Progress { get; } = new SigSciFeedProgress();

        /// <summary>
        /// Tells the stream that the consumer has taken the record handed out last. Asking for the next record says
        /// the same; this is for a consumer that stops right after taking one (Select-Object -First, a break).
        /// </summary>
        public void ConfirmTaken() => _ledger?.Taken();

        /// <summary>The requests of every planned window; the options, windows and checkpoint are checked before any request.</summary>
        public async IAsyncEnumerable<SigSciFeedRecord> ReadAsync(OperationLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            _session.EnsureOpen();
            _options.Validate();
            RemoveDeadSpillFiles(log);
            using var ledger = SigSciLedger.Open(_options, _session.Corp, log, cancellationToken);
            _ledger = ledger;
            Progress.WindowsPlanned = ledger.Plan.Values.Sum(windows => windows.Count);
            using var queue = new SpillQueue<SigSciFeedEntry>(_options.MemoryQueueLimit, _options.SpillFolder, SigSciFeedEntry.Write, SigSciFeedEntry.Read);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var fetching = FetchAllAsync(ledger, queue, log, stop);
            try
            {
                // Requests are parsed ahead of this (the pipeline) thread; not at all when they only go to a file.
                using var parsed = new SigSciParseAhead(queue, _options.YieldsRecords ? ToRecord : null, cancellationToken);
                while (true)
                {
                    var (hasEntry, entry, record) = await parsed.TakeAsync(cancellationToken).ConfigureAwait(false);
                    if (!hasEntry)
                    {
                        break;
                    }

                    Progress.Backlog = queue.Count;
                    if (entry.CompletedWindow is { } window)
                    {
                        Progress.WindowCompleted();
                        ledger.WindowDone(entry.Site, window, log);
                        continue;
                    }

                    Progress.Delivered();
                    if (ledger.WritesFile)
                    {
                        ledger.Write(entry);
                        if (!_options.PassThru)
                        {
                            continue;
                        }
                    }
                    else
                    {
                        ledger.Offer(entry);
                    }

                    yield return record!;
                    ledger.Taken(); // asking for the next record means this one was taken
                }
            }
            finally
            {
                // Stopped (Select-Object -First, Ctrl+C, an error) or done: commit what was delivered. A record handed
                // out counts only if the consumer said it took it.
                _ledger = null;
                stop.Cancel();
                await fetching.ConfigureAwait(false);
                ledger.Stop();
            }
        }

        /// <summary>Spill files that killed runs left in the temp folder (a live run holds its file open, so it is never one of them).</summary>
        private void RemoveDeadSpillFiles(OperationLog log)
        {
            var removed = StrayFiles.DeleteUnheld(_options.SpillFolder, SpillQueue<SigSciFeedEntry>.FilePattern, TimeSpan.FromMinutes(1));
            if (removed > 0)
            {
                log.Verbose($"Removed {removed} spill file(s) that stopped runs left in '{_options.SpillFolder}'.");
            }
        }

        /// <summary>Runs one fetcher per site; the first failure stops the others and ends the queue with that failure.</summary>
        private async Task FetchAllAsync(SigSciLedger ledger, SpillQueue<SigSciFeedEntry> queue, OperationLog log, CancellationTokenSource stop)
        {
            // Yield first so the fetchers start on the thread pool, not on the caller's (pipeline) thread.
            await Task.Yield();
            var sites = ledger.Plan.Select(site => FetchSiteAsync(site.Key, site.Value, ledger, queue, log, stop)).ToList();
            try
            {
                await Task.WhenAll(sites).ConfigureAwait(false);
                queue.Complete();
            }
            catch (Exception)
            {
                var failure = sites.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault(e => e is not OperationCanceledException)
                    ?? new OperationCanceledException(stop.Token);
                queue.Complete(failure);
            }
        }

        private async Task FetchSiteAsync(string site, IReadOnlyList<SigSciWindow> windows, SigSciLedger ledger, SpillQueue<SigSciFeedEntry> queue, OperationLog log, CancellationTokenSource stop)
        {
            var fetcher = new SigSciWindowFetcher(_session, site, _options.Tags, queue, Progress, log);
            try
            {
                foreach (var window in windows)
                {
                    await fetcher.FetchAsync(window, ledger.DeliveredIn(site, window), stop.Token).ConfigureAwait(false);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                stop.Cancel();
                throw;
            }
        }

        private SigSciFeedRecord ToRecord(SigSciFeedEntry entry)
        {
            if (_options.Raw)
            {
                return new SigSciFeedRecord(entry.Site, entry.Json, null, null);
            }

            try
            {
                return new SigSciFeedRecord(entry.Site, entry.Json, _parser.Parse(entry.Json.Span, _session.Corp, entry.Site), null);
            }
            catch (JsonException error)
            {
                var problem = new FeedException(
                    "SigSciRequestMalformed",
                    FeedErrorCategory.InvalidData,
                    $"Signal Sciences site '{entry.Site}': request '{entry.Id}' does not fit the expected shape ({error.Message}). It is skipped; its raw JSON is the error's target.",
                    error)
                {
                    Target = Encoding.UTF8.GetString(entry.Json.ToArray()),
                };
                return new SigSciFeedRecord(entry.Site, entry.Json, null, problem);
            }
        }
    }
}
