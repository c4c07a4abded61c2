using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Core.Vocabulary;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Sekoia;

public sealed class SekoiaSearchJobTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly SekoiaTestContext _context;

    public SekoiaSearchJobTests(EmulatorFixture emulator) => _context = new SekoiaTestContext(emulator);

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task Start_sends_the_query_with_iso_utc_times_and_returns_the_job()
    {
        _context.Tenant.Settings.JobDuration = TimeSpan.FromMinutes(10);
        var earliest = new DateTimeOffset(2025, 3, 1, 10, 30, 0, TimeSpan.FromHours(2));
        var request = SekoiaSearchRequest.Create("user.name:alice", new PointInTime(earliest), new PointInTime(new DateTime(2025, 3, 2, 0, 0, 0, DateTimeKind.Utc)), Now);

        var job = await _context.Session.Search.StartAsync(request, _context.Log, CancellationToken.None);

        var stored = Assert.Single(_context.Tenant.Jobs.Values);
        Assert.Equal(stored.Uuid, job.Uuid);
        Assert.Equal("2025-03-01T08:30:00Z", stored.Earliest);
        Assert.Equal("2025-03-02T00:00:00Z", stored.Latest);
        Assert.Equal("user.name:alice", job.Query);
        Assert.Equal(SekoiaJobStatus.NotStarted, job.Status);
        Assert.NotNull(job.CreatedAt);
    }

    [Theory]
    [InlineData("-30d", "now")]
    [InlineData("-2h", "-1h")]
    [InlineData("-1w", "-15m")]
    public async Task Relative_times_are_sent_as_given(string earliest, string latest)
    {
        var job = await _context.Session.Search.StartAsync(Request("*", earliest, latest), _context.Log, CancellationToken.None);

        Assert.Equal(earliest, job.Earliest);
        Assert.Equal(latest, job.Latest);
    }

    [Theory]
    [InlineData("-30x", "now", "InvalidTime", "such as -15m, -2h or -7d")]
    [InlineData("yesterday", "now", "InvalidTime", "such as -15m, -2h or -7d")]
    [InlineData("now", "-1d", "SekoiaInvalidTimeRange", "is not before")]
    [InlineData("2025-02-01", "2025-01-01", "SekoiaInvalidTimeRange", "is not before")]
    [InlineData("-999999d", "now", "TimeOutOfRange", "before the year 1")]
    public void Bad_times_are_refused_before_any_request(string earliest, string latest, string errorId, string advice)
    {
        var error = Assert.Throws<FeedException>(() => Request("*", earliest, latest));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Contains(advice, error.Message);
        Assert.Equal(0, _context.SekoiaRequestCount);
    }

    [Fact]
    public void A_range_wholly_in_the_future_is_refused_before_any_request()
    {
        var error = Assert.Throws<FeedException>(() => SekoiaSearchRequest.Create("*", new PointInTime(Now.AddHours(1)), new PointInTime(Now.AddHours(2)), Now));

        Assert.Equal("SekoiaTimeRangeInFuture", error.ErrorId);
        Assert.Equal(FeedErrorCategory.InvalidArgument, error.Category);
        Assert.Equal(0, _context.SekoiaRequestCount);
    }

    [Fact]
    public async Task A_job_exposes_the_absolute_range_it_searched()
    {
        var job = await _context.Session.Search.StartAsync(Request("*", "-7d", "-1h"), _context.Log, CancellationToken.None);

        Assert.Equal(job.CreatedAt!.Value.AddDays(-7), job.EarliestTime);
        Assert.Equal(job.CreatedAt.Value.AddHours(-1), job.LatestTime);
        Assert.Equal(TimeSpan.Zero, job.EarliestTime!.Value.Offset);

        var absolute = await _context.Session.Search.StartAsync(Request("*", "2025-03-01T10:30:00+02:00", "2025-03-02"), _context.Log, CancellationToken.None);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 8, 30, 0, TimeSpan.Zero), absolute.EarliestTime);
        Assert.Equal(new DateTimeOffset(2025, 3, 2, 0, 0, 0, TimeSpan.Zero), absolute.LatestTime);
    }

    [Fact]
    public async Task Wait_yields_one_snapshot_per_poll_until_done()
    {
        var job = await _context.Session.Search.StartAsync(Request("emulator:total=1234"), _context.Log, CancellationToken.None);

        var snapshots = await SekoiaTestContext.CollectAsync(_context.Session.Search.WaitAsync(job.Uuid, SekoiaTestContext.FastPolling(), _context.Log, CancellationToken.None));

        Assert.Equal(_context.Requests.For("sekoia.jobs.get").Count - 1, snapshots.Count); // StartAsync read it once too
        Assert.True(snapshots.Count >= 3, $"expected several polls, got {snapshots.Count}");
        Assert.Equal(SekoiaJobStatus.Done, snapshots[^1].Status);
        Assert.Equal(1234, snapshots[^1].Total);
        Assert.All(snapshots.Take(snapshots.Count - 1), s => Assert.NotEqual(SekoiaJobStatus.Done, s.Status));
        Assert.Contains(snapshots, s => s.Status == SekoiaJobStatus.InProgress);
        Assert.NotNull(snapshots[^1].EndedAt);
    }

    [Fact]
    public async Task Wait_stops_at_the_timeout_naming_the_job_and_how_to_continue()
    {
        _context.Tenant.Settings.JobDuration = TimeSpan.FromMinutes(10);
        var job = await _context.Session.Search.StartAsync(Request("slow"), _context.Log, CancellationToken.None);

        var error = await Assert.ThrowsAsync<FeedException>(() => SekoiaTestContext.CollectAsync(
            _context.Session.Search.WaitAsync(job.Uuid, SekoiaTestContext.FastPolling(TimeSpan.FromMilliseconds(300)), _context.Log, CancellationToken.None)));

        Assert.Equal("SekoiaJobTimeout", error.ErrorId);
        Assert.Contains(job.Uuid, error.Message);
        Assert.Contains($"Wait-SekoiaSearchJob -Uuid {job.Uuid}", error.Message);
        Assert.Equal(job.Uuid, Assert.IsType<SekoiaSearchJob>(error.Target).Uuid);
    }

    [Theory]
    [InlineData("emulator:fail", "SekoiaJobFailed", "emulated engine failure")]
    [InlineData("emulator:cancel", "SekoiaJobCanceled", "canceled")]
    public async Task A_job_that_fails_or_is_canceled_ends_the_wait_with_its_details(string term, string errorId, string detail)
    {
        var job = await _context.Session.Search.StartAsync(Request(term), _context.Log, CancellationToken.None);

        var error = await Assert.ThrowsAsync<FeedException>(() => SekoiaTestContext.CollectAsync(_context.Session.Search.WaitAsync(job.Uuid, SekoiaTestContext.FastPolling(), _context.Log, CancellationToken.None)));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Contains(job.Uuid, error.Message);
        Assert.Contains(detail, error.Message);
        Assert.Contains(term, error.Message);
    }

    [Fact]
    public async Task Cancellation_stops_the_wait_at_once()
    {
        _context.Tenant.Settings.JobDuration = TimeSpan.FromMinutes(10);
        var job = await _context.Session.Search.StartAsync(Request("slow"), _context.Log, CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var polling = new SekoiaPolling { InitialInterval = TimeSpan.FromSeconds(30), MaxInterval = TimeSpan.FromSeconds(30) };

        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SekoiaTestContext.CollectAsync(_context.Session.Search.WaitAsync(job.Uuid, polling, _context.Log, cancel.Token)));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(25), "the 30 s poll interval was not cut short");
    }

    [Fact]
    public void The_poll_interval_grows_gently_from_one_to_five_seconds()
    {
        var polling = new SekoiaPolling();
        var intervals = new List<double> { polling.InitialInterval.TotalSeconds };
        for (var i = 0; i < 6; i++)
        {
            intervals.Add(polling.NextInterval(TimeSpan.FromSeconds(intervals[^1])).TotalSeconds);
        }

        Assert.Equal(new[] { 1, 1.5, 2.25, 3.375, 5, 5, 5 }, intervals.Select(i => Math.Round(i, 3)));
    }

    private static SekoiaSearchRequest Request(string query, string earliest = "-1d", string latest = "now") =>
        SekoiaSearchRequest.Create(query, new PointInTime(earliest), new PointInTime(latest), Now);
}
