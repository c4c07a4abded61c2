using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using PSSecurityFeeds.Benchmarks.Infrastructure;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.Sessions;
using PSSecurityFeeds.Emulator.Akamai;

namespace PSSecurityFeeds.Benchmarks.Cmdlets;

/// <summary>
/// Get-AkamaiSiemEvent, typed and -Raw, on one gzip response of N events, beside the bare pass over the same bytes:
/// a plain HttpClient that gunzips, splits the lines and runs a Utf8JsonReader over each (measured before and after
/// the cmdlets, so a change of load during the round shows in both).
/// </summary>
internal sealed class AkamaiCmdletCases
{
    private readonly StandaloneEmulator _emulator;
    private readonly PwshMeasurement _pwsh;
    private readonly Scoreboard _scores;

    public AkamaiCmdletCases(StandaloneEmulator emulator, PwshMeasurement pwsh, Scoreboard scores)
    {
        _emulator = emulator;
        _pwsh = pwsh;
        _scores = scores;
    }

    public async Task RunAsync(int round, int events, int warmRuns, bool scoreThroughput)
    {
        await ConfigureAsync(events);
        var first = await MeasureBareAsync(events);
        var typed = await MeasureCmdletAsync(events, warmRuns);
        var second = await MeasureBareAsync(events);
        var raw = await MeasureCmdletAsync(events, warmRuns, "-Raw");
        var written = await MeasureCmdletAsync(events, warmRuns, "-OutFile");
        var third = await MeasureBareAsync(events);
        var bare = BarePass.MedianEventsPerSecond(first, second, third);

        Console.WriteLine($"  Akamai, {events:N0} events in one gzip response, round {round} (load {Scoreboard.LoadAverage():0.0}):");
        Console.WriteLine($"    bare gzip pass (HttpClient, gunzip, lines, Utf8JsonReader): {BarePass.Describe(first, second, third)} events/s (median {bare:N0}), {first.Bytes / (double)first.Events:N0} B of JSON per event; {first.DescribeCpu()}");
        _scores.Runs("Get-AkamaiSiemEvent", typed, bare, scoreThroughput ? "Akamai typed {0} / bare gzip pass" : null, 0.6);
        _scores.Runs("Get-AkamaiSiemEvent -Raw", raw, bare, scoreThroughput ? "Akamai -Raw {0} / bare gzip pass" : null, 0.9);
        _scores.Runs("Get-AkamaiSiemEvent -OutFile", written, bare);
        foreach (var run in typed)
        {
            _scores.AtMost($"Akamai typed, peak working set added at {events / 1000:N0}k events (MB)", 40, run.AddedMegabytes);
        }

        foreach (var run in raw)
        {
            _scores.AtMost($"Akamai -Raw, peak working set added at {events / 1000:N0}k events (MB)", 40, run.AddedMegabytes);
        }
    }

    private async Task ConfigureAsync(int events)
    {
        using var http = new HttpClient();
        var settings = $"{{\"eventCount\":{events},\"windowMinutes\":660,\"compressWhenAsked\":true,\"malformedEvery\":0}}";
        using var response = await http.PostAsync(new Uri(_emulator.BaseUri, "/_emulator/akamai/settings"), new StringContent(settings, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    /// <param name="output">-Raw, -OutFile (a file and checkpoint, as a scheduled job writes), or none for typed events.</param>
    private Task<IReadOnlyList<CmdletRun>> MeasureCmdletAsync(int events, int warmRuns, params string[] output) =>
        _pwsh.RunAsync(_emulator.BaseUri, 1 + warmRuns, ["-Case", "Akamai", "-Limit", events.ToString(CultureInfo.InvariantCulture), .. output]);

    /// <summary>The reference: one signed request, gunzipped by HttpClient, each line only tokenised.</summary>
    private async Task<BarePass> MeasureBareAsync(int limit)
    {
        var signer = new EdgeGridSigner(new EdgeGridCredential(_emulator.BaseUri.ToString(), AkamaiSiemState.ClientToken, SecretText.Protect(AkamaiSiemState.ClientSecret), AkamaiSiemState.AccessToken));
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip });
        return await BarePass.MeasureAsync(_emulator, async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_emulator.BaseUri, $"/siem/v1/configs/14227?limit={limit}"));
            signer.Sign(request);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            var (lines, bytes, _) = await BareNdjson.TokeniseAsync(body);
            return (lines, bytes);
        });
    }
}
