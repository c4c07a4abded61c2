using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Emulator.Infrastructure;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Faults;

/// <summary>The emulator's own machinery, which every vendor test leans on, checked with a bare HttpClient.</summary>
public sealed class FaultInjectionTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly HttpClient _client = new();

    public FaultInjectionTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
        _client.BaseAddress = emulator.BaseUri;
    }

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Health_answers_on_loopback()
    {
        Assert.Equal("127.0.0.1", _emulator.BaseUri.Host);
        Assert.Contains("\"ok\"", await _client.GetStringAsync("/health"));
    }

    [Fact]
    public async Task Faults_apply_in_order_to_their_route_only()
    {
        _emulator.Server.Faults.Enqueue("echo", Fault.WithStatus(503, retryAfter: "7"), Fault.WithStatus(429));

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health")).StatusCode);
        var first = await _client.GetAsync("/_emulator/echo");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), first.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _client.GetAsync("/_emulator/echo")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/_emulator/echo")).StatusCode);
        Assert.Equal(0, _emulator.Server.Faults.Pending("echo"));
    }

    [Fact]
    public async Task Faults_can_be_planned_over_http()
    {
        var plan = new StringContent("[{\"status\":500,\"body\":\"planned\"}]", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/_emulator/faults/echo", plan)).StatusCode);

        var response = await _client.GetAsync("/_emulator/echo");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("planned", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_cut_body_breaks_after_the_planned_bytes()
    {
        _emulator.Server.Faults.Enqueue("stall", Fault.CutAfter(1000));

        using var response = await _client.GetAsync("/_emulator/stall?bytes=5000&stallMs=0", HttpCompletionOption.ResponseHeadersRead);
        using var body = await response.Content.ReadAsStreamAsync();
        var received = 0;
        var buffer = new byte[8192];

        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                received += read;
            }
        });

        Assert.Equal(1000, received);
    }

    [Fact]
    public async Task A_stalled_body_sends_the_planned_bytes_then_nothing_until_the_client_gives_up()
    {
        _emulator.Server.Faults.Enqueue("stall", Fault.StallAfter(1000));

        using var response = await _client.GetAsync("/_emulator/stall?bytes=5000&stallMs=0", HttpCompletionOption.ResponseHeadersRead);
        using var body = await response.Content.ReadAsStreamAsync();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var received = 0;
        var buffer = new byte[8192];

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            int read;
            while ((read = await body.ReadAsync(buffer, giveUp.Token)) > 0)
            {
                received += read;
            }
        });

        Assert.Equal(1000, received);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/_emulator/echo")).StatusCode); // the emulator goes on serving
    }

    [Fact]
    public async Task A_reset_fails_the_request()
    {
        _emulator.Server.Faults.Enqueue("echo", Fault.ResetConnection());

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.GetAsync("/_emulator/echo"));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/_emulator/echo")).StatusCode);
    }

    [Fact]
    public async Task A_delay_holds_the_answer_back()
    {
        _emulator.Server.Faults.Enqueue("echo", Fault.Delayed(TimeSpan.FromMilliseconds(400)));

        var started = DateTimeOffset.UtcNow;
        await _client.GetAsync("/_emulator/echo");

        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromMilliseconds(350));
    }

    [Fact]
    public async Task The_journal_records_what_was_sent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_emulator/echo?x=1");
        request.Headers.Add("X-Probe", "yes");
        await _client.SendAsync(request);

        var recorded = Assert.Single(_emulator.Server.Requests.For("echo"));
        Assert.Equal("/_emulator/echo?x=1", recorded.PathAndQuery);
        Assert.Equal("yes", recorded.Header("x-probe"));
    }
}
