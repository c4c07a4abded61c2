using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace PSSecurityFeeds.Emulator.Akamai;

/// <summary>
/// The emulated SIEM tenant: its API clients, security configurations and a store of <see cref="EventCount"/>
/// events spread evenly over the <see cref="Window"/> that ends at <see cref="Anchor"/>. Events are not kept:
/// event N is generated from N whenever it is served, so the store can be as large as a benchmark needs.
/// Tests tune it directly; Pester and the demo through POST /_emulator/akamai/settings.
/// </summary>
public sealed class AkamaiSiemState
{
    public const string ClientToken = "akab-emulator-client-token-0001";
    public const string AccessToken = "akab-emulator-access-token-0001";
    public const string ClientSecret = "ZW11bGF0b3ItY2xpZW50LXNlY3JldA==";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _usedNonces = new();

    public AkamaiSiemState() => Reset();

    /// <summary>API clients by client token: their access token and secret.</summary>
    public ConcurrentDictionary<string, (string AccessToken, string Secret)> Clients { get; } = new();

    /// <summary>Configurations the tenant has; any other id is 404.</summary>
    public HashSet<int> KnownConfigIds { get; } = new();

    /// <summary>Configurations the API client may not read: 403.</summary>
    public HashSet<int> ForbiddenConfigIds { get; } = new();

    public long EventCount { get; set; }

    public TimeSpan Window { get; set; }

    /// <summary>The storage time of the newest event.</summary>
    public DateTimeOffset Anchor { get; set; }

    /// <summary>How long an offset stays valid; older ones get 416.</summary>
    public TimeSpan OffsetLifetime { get; set; }

    /// <summary>Offsets issued before this instant get 416 (a test's way to let them expire now).</summary>
    public DateTimeOffset OffsetsValidAfter { get; set; }

    /// <summary>When above 0, every Nth event line is broken JSON.</summary>
    public int MalformedEvery { get; set; }

    /// <summary>How far a request's EdgeGrid timestamp may be from the emulator's clock.</summary>
    public TimeSpan AllowedClockSkew { get; set; }

    /// <summary>Gzip the body when the client asks for it (as Akamai does).</summary>
    public bool CompressWhenAsked { get; set; }

    public void Reset()
    {
        Clients.Clear();
        Clients[ClientToken] = (AccessToken, ClientSecret);
        KnownConfigIds.Clear();
        KnownConfigIds.UnionWith(new[] { 14227, 14228, 20001, 403 });
        ForbiddenConfigIds.Clear();
        ForbiddenConfigIds.Add(403);
        EventCount = 2_500;
        Window = TimeSpan.FromHours(1);
        Anchor = DateTimeOffset.UtcNow;
        OffsetLifetime = TimeSpan.FromHours(12);
        OffsetsValidAfter = DateTimeOffset.MinValue;
        MalformedEvery = 0;
        AllowedClockSkew = TimeSpan.FromSeconds(30);
        CompressWhenAsked = true;
        _usedNonces.Clear();
    }

    /// <summary>Storage time of event <paramref name="position"/> (0-based).</summary>
    public DateTimeOffset TimeOf(long position) =>
        Anchor - Window + TimeSpan.FromTicks((long)((decimal)Window.Ticks * (position + 1) / EventCount));

    /// <summary>The first event stored at or after <paramref name="time"/>, or <see cref="EventCount"/> when none is.</summary>
    public long FirstAtOrAfter(DateTimeOffset time)
    {
        var sinceStart = (time - (Anchor - Window)).Ticks;
        var position = (long)Math.Ceiling((decimal)sinceStart * EventCount / Window.Ticks) - 1;
        position = Math.Clamp(position, 0, EventCount);
        while (position > 0 && TimeOf(position - 1) >= time)
        {
            position--;
        }

        while (position < EventCount && TimeOf(position) < time)
        {
            position++;
        }

        return position;
    }

    /// <summary>Remembers a nonce; false when it was used before (a replayed request).</summary>
    internal bool UseNonce(string nonce, DateTimeOffset now)
    {
        if (_usedNonces.Count > 100_000)
        {
            foreach (var old in _usedNonces)
            {
                if (old.Value < now - TimeSpan.FromMinutes(10))
                {
                    _usedNonces.TryRemove(old.Key, out _);
                }
            }
        }

        return _usedNonces.TryAdd(nonce, now);
    }
}
