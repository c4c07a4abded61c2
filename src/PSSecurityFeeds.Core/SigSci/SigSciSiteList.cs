using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// Reads the sites of the session's corp (GET /api/v0/corps/{corp}/sites), page by page: the list answers
    /// {"data": [...], "totalCount": n}; a server that ignores paging and sends everything at once is read once.
    /// </summary>
    public static class SigSciSiteList
    {
        private const int DefaultPageSize = 100;

        public static Task<IReadOnlyList<SigSciSite>> ReadAsync(SigSciSession session, OperationLog log, CancellationToken cancellationToken) =>
            ReadAsync(session, DefaultPageSize, log, cancellationToken);

        internal static async Task<IReadOnlyList<SigSciSite>> ReadAsync(SigSciSession session, int pageSize, OperationLog log, CancellationToken cancellationToken)
        {
            session.EnsureOpen();
            var sites = new List<SigSciSite>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var page = 1; ; page++)
            {
                var uri = session.Resolve($"/api/v0/corps/{UrlPath.Segment(session.Corp)}/sites?limit={pageSize.ToString(CultureInfo.InvariantCulture)}&page={page.ToString(CultureInfo.InvariantCulture)}");
                using var response = await session.Pipeline.SendAsync(new ApiRequest(HttpMethod.Get, uri) { Authorize = session.Authorize }, log, cancellationToken).ConfigureAwait(false);
                using var json = await response.ReadJsonAsync(cancellationToken).ConfigureAwait(false);
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                {
                    throw new FeedException("SigSciInvalidResponse", FeedErrorCategory.InvalidData, $"Signal Sciences answered the sites list of corp '{session.Corp}' without a data array.");
                }

                var added = 0;
                foreach (var item in data.EnumerateArray())
                {
                    var site = SigSciSite.FromJson(item, session.Corp);
                    if (site.Name.Length > 0 && names.Add(site.Name))
                    {
                        sites.Add(site);
                        added++;
                    }
                }

                var total = root.TryGetProperty("totalCount", out var count) && count.ValueKind == JsonValueKind.Number && count.TryGetInt32(out var number) ? number : (int?)null;
                if (added == 0 || (total is int all ? sites.Count >= all : data.GetArrayLength() < pageSize))
                {
                    return sites;
                }
            }
        }
    }
}
