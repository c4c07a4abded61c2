using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.State;
using PSSecurityFeeds.Emulator.Akamai;
using PSSecurityFeeds.Emulator.Infrastructure;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Akamai;

/// <summary>Nothing lost, nothing twice: checkpoints, broken bodies, retries and expired offsets.</summary>
public sealed class AkamaiSiemDeliveryTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private static readonly int[] Config = { 14227 };
    private readonly EmulatorFixture _emulator;
    private readonly AkamaiSiemState _state;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "psf-akamai-" + Guid.NewGuid().ToString("N"));
    private readonly string _checkpoint;

    public AkamaiSiemDeliveryTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
        _state = emulator.State();
        _state.Reset();
        _state.EventCount = 600;
        _state.CompressWhenAsked = false; // cut positions then count plain bytes
        Directory.CreateDirectory(_folder);
        _checkpoint = Path.Combine(_folder, "akamai.json");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private IEnumerable<string> Expected(int from, int to) => Enumerable.Range(from, to - from).Select(p => AkamaiTestKit.ExpectedLine(_state, p, Config));

    private IReadOnlyList<RecordedRequest> SiemRequests => _emulator.Server.Requests.For(AkamaiEmulatorModule.SiemRoute);

    private async Task<List<string>> RunAsync(AkamaiSiemQuery query, int? stopAfter = null, int maxRetries = 4, OperationLog? log = null)
    {
        using var session = AkamaiTestKit.Session(_emulator, maxRetries: maxRetries);
        var records = await session.CreateClient().ReadAllAsync(query, log ?? session.CreateLog(), stopAfter);
        return records.Select(r => r.RawLine!).ToList();
    }

    private AkamaiSiemCheckpoint ReadCheckpoint() => JsonSerializer.Deserialize<AkamaiSiemCheckpoint>(File.ReadAllText(_checkpoint))!;

    [Fact]
    public async Task Bodies_cut_at_many_positions_among_429s_and_500s_deliver_each_event_exactly_once()
    {
        var random = new Random(20240601);
        var faults = new List<Fault>();
        for (var i = 0; i < 30; i++)
        {
            faults.Add(Fault.CutAfter(random.Next(1, 250_000)));
            if (i % 3 == 0)
            {
                faults.Add(Fault.WithStatus(i % 2 == 0 ? 429 : 500, retryAfter: "0", body: File.ReadAllText(RepositoryPaths.Fixture("akamai-siem", "examples", i % 2 == 0 ? "siem-429.json" : "siem-500.json"))));
            }
        }

        _emulator.Server.Faults.Enqueue(AkamaiEmulatorModule.SiemRoute, faults.ToArray());
        // Most cuts land inside what was already delivered, so many breaks in a row bring nothing new: allow for that.
        var delivered = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 150, Drain = true, Raw = true, CheckpointPath = _checkpoint }, maxRetries: 40);

        Assert.Equal(0, _emulator.Server.Faults.Pending(AkamaiEmulatorModule.SiemRoute));
        Assert.Equal(Expected(0, 600), delivered);
        Assert.True(SiemRequests.Count > 40, $"only {SiemRequests.Count} requests: the faults were not all exercised");
        Assert.Equal(0, ReadCheckpoint().DeliveredLines);
    }

    [Fact]
    public async Task A_cut_inside_the_context_line_or_right_after_an_event_is_recovered()
    {
        var length = Expected(0, 600).Sum(l => l.Length + 1);
        _emulator.Server.Faults.Enqueue(AkamaiEmulatorModule.SiemRoute, Fault.CutAfter(length + 10), Fault.CutAfter(length), Fault.CutAfter(Expected(0, 1).Single().Length + 1));

        var delivered = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 600000, Raw = true });

        Assert.Equal(Expected(0, 600), delivered);
        Assert.Equal(4, SiemRequests.Count);
    }

    [Fact]
    public async Task Checkpoint_advances_per_response_and_the_next_run_continues_where_it_stopped()
    {
        var first = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Raw = true, CheckpointPath = _checkpoint });
        var saved = ReadCheckpoint();
        var second = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 600000, Drain = true, Raw = true, CheckpointPath = _checkpoint });

        Assert.Equal(Expected(0, 600), first.Concat(second));
        Assert.Equal(Config, saved.ConfigIds);
        Assert.NotNull(saved.Offset);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(_state.TimeOf(first.Count - 1).ToUnixTimeSeconds()), DateTimeOffset.FromUnixTimeSeconds(saved.LastEventTime!.Value.ToUnixTimeSeconds()));
        Assert.Contains(Uri.EscapeDataString(saved.Offset!), SiemRequests[1].PathAndQuery);
        Assert.DoesNotContain(AkamaiSiemState.ClientSecret, File.ReadAllText(_checkpoint));
        Assert.DoesNotContain(AkamaiSiemState.AccessToken, File.ReadAllText(_checkpoint));
    }

    [Fact]
    public async Task The_checkpoint_moves_only_once_the_consumer_has_taken_the_last_event_of_a_response()
    {
        using var session = AkamaiTestKit.Session(_emulator);
        var client = session.CreateClient();
        var seen = 0;
        var firstResponseSize = -1;
        await foreach (var record in client.ReadAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Drain = true, Raw = true, CheckpointPath = _checkpoint }, session.CreateLog(), default))
        {
            seen++;
            if (firstResponseSize < 0 && client.Progress.Responses == 0)
            {
                // While the consumer holds an event of the first response, nothing of it is recorded yet.
                Assert.False(File.Exists(_checkpoint), $"the checkpoint was written while event {seen} was being delivered");
                continue;
            }

            if (firstResponseSize < 0)
            {
                firstResponseSize = seen - 1;
                var saved = ReadCheckpoint();
                Assert.Equal(0, saved.DeliveredLines);
                Assert.Contains(Uri.EscapeDataString(saved.Offset!), SiemRequests[1].PathAndQuery); // it is the offset the second request used
            }
        }

        Assert.InRange(firstResponseSize, 200, 202);
        Assert.Equal(600, seen);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(77)]
    [InlineData(199)]
    public async Task A_run_stopped_mid_response_records_what_it_delivered_and_the_next_run_skips_exactly_that(int stopAfter)
    {
        var first = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Raw = true, CheckpointPath = _checkpoint }, stopAfter);
        Assert.Equal(stopAfter, ReadCheckpoint().DeliveredLines);
        var second = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Drain = true, Raw = true, CheckpointPath = _checkpoint });

        Assert.Equal(Expected(0, 600), first.Concat(second));
        Assert.Equal(SiemRequests[0].PathAndQuery, SiemRequests[1].PathAndQuery); // the same response asked for again
    }

    [Fact]
    public async Task A_resent_response_that_differs_from_what_was_delivered_is_reported()
    {
        await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Raw = true, CheckpointPath = _checkpoint }, stopAfter: 5);
        var saved = ReadCheckpoint();
        saved.DeliveredHash = "0123456789abcdef"; // as if the API had sent other events the first time
        File.WriteAllText(_checkpoint, JsonSerializer.Serialize(saved));
        using var session = AkamaiTestKit.Session(_emulator);
        var log = session.CreateLog();

        var rest = await session.CreateClient().ReadAllAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Raw = true, CheckpointPath = _checkpoint }, log);

        Assert.Equal(AkamaiTestKit.ExpectedLine(_state, 5, Config), rest[0].RawLine);
        Assert.Contains(log.Drain(), e => e.Level == LogLevel.Warning && e.Message.Contains("different first 5 events"));
    }

    [Fact]
    public async Task A_second_run_on_the_same_checkpoint_gets_a_clear_error()
    {
        using var held = CheckpointFile<AkamaiSiemCheckpoint>.Open(_checkpoint);
        var error = await Assert.ThrowsAsync<FeedException>(() => RunAsync(new AkamaiSiemQuery { ConfigIds = Config, CheckpointPath = _checkpoint }));

        Assert.Equal("CheckpointLocked", error.ErrorId);
        Assert.Empty(SiemRequests);
    }

    [Fact]
    public async Task A_checkpoint_of_other_configurations_is_refused()
    {
        await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 10, CheckpointPath = _checkpoint });
        var error = await Assert.ThrowsAsync<FeedException>(() => RunAsync(new AkamaiSiemQuery { ConfigIds = new[] { 14227, 14228 }, CheckpointPath = _checkpoint }));

        Assert.Equal("AkamaiCheckpointConfigMismatch", error.ErrorId);
        Assert.Single(SiemRequests);
    }

    [Fact]
    public async Task An_expired_offset_is_replayed_by_time_from_the_last_delivered_event_then_continues_by_offset()
    {
        var first = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Raw = true, CheckpointPath = _checkpoint });
        var lastTime = ReadCheckpoint().LastEventTime!.Value;
        await Task.Delay(5);
        _state.OffsetsValidAfter = _emulator.Server.Clock.UtcNow; // every offset issued so far is now too old
        using var session = AkamaiTestKit.Session(_emulator);
        var log = session.CreateLog();

        var second = (await session.CreateClient().ReadAllAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 250, Drain = true, Raw = true, CheckpointPath = _checkpoint }, log)).Select(r => r.RawLine!).ToList();

        var replayFrom = (int)_state.FirstAtOrAfter(DateTimeOffset.FromUnixTimeSeconds(lastTime.ToUnixTimeSeconds()));
        Assert.Equal(Expected(replayFrom, 600), second);
        Assert.True(replayFrom <= first.Count, "nothing may be lost between the runs");
        Assert.Contains(log.Drain(), e => e.Level == LogLevel.Warning && e.Message.Contains("416"));
        var requests = SiemRequests.Skip(1).Select(r => r.PathAndQuery).ToList();
        Assert.Contains("offset=", requests[0]);
        Assert.Contains($"from={lastTime.ToUnixTimeSeconds()}", requests[1]);
        Assert.DoesNotContain("offset=", requests[1]);
        Assert.All(requests.Skip(2), r => Assert.Contains("offset=", r));
    }

    [Fact]
    public async Task An_offset_that_expires_right_after_it_was_issued_fails_instead_of_replaying_in_a_loop()
    {
        _state.OffsetLifetime = TimeSpan.FromMilliseconds(-1); // every offset is expired as soon as it is issued
        var error = await Assert.ThrowsAsync<FeedException>(() => RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 100, Drain = true, Raw = true, CheckpointPath = _checkpoint }));

        Assert.Equal("AkamaiOffsetExpired", error.ErrorId);
        Assert.Equal(2, SiemRequests.Count);
        Assert.NotNull(ReadCheckpoint().Offset); // the first response was delivered and recorded
    }
}
