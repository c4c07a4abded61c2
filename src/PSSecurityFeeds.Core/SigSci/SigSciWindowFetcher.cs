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
            var queued = new HashSet<string>(StringComparer.Ordinal);
            var fetcher = new SigSciPageFetcher(_session, _site, _log);
            var restarts = 0;
            var skipped = 0;
            var uri = FirstPage(window);
            var isNext = false;
            var pages = 0;
            while (uri is not null)
            {
                SigSciPage page;
                try
                {
                    page = await fetcher.FetchAsync(uri, isNext, cancellationToken).ConfigureAwait(false);
                }
                catch (ApiException error) when (isNext && IsExpiredNext(error))
                {
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

                    _log.Warning($"Signal Sciences site '{_site}': the next URI of page {pages + 1} of {window} expired ({error.StatusCode}). Reading the window again from its start and skipping the {queued.Count} requests already delivered.");
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
                foreach (var (id, json) in page.Requests)
                {
                    if (id.Length > 0 && !queued.Add(id))
                    {
                        skipped++;
                        continue;
                    }

                    _queue.Enqueue(SigSciFeedEntry.Request(_site, id, json));
                }

                uri = page.NextUri is null ? null : _session.Resolve(page.NextUri);
                isNext = true;
            }

            if (restarts > 0)
            {
                _log.Verbose($"Signal Sciences site '{_site}': {window} read again after an expired next URI; {skipped} requests were skipped as already delivered.");
            }

            _queue.Enqueue(SigSciFeedEntry.WindowDone(_site, window));
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
