using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Core.Http
{
    /// <summary>
    /// A request as a vendor client describes it. The pipeline builds a fresh message from it for every
    /// attempt, because a sent HttpRequestMessage cannot be sent again and a signature (EdgeGrid) must be
    /// made anew with a new timestamp and nonce.
    /// </summary>
    public sealed class ApiRequest
    {
        public ApiRequest(HttpMethod method, Uri uri)
        {
            Method = method;
            Uri = uri;
        }

        public HttpMethod Method { get; }

        public Uri Uri { get; }

        /// <summary>Makes the body for one attempt; null for a request without a body.</summary>
        public Func<HttpContent>? Content { get; init; }

        /// <summary>
        /// Awaited before every attempt, retries included, outside the attempt's timeout: a vendor with a
        /// request-rate limit (Sekoia: 5/s) waits for its turn here so retries count against the limit too.
        /// </summary>
        public Func<CancellationToken, Task>? BeforeSend { get; init; }

        /// <summary>
        /// Called after every attempt that <see cref="BeforeSend"/> let through, however it ended (response
        /// headers, failure, cancellation): a rate limiter counts a request until its answer came, because the
        /// server counts it when it arrives, which may be well after it was sent.
        /// </summary>
        public Action? AfterSend { get; init; }

        /// <summary>Sets headers and signs the message, once per attempt, just before it is sent.</summary>
        public Action<HttpRequestMessage>? Authorize { get; init; }

        /// <summary>
        /// A check made when connecting: a refused connection, an unknown host name or a failed TLS handshake is
        /// reported at once instead of retried, because the address is most likely wrong. Other failures (429,
        /// 5xx, a connection dropped mid-way, a timeout) are retried as usual.
        /// </summary>
        public bool FailFastWhenUnreachable { get; init; }

        /// <summary>
        /// Says whether a failed response other than 429/500/502/503/504 is worth retrying, from its status
        /// and (bounded) body: Signal Sciences reports rate limiting as a 400 with a message.
        /// </summary>
        public Func<int, string, bool>? IsTransientFailure { get; init; }

        internal HttpRequestMessage CreateMessage()
        {
            var message = new HttpRequestMessage(Method, Uri);
            if (Content is not null)
            {
                message.Content = Content();
            }

            Authorize?.Invoke(message);
            return message;
        }
    }
}
