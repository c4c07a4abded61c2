using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Http
{
    /// <summary>
    /// The one way the module sends HTTP: every vendor request goes through <see cref="SendAsync"/>, which
    /// retries 429, 5xx and connection failures with backoff (honouring Retry-After) within a budget,
    /// enforces the https-or-loopback rule and logs one redacted line per attempt.
    /// </summary>
    public sealed class HttpPipeline : IDisposable
    {
        /// <summary>The error id of a 407 from the proxy, whichever vendor was asked.</summary>
        public const string ProxyAuthenticationRequired = "ProxyAuthenticationRequired";

        private const int MaxErrorBodyBytes = 16 * 1024;

        private readonly HttpClient _client;
        private readonly Backoff _backoff;

        /// <summary>A pipeline with a redactor of its own, which the session on it registers its secrets with.</summary>
        public HttpPipeline(HttpPipelineOptions options)
            : this(options, new SecretRedactor())
        {
        }

        public HttpPipeline(HttpPipelineOptions options, SecretRedactor redactor)
        {
            options.Validate();
            Options = options;
            Redactor = redactor;
            // The proxy's password is a secret of the session like any other: registered before any request.
            Redactor.Add(options.EffectiveProxyCredential()?.Password);
            _backoff = new Backoff(options.InitialBackoff, options.MaxBackoff);
            _client = new HttpClient(CreateHandler(options), disposeHandler: true)
            {
                // Each attempt has its own timeout (see SendOnceAsync); the client must not add another.
                Timeout = Timeout.InfiniteTimeSpan,
            };
            _client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        }

        /// <summary>PSSecurityFeeds/&lt;module version&gt;, sent with every request.</summary>
        public static string UserAgent { get; } = "PSSecurityFeeds/" + typeof(HttpPipeline).Assembly.GetName().Version!.ToString(3);

        public HttpPipelineOptions Options { get; }

        public SecretRedactor Redactor { get; }

        /// <summary>
        /// Sends the request until it succeeds, fails for good or the retry budget is spent. A success is
        /// returned with its body unread; a failure throws <see cref="ApiException"/>. Cancellation ends a
        /// request or a backoff wait at once with OperationCanceledException.
        /// </summary>
        public async Task<ApiResponse> SendAsync(ApiRequest request, OperationLog log, CancellationToken cancellationToken)
        {
            EndpointPolicy.RequireSecure(request.Uri, "The request address");
            Redactor.AddFromUrl(request.Uri);
            var url = Redactor.RedactUrl(request.Uri);
            var maxAttempts = Options.MaxRetries + 1;
            var elapsed = Stopwatch.StartNew();

            for (var attempt = 1; ; attempt++)
            {
                if (request.BeforeSend is not null)
                {
                    await request.BeforeSend(cancellationToken).ConfigureAwait(false);
                }

                AttemptOutcome outcome;
                try
                {
                    outcome = await SendOnceAsync(request, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    request.AfterSend?.Invoke();
                }

                log.Verbose($"{request.Method} {url} -> {outcome.Describe()} in {outcome.Duration.TotalMilliseconds:0} ms (attempt {attempt} of {maxAttempts})");

                if (outcome.Response is { IsSuccessStatusCode: true } success)
                {
                    return new ApiResponse(success, Options.RequestTimeout, attempt);
                }

                var failure = await FailureOf(outcome, request, url, attempt).ConfigureAwait(false);
                if (!IsTransient(failure, request))
                {
                    throw failure;
                }

                if (request.FailFastWhenUnreachable && IsUnreachable(outcome.Error))
                {
                    throw Exhausted(failure, "not retried: the address looks wrong");
                }

                if (attempt == maxAttempts)
                {
                    throw Exhausted(failure, $"gave up after {attempt} attempts");
                }

                var delay = outcome.RetryAfter ?? _backoff.DelayBefore(attempt);
                if (elapsed.Elapsed + delay > Options.RetryBudget)
                {
                    throw Exhausted(failure, $"gave up after {attempt} attempts: waiting {delay.TotalSeconds:0.#} s more would pass the retry budget of {Options.RetryBudget.TotalSeconds:0} s");
                }

                log.Verbose($"Retrying {request.Method} {url} in {delay.TotalSeconds:0.###} s{(outcome.RetryAfter is null ? string.Empty : " (Retry-After)")}.");
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        public void Dispose() => _client.Dispose();

        private async Task<AttemptOutcome> SendOnceAsync(ApiRequest request, CancellationToken cancellationToken)
        {
            using var message = request.CreateMessage();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.RequestTimeout);
            var watch = Stopwatch.StartNew();
            try
            {
                var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                return AttemptOutcome.Responded(response, watch.Elapsed, RetryAfter.From(response, DateTimeOffset.UtcNow));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return AttemptOutcome.Failed($"no response within {Options.RequestTimeout.TotalSeconds:0.#} s", watch.Elapsed, isTimeout: true, error: null);
            }
            catch (HttpRequestException ex)
            {
                return AttemptOutcome.Failed("connection failed: " + Redactor.Redact(InnermostMessage(ex)), watch.Elapsed, isTimeout: false, error: ex);
            }
            catch (IOException ex)
            {
                return AttemptOutcome.Failed("connection failed: " + Redactor.Redact(ex.Message), watch.Elapsed, isTimeout: false, error: ex);
            }
        }

        private async Task<ApiException> FailureOf(AttemptOutcome outcome, ApiRequest request, string url, int attempt)
        {
            if (outcome.Response is not { } response)
            {
                var errorId = outcome.IsTimeout ? "HttpTimeout" : "HttpConnectionFailed";
                var category = outcome.IsTimeout ? FeedErrorCategory.OperationTimeout : FeedErrorCategory.ConnectionError;
                return new ApiException(errorId, category, $"{request.Method} {url}: {outcome.Describe()}.", null, string.Empty, url, attempt, outcome.Error);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                var body = Redactor.Redact(await ReadBoundedAsync(response).ConfigureAwait(false));
                var shown = body.Length > 500 ? body.Substring(0, 500) + "..." : body;
                var message = $"{request.Method} {url} returned {status} {response.ReasonPhrase}" + (shown.Length > 0 ? ": " + shown : ".");
                if (status == (int)HttpStatusCode.ProxyAuthenticationRequired)
                {
                    // The proxy's answer, not the vendor's: the same error for every vendor.
                    return new ApiException(ProxyAuthenticationRequired, FeedErrorCategory.AuthenticationError, message + " The proxy asks for credentials: give -ProxyCredential (or check it).", status, body, url, attempt);
                }

                return new ApiException("Http" + status, ApiException.CategoryOf(status), message, status, body, url, attempt);
            }
        }

        /// <summary>429, 500, 502, 503, 504 and no response at all are worth another try; the vendor may add more.</summary>
        private static bool IsTransient(ApiException failure, ApiRequest request) => failure.StatusCode switch
        {
            null or 429 or 500 or 502 or 503 or 504 => true,
            int status => request.IsTransientFailure?.Invoke(status, failure.ResponseBody) ?? false,
        };

        private static ApiException Exhausted(ApiException last, string why) =>
            new ApiException(last.ErrorId, last.Category, $"{last.Message} ({why}).", last.StatusCode, last.ResponseBody, last.RequestUrl, last.Attempts, last.InnerException);

        private static async Task<string> ReadBoundedAsync(HttpResponseMessage response)
        {
            try
            {
                using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                var buffer = new byte[MaxErrorBodyBytes];
                var filled = 0;
                int read;
                while (filled < buffer.Length && (read = await body.ReadAsync(buffer, filled, buffer.Length - filled).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                }

                return Encoding.UTF8.GetString(buffer, 0, filled).Trim();
            }
            catch (Exception ex) when (ex is IOException || ex is HttpRequestException)
            {
                return string.Empty; // the status says enough; a broken error body must not hide it
            }
        }

        /// <summary>
        /// No server at the address: the connection was refused, the name is unknown, there is no route, or TLS
        /// failed. Unlike a connection that broke mid-way, waiting does not help when the address is wrong.
        /// </summary>
        private static bool IsUnreachable(Exception? error)
        {
            for (var current = error; current is not null; current = current.InnerException)
            {
                if (current is AuthenticationException)
                {
                    return true;
                }

                if (current is SocketException socket)
                {
                    return socket.SocketErrorCode is SocketError.ConnectionRefused
                        or SocketError.HostNotFound
                        or SocketError.NoData
                        or SocketError.TryAgain
                        or SocketError.HostUnreachable
                        or SocketError.NetworkUnreachable
                        or SocketError.AddressNotAvailable;
                }
            }

            return false;
        }

        private static string InnermostMessage(Exception ex)
        {
            while (ex.InnerException is not null)
            {
                ex = ex.InnerException;
            }

            return ex.Message;
        }

        private static HttpMessageHandler CreateHandler(HttpPipelineOptions options)
        {
            var handler = new HttpClientHandler
            {
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                UseCookies = false,
            };
            var proxy = options.ParseProxy();
            if (proxy is not null)
            {
                handler.UseProxy = true;
                // An explicit proxy is used for every address, loopback included, so it can be tested against the emulator.
                handler.Proxy = new WebProxy(proxy) { Credentials = options.EffectiveProxyCredential(), BypassProxyOnLocal = false };
            }

            return handler;
        }

        /// <summary>What one attempt produced: a response (any status) or a failure to get one.</summary>
        private sealed class AttemptOutcome
        {
            private AttemptOutcome(HttpResponseMessage? response, TimeSpan duration, TimeSpan? retryAfter, string? failure, bool isTimeout, Exception? error)
            {
                Response = response;
                Duration = duration;
                RetryAfter = retryAfter;
                Failure = failure;
                IsTimeout = isTimeout;
                Error = error;
            }

            public HttpResponseMessage? Response { get; }

            public TimeSpan Duration { get; }

            public TimeSpan? RetryAfter { get; }

            public string? Failure { get; }

            public bool IsTimeout { get; }

            public Exception? Error { get; }

            public static AttemptOutcome Responded(HttpResponseMessage response, TimeSpan duration, TimeSpan? retryAfter) =>
                new AttemptOutcome(response, duration, retryAfter, null, false, null);

            public static AttemptOutcome Failed(string failure, TimeSpan duration, bool isTimeout, Exception? error) =>
                new AttemptOutcome(null, duration, null, failure, isTimeout, error);

            public string Describe() => Response is null ? Failure! : $"{(int)Response.StatusCode} {Response.ReasonPhrase}";
        }
    }
}
