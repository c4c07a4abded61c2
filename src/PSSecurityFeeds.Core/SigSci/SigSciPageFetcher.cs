using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// Fetches one page of a site's feed through the shared pipeline, within the session's concurrency
    /// limits. A next URI too long for a query string (414) is sent again as a form body, as Fastly's own
    /// Splunk add-on does, and from then on for the rest of the window. A body that breaks off is fetched again.
    /// </summary>
    internal sealed class SigSciPageFetcher
    {
        private const int BodyAttempts = 3;

        private readonly SigSciSession _session;
        private readonly string _site;
        private readonly OperationLog _log;

        public SigSciPageFetcher(SigSciSession session, string site, OperationLog log)
        {
            _session = session;
            _site = site;
            _log = log;
        }

        /// <summary>Whether next URIs of this window go as form bodies (after a 414).</summary>
        public bool SendNextAsForm { get; set; }

        /// <summary>Fetches a page; <paramref name="nextUriSeen"/> hears each attempt's next URI as soon as its head has arrived.</summary>
        public async Task<SigSciPage> FetchAsync(Uri uri, bool isNext, Action<string>? nextUriSeen, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using (await _session.Limiter.EnterAsync(_site, cancellationToken).ConfigureAwait(false))
                    using (var response = await SendAsync(uri, isNext, cancellationToken).ConfigureAwait(false))
                    using (var body = await response.OpenBodyAsync().ConfigureAwait(false))
                    {
                        return await SigSciPage.ReadAsync(body, nextUriSeen, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception error) when ((error is IOException || error is JsonException) && attempt < BodyAttempts)
                {
                    _log.Verbose($"Signal Sciences site '{_site}': the page body could not be read ({error.Message}); fetching the page again.");
                }
                catch (Exception error) when (error is IOException || error is JsonException)
                {
                    throw new Diagnostics.FeedException(
                        "SigSciPageUnreadable",
                        FeedErrorCategory.ProtocolError,
                        $"Signal Sciences site '{_site}': a feed page could not be read after {BodyAttempts} attempts ({error.Message}). Run the command again; with -CheckpointPath it resumes after the last complete window.",
                        error)
                    {
                        Target = _site,
                    };
                }
            }
        }

        private async Task<ApiResponse> SendAsync(Uri uri, bool isNext, CancellationToken cancellationToken)
        {
            if (isNext && SendNextAsForm)
            {
                return await SendFormAsync(uri, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return await _session.Pipeline.SendAsync(Get(uri), _log, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException error) when (error.StatusCode == 414 && isNext)
            {
                _log.Verbose($"Signal Sciences site '{_site}': the next URI is too long for a query string (414); sending it as a form body from now on.");
                SendNextAsForm = true;
                return await SendFormAsync(uri, cancellationToken).ConfigureAwait(false);
            }
        }

        private Task<ApiResponse> SendFormAsync(Uri uri, CancellationToken cancellationToken)
        {
            // The query string already is application/x-www-form-urlencoded: it becomes the body unchanged.
            var form = uri.Query.TrimStart('?');
            var request = new ApiRequest(HttpMethod.Post, new Uri(uri.GetLeftPart(UriPartial.Path)))
            {
                Content = () => new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"),
                Authorize = _session.Authorize,
                IsTransientFailure = IsRateLimited,
            };
            return _session.Pipeline.SendAsync(request, _log, cancellationToken);
        }

        private ApiRequest Get(Uri uri) => new ApiRequest(HttpMethod.Get, uri)
        {
            Authorize = _session.Authorize,
            IsTransientFailure = IsRateLimited,
        };

        /// <summary>Signal Sciences also reports rate limiting as a 400 whose message says so.</summary>
        internal static bool IsRateLimited(int status, string body) =>
            status == 400 && body.IndexOf("Rate limit exceeded", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
