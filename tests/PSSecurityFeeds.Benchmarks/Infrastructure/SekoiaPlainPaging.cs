using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using PSSecurityFeeds.Emulator.Sekoia;

namespace PSSecurityFeeds.Benchmarks.Infrastructure;

/// <summary>The reference the Sekoia benchmarks page against: a plain HttpClient reading a job's event pages (gzip) and dropping them.</summary>
internal static class SekoiaPlainPaging
{
    /// <returns>The bytes of JSON read.</returns>
    public static async Task<long> ReadAsync(Uri emulator, string apiKey, string jobUuid, long events)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        long bytes = 0;
        for (var offset = 0L; offset < events; offset += SekoiaModule.MaxPageSize)
        {
            using var response = await client.GetAsync(new Uri(emulator, $"{SekoiaModule.ApiPrefix}{SekoiaModule.JobsPath}/{jobUuid}/events?limit={SekoiaModule.MaxPageSize}&offset={offset}"), HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            bytes += await StreamDrain.DrainAsync(body, Stream.Null);
        }

        return bytes;
    }
}
