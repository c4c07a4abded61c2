using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using PSSecurityFeeds.Benchmarks.Infrastructure;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Emulator.SigSci;

namespace PSSecurityFeeds.Benchmarks.Cmdlets;

/// <summary>
/// Get-SigSciFeed, typed and -Raw, over one window of N pages of 1,000 requests (gzip, no emulated latency), beside
/// the bare parse of the same pages: a plain HttpClient that follows the next URIs and runs a Utf8JsonReader over
/// each whole page.
/// </summary>
internal sealed class SigSciCmdletCases
{
    private const int RequestsPerPage = 1000;

    private readonly StandaloneEmulator _emulator;
    private readonly PwshMeasurement _pwsh;
    private readonly Scoreboard _scores;

    public SigSciCmdletCases(StandaloneEmulator emulator, PwshMeasurement pwsh, Scoreboard scores)
    {
        _emulator = emulator;
        _pwsh = pwsh;
        _scores = scores;
    }

    public async Task RunAsync(int round, int pages, int warmRuns)
    {
        await ConfigureAsync();
        var until = SigSciWindow.FloorToMinute(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10));
        var from = until.AddMinutes(-pages);
        var first = await MeasureBareAsync(from, until);
        var typed = await MeasureCmdletAsync(from, until, warmRuns);
        var second = await MeasureBareAsync(from, until);
        var raw = await MeasureCmdletAsync(from, until, warmRuns, "-Raw");
        var written = await MeasureCmdletAsync(from, until, warmRuns, "-OutFile");
        var third = await MeasureBareAsync(from, until);
        var bare = BarePass.MedianEventsPerSecond(first, second, third);

        Console.WriteLine($"  Signal Sciences, {pages} pages of {RequestsPerPage:N0} requests, gzip, round {round} (load {Scoreboard.LoadAverage():0.0}):");
        Console.WriteLine($"    bare parse of the pages (HttpClient, next URIs, Utf8JsonReader): {BarePass.Describe(first, second, third)} requests/s (median {bare:N0}), {first.Bytes / (double)first.Events:N0} B of JSON per request; {first.DescribeCpu()}");
        _scores.Runs("Get-SigSciFeed", typed, bare, "SigSci typed {0} / bare parse of the pages", 0.6);
        _scores.Runs("Get-SigSciFeed -Raw", raw, bare);
        _scores.Runs("Get-SigSciFeed -OutFile", written, bare);
    }

    private async Task ConfigureAsync()
    {
        using var http = new HttpClient();
        var settings = $"{{\"reset\":true,\"requestsPerMinute\":{RequestsPerPage},\"pageLatencyMs\":0}}";
        using var response = await http.PostAsync(new Uri(_emulator.BaseUri, "/_emulator/sigsci/settings"), new StringContent(settings, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    /// <param name="output">-Raw, -OutFile (a file and checkpoint, as a scheduled job writes), or none for typed requests.</param>
    private Task<IReadOnlyList<CmdletRun>> MeasureCmdletAsync(DateTimeOffset from, DateTimeOffset until, int warmRuns, params string[] output) =>
        _pwsh.RunAsync(_emulator.BaseUri, 1 + warmRuns, ["-Case", "SigSci", "-From", from.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), "-Until", until.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), .. output]);

    private async Task<BarePass> MeasureBareAsync(DateTimeOffset from, DateTimeOffset until)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip });
        http.DefaultRequestHeaders.Add("X-API-User", SigSciEmulatorState.Email);
        http.DefaultRequestHeaders.Add("X-API-Token", SigSciEmulatorState.ApiToken);
        var buffer = ArrayPool<byte>.Shared.Rent(4 * 1024 * 1024);
        try
        {
            return await BarePass.MeasureAsync(_emulator, async () =>
            {
                long requests = 0, bytes = 0;
                string? next = $"/api/v0/corps/{SigSciEmulatorState.Corp}/sites/www/feed/requests?from={from.ToUnixTimeSeconds()}&until={until.ToUnixTimeSeconds()}";
                while (!string.IsNullOrEmpty(next))
                {
                    using var response = await http.GetAsync(new Uri(_emulator.BaseUri, next), HttpCompletionOption.ResponseHeadersRead);
                    response.EnsureSuccessStatusCode();
                    await using var body = await response.Content.ReadAsStreamAsync();
                    var length = 0;
                    int read;
                    while ((read = await body.ReadAsync(buffer.AsMemory(length))) > 0)
                    {
                        length += read;
                        if (length == buffer.Length)
                        {
                            throw new InvalidOperationException("A page is larger than the bare pass's buffer.");
                        }
                    }

                    bytes += length;
                    (next, var count) = Parse(buffer.AsSpan(0, length));
                    requests += count;
                }

                return (requests, bytes);
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Tokenises the whole page: the next URI, and the number of requests in data.</summary>
    private static (string? Next, int Requests) Parse(ReadOnlySpan<byte> page)
    {
        var reader = new Utf8JsonReader(page);
        string? next = null;
        var requests = 0;
        var inNext = false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                inNext = reader.ValueTextEquals("next"u8);
            }
            else if (inNext && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("uri"u8) && reader.Read())
            {
                next = reader.GetString();
            }
            else if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 2 && !inNext)
            {
                requests++;
            }
        }

        return (next, requests);
    }
}
