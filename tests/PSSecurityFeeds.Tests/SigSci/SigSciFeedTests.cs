using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Emulator.Infrastructure;
using PSSecurityFeeds.Emulator.SigSci;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.SigSci;

public sealed class SigSciFeedTests : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string FeedRoute = "sigsci.feed";

    private readonly EmulatorFixture _emulator;
    private readonly SigSciEmulatorState _state;
    private SigSciSession _session = null!;

    public SigSciFeedTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
        _state = emulator.Server.Get<SigSciEmulatorState>();
        _state.Reset();
    }

    public async Task InitializeAsync()
    {
        _session = await SigSciTestSessions.ConnectedAsync(_emulator);
        _emulator.Server.Requests.Clear();
    }

    public Task DisposeAsync()
    {
        _session.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Reads_every_request_of_the_window_as_rich_objects()
    {
        var (from, until) = SigSciTestSessions.RecentHour();
        var log = _session.CreateLog();

        var records = await SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until }), log);

        SigSciTestSessions.AssertEachOnce(records, 60 * _state.RequestsPerMinute);
        Assert.Equal(3, _emulator.Server.Requests.For(FeedRoute).Count); // 2,400 requests: pages of 1,000, 1,000 and 400
        var requests = records.Select(r => r.Request!).ToList();
        Assert.All(requests, r =>
        {
            Assert.Equal(SigSciEmulatorState.Corp, r.Corp);
            Assert.Equal("www", r.Site);
            Assert.InRange(r.Timestamp, from, until);
            Assert.Equal(2, r.HeadersIn["cookie"].Length); // repeated header, any case
            Assert.Equal(new[] { "a=1; Secure", "b=2; HttpOnly" }, r.HeadersOut["Set-Cookie"]);
            Assert.Equal("Host", r.HeadersIn.Keys.First());
            Assert.True(r.AdditionalFields.ContainsKey("edgeTrace")); // unknown fields are kept
            Assert.NotEqual(0, r.ResponseCode);
        });
        var tagged = requests.First(r => r.Tags.Count > 0);
        Assert.All(tagged.Tags, t => Assert.False(string.IsNullOrEmpty(t.Type) || string.IsNullOrEmpty(t.Location) || string.IsNullOrEmpty(t.Detector)));
        Assert.DoesNotContain(SigSciTestSessions.Drain(log), e => e.Level == LogLevel.Warning || e.Message.Contains(SigSciEmulatorState.ApiToken));
    }

    [Fact]
    public async Task The_tags_filter_reaches_the_feed()
    {
        var (from, until) = SigSciTestSessions.RecentHour(30);

        var records = await SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until, Tags = new[] { "SQLI", "XSS" } }), _session.CreateLog());

        Assert.NotEmpty(records);
        Assert.InRange(records.Count, 1, 30 * _state.RequestsPerMinute - 1);
        Assert.All(records, r => Assert.Contains(r.Request!.Tags, t => t.Type is "SQLI" or "XSS"));
        Assert.Contains("tags=SQLI%2CXSS", _emulator.Server.Requests.For(FeedRoute)[0].PathAndQuery);
    }

    [Fact]
    public async Task A_consumer_that_stalls_past_the_next_uri_lifetime_still_gets_every_request_once()
    {
        // 2 s, not less: the page asked for ahead opens a second connection, and on a busy 2-core machine the
        // in-process emulator has been seen to take 1.2 s to answer its first request.
        _state.NextTokenLifetime = TimeSpan.FromMilliseconds(2000);
        _state.RequestsPerMinute = 100; // 6,000 requests: 6 pages
        var (from, until) = SigSciTestSessions.RecentHour();
        var feed = Feed(new() { Sites = new[] { "www" }, From = from, Until = until, MemoryQueueLimit = 500 });
        var log = _session.CreateLog();
        var records = new List<SigSciFeedRecord>();
        long backlogAfterStall = 0;

        await foreach (var record in feed.ReadAsync(log, CancellationToken.None))
        {
            records.Add(record);
            if (records.Count == 1)
            {
                Thread.Sleep(TimeSpan.FromSeconds(5)); // the pipeline downstream is busy for two and a half lifetimes
            }
            else if (records.Count == 2)
            {
                backlogAfterStall = feed.Progress.Backlog;
            }
        }

        SigSciTestSessions.AssertEachOnce(records, 6000);
        Assert.Equal(6, _emulator.Server.Requests.For(FeedRoute).Count); // no page read twice: no next URI expired
        Assert.True(backlogAfterStall > 500, $"the backlog after the stall was {backlogAfterStall}; beyond 500 it must have spilled to disk");
        Assert.DoesNotContain(SigSciTestSessions.Drain(log), e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task An_expired_next_uri_reads_the_window_again_and_skips_what_was_delivered()
    {
        _state.NextTokenLifetime = TimeSpan.FromMilliseconds(1000);
        var (from, until) = SigSciTestSessions.RecentHour();
        _emulator.Server.Faults.Enqueue(FeedRoute, new Fault(), Fault.Delayed(TimeSpan.FromMilliseconds(2000))); // page 2 waits past the lifetime
        var log = _session.CreateLog();

        var records = await SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until }), log);

        SigSciTestSessions.AssertEachOnce(records, 60 * _state.RequestsPerMinute);
        var firstPages = _emulator.Server.Requests.For(FeedRoute).Where(r => r.PathAndQuery.Contains("from=", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, firstPages.Count);
        var warning = Assert.Single(SigSciTestSessions.Drain(log), e => e.Level == LogLevel.Warning);
        Assert.Contains("expired", warning.Message);
        Assert.Contains("1000 requests already delivered", warning.Message);
    }

    [Fact]
    public async Task A_next_uri_too_long_for_the_query_string_is_sent_as_a_form_body()
    {
        _state.NextTokenPadding = 6000;
        _state.MaxQueryLength = 4096;
        var (from, until) = SigSciTestSessions.RecentHour();

        var records = await SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until }), _session.CreateLog());

        SigSciTestSessions.AssertEachOnce(records, 60 * _state.RequestsPerMinute);
        var methods = _emulator.Server.Requests.For(FeedRoute).Select(r => r.Method).ToList();
        Assert.Equal(new[] { "GET", "GET", "POST", "POST" }, methods); // the 414 once, then straight to the form
    }

    [Fact]
    public async Task Several_sites_are_read_at_once_within_the_concurrency_limits()
    {
        _state.PageLatency = TimeSpan.FromMilliseconds(40);
        var (from, until) = SigSciTestSessions.RecentHour();
        var sites = SigSciEmulatorState.Sites.ToArray();

        var records = await SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = sites, From = from, Until = until }), _session.CreateLog());

        SigSciTestSessions.AssertEachOnce(records, sites.Length * 60 * _state.RequestsPerMinute);
        Assert.Equal(sites.OrderBy(s => s), records.Select(r => r.Site).Distinct().OrderBy(s => s));
        Assert.Equal(0, _state.Concurrency.Rejected);
        Assert.InRange(_state.Concurrency.MostPerCorp, 2, 5);
        Assert.InRange(_state.Concurrency.MostPerSite, 1, 2);
    }

    [Fact]
    public async Task Rate_limits_as_429_and_as_400_are_retried()
    {
        var (from, until) = SigSciTestSessions.RecentHour();
        _emulator.Server.Faults.Enqueue(
            FeedRoute,
            Fault.WithStatus(429, retryAfter: "0", body: "{\"message\":\"Too many requests\"}"),
            new Fault(),
            Fault.WithStatus(400, body: "{\"message\":\"Rate limit exceeded\"}"));

        var records = await SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until }), _session.CreateLog());

        SigSciTestSessions.AssertEachOnce(records, 60 * _state.RequestsPerMinute);
        Assert.Equal(5, _emulator.Server.Requests.For(FeedRoute).Count);
        Assert.Equal(0, _emulator.Server.Faults.Pending(FeedRoute));
    }

    [Fact]
    public async Task The_emulators_own_rate_limit_reported_as_400_is_backed_off_and_retried()
    {
        _state.FeedRequestsPerSecond = 1;
        var (from, until) = SigSciTestSessions.RecentHour(5);
        var sites = SigSciEmulatorState.Sites.Take(3).ToArray();
        var patient = new PSSecurityFeeds.Core.Http.HttpPipelineOptions { MaxRetries = 10, InitialBackoff = TimeSpan.FromMilliseconds(250), MaxBackoff = TimeSpan.FromSeconds(1) };
        using var session = SigSciTestSessions.Token(_emulator, options: patient);

        var records = await SigSciTestSessions.ReadAllAsync(new SigSciFeed(session, new SigSciFeedOptions { Sites = sites, From = from, Until = until }), session.CreateLog());

        SigSciTestSessions.AssertEachOnce(records, sites.Length * 5 * _state.RequestsPerMinute);
        Assert.True(_state.RateLimit.Refused > 0, "three sites at once must go over one request a second");
    }

    [Theory]
    [InlineData(30, 0, 60, "SigSciWindowNotWholeMinute")]
    [InlineData(0, 0, 2, "SigSciUntilTooRecent")]
    [InlineData(0, 24 * 60 + 6, 60, "SigSciFromTooOld")]
    [InlineData(0, 90, 90, "SigSciWindowEmpty")]
    public async Task Bad_windows_are_refused_before_any_request(int fromSeconds, int fromMinutesBack, int untilMinutesBack, string errorId)
    {
        var (from, until) = SigSciTestSessions.BrokenWindow(fromSeconds, fromMinutesBack, untilMinutesBack);

        var error = await Assert.ThrowsAsync<FeedException>(() => SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until, Rounding = SigSciWindowRounding.Exact }), _session.CreateLog()));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Empty(_emulator.Server.Requests.All);
    }

    [Fact]
    public async Task A_window_with_seconds_is_widened_to_whole_minutes_and_says_so()
    {
        var minute = SigSciWindow.FloorToMinute(DateTimeOffset.UtcNow);
        var (from, until) = (minute.AddMinutes(-30).AddSeconds(30), minute.AddMinutes(-10).AddSeconds(15));
        var log = _session.CreateLog();

        var records = await SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until }), log);

        var asked = Assert.Single(_emulator.Server.Requests.For("sigsci.feed"));
        Assert.Contains($"from={minute.AddMinutes(-30).ToUnixTimeSeconds()}&", asked.PathAndQuery);
        Assert.Contains($"until={minute.AddMinutes(-9).ToUnixTimeSeconds()}", asked.PathAndQuery);
        SigSciTestSessions.AssertEachOnce(records, 21 * _state.RequestsPerMinute);
        Assert.Contains(SigSciTestSessions.Drain(log), e => e.Message.Contains("whole minutes only") && e.Message.Contains(SigSciWindow.Format(from)));
    }

    [Fact]
    public async Task A_request_that_does_not_fit_the_model_is_reported_with_its_raw_json_and_the_rest_flows()
    {
        _state.MalformedEvery = 500;
        var (from, until) = SigSciTestSessions.RecentHour();

        var records = await SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until }), _session.CreateLog());

        Assert.Equal(60 * _state.RequestsPerMinute, records.Count);
        var bad = records.Where(r => r.Error is not null).ToList();
        Assert.Equal(Enumerable.Range(0, 60 * _state.RequestsPerMinute).Count(position => position % 500 == 0), bad.Count); // the emulator spoils every 500th position
        Assert.All(bad, r =>
        {
            Assert.Equal("SigSciRequestMalformed", r.Error!.ErrorId);
            Assert.Equal(r.Json, r.Error.Target);
            Assert.Contains("not-a-number", r.Json);
        });
    }

    [Fact]
    public async Task Raw_gives_the_json_of_each_request_as_the_feed_sent_it()
    {
        var (from, until) = SigSciTestSessions.RecentHour(5);

        var records = await SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until, Raw = true }), _session.CreateLog());

        Assert.Equal(5 * _state.RequestsPerMinute, records.Count);
        Assert.All(records, r =>
        {
            Assert.Null(r.Request);
            using var json = JsonDocument.Parse(r.Json);
            Assert.True(json.RootElement.TryGetProperty("headersIn", out _));
        });
    }

    [Fact]
    public async Task A_credential_refused_during_the_read_fails_with_a_clear_error()
    {
        var (from, until) = SigSciTestSessions.RecentHour(5);
        _emulator.Server.Faults.Enqueue(FeedRoute, Fault.WithStatus(401, body: "{\"message\":\"Not authorized\"}"));

        var error = await Assert.ThrowsAsync<FeedException>(() => SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until }), _session.CreateLog()));

        Assert.Equal("SigSciAuthenticationFailed", error.ErrorId);
        Assert.Contains("Connect-SigSci", error.Message);
        Assert.Single(_emulator.Server.Requests.For(FeedRoute));
    }

    [Fact]
    public async Task A_missing_site_fails_with_a_clear_error()
    {
        var (from, until) = SigSciTestSessions.RecentHour(5);

        var error = await Assert.ThrowsAsync<FeedException>(() => SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "nosuchsite" }, From = from, Until = until }), _session.CreateLog()));

        Assert.Equal("SigSciSiteNotFound", error.ErrorId);
    }

    [Fact]
    public async Task Without_a_window_the_last_full_hour_is_read()
    {
        var expected = SigSciWindow.DefaultAt(DateTimeOffset.UtcNow);

        var records = await SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, Raw = true }), _session.CreateLog());

        var first = _emulator.Server.Requests.For(FeedRoute)[0].PathAndQuery;
        Assert.Contains($"from={expected.FromUnixSeconds}&until={expected.UntilUnixSeconds}", first);
        Assert.Equal(0, expected.From.Minute);
        SigSciTestSessions.AssertEachOnce(records, 60 * _state.RequestsPerMinute);
    }

    [Fact]
    public async Task A_page_whose_body_breaks_off_before_its_head_is_fetched_again_without_duplicates()
    {
        AllowForCutConnections();
        var (from, until) = SigSciTestSessions.RecentHour();
        _emulator.Server.Faults.Enqueue(FeedRoute, new Fault(), Fault.CutAfter(10)); // the gzip header only

        var records = await SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until }), _session.CreateLog());

        SigSciTestSessions.AssertEachOnce(records, 60 * _state.RequestsPerMinute);
        Assert.Equal(new[] { 0, 1000, 2000 }, PagesAskedFor().Select(t => t.Cursor));
        Assert.True(PageCursors().Count(c => c == 1000) >= 2);
    }

    [Fact]
    public async Task The_next_page_is_asked_for_once_the_head_names_it_and_every_request_comes_once()
    {
        _state.PageLatency = TimeSpan.FromMilliseconds(20);
        var (from, until) = SigSciTestSessions.RecentHour();
        var log = _session.CreateLog();

        var records = await SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until }), log);

        SigSciTestSessions.AssertEachOnce(records, 60 * _state.RequestsPerMinute);
        Assert.Equal(new[] { 0, 1000, 2000 }, PagesAskedFor().Select(t => t.Cursor));
        Assert.DoesNotContain(SigSciTestSessions.Drain(log), e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task A_page_whose_body_breaks_after_its_head_drops_the_page_asked_for_ahead_and_follows_the_new_next_uri()
    {
        // The latency keeps the stale next page in flight while page 2 is fetched again, and gives the new next URI
        // a later issue time, so the two next URIs of page 3 differ.
        _state.PageLatency = TimeSpan.FromMilliseconds(50);
        AllowForCutConnections();
        var (from, until) = SigSciTestSessions.RecentHour();
        _emulator.Server.Faults.Enqueue(FeedRoute, new Fault(), Fault.CutAfter(20_000)); // page 2 breaks well after its head
        var log = _session.CreateLog();

        var records = await SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until }), log);

        SigSciTestSessions.AssertEachOnce(records, 60 * _state.RequestsPerMinute);
        Assert.True(PageCursors().Count(c => c == 1000) >= 2); // broken, then fetched again

        // The page followed is the one named by page 2 fetched again: its next token was issued after that request
        // arrived, while the stale one was issued by the broken first copy, before it.
        var requests = _emulator.Server.Requests.For(FeedRoute);
        var pageTwoAgainAt = requests.Last(r => NextOf(r.PathAndQuery) is { } next && SigSciNextToken.TryDecode(next)!.Cursor == 1000).ReceivedAt.ToUnixTimeMilliseconds();
        var followed = SigSciNextToken.TryDecode(NextOf(requests[^1].PathAndQuery)!)!;
        Assert.Equal(2000, followed.Cursor);
        Assert.True(followed.IssuedAtMs >= pageTwoAgainAt, "the stale next URI of the broken page was followed");

        // The stale request-ahead shows up too when it reached the emulator before the client dropped it; on a
        // loaded machine the client may drop it before it is even sent.
        Assert.InRange(PagesAskedFor().Count(t => t.Cursor == 2000), 1, 2);
        Assert.DoesNotContain(SigSciTestSessions.Drain(log), e => e.Level == LogLevel.Warning); // no window read again
    }

    [Fact]
    public async Task A_page_that_keeps_breaking_after_its_head_fails_and_leaves_no_request_in_flight()
    {
        _state.PageLatency = TimeSpan.FromMilliseconds(20);
        AllowForCutConnections();
        var (from, until) = SigSciTestSessions.RecentHour();
        // Every request after the first page breaks, the pages asked for ahead too (faults go to requests in arrival order).
        _emulator.Server.Faults.Enqueue(FeedRoute, new[] { new Fault() }.Concat(Enumerable.Repeat(Fault.CutAfter(20_000), 12)).ToArray());

        var error = await Assert.ThrowsAsync<FeedException>(() => SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until }), _session.CreateLog()));

        Assert.Equal("SigSciPageUnreadable", error.ErrorId);
        var requestsAtFailure = _emulator.Server.Requests.For(FeedRoute).Count;
        await Task.Delay(200);
        Assert.Equal(requestsAtFailure, _emulator.Server.Requests.For(FeedRoute).Count);
        Assert.Equal(new[] { 0, 1000, 2000 }, PagesAskedFor().Select(t => t.Cursor)); // page 3 asked for ahead, then dropped with the failure
        Assert.True(PageCursors().Count(c => c == 1000) >= 3);
    }

    [Theory]
    [InlineData("{\"next\":{\"uri\":\"\"}}")]
    [InlineData("{\"next\":{\"uri\":\"\"},\"data\":[{\"id\":\"a\"}")]
    [InlineData("<html>gateway hiccup</html>")]
    public async Task A_page_that_is_not_a_whole_feed_page_is_fetched_again(string body)
    {
        var (from, until) = SigSciTestSessions.RecentHour(5);
        _emulator.Server.Faults.Enqueue(FeedRoute, Fault.WithStatus(200, body: body));

        var records = await SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until }), _session.CreateLog());

        SigSciTestSessions.AssertEachOnce(records, 5 * _state.RequestsPerMinute);
        Assert.Equal(2, _emulator.Server.Requests.For(FeedRoute).Count);
    }

    [Fact]
    public async Task A_page_that_stays_unreadable_ends_the_read_with_a_clear_error()
    {
        var (from, until) = SigSciTestSessions.RecentHour(5);
        var broken = Fault.WithStatus(200, body: "{\"next\":{\"uri\":\"\"}}");
        _emulator.Server.Faults.Enqueue(FeedRoute, broken, broken, broken);

        var error = await Assert.ThrowsAsync<FeedException>(() => SigSciTestSessions.ReadAllAsync(Feed(new() { Sites = new[] { "www" }, From = from, Until = until }), _session.CreateLog()));

        Assert.Equal("SigSciPageUnreadable", error.ErrorId);
        Assert.Equal(3, _emulator.Server.Requests.For(FeedRoute).Count);
    }

    [Fact]
    public async Task Cancelling_stops_the_read_and_its_fetchers()
    {
        _state.PageLatency = TimeSpan.FromMilliseconds(100);
        var (from, until) = SigSciTestSessions.RecentHour();
        using var cancel = new CancellationTokenSource();
        var taken = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Feed(new() { Sites = SigSciEmulatorState.Sites.ToArray(), From = from, Until = until }).ReadAsync(_session.CreateLog(), cancel.Token))
            {
                if (++taken == 10)
                {
                    cancel.Cancel();
                }
            }
        });

        // A request already on the wire when the read was cancelled may reach the emulator a moment later on a loaded
        // machine; after that, a fetcher that went on would ask for a page every 100 ms.
        await Task.Delay(300);
        var requestsAfterCancel = _emulator.Server.Requests.For(FeedRoute).Count;
        await Task.Delay(700);
        Assert.Equal(requestsAfterCancel, _emulator.Server.Requests.For(FeedRoute).Count); // no fetcher goes on
        Assert.True(requestsAfterCancel < 3 * SigSciEmulatorState.Sites.Count);
    }

    private SigSciFeed Feed(SigSciFeedOptions options) => new(_session, options);

    /// <summary>
    /// The emulator counts a request whose body it cut until its handler has unwound, a moment after the client
    /// has let go of it and may already have sent the page again, next to the page it asked for ahead; the 429
    /// it would then answer (and the client retry) would make the journal's counts vary. The client's own limit
    /// of 2 per site is checked by the concurrency tests.
    /// </summary>
    private void AllowForCutConnections() => _state.MaxInFlightPerSite = SigSciConcurrencyLimiter.PerSite + 1;

    /// <summary>Where each feed request of the journal started in the window: 0 for a first page, else its next token's cursor.</summary>
    private IReadOnlyList<int> PageCursors() =>
        _emulator.Server.Requests.For(FeedRoute).Select(r => NextOf(r.PathAndQuery) is { } next ? SigSciNextToken.TryDecode(next)!.Cursor : 0).ToList();

    /// <summary>
    /// The pages asked for, once each however often they were sent (a body fetched again, a retry after a refused
    /// or dropped connection send the same URI), in the order first sent; a first page as cursor 0.
    /// </summary>
    private IReadOnlyList<(int Cursor, long IssuedAtMs)> PagesAskedFor() =>
        _emulator.Server.Requests.For(FeedRoute).Select(r => r.PathAndQuery).Distinct(StringComparer.Ordinal)
            .Select(uri => NextOf(uri) is { } next ? SigSciNextToken.TryDecode(next)! : null)
            .Select(t => t is null ? (0, 0L) : (t.Cursor, t.IssuedAtMs)).ToList();

    private static string? NextOf(string pathAndQuery)
    {
        var marker = pathAndQuery.IndexOf("next=", StringComparison.Ordinal);
        return marker < 0 ? null : pathAndQuery[(marker + "next=".Length)..];
    }
}
