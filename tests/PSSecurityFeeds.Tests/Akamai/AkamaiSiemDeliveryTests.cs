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

    private async Task<List<string>> RunAsync(AkamaiSiemQuery query, int? stopAfter = null, int maxRetries = 4, OperationLog? log = null, bool confirmLast = true)
    {
        using var session = AkamaiTestKit.Session(_emulator, maxRetries: maxRetries);
        var records = await session.CreateClient().ReadAllAsync(query, log ?? session.CreateLog(), stopAfter, confirmLast);
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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Lines_written_to_the_out_file_record_the_time_of_the_last_one_in_the_checkpoint(bool passThru)
    {
        // Without -PassThru no record is made of a line: the last line's time comes from a copy of its bytes, kept
        // while later lines are read into the buffers it came from.
        var outFile = Path.Combine(_folder, "akamai.ndjson");

        var handedOut = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 300, CheckpointPath = _checkpoint, OutFile = new OutFileOptions { Path = outFile }, PassThru = passThru });

        Assert.Equal(Expected(0, 300), File.ReadAllLines(outFile));
        Assert.Equal(passThru ? 300 : 0, handedOut.Count);
        var saved = ReadCheckpoint();
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(_state.TimeOf(299).ToUnixTimeSeconds()), DateTimeOffset.FromUnixTimeSeconds(saved.LastEventTime!.Value.ToUnixTimeSeconds()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_event_counts_once_the_consumer_has_taken_it_never_when_it_was_only_handed_out(bool confirmLast)
    {
        // The consumer stops with the last event of the first response in hand: a Select-Object -First says it took
        // it (confirmed), a stopped pipeline dropped it (not confirmed, so the next run must deliver it).
        var first = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Drain = true, Raw = true, CheckpointPath = _checkpoint }, stopAfter: 200, confirmLast: confirmLast);
        var saved = ReadCheckpoint();
        var second = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Drain = true, Raw = true, CheckpointPath = _checkpoint });

        Assert.Equal(confirmLast ? 200 : 199, saved.DeliveredLines);
        Assert.Equal(SiemRequests[0].PathAndQuery, SiemRequests[1].PathAndQuery);
        Assert.Equal(Expected(0, 600), first.Concat(second));
    }

    [Fact]
    public async Task Asking_for_the_next_event_after_a_response_moves_the_checkpoint_to_the_next_offset()
    {
        var first = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Drain = true, Raw = true, CheckpointPath = _checkpoint }, stopAfter: 203);
        var saved = ReadCheckpoint();

        Assert.InRange(saved.DeliveredLines, 1, 3); // the first response held 200 to 202 events; the rest are of the second
        Assert.Contains(Uri.EscapeDataString(saved.Offset!), SiemRequests[1].PathAndQuery); // it is the offset the second request used
        Assert.Equal(Expected(0, 203), first);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(77)]
    [InlineData(199)]
    public async Task A_run_stopped_mid_response_records_what_it_delivered_and_the_next_run_skips_exactly_that(int stopAfter)
    {
        var first = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Raw = true, CheckpointPath = _checkpoint }, stopAfter);
        var saved = ReadCheckpoint();
        var second = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Drain = true, Raw = true, CheckpointPath = _checkpoint });

        Assert.Equal(stopAfter, saved.DeliveredLines);
        Assert.Equal(200, saved.Limit);
        Assert.Equal(Expected(0, 600), first.Concat(second));
        Assert.Equal(SiemRequests[0].PathAndQuery, SiemRequests[1].PathAndQuery); // the same response asked for again
    }

    [Fact]
    public async Task A_response_interrupted_mid_way_is_asked_for_again_with_its_own_limit_whatever_limit_is_given_now()
    {
        var first = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 100, Raw = true, CheckpointPath = _checkpoint }, stopAfter: 50);
        var second = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 10, Drain = true, Raw = true, CheckpointPath = _checkpoint });

        Assert.Equal(Expected(0, 600), first.Concat(second));
        Assert.Equal(SiemRequests[0].PathAndQuery, SiemRequests[1].PathAndQuery);
        Assert.Contains("limit=10", SiemRequests[2].PathAndQuery); // after it, the new -Limit
    }

    [Fact]
    public async Task Within_a_response_progress_is_committed_in_batches_so_a_killed_run_still_moved_forward()
    {
        using (var session = AkamaiTestKit.Session(_emulator))
        {
            var query = new AkamaiSiemQuery { ConfigIds = Config, Limit = 600, Raw = true, CheckpointPath = _checkpoint, CommitPolicy = new CommitPolicy { MaxEvents = 50 } };
            var events = session.CreateClient().ReadAsync(query, session.CreateLog(), default).GetAsyncEnumerator();
            for (var taken = 0; taken < 130; taken++)
            {
                Assert.True(await events.MoveNextAsync());
            }

            // A killed run commits nothing more: what the checkpoint holds now is what it leaves.
            KillNow(_checkpoint);
            await events.DisposeAsync();
        }

        var left = JsonSerializer.Deserialize<AkamaiSiemCheckpoint>(File.ReadAllText(_checkpoint + ".killed"))!;
        Assert.Equal(100, left.DeliveredLines); // committed at 50 and 100 taken; the 130th is in hand, not yet counted
    }

    /// <summary>Keeps a copy of a checkpoint as a kill at this moment would leave it (the run holds the original locked).</summary>
    private static void KillNow(string checkpoint)
    {
        using var copy = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cp", $"\"{checkpoint}\" \"{checkpoint}.killed\"") { UseShellExecute = false })!;
        copy.WaitForExit();
    }

    [Fact]
    public async Task A_checkpoint_whose_hash_does_not_match_the_resent_response_is_refused_before_anything_is_delivered()
    {
        await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Raw = true, CheckpointPath = _checkpoint }, stopAfter: 5);
        var saved = ReadCheckpoint();
        saved.DeliveredHash = "0123456789abcdef"; // not the hash of the five events delivered
        File.WriteAllText(_checkpoint, JsonSerializer.Serialize(saved));
        var delivered = new List<string>();

        var error = await Assert.ThrowsAsync<FeedException>(async () => delivered.AddRange(await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Raw = true, CheckpointPath = _checkpoint })));

        Assert.Equal("CheckpointCorrupt", error.ErrorId);
        Assert.Contains("DeliveredHash:", error.Message);
        Assert.Contains("first 5 events", error.Message);
        Assert.Empty(delivered);
        Assert.Equal("0123456789abcdef", ReadCheckpoint().DeliveredHash); // left as it was, for a person to look at
    }

    [Fact]
    public async Task A_checkpoint_that_counts_more_events_than_the_response_holds_is_refused()
    {
        await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Raw = true, CheckpointPath = _checkpoint }, stopAfter: 5);
        var saved = ReadCheckpoint();
        saved.DeliveredLines = 250;
        File.WriteAllText(_checkpoint, JsonSerializer.Serialize(saved));

        var error = await Assert.ThrowsAsync<FeedException>(() => RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Drain = true, Raw = true, CheckpointPath = _checkpoint }));

        Assert.Equal("CheckpointCorrupt", error.ErrorId);
        Assert.Contains("DeliveredLines:", error.Message);
        Assert.Equal(2, SiemRequests.Count); // the offset did not move past events nobody received
    }

    public static IEnumerable<object[]> DamagedCheckpoints()
    {
        var future = DateTimeOffset.UtcNow.AddDays(1).ToString("o");
        yield return new object[] { "{\"ConfigIds\":null}", "ConfigIds" };
        yield return new object[] { "{\"ConfigIds\":[14227],\"Offset\":\" \"}", "Offset" };
        yield return new object[] { "{\"ConfigIds\":[14227],\"Offset\":\"a\",\"DeliveredLines\":5}", "DeliveredHash" };
        yield return new object[] { "{\"ConfigIds\":[14227],\"Offset\":\"a\",\"DeliveredLines\":5,\"DeliveredHash\":\"zz\"}", "DeliveredHash" };
        yield return new object[] { "{\"ConfigIds\":[14227],\"Offset\":\"a\",\"DeliveredLines\":-1}", "DeliveredLines" };
        yield return new object[] { "{\"ConfigIds\":[14227],\"Offset\":\"a\",\"DeliveredLines\":5,\"DeliveredHash\":\"0123456789abcdef\",\"Limit\":0}", "Limit" };
        yield return new object[] { $"{{\"ConfigIds\":[14227],\"Offset\":\"a\",\"LastEventTime\":\"{future}\"}}", "LastEventTime" };
        yield return new object[] { $"{{\"ConfigIds\":[14227],\"Offset\":\"a\",\"UpdatedAt\":\"{future}\"}}", "UpdatedAt" };
        yield return new object[] { "{\"ConfigIds\":[14227],\"Offset\":\"a\",\"OutFile\":{\"Path\":\"\",\"Length\":3}}", "OutFile" };
        yield return new object[] { "{\"ConfigIds\":[14228],\"Offset\":\"a\"}", "ConfigIds" };
        yield return new object[] { "{\"ConfigIds\":[14227],\"Offset\":", "the file" };
        yield return new object[] { string.Empty, "the file" };
    }

    [Theory]
    [MemberData(nameof(DamagedCheckpoints))]
    public async Task A_damaged_or_inconsistent_checkpoint_is_refused_naming_the_field_before_any_request(string content, string field)
    {
        File.WriteAllText(_checkpoint, content);

        var error = await Assert.ThrowsAsync<FeedException>(() => RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Drain = true, Raw = true, CheckpointPath = _checkpoint }));

        Assert.Equal("CheckpointCorrupt", error.ErrorId);
        Assert.Contains($"cannot be used: {field}:", error.Message);
        Assert.Contains("up to 12 hours", error.Message); // what deleting it costs
        Assert.Contains("LastEventTime", error.Message); // how to restart from a known time instead
        Assert.Empty(SiemRequests);
    }

    [Fact]
    public async Task A_checkpoint_holding_only_a_time_restarts_by_time_from_it_then_continues_by_offset()
    {
        var restartAt = _state.TimeOf(299);
        File.WriteAllText(_checkpoint, $"{{\"ConfigIds\":[14227],\"LastEventTime\":\"{restartAt:o}\"}}");

        var delivered = await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 200, Drain = true, Raw = true, CheckpointPath = _checkpoint });

        var from = (int)_state.FirstAtOrAfter(DateTimeOffset.FromUnixTimeSeconds(restartAt.ToUnixTimeSeconds()));
        Assert.Equal(Expected(from, 600), delivered);
        Assert.Contains($"from={restartAt.ToUnixTimeSeconds()}", SiemRequests[0].PathAndQuery);
        Assert.Contains("offset=", SiemRequests[1].PathAndQuery);
    }

    [Fact]
    public async Task A_second_run_on_the_same_checkpoint_gets_a_clear_error()
    {
        using var held = CheckpointFile<AkamaiSiemCheckpoint>.Open(_checkpoint, AkamaiSiemCheckpoint.RecoveryAdvice);
        var error = await Assert.ThrowsAsync<FeedException>(() => RunAsync(new AkamaiSiemQuery { ConfigIds = Config, CheckpointPath = _checkpoint }));

        Assert.Equal("CheckpointLocked", error.ErrorId);
        Assert.Empty(SiemRequests);
    }

    [Fact]
    public async Task A_checkpoint_of_other_configurations_is_refused()
    {
        await RunAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 10, CheckpointPath = _checkpoint });
        var error = await Assert.ThrowsAsync<FeedException>(() => RunAsync(new AkamaiSiemQuery { ConfigIds = new[] { 14227, 14228 }, CheckpointPath = _checkpoint }));

        Assert.Equal("CheckpointCorrupt", error.ErrorId);
        Assert.Contains("ConfigIds: it belongs to configuration(s) 14227, not 14227;14228", error.Message);
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
