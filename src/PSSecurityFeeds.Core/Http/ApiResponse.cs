using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Core.Http
{
    /// <summary>A successful response whose body has not been read yet: vendor clients stream it.</summary>
    public sealed class ApiResponse : IDisposable
    {
        private readonly HttpResponseMessage _message;
        private readonly TimeSpan _readTimeout;

        internal ApiResponse(HttpResponseMessage message, TimeSpan readTimeout, int attempts)
        {
            _message = message;
            _readTimeout = readTimeout;
            Attempts = attempts;
        }

        public int StatusCode => (int)_message.StatusCode;

        public HttpResponseHeaders Headers => _message.Headers;

        public HttpContentHeaders ContentHeaders => _message.Content.Headers;

        /// <summary>How many attempts it took to get this response.</summary>
        public int Attempts { get; }

        /// <summary>The body, decompressed when the server sent Content-Encoding gzip/deflate; reads time out when the server stalls.</summary>
        public async Task<Stream> OpenBodyAsync()
        {
            var body = await _message.Content.ReadAsStreamAsync().ConfigureAwait(false);
            return new IdleTimeoutStream(body, _readTimeout);
        }

        /// <summary>Parses a small JSON body (a job, a token, a task) straight from the stream.</summary>
        public async Task<JsonDocument> ReadJsonAsync(CancellationToken cancellationToken)
        {
            using var body = await OpenBodyAsync().ConfigureAwait(false);
            return await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
        }

        public void Dispose() => _message.Dispose();
    }
}
