using System;
using System.IO;
using System.Linq;
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

    public async Task InitializeAsync()
    {
        _session = await SigSciTestSessions.ConnectedAsync(_emulator);
        _emulator.Server.Requests.Clear();
    }

    public Task DisposeAsync()
    {
        _session.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_run_continues_from_the_last_until_in_one_hour_windows_up_to_five_minutes_ago()
    {
        var start = SigSciWindow.LatestUntil(DateTimeOffset.UtcNow).AddMinutes(-150);
        Save(new() { Corp = SigSciEmulatorState.Corp, Sites = { ["www"] = start } });

        var records = await SigSciTestSessions.ReadAllAsync(Feed("www"), _session.CreateLog());

        var end = Load().Sites["www"];
        Assert.Equal(SigSciWindow.FloorToMinute(end), end);
        Assert.InRange(end, start.AddMinutes(150), SigSciWindow.LatestUntil(DateTimeOffset.UtcNow));
        SigSciTestSessions.AssertEachOnce(records, (int)(end - start).TotalMinutes * _state.RequestsPerMinute);
        var windows = _emulator.Server.Requests.For("sigsci.feed").Select(r => r.PathAndQuery).ToList();
        Assert.Equal(3, windows.Count); // 150+ minutes: 60, 60 and the rest
        Assert.Contains($"from={start.ToUnixTimeSeconds()}&until={start.AddHours(1).ToUnixTimeSeconds()}", windows[0]);
        Assert.DoesNotContain(SigSciEmulatorState.ApiToken, File.ReadAllText(CheckpointPath));
    }

    [Fact]
    public async Task The_checkpoint_moves_only_once_a_window_was_delivered_whole()
    {
        var start = SigSciWindow.LatestUntil(DateTimeOffset.UtcNow).AddMinutes(-150);
        Save(new() { Corp = SigSciEmulatorState.Corp, Sites = { ["www"] = start } });
        var firstWindow = 60 * _state.RequestsPerMinute;

        await TakeAsync(firstWindow); // every request of the first hour, but the caller has not asked for more
        Assert.Equal(start, Load().Sites["www"]);

        Save(new() { Corp = SigSciEmulatorState.Corp, Sites = { ["www"] = start } });
        await TakeAsync(firstWindow + 1); // asking for the next one means the first hour was delivered
        Assert.Equal(start.AddHours(1), Load().Sites["www"]);
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
        var firstFrom = long.Parse(System.Text.RegularExpressions.Regex.Match(_emulator.Server.Requests.For("sigsci.feed")[0].PathAndQuery, "from=([0-9]+)").Groups[1].Value);
        var resumedAt = DateTimeOffset.FromUnixTimeSeconds(firstFrom);
        Assert.Contains($"The {(resumedAt - last).TotalMinutes:0} minute(s) from {SigSciWindow.Format(last)} to {SigSciWindow.Format(resumedAt)}", warning.Message);
        Assert.InRange(resumedAt, SigSciWindow.OldestFrom(now), SigSciWindow.OldestFrom(now).AddMinutes(2));
        var end = Load().Sites["www"];
        SigSciTestSessions.AssertEachOnce(records, (int)(end - resumedAt).TotalMinutes * _state.RequestsPerMinute);
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
    public async Task A_checkpoint_of_another_corp_is_refused_before_any_request()
    {
        Save(new() { Corp = "othercorp", Sites = { ["www"] = DateTimeOffset.UtcNow.AddHours(-1) } });

        var error = await Assert.ThrowsAsync<FeedException>(() => SigSciTestSessions.ReadAllAsync(Feed("www"), _session.CreateLog()));

        Assert.Equal("SigSciCheckpointCorpMismatch", error.ErrorId);
        Assert.Empty(_emulator.Server.Requests.All);
    }

    private async Task TakeAsync(int count)
    {
        var taken = 0;
        await foreach (var _ in Feed("www").ReadAsync(_session.CreateLog(), CancellationToken.None))
        {
            if (++taken == count)
            {
                break;
            }
        }
    }

    private SigSciFeed Feed(params string[] sites) => new(_session, new SigSciFeedOptions { Sites = sites, CheckpointPath = CheckpointPath });

    private void Save(SigSciCheckpoint checkpoint)
    {
        using var file = CheckpointFile<SigSciCheckpoint>.Open(CheckpointPath);
        file.Write(checkpoint);
    }

    private SigSciCheckpoint Load()
    {
        using var file = CheckpointFile<SigSciCheckpoint>.Open(CheckpointPath);
        return file.Read()!;
    }
}
