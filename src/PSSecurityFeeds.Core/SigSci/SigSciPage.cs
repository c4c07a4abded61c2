using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// One page of the feed: at most 1,000 requests as raw JSON with their ids, and the next URI (null when
    /// the window is complete). A page is parsed whole before any of it is queued, so a page whose body
    /// breaks off can be fetched again without delivering part of it twice.
    /// </summary>
    internal sealed class SigSciPage
    {
        private SigSciPage(string? nextUri, IReadOnlyList<(string Id, string Json)> requests)
        {
            NextUri = nextUri;
            Requests = requests;
        }

        public string? NextUri { get; }

        public IReadOnlyList<(string Id, string Json)> Requests { get; }

        public static async Task<SigSciPage> ReadAsync(Stream body, CancellationToken cancellationToken)
        {
            using var document = await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            string? next = null;
            if (root.TryGetProperty("next", out var nextElement) && nextElement.ValueKind == JsonValueKind.Object &&
                nextElement.TryGetProperty("uri", out var uri) && uri.ValueKind == JsonValueKind.String)
            {
                next = uri.GetString();
            }

            var requests = new List<(string, string)>();
            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in data.EnumerateArray())
                {
                    var id = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
                        ? idElement.GetString()!
                        : string.Empty;
                    requests.Add((id, item.GetRawText()));
                }
            }
            else
            {
                throw new JsonException("The page has no data array.");
            }

            return new SigSciPage(string.IsNullOrEmpty(next) ? null : next, requests);
        }
    }
}
