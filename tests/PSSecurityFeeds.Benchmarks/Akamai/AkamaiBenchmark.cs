using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Benchmarks.Infrastructure;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Emulator.Akamai;
using PSSecurityFeeds.Core.Sessions;

namespace PSSecurityFeeds.Benchmarks.Akamai;

/// <summary>
/// 1,000,000 SIEM events from the emulator over loopback, three ways over the same bytes: a bare Utf8JsonReader
/// pass over each line (the reference), the Core stream as typed events, and as raw lines. The emulator runs as
/// its own process, so the allocations and working set measured are the client's alone, as in a PowerShell host.
/// Prints events/s, MB/s, bytes allocated per event and peak working set.
///   dotnet run -c Release --project tests/PSSecurityFeeds.Benchmarks -- akamai [--events N] [--rounds N] [--gzip]
/// </summary>
public static class AkamaiBenchmark
{
    private const int Limit = 500_000;
    private static readonly int[] Config = { 14227 };

    public static async Task RunAsync(string[] args)
    {
        var events = ArgValue(args, "--events") ?? 1_000_000;
        var gzip = args.Contains("--gzip");
        var rounds = (int)(ArgValue(args, "--rounds") ?? 3);
        using var emulator = await StandaloneEmulator.StartAsync();
        using (var http = new HttpClient())
        {
            var settings = $"{{\"eventCount\":{events},\"windowMinutes\":660,\"compressWhenAsked\":{(gzip ? "true" : "false")}}}";
            (await http.PostAsync(new Uri(emulator.BaseUri, "/_emulator/akamai/settings"), new StringContent(settings, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }

        using var session = new AkamaiSiemSession(new EdgeGridCredential(emulator.BaseUri.ToString(), AkamaiSiemState.ClientToken, SecretText.Protect(AkamaiSiemState.ClientSecret), AkamaiSiemState.AccessToken), new HttpPipeline(new HttpPipelineOptions()));

        Console.WriteLine($"Akamai SIEM: {events:N0} events over loopback, {(gzip ? "gzip" : "identity")} bodies, limit {Limit:N0}, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}");
        using (var self = Process.GetCurrentProcess())
        {
            Console.WriteLine($"working set before streaming (runtime, client only): {self.WorkingSet64 / 1024.0 / 1024:0} MB; GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, concurrent {System.Runtime.GCSettings.LatencyMode}");
        }

        await MeasureAsync("warm-up (typed)", () => TypedAsync(session, stopAfter: 20_000), print: false);

        // The machine may be shared: run the three passes in turns and keep each one's best round.
        var best = new Dictionary<string, Result>();
        for (var round = 1; round <= rounds; round++)
        {
            Console.WriteLine($"round {round} of {rounds}");
            Keep(best, await MeasureAsync("bare Utf8JsonReader", () => BareAsync(session, events)));
            Keep(best, await MeasureAsync("typed AkamaiSiemEvent", () => TypedAsync(session, stopAfter: null)));
            Keep(best, await MeasureAsync("raw lines (-Raw)", () => RawAsync(session)));
        }

        var bare = best["bare Utf8JsonReader"].EventsPerSecond;
        Console.WriteLine($"best of {rounds}: typed {best["typed AkamaiSiemEvent"].EventsPerSecond:N0} events/s = {best["typed AkamaiSiemEvent"].EventsPerSecond / bare:0.00}x bare; raw {best["raw lines (-Raw)"].EventsPerSecond:N0} events/s = {best["raw lines (-Raw)"].EventsPerSecond / bare:0.00}x bare; bare {bare:N0} events/s");
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"process peak working set {process.PeakWorkingSet64 / 1024.0 / 1024:0} MB");
    }

    private static void Keep(Dictionary<string, Result> best, Result result)
    {
        if (!best.TryGetValue(result.Name, out var kept) || kept.EventsPerSecond < result.EventsPerSecond)
        {
            best[result.Name] = result;
        }
    }

    /// <summary>The reference: signed requests through the same pipeline, each line only tokenised.</summary>
    private static async Task<(long Events, long Bytes)> BareAsync(AkamaiSiemSession session, long total)
    {
        long events = 0, bytes = 0;
        string? offset = null;
        var log = session.CreateLog();
        var buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
        try
        {
            while (events < total)
            {
                var uri = new Uri($"{session.BaseUri.AbsoluteUri.TrimEnd('/')}/siem/v1/configs/14227?limit={Limit}" + (offset is null ? string.Empty : "&offset=" + Uri.EscapeDataString(offset)));
                using var response = await session.Pipeline.SendAsync(new ApiRequest(HttpMethod.Get, uri) { Authorize = session.Signer.Sign }, log, CancellationToken.None);
                await using var body = await response.OpenBodyAsync();
                int start = 0, end = 0, read;
                while ((read = await body.ReadAsync(buffer.AsMemory(end))) > 0)
                {
                    end += read;
                    bytes += read;
                    int newline;
                    while ((newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n')) >= 0)
                    {
                        Tokenise(buffer.AsSpan(start, newline));
                        events++;
                        start += newline + 1;
                    }

                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }

                using var context = JsonDocument.Parse(buffer.AsMemory(0, end)); // what is left is the context line
                offset = context.RootElement.GetProperty("offset").GetString();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (events, bytes);
    }

    private static void Tokenise(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        while (reader.Read())
        {
        }
    }

    private static async Task<(long Events, long Bytes)> TypedAsync(AkamaiSiemSession session, int? stopAfter)
    {
        long events = 0, rules = 0;
        await foreach (var record in session.CreateClient().ReadAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = Limit, Drain = true }, session.CreateLog(), CancellationToken.None))
        {
            rules += record.Event!.Rules.Count;
            if (++events == stopAfter)
            {
                break;
            }
        }

        return (rules >= events ? events : -1, 0);
    }

    private static async Task<(long Events, long Bytes)> RawAsync(AkamaiSiemSession session)
    {
        long events = 0, bytes = 0;
        await foreach (var record in session.CreateClient().ReadAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = Limit, Drain = true, Raw = true }, session.CreateLog(), CancellationToken.None))
        {
            events++;
            bytes += record.RawLine!.Length + 1; // ASCII lines: characters are bytes
        }

        return (events, bytes);
    }

    private static async Task<Result> MeasureAsync(string name, Func<Task<(long Events, long Bytes)>> run, bool print = true)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(20);
            }
        });
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var (events, bytes) = await run();
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        sampling.Cancel();
        await sampler;
        var result = new Result(name, events / watch.Elapsed.TotalSeconds);
        var heap = GC.GetGCMemoryInfo();
        if (print)
        {
            var mb = bytes > 0 ? $"{bytes / 1024.0 / 1024 / watch.Elapsed.TotalSeconds,7:0} MB/s" : "           ";
            Console.WriteLine($"{name,-24} {events,10:N0} events in {watch.Elapsed.TotalSeconds,6:0.00} s = {result.EventsPerSecond,9:N0} events/s {mb}  {allocated / (double)Math.Max(events, 1),7:N0} B allocated/event  peak WS {peak / 1024.0 / 1024,5:0} MB (GC heap after: {heap.HeapSizeBytes / 1024.0 / 1024:0} MB, committed {heap.TotalCommittedBytes / 1024.0 / 1024:0} MB)");
        }

        return result;
    }

    private static long? ArgValue(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? long.Parse(args[index + 1], CultureInfo.InvariantCulture) : null;
    }

    private sealed record Result(string Name, double EventsPerSecond);
}
