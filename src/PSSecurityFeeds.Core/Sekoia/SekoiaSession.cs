using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.Sessions;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// A connection to one Sekoia.io community: the API key (kept as a SecureString, in plain text only while a
    /// header is set), the region's address and a rate limiter every request of the session shares.
    /// </summary>
    public sealed class SekoiaSession : ApiSession
    {
        private readonly SecureString _apiKey;

        public SekoiaSession(Uri baseUri, SecureString apiKey, HttpPipelineOptions options, SekoiaRegion? region = null, RequestRateLimiter? rateLimiter = null)
            : base(baseUri, RequireKey(apiKey, options))
        {
            _apiKey = apiKey.Copy();
            _apiKey.MakeReadOnly();
            Region = region;
            RateLimiter = rateLimiter ?? RequestRateLimiter.ForSekoia();
            Redactor.Add(SecretText.Reveal(_apiKey));
            Search = new SekoiaSearchClient(this);
            Export = new SekoiaExportClient(this);
        }

        public override string Vendor => "Sekoia.io";

        // Checked before the base constructor builds the HTTP pipeline, so a refused key leaves nothing to dispose.
        private static HttpPipelineOptions RequireKey(SecureString? apiKey, HttpPipelineOptions options) =>
            apiKey is { Length: > 0 }
                ? options
                : throw new FeedException("SekoiaMissingApiKey", FeedErrorCategory.InvalidArgument, "No Sekoia.io API key was given. Pass -ApiKey (a SecureString) or set the SEKOIA_API_KEY environment variable.");

        /// <summary>The region connected to, or null when an explicit address was given.</summary>
        public SekoiaRegion? Region { get; }

        /// <summary>Who the key belongs to, as /v1/me tells it; set by <see cref="VerifyAsync"/>.</summary>
        public string? User { get; private set; }

        public RequestRateLimiter RateLimiter { get; }

        public SekoiaSearchClient Search { get; }

        public SekoiaExportClient Export { get; }

        /// <summary>Checks the key with GET /v1/me and remembers who it belongs to.</summary>
        public async Task VerifyAsync(OperationLog log, CancellationToken cancellationToken)
        {
            using var me = await GetJsonAsync("/v1/me", "checking the API key", log, cancellationToken).ConfigureAwait(false);
            User = SekoiaJson.DescribeUser(me.RootElement);
            log.Verbose($"Sekoia.io API key belongs to {User}.");
        }

        public override string ToString() => User is null ? base.ToString() : $"{Vendor} {BaseUri} as {User}";

        internal Uri UriOf(string pathAndQuery) => new Uri(BaseUri.AbsoluteUri.TrimEnd('/') + pathAndQuery);

        /// <summary>Sends an API request (bearer key, rate limit, retries); a failure becomes a Sekoia error saying what was being done.</summary>
        internal async Task<ApiResponse> SendAsync(HttpMethod method, string pathAndQuery, byte[]? jsonBody, string action, OperationLog log, CancellationToken cancellationToken)
        {
            EnsureOpen();
            var request = new ApiRequest(method, UriOf(pathAndQuery))
            {
                BeforeSend = RateLimiter.WaitAsync,
                AfterSend = RateLimiter.Release,
                Authorize = message => message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecretText.Reveal(_apiKey)),
                Content = jsonBody is null ? null : () => JsonContent(jsonBody),
            };
            try
            {
                return await Pipeline.SendAsync(request, log, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException error)
            {
                throw SekoiaErrors.FromApi(error, action);
            }
        }

        internal async Task<System.Text.Json.JsonDocument> GetJsonAsync(string pathAndQuery, string action, OperationLog log, CancellationToken cancellationToken)
        {
            using var response = await SendAsync(HttpMethod.Get, pathAndQuery, null, action, log, cancellationToken).ConfigureAwait(false);
            return await SekoiaJson.ReadAsync(response, action, cancellationToken).ConfigureAwait(false);
        }

        internal async Task<System.Text.Json.JsonDocument> PostJsonAsync(string path, byte[] jsonBody, string action, OperationLog log, CancellationToken cancellationToken)
        {
            using var response = await SendAsync(HttpMethod.Post, path, jsonBody, action, log, cancellationToken).ConfigureAwait(false);
            return await SekoiaJson.ReadAsync(response, action, cancellationToken).ConfigureAwait(false);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _apiKey.Dispose();
                RateLimiter.Dispose();
            }

            base.Dispose(disposing);
        }

        private static HttpContent JsonContent(byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }
    }
}
