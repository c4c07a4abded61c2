using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Emulator.SigSci;
using PSSecurityFeeds.Tests.Http;
using PSSecurityFeeds.Tests.Infrastructure;

namespace PSSecurityFeeds.Tests.SigSci;

/// <summary>Sessions against the emulator's corp, with fast retries, and helpers to read a feed whole.</summary>
internal static class SigSciTestSessions
{
    public static SecureString Secure(string text) => new NetworkCredential(string.Empty, text).SecurePassword;

    public static SigSciSession Token(EmulatorFixture emulator, string token = SigSciEmulatorState.ApiToken, string corp = SigSciEmulatorState.Corp, HttpPipelineOptions? options = null) =>
        new(emulator.BaseUri, corp, SigSciEmulatorState.Email, Secure(token), SigSciAuthMode.ApiToken, new HttpPipeline(options ?? HttpPipelineTests.FastRetries()));

    public static SigSciSession Password(EmulatorFixture emulator, string password = SigSciEmulatorState.Password) =>
        new(emulator.BaseUri, SigSciEmulatorState.Corp, SigSciEmulatorState.Email, Secure(password), SigSciAuthMode.Password, new HttpPipeline(HttpPipelineTests.FastRetries()));

    public static async Task<SigSciSession> ConnectedAsync(EmulatorFixture emulator)
    {
        var session = Token(emulator);
        await session.ConnectAsync(session.CreateLog(), CancellationToken.None);
        return session;
    }

    /// <summary>A window of whole minutes that the feed accepts now: the hour before now − 10 min.</summary>
    public static (DateTimeOffset From, DateTimeOffset Until) RecentHour(int minutes = 60)
    {
        var until = SigSciWindow.FloorToMinute(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10));
        return (until.AddMinutes(-minutes), until);
    }

    /// <summary>
    /// A window that breaks one rule, for the theories: from is <paramref name="fromMinutesBack"/> minutes
    /// before this minute, or (when 0) half an hour before until plus <paramref name="fromSeconds"/>.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset Until) BrokenWindow(int fromSeconds, int fromMinutesBack, int untilMinutesBack)
    {
        var minute = SigSciWindow.FloorToMinute(DateTimeOffset.UtcNow);
        var until = minute.AddMinutes(-untilMinutesBack);
        var from = fromMinutesBack == 0 ? until.AddMinutes(-30).AddSeconds(fromSeconds) : minute.AddMinutes(-fromMinutesBack);
        return (from, until);
    }

    public static async Task<List<SigSciFeedRecord>> ReadAllAsync(SigSciFeed feed, OperationLog log, CancellationToken cancellationToken = default)
    {
        var records = new List<SigSciFeedRecord>();
        await foreach (var record in feed.ReadAsync(log, cancellationToken))
        {
            records.Add(record);
        }

        return records;
    }

    public static List<LogEntry> Drain(OperationLog log)
    {
        var entries = new List<LogEntry>();
        while (log.TryTake(out var entry))
        {
            entries.Add(entry);
        }

        return entries;
    }

    public static void AssertEachOnce(IEnumerable<SigSciFeedRecord> records, int expected)
    {
        var ids = records.Select(r => r.Request?.Id ?? System.Text.Json.JsonDocument.Parse(r.Json).RootElement.GetProperty("id").GetString()).ToList();
        Xunit.Assert.Equal(expected, ids.Count);
        Xunit.Assert.Equal(expected, ids.Distinct(StringComparer.Ordinal).Count());
    }
}
