using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Emulator.Akamai;
using PSSecurityFeeds.Tests.Infrastructure;
using PSSecurityFeeds.Core.Sessions;

namespace PSSecurityFeeds.Tests.Akamai;

/// <summary>Sessions against the emulator with fast retries, and the lines the emulator is expected to serve.</summary>
internal static class AkamaiTestKit
{
    public static HttpPipelineOptions FastRetries(int maxRetries = 4) => new()
    {
        MaxRetries = maxRetries,
        InitialBackoff = TimeSpan.FromMilliseconds(5),
        MaxBackoff = TimeSpan.FromMilliseconds(20),
        RetryBudget = TimeSpan.FromSeconds(60),
        RequestTimeout = TimeSpan.FromSeconds(20),
    };

    public static AkamaiSiemState State(this EmulatorFixture emulator) => emulator.Server.Get<AkamaiSiemState>();

    public static AkamaiSiemSession Session(EmulatorFixture emulator, string secret = AkamaiSiemState.ClientSecret, int maxRetries = 4) =>
        new(new EdgeGridCredential(emulator.BaseUri.ToString(), AkamaiSiemState.ClientToken, SecretText.Protect(secret), AkamaiSiemState.AccessToken), new HttpPipeline(FastRetries(maxRetries)));

    /// <summary>The raw line of event <paramref name="position"/>, exactly as the emulator serves it.</summary>
    public static string ExpectedLine(AkamaiSiemState state, long position, int[] configIds)
    {
        var buffer = new byte[AkamaiEventGenerator.MaxLineLength];
        var length = AkamaiEventGenerator.Write(buffer, position, configIds[position % configIds.Length], state.TimeOf(position), malformed: false);
        return Encoding.UTF8.GetString(buffer, 0, length - 1);
    }

    /// <summary>Reads the feed, or stops part-way as <see cref="StoppingConsumer"/> describes.</summary>
    public static Task<List<AkamaiSiemRecord>> ReadAllAsync(this AkamaiSiemClient client, AkamaiSiemQuery query, OperationLog log, int? stopAfter = null, bool confirmLast = true) =>
        StoppingConsumer.TakeAsync(client.ReadAsync(query, log, CancellationToken.None), stopAfter, confirmLast, client.ConfirmTaken);

    public static List<LogEntry> Drain(this OperationLog log)
    {
        var entries = new List<LogEntry>();
        while (log.TryTake(out var entry))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
