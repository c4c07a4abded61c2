using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using System.Linq;
using System.Net;
using System.Security;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Emulator.Infrastructure;
using PSSecurityFeeds.Emulator.Sekoia;
using PSSecurityFeeds.Tests.Infrastructure;

namespace PSSecurityFeeds.Tests.Sekoia;

/// <summary>
/// A fresh emulated Sekoia tenant with short lifetimes and a session on it. The emulator's 5 requests/s limit
/// is lifted (and the session's own limiter widened) so tests stay fast; the rate-limit tests put them back.
/// </summary>
public sealed class SekoiaTestContext : IDisposable
{
    public SekoiaTestContext(EmulatorFixture emulator)
    {
        Emulator = emulator;
        emulator.Reset();
        Tenant.Reset();
        Tenant.Settings.JobDuration = TimeSpan.FromMilliseconds(500);
        Tenant.Settings.ExportDuration = TimeSpan.FromMilliseconds(300);
        Tenant.Settings.RequestsPerSecond = 0;
        Session = CreateSession(Tenant.Settings.ApiKey, new RequestRateLimiter(1000, TimeSpan.FromSeconds(1)));
        Log = Session.CreateLog();
    }

    public EmulatorFixture Emulator { get; }

    public SekoiaTenant Tenant => Emulator.Server.Get<SekoiaTenant>();

    public RequestJournal Requests => Emulator.Server.Requests;

    public SekoiaSession Session { get; }

    public OperationLog Log { get; }

    public Uri ApiBaseUri => new(Emulator.BaseUri, SekoiaModule.ApiPrefix);

    public static SekoiaPolling FastPolling(TimeSpan? timeout = null) => new()
    {
        InitialInterval = TimeSpan.FromMilliseconds(40),
        MaxInterval = TimeSpan.FromMilliseconds(150),
        Timeout = timeout ?? TimeSpan.FromSeconds(20),
    };

    public SekoiaSession CreateSession(string apiKey, RequestRateLimiter? limiter = null) =>
        new(ApiBaseUri, Secure(apiKey), new HttpPipeline(new HttpPipelineOptions
        {
            MaxRetries = 3,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
            RequestTimeout = TimeSpan.FromSeconds(10),
        }), rateLimiter: limiter);

    /// <summary>A search job that finished an hour ago, put straight into the tenant (no requests).</summary>
    public EmulatedSearchJob DoneJob(long total, string term = "event.category:network")
    {
        var job = new EmulatedSearchJob($"{term} emulator:total={total}", "-1d", "now", Emulator.Server.Clock.UtcNow.AddHours(-1), Tenant.Settings);
        Tenant.Jobs[job.Uuid] = job;
        return job;
    }

    /// <summary>Requests to the Sekoia API and download routes (not the emulator's own).</summary>
    public int SekoiaRequestCount => Requests.All.Count(r => r.Route.StartsWith("sekoia.", StringComparison.Ordinal));

    public static async Task<List<T>> CollectAsync<T>(IAsyncEnumerable<T> source)
    {
        var items = new List<T>();
        await foreach (var item in source)
        {
            items.Add(item);
        }

        return items;
    }

    public void Dispose() => Session.Dispose();

    public static SecureString Secure(string text) => new NetworkCredential(string.Empty, text).SecurePassword;
}
