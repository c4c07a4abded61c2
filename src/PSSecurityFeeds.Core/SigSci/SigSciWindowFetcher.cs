using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.Streaming;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// Reads every page of one site's window as fast as the feed gives them (the queue never makes it wait,
    /// so each next URI is used within its one-minute life) and queues the requests, then the window's end
    /// mark. When a next URI has expired anyway, the window is read again from its start and the requests
    /// already queued are skipped by id, with a warning, so there is neither a gap nor a duplicate.
    /// </summary>
    internal sealed class SigSciWindowFetcher
    {
        private const int MaxRestarts = 3;

        private readonly SigSciSession _session;
        private readonly string _site;
        private readonly IReadOnlyList<string> _tags;
        private readonly SpillQueue<SigSciFeedEntry> _queue;
        private readonly SigSciFeedProgress _progress;
        private readonly OperationLog _log;

        public SigSciWindowFetcher(SigSciSession session, string site, IReadOnlyList<string> tags, SpillQueue<SigSciFeedEntry> queue, SigSciFeedProgress progress, OperationLog log)
        {
            _session = session;
            _site = site;
            _tags = tags;
            _queue = queue;
            _progress = progress;
            _log = log;
        }

        /// <param name="delivered">Ids of this window's requests an earlier run delivered; they are skipped.</param>
        public async Task FetchAsync(SigSciWindow window, IEnumerable<string> delivered, CancellationToken cancellationToken)
        {
            var requests = new SigSciWindowRequests(_site, _queue, delivered);
            var fetcher = new SigSciPageFetcher(_session, _site, _log);
            var queuing = Task.CompletedTask;
            var restarts = 0;
            var pages = 0;
            InFlightPage? current = new InFlightPage(fetcher, FirstPage(window), null, cancellationToken);
            InFlightPage? ahead = null;
            try
            {
                while (current is not null)
                {
                    // As soon as the page's head names the next page, that one is asked for while this one's body is
                    // still read (two in flight: the site's limit). It is only a guess until this page is whole.
                    ahead = await AskAheadAsync(current, fetcher, cancellationToken).ConfigureAwait(false);
                    SigSciPage page;
                    try
                    {
                        page = await current.Page.ConfigureAwait(false);
                    }
                    catch (ApiException error) when (current.IsNext && IsExpiredNext(error))
                    {
                        await InFlightPage.DiscardAsync(ahead).ConfigureAwait(false);
                        ahead = null;
                        await queuing.ConfigureAwait(false); // what was queued must be known before reading again
                        if (++restarts > MaxRestarts)
                        {
                            throw new FeedException(
                                "SigSciNextUriExpired",
                                FeedErrorCategory.OperationTimeout,
                                $"Signal Sciences site '{_site}': the next URI expired {restarts} times while reading {window}; the feed may be too slow to read. Run the command again; with -CheckpointPath it resumes after the last complete window.",
                                error)
                            {
                                Target = _site,
                            };
                        }

                        _log.Warning($"Signal Sciences site '{_site}': the next URI of page {pages + 1} of {window} expired ({error.StatusCode}). Reading the window again from its start and skipping the {requests.Queued} requests already delivered.");
                        current.Dispose();
                        current = new InFlightPage(fetcher, FirstPage(window), null, cancellationToken);
                        pages = 0;
                        continue;
                    }
                    catch (ApiException error)
                    {
                        throw Explain(error);
                    }

                    pages++;
                    _progress.PageFetched();

                    // The requests are taken out of this page while the next one is fetched; one page at a time, in order.
                    await queuing.ConfigureAwait(false);
                    queuing = Task.Run(() => requests.Queue(page), cancellationToken);
                    current.Dispose();
                    current = await FollowAsync(page, ahead, fetcher, cancellationToken).ConfigureAwait(false);
                    ahead = null;
                }

                await queuing.ConfigureAwait(false);
            }
            catch
            {
                // Nothing may reach the queue, nor any request stay in flight, after this fetcher failed.
                await InFlightPage.DiscardAsync(ahead).ConfigureAwait(false);
                await InFlightPage.DiscardAsync(current).ConfigureAwait(false);
                await TaskEnd.QuietlyAsync(queuing).ConfigureAwait(false); // the failure that stopped the fetcher is the one reported
                throw;
            }

            if (requests.Skipped > 0)
            {
                _log.Verbose($"Signal Sciences site '{_site}': {window} read again; {requests.Skipped} requests were skipped as already delivered.");
            }

            _queue.Enqueue(SigSciFeedEntry.WindowDone(_site, window));
        }

        /// <summary>Waits until the page's head names the next page (which is then asked for) or the page is done.</summary>
        private async Task<InFlightPage?> AskAheadAsync(InFlightPage current, SigSciPageFetcher fetcher, CancellationToken cancellationToken)
        {
            await Task.WhenAny(current.NextUriSeen, current.Page).ConfigureAwait(false);
            if (!current.NextUriSeen.IsCompleted)
            {
                return null;
            }

            var next = await current.NextUriSeen.ConfigureAwait(false);
            return new InFlightPage(fetcher, ResolveNext(next), next, cancellationToken);
        }

        /// <summary>
        /// The page after a whole page: the one asked for ahead when it was asked for with the page's own next URI.
        /// A page whose body broke off and was fetched again names a new next URI; the one asked for ahead came from
        /// the broken body, so it is dropped unread, and the next page is asked for with the new URI.
        /// </summary>
        private async Task<InFlightPage?> FollowAsync(SigSciPage page, InFlightPage? ahead, SigSciPageFetcher fetcher, CancellationToken cancellationToken)
        {
            if (ahead is not null && string.Equals(ahead.Source, page.NextUri, StringComparison.Ordinal))
            {
                return ahead;
            }

            await InFlightPage.DiscardAsync(ahead).ConfigureAwait(false);
            return page.NextUri is null ? null : new InFlightPage(fetcher, ResolveNext(page.NextUri), page.NextUri, cancellationToken);
        }

        private Uri FirstPage(SigSciWindow window)
        {
            var query = "from=" + window.FromUnixSeconds.ToString(CultureInfo.InvariantCulture) +
                        "&until=" + window.UntilUnixSeconds.ToString(CultureInfo.InvariantCulture);
            if (_tags.Count > 0)
            {
                query += "&tags=" + Uri.EscapeDataString(string.Join(",", _tags));
            }

            return _session.Resolve($"/api/v0/corps/{UrlPath.Segment(_session.Corp)}/sites/{UrlPath.Segment(_site)}/feed/requests?{query}");
        }

        /// <summary>The next URI on the session's host: credentials are never sent to a host a response names.</summary>
        private Uri ResolveNext(string nextUri)
        {
            var uri = _session.Resolve(nextUri);
            if (Uri.Compare(uri, _session.BaseUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            {
                throw new FeedException(
                    "SigSciUnexpectedNextUri",
                    FeedErrorCategory.ProtocolError,
                    $"Signal Sciences site '{_site}': the feed named a next page on another host ({uri.GetLeftPart(UriPartial.Authority)}); it is not followed, so the credential stays with {_session.BaseUri.GetLeftPart(UriPartial.Authority)}.")
                {
                    Target = _site,
                };
            }

            return uri;
        }

        /// <summary>A next URI refused with 400 (other than rate limiting, which the pipeline retries) or 410 has outlived its minute.</summary>
        private static bool IsExpiredNext(ApiException error) =>
            (error.StatusCode == 400 && !SigSciPageFetcher.IsRateLimited(400, error.ResponseBody)) || error.StatusCode == 410;

        private FeedException Explain(ApiException error) => error.StatusCode switch
        {
            401 => new FeedException(
                "SigSciAuthenticationFailed",
                FeedErrorCategory.AuthenticationError,
                $"Signal Sciences rejected the session's credential (401) while reading site '{_site}'. Run Connect-SigSci again.",
                error)
            {
                Target = _site,
            },
            403 or 404 => new FeedException(
                "SigSciSiteNotFound",
                FeedErrorCategory.ObjectNotFound,
                $"Signal Sciences has no site '{_site}' in corp '{_session.Corp}' that {_session.Email} may read ({error.StatusCode}). Give the site's short name as in the dashboard URL (/corps/{_session.Corp}/sites/<site>).",
                error)
            {
                Target = _site,
            },
            400 => new FeedException(
                "SigSciFeedRejected",
                FeedErrorCategory.InvalidArgument,
                $"Signal Sciences refused the feed request of site '{_site}': {error.ResponseBody}",
                error)
            {
                Target = _site,
            },
            _ => error,
        };

        /// <summary>A page being fetched, with the next URI its head named (as soon as it arrived) and a way to drop it unread.</summary>
        private sealed class InFlightPage : IDisposable
        {
            private readonly CancellationTokenSource _cancel;
            // Continuations run on the thread that read the head: the next page is asked for there and then, without
            // waiting for a free thread-pool thread (on a busy machine that wait outlived a next URI's life).
            private readonly TaskCompletionSource<string> _nextUriSeen = new TaskCompletionSource<string>();
            private bool _disposed;

            /// <param name="source">The next URI, as the previous page wrote it, that this page is asked for with; null for a window's first page.</param>
            public InFlightPage(SigSciPageFetcher fetcher, Uri uri, string? source, CancellationToken cancellationToken)
            {
                Source = source;
                _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                Page = fetcher.FetchAsync(uri, IsNext, next => _nextUriSeen.TrySetResult(next), _cancel.Token);
            }

            public string? Source { get; }

            public bool IsNext => Source is not null;

            public Task<SigSciPage> Page { get; }

            /// <summary>The next URI named by the head of the first attempt whose head arrived.</summary>
            public Task<string> NextUriSeen => _nextUriSeen.Task;

            /// <summary>Cancels the page if it is still in flight and waits until it has let go of its connection and slot.</summary>
            public static async Task DiscardAsync(InFlightPage? page)
            {
                if (page is null)
                {
                    return;
                }

                if (!page._disposed)
                {
                    page._cancel.Cancel();
                }

                await TaskEnd.QuietlyAsync(page.Page).ConfigureAwait(false);
                page.Dispose();
            }

            public void Dispose()
            {
                if (!_disposed)
                {
                    _disposed = true;
                    _cancel.Dispose();
                }
            }
        }
    }
}
