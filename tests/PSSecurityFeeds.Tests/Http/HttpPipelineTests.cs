using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Emulator.Infrastructure;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Http;

public sealed class HttpPipelineTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private const string Route = "echo";

    private readonly EmulatorFixture _emulator;
    private readonly SecretRedactor _redactor = new();
    private readonly HttpPipeline _pipeline;
    private readonly OperationLog _log;

    public HttpPipelineTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
        _pipeline = new HttpPipeline(FastRetries(), _redactor);
        _log = new OperationLog(_redactor);
    }

    public void Dispose() => _pipeline.Dispose();

    /// <summary>Retries with millisecond backoff so the tests stay fast; the behaviour is the same.</summary>
    internal static HttpPipelineOptions FastRetries() => new()
    {
        MaxRetries = 4,
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
        RetryBudget = TimeSpan.FromSeconds(30),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    private ApiRequest Echo(string query = "") => new(HttpMethod.Get, new Uri(_emulator.BaseUri, "/_emulator/echo" + query));

    private int EchoRequests => _emulator.Server.Requests.For(Route).Count;

    private List<LogEntry> Drain()
    {
        var entries = new List<LogEntry>();
        while (_log.TryTake(out var entry))
        {
            entries.Add(entry);
        }

        return entries;
    }

    [Fact]
    public async Task Sends_user_agent_and_asks_for_gzip_and_decodes_it()
    {
        using var response = await _pipeline.SendAsync(Echo(), _log, CancellationToken.None);
        using var json = await response.ReadJsonAsync(CancellationToken.None);

        var headers = json.RootElement.GetProperty("headers");
        Assert.Equal(HttpPipeline.UserAgent, headers.GetProperty("User-Agent").GetString());
        Assert.Matches(@"^PSSecurityFeeds/\d+\.\d+\.\d+$", HttpPipeline.UserAgent);
        Assert.Contains("gzip", headers.GetProperty("Accept-Encoding").GetString());
        Assert.Equal("/_emulator/echo", json.RootElement.GetProperty("path").GetString());
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(429)]
    public async Task Retries_server_errors_and_429_until_success(int status)
    {
        _emulator.Server.Faults.Enqueue(Route, Fault.WithStatus(status), Fault.WithStatus(status));

        using var response = await _pipeline.SendAsync(Echo(), _log, CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(3, response.Attempts);
        Assert.Equal(3, EchoRequests);
    }

    [Fact]
    public async Task Retries_a_reset_connection()
    {
        _emulator.Server.Faults.Enqueue(Route, Fault.ResetConnection());

        using var response = await _pipeline.SendAsync(Echo(), _log, CancellationToken.None);

        Assert.Equal(2, response.Attempts);
        Assert.Contains(Drain(), e => e.Message.Contains("connection failed", StringComparison.Ordinal) && e.Message.Contains("attempt 1 of 5", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(416)]
    public async Task Does_not_retry_other_client_errors(int status)
    {
        _emulator.Server.Faults.Enqueue(Route, Fault.WithStatus(status, body: "{\"detail\":\"nope\"}"));

        var error = await Assert.ThrowsAsync<ApiException>(() => _pipeline.SendAsync(Echo(), _log, CancellationToken.None));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal("Http" + status, error.ErrorId);
        Assert.Contains("nope", error.ResponseBody);
        Assert.Equal(1, EchoRequests);
    }

    [Fact]
    public async Task Vendor_hook_makes_a_400_transient()
    {
        using var pipeline = new HttpPipeline(FastRetries(), _redactor);
        _emulator.Server.Faults.Enqueue(Route, Fault.WithStatus(400, body: "{\"message\":\"Rate limit exceeded\"}"));
        var request = new ApiRequest(HttpMethod.Get, new Uri(_emulator.BaseUri, "/_emulator/echo"))
        {
            IsTransientFailure = (status, body) => status == 400 && body.Contains("Rate limit exceeded", StringComparison.Ordinal),
        };

        using var response = await pipeline.SendAsync(request, _log, CancellationToken.None);

        Assert.Equal(2, response.Attempts);
    }

    [Fact]
    public async Task Honours_retry_after_in_seconds()
    {
        _emulator.Server.Faults.Enqueue(Route, Fault.WithStatus(429, retryAfter: "1"));

        using var response = await _pipeline.SendAsync(Echo(), _log, CancellationToken.None);

        var requests = _emulator.Server.Requests.For(Route);
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(900), "the retry came before Retry-After allowed");
        Assert.Contains(Drain(), e => e.Message.Contains("in 1 s (Retry-After)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Honours_retry_after_as_an_http_date()
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(2);
        _emulator.Server.Faults.Enqueue(Route, Fault.WithStatus(503, retryAfter: at.ToString("r")));

        using var response = await _pipeline.SendAsync(Echo(), _log, CancellationToken.None);

        var requests = _emulator.Server.Requests.For(Route);
        // HTTP dates have whole seconds: the retry waits until the named second, not the backoff's milliseconds.
        Assert.True(requests[1].ReceivedAt >= at.AddSeconds(-1), "the retry came before the Retry-After date");
        Assert.Contains(Drain(), e => e.Message.Contains("(Retry-After)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gives_up_after_the_maximum_attempts()
    {
        var options = FastRetries();
        options.MaxRetries = 2;
        using var pipeline = new HttpPipeline(options, _redactor);
        _emulator.Server.Faults.Enqueue(Route, Enumerable.Repeat(Fault.WithStatus(503), 10).ToArray());

        var error = await Assert.ThrowsAsync<ApiException>(() => pipeline.SendAsync(Echo(), _log, CancellationToken.None));

        Assert.Equal(3, EchoRequests);
        Assert.Equal(503, error.StatusCode);
        Assert.Contains("gave up after 3 attempts", error.Message);
    }

    [Fact]
    public async Task Zero_retries_sends_once()
    {
        var options = FastRetries();
        options.MaxRetries = 0;
        using var pipeline = new HttpPipeline(options, _redactor);
        _emulator.Server.Faults.Enqueue(Route, Fault.WithStatus(500));

        await Assert.ThrowsAsync<ApiException>(() => pipeline.SendAsync(Echo(), _log, CancellationToken.None));

        Assert.Equal(1, EchoRequests);
    }

    [Fact]
    public async Task Stops_retrying_when_the_wait_would_pass_the_budget()
    {
        var options = FastRetries();
        options.RetryBudget = TimeSpan.FromSeconds(2);
        using var pipeline = new HttpPipeline(options, _redactor);
        _emulator.Server.Faults.Enqueue(Route, Fault.WithStatus(429, retryAfter: "60"));

        var error = await Assert.ThrowsAsync<ApiException>(() => pipeline.SendAsync(Echo(), _log, CancellationToken.None));

        Assert.Equal(1, EchoRequests);
        Assert.Equal(429, error.StatusCode);
        Assert.Contains("retry budget", error.Message);
    }

    [Fact]
    public async Task A_slow_response_times_out_and_is_retried()
    {
        var options = FastRetries();
        options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        using var pipeline = new HttpPipeline(options, _redactor);
        _emulator.Server.Faults.Enqueue(Route, Fault.Delayed(TimeSpan.FromSeconds(3)));

        using var response = await pipeline.SendAsync(Echo(), _log, CancellationToken.None);

        Assert.Equal(2, response.Attempts);
        Assert.Contains(Drain(), e => e.Message.Contains("no response within 0.3 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_that_stalls_fails_with_an_io_error()
    {
        var options = FastRetries();
        options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        using var pipeline = new HttpPipeline(options, _redactor);
        var request = new ApiRequest(HttpMethod.Get, new Uri(_emulator.BaseUri, "/_emulator/stall?bytes=100&stallMs=5000"));

        using var response = await pipeline.SendAsync(request, _log, CancellationToken.None);
        using var body = await response.OpenBodyAsync();
        var buffer = new byte[1000];
        var received = 0;

        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(received))) > 0)
            {
                received += read;
            }
        });

        Assert.Equal(100, received);
        Assert.Contains("stalled", error.Message);
    }

    [Fact]
    public async Task Cancellation_ends_a_backoff_wait_at_once()
    {
        _emulator.Server.Faults.Enqueue(Route, Fault.WithStatus(429, retryAfter: "120"));
        var options = FastRetries();
        options.RetryBudget = TimeSpan.FromMinutes(10);
        using var pipeline = new HttpPipeline(options, _redactor);
        using var cancel = new CancellationTokenSource();

        var send = pipeline.SendAsync(Echo(), _log, cancel.Token);
        await WaitUntil(() => EchoRequests == 1); // the 429 came back: the pipeline is now in its backoff wait
        cancel.Cancel();

        // Without cancellation the call would wait 120 s; a generous 20 s bound still proves it did not.
        var finished = await Task.WhenAny(send, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.Same(send, finished);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        Assert.Equal(1, EchoRequests);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }

    [Fact]
    public async Task Cancellation_ends_a_pending_request_at_once()
    {
        _emulator.Server.Faults.Enqueue(Route, Fault.Delayed(TimeSpan.FromSeconds(60)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var send = _pipeline.SendAsync(Echo(), _log, cancel.Token);

        var finished = await Task.WhenAny(send, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.Same(send, finished);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
    }

    [Fact]
    public async Task Logs_one_line_per_attempt_with_method_url_status_duration_and_attempt()
    {
        _emulator.Server.Faults.Enqueue(Route, Fault.WithStatus(503));

        using var response = await _pipeline.SendAsync(Echo("?page=2"), _log, CancellationToken.None);

        var attempts = Drain().Where(e => e.Message.StartsWith("GET ", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Matches(@"^GET http://127\.0\.0\.1:\d+/_emulator/echo\?page=2 -> 503 Service Unavailable in \d+ ms \(attempt 1 of 5\)$", attempts[0]);
        Assert.Matches(@"^GET http://127\.0\.0\.1:\d+/_emulator/echo\?page=2 -> 200 OK in \d+ ms \(attempt 2 of 5\)$", attempts[1]);
    }

    [Fact]
    public async Task Plain_http_to_a_remote_host_is_refused_before_sending()
    {
        var request = new ApiRequest(HttpMethod.Get, new Uri("http://siem.example.com/siem/v1/configs/1"));

        var error = await Assert.ThrowsAsync<FeedException>(() => _pipeline.SendAsync(request, _log, CancellationToken.None));

        Assert.Equal("InsecureEndpoint", error.ErrorId);
        Assert.Contains("https", error.Message);
        Assert.Empty(Drain());
    }

    [Fact]
    public async Task An_explicit_proxy_carries_the_request()
    {
        await using var proxy = await PSSecurityFeeds.Emulator.EmulatorServer.StartAsync();
        var options = FastRetries();
        options.ProxyUri = proxy.BaseUri.ToString();
        using var pipeline = new HttpPipeline(options, _redactor);

        using var response = await pipeline.SendAsync(Echo(), _log, CancellationToken.None);

        // The emulator answers proxied requests itself, so the request shows up in the proxy's journal only.
        var proxied = Assert.Single(proxy.Requests.For(Route));
        Assert.Equal(_emulator.BaseUri.Authority, proxied.Header("Host"));
        Assert.Equal(0, EchoRequests);
    }
}
