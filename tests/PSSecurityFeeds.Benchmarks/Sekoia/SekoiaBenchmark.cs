using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Emulator;
using PSSecurityFeeds.Emulator.Sekoia;

namespace PSSecurityFeeds.Benchmarks.Sekoia;

/// <summary>
/// Sekoia.io throughput against the in-process emulator over loopback: paging a search's events (as shipped,
/// at 5 requests/s, and with the rate limit lifted to see the client's own cost) and downloading an export,
/// each next to a plain HttpClient transfer of the same bytes.
///   dotnet run -c Release --project tests/PSSecurityFeeds.Benchmarks -- sekoia [--events 200000] [--export-mb 200]
/// </summary>
public static class SekoiaBenchmark
{
    private const string Fields = "@timestamp,message,event.id,source.ip,user.name";

    public static async Task RunAsync(string[] args)
    {
        var events = Option(args, "--events", 200_000);
        var exportMegabytes = Option(args, "--export-mb", 200);
        await using var server = await EmulatorServer.StartAsync();
        var tenant = server.Get<SekoiaTenant>();
        tenant.Settings.ExportDuration = TimeSpan.FromSeconds(1);
        var folder = Directory.CreateTempSubdirectory("sekoia-bench-").FullName;
        try
        {
            Console.WriteLine($"Sekoia.io benchmark: {events:N0} events paged, an export of about {exportMegabytes} MB; emulator in-process on {server.BaseUri}, {Environment.ProcessorCount} cores.");
            await PagingAsync(server, tenant, events);
            await ExportAsync(server, tenant, exportMegabytes, folder);
            Console.WriteLine($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB (client and emulator together).");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task PagingAsync(EmulatorServer server, SekoiaTenant tenant, int events)
    {
        var job = DoneJob(server, tenant, events);
        var apiKey = tenant.Settings.ApiKey;

        tenant.Settings.RequestsPerSecond = 0;
        var (plainSeconds, plainBytes) = await PlainPagesAsync(server, job, apiKey, events);
        Report("paging, plain HttpClient (same pages, read and discarded)", events, plainBytes, plainSeconds);

        using (var session = Session(server, apiKey, new RequestRateLimiter(100_000, TimeSpan.FromSeconds(1))))
        {
            var (seconds, allocated) = await ReadAllAsync(session, job.Uuid, events);
            Report($"paging, Get-SekoiaEvent core, rate limit lifted ({allocated / (double)events:N0} bytes allocated/event)", events, plainBytes, seconds);
        }

        tenant.Settings.RequestsPerSecond = 5;
        tenant.RateLimit.Reset();
        using (var session = Session(server, apiKey, null))
        {
            var (seconds, _) = await ReadAllAsync(session, job.Uuid, events);
            Report($"paging, as shipped (5 requests/s; {tenant.RateLimit.Refused} refused by the API)", events, plainBytes, seconds);
        }
    }

    private static async Task ExportAsync(EmulatorServer server, SekoiaTenant tenant, int megabytes, string folder)
    {
        // About 467 compressed bytes per line with a 520-character message and these fields (measured, gzip Fastest).
        tenant.Settings.MessageLength = 520;
        var events = megabytes * 1_048_576L / 467;
        var job = DoneJob(server, tenant, events);
        tenant.Settings.RequestsPerSecond = 0;
        using var session = Session(server, tenant.Settings.ApiKey, new RequestRateLimiter(100_000, TimeSpan.FromSeconds(1)));
        var log = session.CreateLog();

        var request = new SekoiaExportRequest
        {
            JobUuid = job.Uuid,
            Fields = Fields.Split(','),
            Path = Path.Combine(folder, "export.json.gz"),
            Polling = new SekoiaPolling { InitialInterval = TimeSpan.FromMilliseconds(200), MaxInterval = TimeSpan.FromMilliseconds(500) },
        };
        var progress = new SekoiaExportProgress();
        var watch = Stopwatch.StartNew();
        var exportTask = session.Export.ExportAsync(request, progress, log, CancellationToken.None);
        var downloadStarted = TimeSpan.Zero;
        while (!exportTask.IsCompleted)
        {
            if (downloadStarted == TimeSpan.Zero && progress.Phase == SekoiaExportPhase.Downloading)
            {
                downloadStarted = watch.Elapsed;
            }

            await Task.WhenAny(exportTask, Task.Delay(5));
        }

        var result = await exportTask;
        var downloadSeconds = (watch.Elapsed - downloadStarted).TotalSeconds;
        Report($"export download, Export-SekoiaEvent core (gzip to file; task wait {downloadStarted.TotalSeconds:N1} s not counted)", result.Events ?? events, result.CompressedBytes, downloadSeconds);

        var export = tenant.Exports[result.TaskId];
        var url = (await DownloadUrlAsync(server, tenant.Settings.ApiKey, job.Uuid)).ToString();
        var plainFile = Path.Combine(folder, "plain.json.gz");
        var (plainSeconds, plainBytes) = await PlainDownloadAsync(url, export.SseCustomerKey!, plainFile);
        Report("export download, plain HttpClient (same bytes to a file)", events, plainBytes, plainSeconds);
        File.Delete(plainFile);
    }

    private static async Task<(double Seconds, long Allocated)> ReadAllAsync(SekoiaSession session, string uuid, int expected)
    {
        var log = session.CreateLog();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        long count = 0;
        await foreach (var item in session.Search.ReadEventsAsync(uuid, new SekoiaPaging(), log, CancellationToken.None))
        {
            if (item.Json.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                count++;
            }
        }

        var seconds = watch.Elapsed.TotalSeconds;
        if (count != expected)
        {
            throw new InvalidOperationException($"Read {count} events, expected {expected}.");
        }

        return (seconds, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
    }

    private static async Task<(double Seconds, long Bytes)> PlainPagesAsync(EmulatorServer server, EmulatedSearchJob job, string apiKey, int events)
    {
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        long bytes = 0;
        var watch = Stopwatch.StartNew();
        for (var offset = 0; offset < events; offset += 1000)
        {
            using var response = await client.GetAsync(new Uri(server.BaseUri, $"{SekoiaModule.ApiPrefix}{SekoiaModule.JobsPath}/{job.Uuid}/events?limit=1000&offset={offset}"), HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            bytes += await DrainAsync(body, Stream.Null);
        }

        return (watch.Elapsed.TotalSeconds, bytes);
    }

    private static async Task<(double Seconds, long Bytes)> PlainDownloadAsync(string url, string key, string file)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("x-amz-server-side-encryption-customer-algorithm", "AES256");
        request.Headers.Add("x-amz-server-side-encryption-customer-key", key);
        request.Headers.Add("x-amz-server-side-encryption-customer-key-MD5", Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(Convert.FromBase64String(key))));
        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        await using var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        var bytes = await DrainAsync(body, output);
        return (watch.Elapsed.TotalSeconds, bytes);
    }

    private static async Task<Uri> DownloadUrlAsync(EmulatorServer server, string apiKey, string jobUuid)
    {
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        using var json = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri(server.BaseUri, $"{SekoiaModule.ApiPrefix}{SekoiaModule.JobsPath}/{jobUuid}/export-jobs")));
        return new Uri(json.RootElement.GetProperty("items").EnumerateArray().Last().GetProperty("download_url").GetString()!);
    }

    private static async Task<long> DrainAsync(Stream source, Stream destination)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer)) > 0)
        {
            total += read;
            await destination.WriteAsync(buffer.AsMemory(0, read));
        }

        return total;
    }

    private static EmulatedSearchJob DoneJob(EmulatorServer server, SekoiaTenant tenant, long events)
    {
        var job = new EmulatedSearchJob($"benchmark emulator:total={events}", "-30d", "now", server.Clock.UtcNow.AddHours(-1), tenant.Settings);
        tenant.Jobs[job.Uuid] = job;
        return job;
    }

    private static SekoiaSession Session(EmulatorServer server, string apiKey, RequestRateLimiter? limiter) =>
        new(new Uri(server.BaseUri, SekoiaModule.ApiPrefix), new NetworkCredential(string.Empty, apiKey).SecurePassword, new HttpPipeline(new HttpPipelineOptions()), rateLimiter: limiter);

    private static void Report(string what, long events, long bytes, double seconds) =>
        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "  {0,-100} {1,10:N0} events/s {2,8:N1} MB/s  ({3:N0} events, {4:N1} MB in {5:N2} s)",
            what, events / seconds, bytes / 1048576.0 / seconds, events, bytes / 1048576.0, seconds));

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
