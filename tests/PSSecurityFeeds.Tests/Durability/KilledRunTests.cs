using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Emulator.Akamai;
using PSSecurityFeeds.Emulator.Infrastructure;
using PSSecurityFeeds.Emulator.SigSci;
using PSSecurityFeeds.Tests.Akamai;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PSSecurityFeeds.Tests.Durability;

/// <summary>
/// A scheduled job with -OutFile, killed with SIGKILL at random moments over an emulator that answers 429 and
/// 500 and cuts bodies off, then started again each time: its out file must equal one uninterrupted read line
/// for line, with no line missing, none twice and none half written. The job is a child process (the
/// FeedRunner), so a kill really leaves behind what a killed process leaves: buffers lost, files half written.
/// </summary>
public sealed class KilledRunTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private const int Kills = 20;

    private readonly EmulatorFixture _emulator;
    private readonly ITestOutputHelper _output;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pssf-killed-" + Guid.NewGuid().ToString("N"));
    private readonly Random _random;

    public KilledRunTests(EmulatorFixture emulator, ITestOutputHelper output)
    {
        _emulator = emulator;
        _emulator.Reset();
        _output = output;
        var seed = Environment.TickCount;
        _random = new Random(seed);
        _output.WriteLine($"random seed {seed}");
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Akamai_out_file_killed_at_twenty_random_moments_holds_every_event_once()
    {
        var state = _emulator.State();
        state.Reset();
        state.EventCount = 50_000;
        PlanFaults(AkamaiEmulatorModule.SiemRoute, cutLimit: 100_000, delay: TimeSpan.FromMilliseconds(50));
        var checkpoint = Path.Combine(_folder, "akamai.json");
        var outFile = Path.Combine(_folder, "akamai.ndjson");

        var refetched = await KillAndResumeAsync(new[] { "akamai", _emulator.BaseUri.ToString(), checkpoint, outFile, "125", "100" }, checkpoint, outFile, ReplayedByAkamai);

        var expected = Enumerable.Range(0, (int)state.EventCount).Select(p => AkamaiTestKit.ExpectedLine(state, p, new[] { 14227 })).ToList();
        AssertSameLines(expected, File.ReadAllText(outFile), ordered: true);
        _output.WriteLine($"Akamai: {expected.Count:N0} events; per kill {refetched.Average():N0} events fetched again on average, {refetched.Max():N0} at most");
    }

    [Fact]
    public async Task Signal_Sciences_out_file_killed_at_twenty_random_moments_holds_every_request_once()
    {
        var state = _emulator.Server.Get<SigSciEmulatorState>();
        state.Reset();
        state.RequestsPerMinute = 20;
        var until = SigSciWindow.LatestUntil(DateTimeOffset.UtcNow).AddMinutes(-5);
        var from = until.AddHours(-12); // a 12-hour backlog
        var window = new[] { from.ToUnixTimeSeconds().ToString(), until.ToUnixTimeSeconds().ToString(), "www", "api", "shop" };
        var reference = Path.Combine(_folder, "reference.ndjson");
        Assert.Equal(0, await RunAsync(new[] { "sigsci", _emulator.BaseUri.ToString(), Path.Combine(_folder, "reference.json"), reference, "100" }.Concat(window).ToArray(), killAfter: null));
        PlanFaults("sigsci.feed", cutLimit: 60_000, delay: TimeSpan.Zero);
        state.PageLatency = TimeSpan.FromMilliseconds(200);
        var checkpoint = Path.Combine(_folder, "sigsci.json");
        var outFile = Path.Combine(_folder, "sigsci.ndjson");

        var refetched = await KillAndResumeAsync(new[] { "sigsci", _emulator.BaseUri.ToString(), checkpoint, outFile, "100" }.Concat(window).ToArray(), checkpoint, outFile, ReplayedBySigSci);

        var expected = File.ReadAllText(reference).Split('\n').Where(l => l.Length > 0).ToList();
        Assert.Equal(3 * 720 * state.RequestsPerMinute, expected.Count);
        AssertSameLines(expected, File.ReadAllText(outFile), ordered: false); // three sites are read side by side: their lines interleave
        _output.WriteLine($"Signal Sciences: {expected.Count:N0} requests; per kill {refetched.Average():N0} requests fetched again on average, {refetched.Max():N0} at most");
    }

    /// <summary>
    /// Kills the job <see cref="Kills"/> times at random moments, then lets it finish; returns, per kill, how many
    /// events the next run fetches again. A run that fails on its own (the faults can exhaust a page's retries) is
    /// started again too, as a scheduler would: that is one more way for a run to stop.
    /// </summary>
    private async Task<List<long>> KillAndResumeAsync(string[] arguments, string checkpoint, string outFile, Func<string, long> replayed)
    {
        var refetched = new List<long>();
        var failed = 0;
        var stopwatch = Stopwatch.StartNew();
        while (refetched.Count < Kills)
        {
            var exitCode = await RunAsync(arguments, killAfter: TimeSpan.FromMilliseconds(_random.Next(50, 700)));
            if (exitCode == 0)
            {
                throw new Xunit.Sdk.XunitException($"the feed was drained after {refetched.Count} kills: too little data for {Kills} kills");
            }

            if (exitCode is null)
            {
                refetched.Add(UncommittedLines(checkpoint, outFile) + replayed(checkpoint));
            }
            else
            {
                failed++;
            }
        }

        _emulator.Server.Faults.Clear();
        _emulator.Server.Get<SigSciEmulatorState>().PageLatency = TimeSpan.Zero;
        Assert.Equal(0, await RunAsync(arguments, killAfter: null));
        _output.WriteLine($"{Kills} kills, {failed} runs failed by faults, and the final run: {stopwatch.Elapsed.TotalSeconds:N1} s");
        return refetched;
    }

    /// <summary>Runs the job; null when it was killed, else its exit code.</summary>
    private async Task<int?> RunAsync(string[] arguments, TimeSpan? killAfter)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(RepositoryPaths.FeedRunner);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var job = Process.Start(start)!;
        var error = job.StandardError.ReadToEndAsync();
        var exited = job.WaitForExitAsync();
        if (killAfter is { } delay && await Task.WhenAny(exited, Task.Delay(delay)) != exited)
        {
            job.Kill(); // SIGKILL: no finally blocks, no flush, no commit
            await exited;
            return null;
        }

        var finished = await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(finished == exited, "the job did not finish within 2 minutes");
        if (job.ExitCode != 0)
        {
            _output.WriteLine("a run failed: " + (await error).Split('\n')[0]);
        }

        return job.ExitCode;
    }

    /// <summary>
    /// Plans, for every request, a wait of <paramref name="delay"/> (so that the feed takes long enough to be killed
    /// twenty times on a fast machine; a slow one only kills earlier) and for every other request on average a fault:
    /// 429s, 500s, bodies cut off at random bytes and connections reset.
    /// </summary>
    private void PlanFaults(string route, int cutLimit, TimeSpan delay)
    {
        var faults = Enumerable.Range(0, 3000).Select(_ => _random.Next(8) switch
        {
            0 => Fault.WithStatus(429, retryAfter: "0") with { Delay = delay },
            1 => Fault.WithStatus(500) with { Delay = delay },
            2 => Fault.ResetConnection() with { Delay = delay },
            3 => Fault.CutAfter(_random.Next(1, cutLimit)) with { Delay = delay },
            _ => Fault.Delayed(delay),
        });
        _emulator.Server.Faults.Enqueue(route, faults.ToArray());
    }

    /// <summary>Lines written after the last commit: the next run cuts them off and fetches them again.</summary>
    private static long UncommittedLines(string checkpoint, string outFile)
    {
        using var state = JsonDocument.Parse(Committed(checkpoint));
        var committed = state.RootElement.ValueKind == JsonValueKind.Object ? state.RootElement.GetProperty("OutFile").GetProperty("Length").GetInt64() : 0;
        var bytes = File.Exists(outFile) ? File.ReadAllBytes(outFile) : Array.Empty<byte>();
        return bytes.Skip((int)Math.Min(committed, bytes.Length)).Count(b => b == (byte)'\n');
    }

    /// <summary>Akamai: the events of the interrupted response already delivered, which the next run receives again and skips.</summary>
    private static long ReplayedByAkamai(string checkpoint) =>
        JsonSerializer.Deserialize<AkamaiSiemCheckpoint>(Committed(checkpoint))?.DeliveredLines ?? 0;

    /// <summary>Signal Sciences: the requests already delivered of the windows the run stopped in, read again and skipped.</summary>
    private static long ReplayedBySigSci(string checkpoint) =>
        JsonSerializer.Deserialize<SigSciCheckpoint>(Committed(checkpoint))?.OpenWindows?.Values.Sum(w => w.Delivered.Count) ?? 0;

    /// <summary>The committed state a kill left: a whole journal when the kill came in the middle of a write, else the checkpoint.</summary>
    private static byte[] Committed(string checkpoint)
    {
        var journal = checkpoint + ".next";
        if (File.Exists(journal))
        {
            try
            {
                var bytes = File.ReadAllBytes(journal);
                JsonDocument.Parse(bytes).Dispose();
                return bytes;
            }
            catch (JsonException)
            {
                // cut short: the checkpoint stands
            }
        }

        return File.Exists(checkpoint) ? File.ReadAllBytes(checkpoint) : "null"u8.ToArray(); // killed before it was created
    }

    private static void AssertSameLines(IReadOnlyList<string> expected, string file, bool ordered)
    {
        Assert.EndsWith("\n", file); // no half line at the end
        var lines = file.Substring(0, file.Length - 1).Split('\n');
        var missing = expected.Except(lines).Count();
        var duplicated = lines.Length - lines.Distinct().Count();
        var foreign = lines.Except(expected).Count(); // half lines, lines glued together
        Assert.True(missing == 0 && duplicated == 0 && foreign == 0, $"{missing} missing, {duplicated} duplicated, {foreign} not in the uninterrupted read");
        Assert.Equal(expected.Count, lines.Length);
        if (ordered)
        {
            Assert.Equal(expected, lines);
        }
    }
}
