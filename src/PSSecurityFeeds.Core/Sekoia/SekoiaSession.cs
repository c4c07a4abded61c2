using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Text.Json;
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
        private string? _user;

        public SekoiaSession(Uri baseUri, SecureString apiKey, HttpPipeline pipeline, SekoiaRegion? region = null, RequestRateLimiter? rateLimiter = null)
            : base(baseUri, pipeline)
        {
            CredentialCheck.RequireSecret(apiKey, "The API key (-ApiKey, or SEKOIA_API_KEY)", "Sekoia");
            _apiKey = apiKey.Copy();
            _apiKey.MakeReadOnly();
            Region = region;
            RateLimiter = rateLimiter ?? RequestRateLimiter.ForSekoia();
            Redactor.Add(SecretText.Reveal(_apiKey));
            Search = new SekoiaSearchClient(this);
            Export = new SekoiaExportClient(this);
        }

        public override string Vendor => "Sekoia.io";

        /// <summary>The region connected to, or null when an explicit address was given.</summary>
        public SekoiaRegion? Region { get; }

        /// <summary>Who the key belongs to, as /v1/me tells it; set by <see cref="VerifyAsync"/>.</summary>
        public override string? User => _user;

        internal RequestRateLimiter RateLimiter { get; }

        internal SekoiaSearchClient Search { get; }

        internal SekoiaExportClient Export { get; }

        /// <summary>Checks the key with GET /v1/me and remembers who it belongs to; a wrong address fails at once.</summary>
        public async Task VerifyAsync(OperationLog log, CancellationToken cancellationToken)
        {
            const string Action = "checking the API key";
            JsonDocument me;
            try
            {
                using var response = await SendCoreAsync(HttpMethod.Get, "/v1/me", null, failFast: true, log, cancellationToken).ConfigureAwait(false);
                me = await SekoiaJson.ReadAsync(response, Action, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException error) when (error.StatusCode == 404)
            {
                throw new FeedException(
                    "SekoiaApiNotFound",
                    FeedErrorCategory.ObjectNotFound,
                    $"There is no Sekoia.io API at {BaseUri} ({error.RequestUrl} returned 404): the address is wrong. Give -Region, or an -ApiBaseUri that ends with the API's root, such as https://app.fra2.sekoia.io/api.",
                    error)
                {
                    Target = BaseUri,
                };
            }
            catch (ApiException error)
            {
                throw SekoiaErrors.FromApi(error, Action);
            }

            using (me)
            {
                _user = SekoiaJson.DescribeUser(me.RootElement);
            }

            log.Verbose($"Sekoia.io API key belongs to {User}.");
        }

        public override string ToString() => User is null ? base.ToString() : $"{Vendor} {BaseUri} as {User}";

        internal Uri UriOf(string pathAndQuery) => new Uri(BaseUri.AbsoluteUri.TrimEnd('/') + pathAndQuery);

        /// <summary>Sends an API request (bearer key, rate limit, retries); a failure becomes a Sekoia error saying what was being done.</summary>
        internal async Task<ApiResponse> SendAsync(HttpMethod method, string pathAndQuery, byte[]? jsonBody, string action, OperationLog log, CancellationToken cancellationToken)
        {
            try
            {
                return await SendCoreAsync(method, pathAndQuery, jsonBody, failFast: false, log, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException error)
            {
                throw SekoiaErrors.FromApi(error, action);
            }
        }

        internal async Task<JsonDocument> GetJsonAsync(string pathAndQuery, string action, OperationLog log, CancellationToken cancellationToken)
        {
            using var response = await SendAsync(HttpMethod.Get, pathAndQuery, null, action, log, cancellationToken).ConfigureAwait(false);
            return await SekoiaJson.ReadAsync(response, action, cancellationToken).ConfigureAwait(false);
        }

        internal async Task<JsonDocument> PostJsonAsync(string path, byte[] jsonBody, string action, OperationLog log, CancellationToken cancellationToken)
        {
            using var response = await SendAsync(HttpMethod.Post, path, jsonBody, action, log, cancellationToken).ConfigureAwait(false);
            return await SekoiaJson.ReadAsync(response, action, cancellationToken).ConfigureAwait(false);
        }

        private Task<ApiResponse> SendCoreAsync(HttpMethod method, string pathAndQuery, byte[]? jsonBody, bool failFast, OperationLog log, CancellationToken cancellationToken)
        {
            EnsureOpen();
            var request = new ApiRequest(method, UriOf(pathAndQuery))
            {
                BeforeSend = RateLimiter.WaitAsync,
                AfterSend = RateLimiter.Release,
                Authorize = message => message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecretText.Reveal(_apiKey)),
                Content = jsonBody is null ? null : () => JsonContent(jsonBody),
                FailFastWhenUnreachable = failFast,
            };
            return Pipeline.SendAsync(request, log, cancellationToken);
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
