using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Core.Vocabulary;
using PSSecurityFeeds.Emulator.Infrastructure;
using PSSecurityFeeds.Emulator.Sekoia;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Sekoia;

public sealed class SekoiaEventTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly SekoiaTestContext _context;

    public SekoiaEventTests(EmulatorFixture emulator) => _context = new SekoiaTestContext(emulator);

    public void Dispose() => _context.Dispose();

    private static SekoiaPaging FastPaging() => new() { EmptyPageDelay = TimeSpan.FromMilliseconds(10) };

    [Theory]
    [InlineData(2500, 3)]
    [InlineData(2000, 2)]
    [InlineData(7, 1)]
    public async Task Pages_of_1000_until_the_total_every_event_once_in_order(int total, int pages)
    {
        var job = _context.DoneJob(total);

        var events = await SekoiaTestContext.CollectAsync(_context.Session.Search.ReadEventsAsync(job.Uuid, new SekoiaPaging(), _context.Log, CancellationToken.None));

        Assert.Equal(total, events.Count);
        Assert.Equal(Enumerable.Range(0, total).Select(i => SekoiaEventSource.EventId(job.Uuid, i)), events.Select(e => e.Json.GetProperty("event").GetProperty("id").GetString()));
        Assert.Equal(Enumerable.Range(0, total).Select(i => (long)i), events.Select(e => e.Position));
        Assert.All(events, e => Assert.Equal(total, e.Total));
        var requests = _context.Requests.For("sekoia.jobs.events");
        Assert.Equal(pages, requests.Count);
        Assert.All(requests, r => Assert.Contains("limit=1000", r.PathAndQuery));
        Assert.Equal(Enumerable.Range(0, pages).Select(p => $"offset={p * 1000}"), requests.Select(r => r.PathAndQuery[r.PathAndQuery.IndexOf("offset=", StringComparison.Ordinal)..]));
    }

    [Fact]
    public async Task An_empty_page_before_the_total_is_retried_not_taken_as_the_end()
    {
        var job = _context.DoneJob(2500);
        _context.Tenant.Settings.EmptyPagesAt[1000] = 1;

        var events = await SekoiaTestContext.CollectAsync(_context.Session.Search.ReadEventsAsync(job.Uuid, FastPaging(), _context.Log, CancellationToken.None));

        Assert.Equal(2500, events.Select(e => e.Json.GetProperty("event").GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(2500, events.Count);
        Assert.Equal(2, _context.Requests.For("sekoia.jobs.events").Count(r => r.PathAndQuery.EndsWith("offset=1000", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_page_that_fails_or_breaks_off_is_read_again_and_no_event_comes_twice()
    {
        var job = _context.DoneJob(2500);
        _context.Emulator.Server.Faults.Enqueue("sekoia.jobs.events", Fault.WithStatus(503, "0"));
        _context.Emulator.Server.Faults.Enqueue("sekoia.jobs.events", Fault.CutAfter(20_000));

        var events = await SekoiaTestContext.CollectAsync(_context.Session.Search.ReadEventsAsync(job.Uuid, FastPaging(), _context.Log, CancellationToken.None));

        Assert.Equal(Enumerable.Range(0, 2500).Select(i => SekoiaEventSource.EventId(job.Uuid, i)), events.Select(e => e.Json.GetProperty("event").GetProperty("id").GetString()));
        Assert.Equal(0, _context.Emulator.Server.Faults.Pending("sekoia.jobs.events"));
    }

    [Fact]
    public async Task Empty_pages_past_the_retry_bound_end_with_an_error_naming_the_offset()
    {
        var job = _context.DoneJob(1500);
        var paging = FastPaging();
        paging.EmptyPageRetries = 0;
        _context.Tenant.Settings.EmptyPagesAt[1000] = 1;

        var read = 0;
        var error = await Assert.ThrowsAsync<FeedException>(async () =>
        {
            await foreach (var _ in _context.Session.Search.ReadEventsAsync(job.Uuid, paging, _context.Log, CancellationToken.None))
            {
                read++;
            }
        });

        Assert.Equal("SekoiaEmptyPages", error.ErrorId);
        Assert.Contains("offset 1000", error.Message);
        Assert.Equal(1000, read);
    }

    [Fact]
    public async Task A_job_not_done_yet_is_refused_with_advice_before_paging()
    {
        _context.Tenant.Settings.JobDuration = TimeSpan.FromMinutes(10);
        var job = await _context.Session.Search.StartAsync(SekoiaSearchRequest.Create("slow", new PointInTime("-1d"), PointInTime.Now, DateTimeOffset.UtcNow), _context.Log, CancellationToken.None);

        var error = await Assert.ThrowsAsync<FeedException>(() => SekoiaTestContext.CollectAsync(_context.Session.Search.ReadEventsAsync(job.Uuid, new SekoiaPaging(), _context.Log, CancellationToken.None)));

        Assert.Equal("SekoiaJobNotDone", error.ErrorId);
        Assert.Contains("Wait-SekoiaSearchJob", error.Message);
        Assert.Empty(_context.Requests.For("sekoia.jobs.events"));
    }

    [Fact]
    public async Task A_page_size_over_the_api_maximum_is_refused_before_any_request()
    {
        var job = _context.DoneJob(10);

        var error = await Assert.ThrowsAsync<FeedException>(() => SekoiaTestContext.CollectAsync(_context.Session.Search.ReadEventsAsync(job.Uuid, new SekoiaPaging { PageSize = 1001 }, _context.Log, CancellationToken.None)));

        Assert.Equal("SekoiaInvalidPaging", error.ErrorId);
        Assert.Equal(0, _context.SekoiaRequestCount);
    }

    [Fact]
    public void Events_map_to_nested_values_like_ConvertFrom_Json()
    {
        using var json = System.Text.Json.JsonDocument.Parse("""{"a":1,"b":{"c":[1,2.5,"x",true,null,{"d":false}]},"big":12345678901234,"a":2}""");

        var mapped = (DictionaryMapper.Node)new DictionaryMapper().Map(json.RootElement)!;

        Assert.Equal(2L, mapped["a"]);
        Assert.Equal(12345678901234L, mapped["big"]);
        var list = Assert.IsType<ValueList<object?>>(((DictionaryMapper.Node)mapped["b"]!)["c"]);
        Assert.Equal(1L, list[0]);
        Assert.Equal(2.5, list[1]);
        Assert.Equal("x", list[2]);
        Assert.Equal(true, list[3]);
        Assert.Null(list[4]);
        Assert.Equal(false, ((DictionaryMapper.Node)list[5]!)["d"]);
    }

    /// <summary>The mapper as the module uses it, with dictionaries for PSCustomObjects.</summary>
    private sealed class DictionaryMapper : JsonObjectMapper
    {
        protected override object NewObject() => new Node();

        protected override void SetProperty(object target, string name, object? value) => ((Node)target)[name] = value;

        public sealed class Node : System.Collections.Generic.Dictionary<string, object?>
        {
        }
    }
}
