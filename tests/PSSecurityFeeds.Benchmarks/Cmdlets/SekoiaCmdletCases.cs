using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using PSSecurityFeeds.Benchmarks.Infrastructure;

namespace PSSecurityFeeds.Benchmarks.Cmdlets;

/// <summary>
/// Get-SekoiaEvent on a done job of N events (pages of 1,000, gzip) beside a plain HttpClient paging the same pages,
/// the rate limit lifted on both sides (the emulator's, and the session's own); and the download of
/// Export-SekoiaEvent beside a plain transfer of the same export file to disk. The cmdlet's download is timed from
/// the moment the emulator received its request (its request journal) to the end of the cmdlet.
/// </summary>
internal sealed class SekoiaCmdletCases
{
    private const string ApiKey = "sekoia-emulator-api-key";
    private const string JobsPath = "/sekoia/v1/sic/conf/events/search/jobs";
    private static readonly string[] ExportFields = { "@timestamp", "message", "event.id", "source.ip", "user.name" };

    private readonly StandaloneEmulator _emulator;
    private readonly PwshMeasurement _pwsh;
    private readonly Scoreboard _scores;
    private readonly HttpClient _api;

    public SekoiaCmdletCases(StandaloneEmulator emulator, PwshMeasurement pwsh, Scoreboard scores, HttpClient api)
    {
        _emulator = emulator;
        _pwsh = pwsh;
        _scores = scores;
        _api = api;
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    public async Task RunPagingAsync(int round, int events, int warmRuns)
    {
        await ConfigureAsync(messageLength: 80);
        var job = await DoneJobAsync(events);
        var first = await PlainPagingAsync(job, events);
        var typed = await _pwsh.RunAsync(_emulator.BaseUri, 1 + warmRuns, "-Case", "SekoiaEvents", "-JobUuid", job);
        var second = await PlainPagingAsync(job, events);
        var raw = await _pwsh.RunAsync(_emulator.BaseUri, 1 + warmRuns, "-Case", "SekoiaEvents", "-JobUuid", job, "-Raw");
        var third = await PlainPagingAsync(job, events);
        var plain = BarePass.MedianEventsPerSecond(first, second, third);

        Console.WriteLine($"  Sekoia.io events paging, {events:N0} events, rate limit lifted, round {round} (load {Scoreboard.LoadAverage():0.0}):");
        Console.WriteLine($"    plain HttpClient paging (bodies read and dropped): {BarePass.Describe(first, second, third)} events/s (median {plain:N0}), {first.Bytes / (double)first.Events:N0} B of JSON per event; {first.DescribeCpu()}");
        _scores.Runs("Get-SekoiaEvent", typed, plain, "Sekoia paging {0} / plain HttpClient paging", 0.8);
        _scores.Runs("Get-SekoiaEvent -Raw", raw, plain, "Sekoia paging -Raw {0} / plain HttpClient paging", 0.8);
    }

    public async Task RunExportAsync(int round, int megabytes, int warmRuns, string folder)
    {
        // About 467 compressed bytes per line with a 520-character message and these fields (gzip Fastest).
        await ConfigureAsync(messageLength: 520);
        var events = (int)(megabytes * 1_048_576L / 467);
        var job = await DoneJobAsync(events);
        var before = await PlainDownloadAsync(job, Path.Combine(folder, "plain-before.json.gz"));
        var journalStart = DateTimeOffset.UtcNow;
        var runs = await _pwsh.RunAsync(_emulator.BaseUri, 1 + warmRuns, "-Case", "SekoiaExport", "-JobUuid", job, "-Field", string.Join(',', ExportFields), "-ExportPath", Path.Combine(folder, "cmdlet.json.gz"));
        var downloadsStarted = await DownloadRequestTimesAsync(journalStart);
        var after = await PlainDownloadAsync(job, Path.Combine(folder, "plain-after.json.gz"));
        var plainSeconds = (before.Seconds + after.Seconds) / 2;

        Console.WriteLine($"  Sekoia.io export download, {before.Bytes / 1048576.0:N0} MB gzip ({events:N0} events), round {round} (load {Scoreboard.LoadAverage():0.0}):");
        Console.WriteLine($"    plain transfer to a file (HttpClient): {before.MegabytesPerSecond:N0} and {after.MegabytesPerSecond:N0} MB/s, {before.CpuSeconds:0.00} CPU-s (emulator {before.EmulatorCpuSeconds:0.00})");
        foreach (var run in runs)
        {
            var started = downloadsStarted.Last(t => t.ToUnixTimeMilliseconds() <= run.EndedAtUnixMs);
            var seconds = (run.EndedAtUnixMs - started.ToUnixTimeMilliseconds()) / 1000.0;
            var when = run.Run == 1 ? "fresh" : "warm ";
            Console.WriteLine($"    {"Export-SekoiaEvent",-26} {when} download {before.Bytes / 1048576.0 / seconds:N0} MB/s in {seconds:0.00} s (whole cmdlet {run.Seconds:0.00} s, {run.CpuSecondsPer100k:0.00} CPU-s/100k events, peak +{run.AddedMegabytes:0} MB)  ratio {plainSeconds / seconds:0.00}");
            _scores.AtLeast($"Sekoia export download {when.Trim()} / plain transfer", 0.9, plainSeconds / seconds);
        }
    }

    private async Task ConfigureAsync(int messageLength)
    {
        var settings = $"{{\"requestsPerSecond\":0,\"jobDurationSeconds\":0.2,\"exportDurationSeconds\":0.01,\"messageLength\":{messageLength}}}";
        using var response = await _api.PostAsync(new Uri(_emulator.BaseUri, "/_emulator/sekoia/settings"), new StringContent(settings, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private async Task<string> DoneJobAsync(long events)
    {
        var query = $"{{\"term\":\"benchmark emulator:total={events}\",\"earliest_time\":\"-1d\",\"latest_time\":\"now\"}}";
        using var created = await _api.PostAsync(new Uri(_emulator.BaseUri, JobsPath), new StringContent(query, Encoding.UTF8, "application/json"));
        created.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var uuid = json.RootElement.GetProperty("uuid").GetString()!;
        await Task.Delay(500); // the job's emulated duration (0.2 s)
        return uuid;
    }

    private async Task<BarePass> PlainPagingAsync(string job, int events)
    {
        return await BarePass.MeasureAsync(_emulator, async () => (events, await SekoiaPlainPaging.ReadAsync(_emulator.BaseUri, ApiKey, job, events)));
    }

    /// <summary>An export of our own (same job and fields, so the same bytes), then its file transferred plainly.</summary>
    private async Task<BarePass> PlainDownloadAsync(string job, string file)
    {
        var body = JsonSerializer.Serialize(new { fields = ExportFields });
        using (var started = await _api.PostAsync(new Uri(_emulator.BaseUri, $"{JobsPath}/{job}/export"), new StringContent(body, Encoding.UTF8, "application/json")))
        {
            started.EnsureSuccessStatusCode();
        }

        Uri? url = null;
        while (url is null)
        {
            await Task.Delay(100);
            using var jobs = JsonDocument.Parse(await _api.GetStringAsync(new Uri(_emulator.BaseUri, $"{JobsPath}/{job}/export-jobs")));
            var latest = jobs.RootElement.GetProperty("items").EnumerateArray().Last();
            if (latest.TryGetProperty("download_url", out var link) && link.GetString() is { Length: > 0 } text)
            {
                url = new Uri(text);
            }
        }

        using var client = new HttpClient();
        await client.GetAsync(new Uri(_emulator.BaseUri, "/health")); // the connection is open, as the cmdlet's is
        return await BarePass.MeasureAsync(_emulator, async () =>
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var download = await response.Content.ReadAsStreamAsync();
            await using var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            return (1L, await StreamDrain.DrainAsync(download, output));
        });
    }

    private async Task<List<DateTimeOffset>> DownloadRequestTimesAsync(DateTimeOffset since)
    {
        using var journal = JsonDocument.Parse(await _api.GetStringAsync(new Uri(_emulator.BaseUri, "/_emulator/requests")));
        return journal.RootElement.EnumerateArray()
            .Where(r => r.GetProperty("route").GetString() == "sekoia.s3.download")
            .Select(r => r.GetProperty("receivedAt").GetDateTimeOffset())
            .Where(t => t >= since)
            .Order()
            .ToList();
    }
}
