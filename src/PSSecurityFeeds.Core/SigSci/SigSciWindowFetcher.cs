using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;

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

        public async Task FetchAsync(SigSciWindow window, CancellationToken cancellationToken)
        {
            var requests = new SigSciWindowRequests(_site, _queue);
            var fetcher = new SigSciPageFetcher(_session, _site, _log);
            var queuing = Task.CompletedTask;
            var restarts = 0;
            var uri = FirstPage(window);
            var isNext = false;
            var pages = 0;
            try
            {
                while (uri is not null)
                {
                    SigSciPage page;
                    try
                    {
                        page = await fetcher.FetchAsync(uri, isNext, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ApiException error) when (isNext && IsExpiredNext(error))
                    {
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
                        uri = FirstPage(window);
                        isNext = false;
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
                    uri = page.NextUri is null ? null : ResolveNext(page.NextUri);
                    isNext = true;
                }

                await queuing.ConfigureAwait(false);
            }
            catch
            {
                await Quietly(queuing).ConfigureAwait(false); // nothing may reach the queue after this fetcher failed
                throw;
            }

            if (restarts > 0)
            {
                _log.Verbose($"Signal Sciences site '{_site}': {window} read again after an expired next URI; {requests.Skipped} requests were skipped as already delivered.");
            }

            _queue.Enqueue(SigSciFeedEntry.WindowDone(_site, window));
        }

        private static async Task Quietly(Task task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch
            {
                // the failure that stopped the fetcher is the one reported
            }
        }

        private Uri FirstPage(SigSciWindow window)
        {
            var query = "from=" + window.FromUnixSeconds.ToString(CultureInfo.InvariantCulture) +
                        "&until=" + window.UntilUnixSeconds.ToString(CultureInfo.InvariantCulture);
            if (_tags.Count > 0)
            {
                query += "&tags=" + Uri.EscapeDataString(string.Join(",", _tags));
            }

            return _session.Resolve($"/api/v0/corps/{Uri.EscapeDataString(_session.Corp)}/sites/{Uri.EscapeDataString(_site)}/feed/requests?{query}");
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
    }
}
