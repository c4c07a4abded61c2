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
    /// taken on the caller's thread. With a checkpoint, a site's checkpoint moves to the end of a window only
    /// when the caller asks for the item after that window's last request, that is, after it was delivered.
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

        public SigSciFeedProgress Progress { get; } = new SigSciFeedProgress();

        /// <summary>The requests of every planned window; the options and windows are checked before any request.</summary>
        public async IAsyncEnumerable<SigSciFeedRecord> ReadAsync(OperationLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            _session.EnsureOpen();
            _options.Validate();
            var checkpointFile = _options.CheckpointPath is null ? null : CheckpointFile<SigSciCheckpoint>.Open(_options.CheckpointPath);
            try
            {
                var checkpoint = checkpointFile is null ? null : ReadCheckpoint(checkpointFile);
                var plan = SigSciFeedPlanner.Plan(_options, checkpoint, DateTimeOffset.UtcNow, log);
                Progress.WindowsPlanned = plan.Values.Sum(windows => windows.Count);

                using var queue = new SpillQueue<SigSciFeedEntry>(_options.MemoryQueueLimit, _options.SpillFolder, SigSciFeedEntry.Write, SigSciFeedEntry.Read);
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var fetching = FetchAllAsync(plan, queue, log, stop);
                try
                {
                    using var parsed = new SigSciParseAhead(queue, ToRecord, cancellationToken);
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
                            SaveCheckpoint(checkpointFile, checkpoint, entry.Site, window, log);
                            continue;
                        }

                        Progress.Delivered();
                        yield return record!;
                    }
                }
                finally
                {
                    stop.Cancel();
                    await fetching.ConfigureAwait(false);
                }
            }
            finally
            {
                checkpointFile?.Dispose();
            }
        }

        /// <summary>Runs one fetcher per site; the first failure stops the others and ends the queue with that failure.</summary>
        private async Task FetchAllAsync(IReadOnlyDictionary<string, IReadOnlyList<SigSciWindow>> plan, SpillQueue<SigSciFeedEntry> queue, OperationLog log, CancellationTokenSource stop)
        {
            // Yield first so the fetchers start on the thread pool, not on the caller's (pipeline) thread.
            await Task.Yield();
            var sites = plan.Select(site => FetchSiteAsync(site.Key, site.Value, queue, log, stop)).ToList();
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

        private async Task FetchSiteAsync(string site, IReadOnlyList<SigSciWindow> windows, SpillQueue<SigSciFeedEntry> queue, OperationLog log, CancellationTokenSource stop)
        {
            var fetcher = new SigSciWindowFetcher(_session, site, _options.Tags, queue, Progress, log);
            try
            {
                foreach (var window in windows)
                {
                    await fetcher.FetchAsync(window, stop.Token).ConfigureAwait(false);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                stop.Cancel();
                throw;
            }
        }

        private SigSciCheckpoint ReadCheckpoint(CheckpointFile<SigSciCheckpoint> file)
        {
            var checkpoint = file.Read() ?? new SigSciCheckpoint { Corp = _session.Corp };
            if (!string.Equals(checkpoint.Corp, _session.Corp, StringComparison.Ordinal))
            {
                throw new FeedException(
                    "SigSciCheckpointCorpMismatch",
                    FeedErrorCategory.InvalidArgument,
                    $"The checkpoint '{file.Path}' belongs to corp '{checkpoint.Corp}', but this session reads corp '{_session.Corp}'. Give each corp its own -CheckpointPath.")
                {
                    Target = file.Path,
                };
            }

            checkpoint.Sites = new Dictionary<string, DateTimeOffset>(checkpoint.Sites ?? new Dictionary<string, DateTimeOffset>(), StringComparer.Ordinal);
            return checkpoint;
        }

        private static void SaveCheckpoint(CheckpointFile<SigSciCheckpoint>? file, SigSciCheckpoint? checkpoint, string site, SigSciWindow window, OperationLog log)
        {
            if (file is null || checkpoint is null)
            {
                return;
            }

            checkpoint.Sites[site] = window.Until;
            file.Write(checkpoint);
            log.Verbose($"Signal Sciences site '{site}': every request up to {SigSciWindow.Format(window.Until)} delivered; checkpoint saved.");
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
