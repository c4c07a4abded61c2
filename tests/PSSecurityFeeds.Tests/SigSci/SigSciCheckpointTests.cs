using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Core.State;
using PSSecurityFeeds.Emulator.SigSci;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.SigSci;

public sealed class SigSciCheckpointTests : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private readonly EmulatorFixture _emulator;
    private readonly SigSciEmulatorState _state;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sigsci-checkpoint-" + Guid.NewGuid().ToString("N"));
    private SigSciSession _session = null!;

    public SigSciCheckpointTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
        _state = emulator.Server.Get<SigSciEmulatorState>();
        _state.Reset();
        _state.RequestsPerMinute = 5;
    }

    private string CheckpointPath => Path.Combine(_folder, "sigsci.json");

    private IReadOnlyList<string> FeedRequests => _emulator.Server.Requests.For("sigsci.feed").Select(r => r.PathAndQuery).ToList();

    public async Task InitializeAsync()
    {
        _session = await SigSciTestSessions.ConnectedAsync(_emulator);
        _emulator.Server.Requests.Clear();
        Directory.CreateDirectory(_folder);
    }

    public Task DisposeAsync()
    {
        _session.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_run_continues_from_the_last_until_in_ten_minute_windows_up_to_five_minutes_ago()
    {
        var start = SigSciWindow.LatestUntil(DateTimeOffset.UtcNow).AddMinutes(-35);
        Save(new() { Corp = SigSciEmulatorState.Corp, Sites = { ["www"] = start } });

        var records = await SigSciTestSessions.ReadAllAsync(Feed("www"), _session.CreateLog());

        var saved = Load();
        var end = saved.Sites["www"];
        Assert.Equal(SigSciWindow.FloorToMinute(end), end);
        Assert.InRange(end, start.AddMinutes(35), SigSciWindow.LatestUntil(DateTimeOffset.UtcNow));
        Assert.Empty(saved.OpenWindows!);
        SigSciTestSessions.AssertEachOnce(records, (int)(end - start).TotalMinutes * _state.RequestsPerMinute);
        Assert.Equal(4, FeedRequests.Count); // 35+ minutes: 10, 10, 10 and the rest
        Assert.Contains($"from={start.ToUnixTimeSeconds()}&until={start.AddMinutes(10).ToUnixTimeSeconds()}", FeedRequests[0]);
        Assert.DoesNotContain(SigSciEmulatorState.ApiToken, File.ReadAllText(CheckpointPath));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(23, true)]
    [InlineData(23, false)]
    [InlineData(50, true)]
    [InlineData(50, false)]
    [InlineData(51, true)]
    public async Task A_run_stopped_in_a_window_records_the_requests_delivered_and_the_next_run_delivers_exactly_the_rest(int stopAfter, bool confirmLast)
    {
        var start = SigSciWindow.LatestUntil(DateTimeOffset.UtcNow).AddMinutes(-30);
        Save(new() { Corp = SigSciEmulatorState.Corp, Sites = { ["www"] = start } });

        var first = await TakeAsync(stopAfter, confirmLast);
        var saved = Load();
        var rest = await SigSciTestSessions.ReadAllAsync(Feed("www"), _session.CreateLog());

        var delivered = confirmLast ? stopAfter : stopAfter - 1;
        // 50 requests in each ten-minute window; a window is done once the consumer asked for more after its last request.
        var windowsDone = delivered == 0 ? 0 : (delivered - 1) / (10 * _state.RequestsPerMinute);
        Assert.Equal(start.AddMinutes(10 * windowsDone), saved.Sites["www"]);
        Assert.Equal(delivered - (windowsDone * 10 * _state.RequestsPerMinute), saved.OpenWindows!.TryGetValue("www", out var open) ? open.Delivered.Count : 0);
        SigSciTestSessions.AssertEachOnce(first.Concat(rest), (int)(Load().Sites["www"] - start).TotalMinutes * _state.RequestsPerMinute);
    }

    [Fact]
    public async Task Each_site_keeps_its_own_place()
    {
        var latest = SigSciWindow.LatestUntil(DateTimeOffset.UtcNow);
        Save(new() { Corp = SigSciEmulatorState.Corp, Sites = { ["www"] = latest.AddMinutes(-20) } });

        var records = await SigSciTestSessions.ReadAllAsync(Feed("www", "api"), _session.CreateLog());

        var saved = Load();
        Assert.Equal(saved.Sites["www"], saved.Sites["api"]);
        var wwwCount = records.Count(r => r.Site == "www");
        var apiCount = records.Count(r => r.Site == "api");
        Assert.Equal((int)(saved.Sites["www"] - latest.AddMinutes(-20)).TotalMinutes * _state.RequestsPerMinute, wwwCount);
        Assert.Equal(60 * _state.RequestsPerMinute, apiCount); // a site new to the checkpoint starts an hour before
    }

    [Fact]
    public async Task A_first_run_stopped_before_a_site_delivered_anything_keeps_where_that_site_starts()
    {
        var plannedBefore = SigSciWindow.DefaultAt(DateTimeOffset.UtcNow).From; // no checkpoint yet: the last full clock hour
        var feed = Feed("www", "api");

        var first = await StoppingConsumer.TakeAsync(feed.ReadAsync(_session.CreateLog(), CancellationToken.None), 1, true, feed.ConfirmTaken);
        var plannedAfter = SigSciWindow.DefaultAt(DateTimeOffset.UtcNow).From;
        var saved = Load();
        var rest = await SigSciTestSessions.ReadAllAsync(Feed("www", "api"), _session.CreateLog());

        // A later run sees a checkpoint and would start a site it does not hold an hour before its own now: a gap.
        var idle = Assert.Single(new[] { "www", "api" }, site => site != first[0].Site);
        var start = saved.Sites[idle];
        Assert.InRange(start, plannedBefore, plannedAfter);
        Assert.Equal(start, saved.Sites[first[0].Site]);
        var end = Load().Sites["www"];
        Assert.Equal(end, Load().Sites["api"]);
        SigSciTestSessions.AssertEachOnce(first.Concat(rest), 2 * (int)(end - start).TotalMinutes * _state.RequestsPerMinute);
    }

    [Fact]
    public async Task From_sets_where_sites_new_to_the_checkpoint_start_and_says_so_for_the_sites_it_already_holds()
    {
        var latest = SigSciWindow.LatestUntil(DateTimeOffset.UtcNow);
        Save(new() { Corp = SigSciEmulatorState.Corp, Sites = { ["www"] = latest.AddMinutes(-20) } });
        var log = _session.CreateLog();

        var records = await SigSciTestSessions.ReadAllAsync(Feed(new SigSciFeedOptions { Sites = new[] { "www", "api" }, From = latest.AddMinutes(-90), Until = latest, CheckpointPath = CheckpointPath }), log);

        Assert.Equal(20 * _state.RequestsPerMinute, records.Count(r => r.Site == "www"));
        Assert.Equal(90 * _state.RequestsPerMinute, records.Count(r => r.Site == "api"));
        var warning = Assert.Single(SigSciTestSessions.Drain(log), e => e.Level == LogLevel.Warning);
        Assert.Contains("'www': -From is not used for this site: the checkpoint continues it from", warning.Message);
        Assert.Equal(latest, Load().Sites["api"]); // -Until ends the run
    }

    [Fact]
    public async Task An_until_inside_the_window_a_run_stopped_in_is_refused_before_any_request()
    {
        var start = SigSciWindow.LatestUntil(DateTimeOffset.UtcNow).AddMinutes(-30);
        Save(new() { Corp = SigSciEmulatorState.Corp, Sites = { ["www"] = start }, OpenWindows = new() { ["www"] = new() { From = start, Until = start.AddMinutes(10), Delivered = { "a" } } } });
        _emulator.Server.Requests.Clear();

        var error = await Assert.ThrowsAsync<FeedException>(() => SigSciTestSessions.ReadAllAsync(Feed(new SigSciFeedOptions { Sites = new[] { "www" }, Until = start.AddMinutes(5), CheckpointPath = CheckpointPath }), _session.CreateLog()));

        Assert.Equal("SigSciUntilInsideCheckpointWindow", error.ErrorId);
        Assert.Empty(_emulator.Server.Requests.All);
    }

    [Fact]
    public async Task A_checkpoint_older_than_the_retention_warns_with_the_lost_minutes_and_continues_from_the_oldest()
    {
        var now = DateTimeOffset.UtcNow;
        var last = SigSciWindow.FloorToMinute(now).AddHours(-30);
        Save(new() { Corp = SigSciEmulatorState.Corp, Sites = { ["www"] = last } });
        var log = _session.CreateLog();

        var records = await SigSciTestSessions.ReadAllAsync(Feed("www"), log);

        var warning = Assert.Single(SigSciTestSessions.Drain(log), e => e.Level == LogLevel.Warning);
        var firstFrom = long.Parse(System.Text.RegularExpressions.Regex.Match(FeedRequests[0], "from=([0-9]+)").Groups[1].Value);
        var resumedAt = DateTimeOffset.FromUnixTimeSeconds(firstFrom);
        Assert.Contains($"The {(resumedAt - last).TotalMinutes:0} minute(s) from {SigSciWindow.Format(last)} to {SigSciWindow.Format(resumedAt)}", warning.Message);
        Assert.InRange(resumedAt, SigSciWindow.OldestFrom(now), SigSciWindow.OldestFrom(now).AddMinutes(2));
        var end = Load().Sites["www"];
        SigSciTestSessions.AssertEachOnce(records, (int)(end - resumedAt).TotalMinutes * _state.RequestsPerMinute);
    }

    [Fact]
    public async Task Spill_files_that_killed_runs_left_are_removed_at_the_start_but_never_one_a_live_run_holds()
    {
        var spills = Path.Combine(_folder, "spill");
        Directory.CreateDirectory(spills);
        string Spill(string name, TimeSpan age)
        {
            var path = Path.Combine(spills, $"PSSecurityFeeds-sigsci-{name}.spill");
            File.WriteAllText(path, "requests of a run");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
            return path;
        }

        var dead = Spill(Guid.NewGuid().ToString("N"), TimeSpan.FromHours(2));
        var held = Spill(Guid.NewGuid().ToString("N"), TimeSpan.FromHours(2));
        var justCreated = Spill(Guid.NewGuid().ToString("N"), TimeSpan.Zero);
        var other = Path.Combine(spills, "notes.txt");
        File.WriteAllText(other, "not ours");
        using var live = new FileStream(held, FileMode.Open, FileAccess.ReadWrite, FileShare.None); // as a running read holds its spill file
        var log = _session.CreateLog();

        await SigSciTestSessions.ReadAllAsync(Feed(new SigSciFeedOptions { Sites = new[] { "www" }, SpillFolder = spills }), log);

        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(held));
        Assert.True(File.Exists(justCreated));
        Assert.True(File.Exists(other));
        Assert.Contains(SigSciTestSessions.Drain(log), e => e.Message.Contains("Removed 1 spill file(s)"));
    }

    public static IEnumerable<object[]> DamagedCheckpoints()
    {
        var minute = SigSciWindow.FloorToMinute(DateTimeOffset.UtcNow).AddHours(-1);
        string Time(DateTimeOffset t) => JsonSerializer.Serialize(t);
        yield return new object[] { "{\"Corp\":null,\"Sites\":{}}", "Corp" };
        yield return new object[] { "{\"Corp\":\"othercorp\",\"Sites\":{}}", "Corp" };
        yield return new object[] { "{\"Corp\":\"testcorp\",\"Sites\":null}", "Sites" };
        yield return new object[] { $"{{\"Corp\":\"testcorp\",\"Sites\":{{\"www\":{Time(minute.AddYears(70))}}}}}", "Sites.www" };
        yield return new object[] { $"{{\"Corp\":\"testcorp\",\"Sites\":{{\"www\":{Time(minute.AddSeconds(7))}}}}}", "Sites.www" };
        yield return new object[] { $"{{\"Corp\":\"testcorp\",\"Sites\":{{}},\"OpenWindows\":{{\"www\":{{\"From\":{Time(minute)},\"Until\":{Time(minute.AddMinutes(10))},\"Delivered\":null}}}}}}", "OpenWindows.www" };
        yield return new object[] { $"{{\"Corp\":\"testcorp\",\"Sites\":{{}},\"OpenWindows\":{{\"www\":{{\"From\":{Time(minute)},\"Until\":{Time(minute)},\"Delivered\":[]}}}}}}", "OpenWindows.www" };
        yield return new object[] { $"{{\"Corp\":\"testcorp\",\"Sites\":{{\"www\":{Time(minute.AddMinutes(5))}}},\"OpenWindows\":{{\"www\":{{\"From\":{Time(minute)},\"Until\":{Time(minute.AddMinutes(10))},\"Delivered\":[]}}}}}}", "OpenWindows.www" };
        yield return new object[] { "{\"Corp\":\"testcorp\",\"Sites\":{},\"OutFile\":{\"Path\":\"x\",\"Length\":-1}}", "OutFile" };
        yield return new object[] { "{\"Corp\":\"testcorp\",\"Sites\":", "the file" };
    }

    [Theory]
    [MemberData(nameof(DamagedCheckpoints))]
    public async Task A_damaged_or_inconsistent_checkpoint_is_refused_naming_the_field_before_any_request(string content, string field)
    {
        File.WriteAllText(CheckpointPath, content);

        var error = await Assert.ThrowsAsync<FeedException>(() => SigSciTestSessions.ReadAllAsync(Feed("www"), _session.CreateLog()));

        Assert.Equal("CheckpointCorrupt", error.ErrorId);
        Assert.Contains($"cannot be used: {field}:", error.Message);
        Assert.Contains("a gap", error.Message); // what deleting it costs
        Assert.Contains("-From", error.Message); // how to restart from a known time instead
        Assert.Empty(_emulator.Server.Requests.All);
    }

    private Task<List<SigSciFeedRecord>> TakeAsync(int count, bool confirmLast)
    {
        var feed = Feed("www");
        return StoppingConsumer.TakeAsync(feed.ReadAsync(_session.CreateLog(), CancellationToken.None), count, confirmLast, feed.ConfirmTaken);
    }

    private SigSciFeed Feed(params string[] sites) => Feed(new SigSciFeedOptions { Sites = sites, CheckpointPath = CheckpointPath });

    private SigSciFeed Feed(SigSciFeedOptions options) => new(_session, options);

    private void Save(SigSciCheckpoint checkpoint)
    {
        using var file = CheckpointFile<SigSciCheckpoint>.Open(CheckpointPath, SigSciCheckpoint.RecoveryAdvice);
        file.Write(checkpoint);
    }

    private SigSciCheckpoint Load()
    {
        using var file = CheckpointFile<SigSciCheckpoint>.Open(CheckpointPath, SigSciCheckpoint.RecoveryAdvice);
        return file.Read()!;
    }
}
