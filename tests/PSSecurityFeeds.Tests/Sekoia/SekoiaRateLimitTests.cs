using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Emulator.Infrastructure;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Sekoia;

public sealed class SekoiaRateLimitTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly SekoiaTestContext _context;

    public SekoiaRateLimitTests(EmulatorFixture emulator) => _context = new SekoiaTestContext(emulator);

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task A_429_is_retried_after_its_retry_after()
    {
        var job = _context.DoneJob(5);
        _context.Emulator.Server.Faults.Enqueue("sekoia.jobs.get", Fault.WithStatus(429, "0", """{"message":"Too many requests"}"""));

        var read = await _context.Session.Search.GetAsync(job.Uuid, _context.Log, CancellationToken.None);

        Assert.Equal(SekoiaJobStatus.Done, read.Status);
        Assert.Equal(2, _context.Requests.For("sekoia.jobs.get").Count);
    }

    [Fact]
    public async Task The_client_keeps_under_five_requests_a_second_so_the_api_never_refuses()
    {
        _context.Tenant.Settings.RequestsPerSecond = 5;
        using var session = _context.CreateSession(_context.Tenant.Settings.ApiKey, limiter: null); // the shipped limiter
        var job = _context.DoneJob(5);
        var log = session.CreateLog();
        await session.VerifyAsync(log, CancellationToken.None); // warm the server up: a cold first request would bunch the next ones on arrival

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => session.Search.GetAsync(job.Uuid, log, CancellationToken.None)));

        var times = _context.Requests.For("sekoia.jobs.get").Select(r => r.ReceivedAt).OrderBy(t => t).ToList();
        Assert.Equal(12, times.Count); // no 429 retries
        Assert.Equal(0, _context.Tenant.RateLimit.Refused);
        for (var i = 5; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 5] >= TimeSpan.FromSeconds(1), $"requests {i - 5} and {i} were {(times[i] - times[i - 5]).TotalMilliseconds:0} ms apart");
        }
    }

    [Fact]
    public async Task The_limiter_lets_a_request_through_only_a_window_after_the_fifth_before_it_was_answered()
    {
        var window = TimeSpan.FromMilliseconds(400);
        using var limiter = new RequestRateLimiter(5, window);
        var clock = Stopwatch.StartNew();
        var granted = new List<TimeSpan>();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            await limiter.WaitAsync(CancellationToken.None);
            lock (granted)
            {
                granted.Add(clock.Elapsed); // read before Release, so grant i+5 came at least a window after this
            }

            limiter.Release();
        }));

        granted.Sort();
        Assert.Equal(16, granted.Count);
        for (var i = 5; i < granted.Count; i++)
        {
            Assert.True(granted[i] - granted[i - 5] >= window - TimeSpan.FromMilliseconds(1), $"grants {i - 5} and {i} were {(granted[i] - granted[i - 5]).TotalMilliseconds:0} ms apart");
        }
    }

    [Fact]
    public async Task Requests_in_flight_hold_their_permits_until_answered()
    {
        using var limiter = new RequestRateLimiter(5, TimeSpan.FromMilliseconds(100));
        for (var i = 0; i < 5; i++)
        {
            await limiter.WaitAsync(CancellationToken.None);
        }

        var sixth = limiter.WaitAsync(CancellationToken.None);
        await Task.Delay(300);
        Assert.False(sixth.IsCompleted, "a sixth request went out while five were unanswered");

        limiter.Release();
        await sixth.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancellation_ends_a_wait_for_a_permit()
    {
        using var limiter = new RequestRateLimiter(1, TimeSpan.FromSeconds(30));
        await limiter.WaitAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.WaitAsync(cancel.Token));
    }
}
