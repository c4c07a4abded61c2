using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Benchmarks.Infrastructure;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Emulator.SigSci;

namespace PSSecurityFeeds.Benchmarks.SigSci;

/// <summary>
/// One window of N pages (default 100 pages of 1,000 requests) with an emulated latency per page (default
/// 50 ms), read twice: once as bare HTTP transfer (follow next URIs, discard the bodies: the floor no client
/// can beat) and once through Get-SigSciFeed's Core (fetch ahead, parse, deliver objects). Prints both times,
/// their ratio (target ≤ 1.1) and the requests parsed per second. The emulator runs as its own process, so
/// the bytes allocated per request and the peak working set printed are the client's alone.
///   dotnet run -c Release --project tests/PSSecurityFeeds.Benchmarks -- sigsci [--pages 100] [--latency-ms 50] [--rounds 3]
/// </summary>
public static class SigSciBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var pages = Option(args, "--pages", 100);
        var latency = TimeSpan.FromMilliseconds(Option(args, "--latency-ms", 50));
        var rounds = Option(args, "--rounds", 3);
        const int perMinute = 1000; // a page per minute of the window

        using var emulator = await StandaloneEmulator.StartAsync();
        using (var http = new HttpClient())
        {
            var settings = $"{{\"requestsPerMinute\":{perMinute},\"pageLatencyMs\":{(int)latency.TotalMilliseconds}}}";
            (await http.PostAsync(new Uri(emulator.BaseUri, "/_emulator/sigsci/settings"), new StringContent(settings, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }

        using var session = new SigSciSession(emulator.BaseUri, SigSciEmulatorState.Corp, SigSciEmulatorState.Email, new NetworkCredential(string.Empty, SigSciEmulatorState.ApiToken).SecurePassword, SigSciAuthMode.ApiToken, new HttpPipeline(new HttpPipelineOptions()));
        await session.ConnectAsync(session.CreateLog(), CancellationToken.None);

        var until = SigSciWindow.FloorToMinute(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10));
        var from = until.AddMinutes(-pages);

        // Warm up both paths (JIT, connections) on a short window.
        await TransferAsync(emulator.BaseUri, until.AddMinutes(-3), until);
        await ReadAsync(session, until.AddMinutes(-3), until);

        Console.WriteLine($"Signal Sciences feed: {pages} pages x {perMinute} requests, {latency.TotalMilliseconds:0} ms emulated latency per page (loopback, emulator in its own process), {rounds} rounds, {Environment.ProcessorCount} CPUs");
        Console.WriteLine($"  latency floor ({pages} pages x {latency.TotalMilliseconds:0} ms; a window's pages are sequential by nature of next URIs): {pages * latency.TotalSeconds:0.000} s");
        var requests = (long)pages * perMinute;
        var ratios = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var transfer = await TransferAsync(emulator.BaseUri, from, until);
            GC.Collect();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var collectionsBefore = Collections();
            using var sampler = WorkingSetSampler.Start();
            var read = await ReadAsync(session, from, until);
            var peak = await sampler.StopAsync();
            var collections = Collections();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            if (read.Count != requests || transfer.Pages != pages)
            {
                throw new InvalidOperationException($"The read delivered {read.Count} requests and the transfer saw {transfer.Pages} pages; the window holds {requests} in {pages}.");
            }

            var ratio = read.Elapsed.TotalSeconds / transfer.Elapsed.TotalSeconds;
            ratios.Add(ratio);
            Console.WriteLine($"  round {round}: pure transfer (HTTP only, bodies discarded) {transfer.Elapsed.TotalSeconds:0.000} s, {transfer.Bytes / 1048576.0 / transfer.Elapsed.TotalSeconds:0.0} MB/s; " +
                              $"Core read (prefetch + parse + deliver) {read.Elapsed.TotalSeconds:0.000} s, {read.Count / read.Elapsed.TotalSeconds:N0} requests/s parsed; " +
                              $"ratio {ratio:0.000}; {allocated / (double)read.Count:N0} bytes allocated per request (client only); peak working set during the read {peak / 1048576.0:0} MB; " +
                              $"GCs gen0/1/2 {collections.Gen0 - collectionsBefore.Gen0}/{collections.Gen1 - collectionsBefore.Gen1}/{collections.Gen2 - collectionsBefore.Gen2}");
        }

        var parse = await ParseOnlyAsync(session, until.AddMinutes(-10), until);
        Console.WriteLine($"  parse only (raw JSON already in memory -> SigSciRequest, one thread): {parse.RequestsPerSecond:N0} requests/s, {parse.BytesPerRequest:N0} bytes allocated per request");

        ratios.Sort();
        var median = ratios[ratios.Count / 2];
        Console.WriteLine($"  median ratio total / transfer: {median:0.000} (target <= 1.100) {(median <= 1.1 ? "MET" : "MISSED")}; client process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB (all phases, parse-only list included)");
    }

    private static async Task<(TimeSpan Elapsed, long Pages, long Bytes)> TransferAsync(Uri baseUri, DateTimeOffset from, DateTimeOffset until)
    {
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip });
        http.DefaultRequestHeaders.Add("X-API-User", SigSciEmulatorState.Email);
        http.DefaultRequestHeaders.Add("X-API-Token", SigSciEmulatorState.ApiToken);
        http.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip");
        var watch = Stopwatch.StartNew();
        long pages = 0, bytes = 0;
        string? next = $"/api/v0/corps/{SigSciEmulatorState.Corp}/sites/www/feed/requests?from={from.ToUnixTimeSeconds()}&until={until.ToUnixTimeSeconds()}";
        var buffer = new byte[81920];
        while (!string.IsNullOrEmpty(next))
        {
            using var response = await http.GetAsync(new Uri(baseUri, next), HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();

            // Only the next URI (first in the body) is read; the rest is transferred and discarded.
            var head = await body.ReadAsync(buffer);
            next = NextUriOf(buffer.AsSpan(0, head));
            bytes += head;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                bytes += read;
            }

            pages++;
        }

        watch.Stop();
        return (watch.Elapsed, pages, bytes);
    }

    private static string? NextUriOf(ReadOnlySpan<byte> head)
    {
        var reader = new Utf8JsonReader(head, isFinalBlock: false, default);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("uri") && reader.Read())
            {
                return reader.GetString();
            }
        }

        throw new InvalidOperationException("The page does not start with its next URI.");
    }

    private static async Task<(TimeSpan Elapsed, long Count)> ReadAsync(SigSciSession session, DateTimeOffset from, DateTimeOffset until)
    {
        var feed = new SigSciFeed(session, new SigSciFeedOptions { Sites = new[] { "www" }, From = from, Until = until });
        var log = session.CreateLog();
        var watch = Stopwatch.StartNew();
        long count = 0;
        await foreach (var record in feed.ReadAsync(log, CancellationToken.None))
        {
            if (record.Request is not null)
            {
                count++;
            }

            while (log.TryTake(out _))
            {
            }
        }

        watch.Stop();
        return (watch.Elapsed, count);
    }

    /// <summary>How fast one thread turns raw requests into SigSciRequest objects, without any HTTP.</summary>
    private static async Task<(double RequestsPerSecond, double BytesPerRequest)> ParseOnlyAsync(SigSciSession session, DateTimeOffset from, DateTimeOffset until)
    {
        var raw = new List<byte[]>();
        await foreach (var record in new SigSciFeed(session, new SigSciFeedOptions { Sites = new[] { "www" }, From = from, Until = until, Raw = true }).ReadAsync(session.CreateLog(), CancellationToken.None))
        {
            raw.Add(System.Text.Encoding.UTF8.GetBytes(record.Json));
        }

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        foreach (var json in raw)
        {
            SigSciRequest.Parse(json, session.Corp, "www");
        }

        watch.Stop();
        return (raw.Count / watch.Elapsed.TotalSeconds, (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)raw.Count);
    }

    private static (int Gen0, int Gen1, int Gen2) Collections() => (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
