using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace PSSecurityFeeds.Emulator.SigSci;

/// <summary>
/// The requests a site stored, made up deterministically from (corp, site, minute, index): the same
/// window always holds the same requests with the same ids, so a client that fetches a window twice can
/// be checked for duplicates. A window is served minute by minute in a shuffled minute order with random
/// seconds, so pages are not sorted by time, as the vendor warns.
/// </summary>
public sealed class SigSciTraffic
{
    private static readonly (string Type, string Location, string Value, string Detector)[] Signals =
    {
        ("SQLI", "QUERYSTRING", "id=1' OR '1'='1", "SQLI"),
        ("XSS", "QUERYSTRING", "q=<script>alert(1)</script>", "XSS"),
        ("CMDEXE", "POST", "cmd=;cat /etc/passwd", "CMDEXE"),
        ("TRAVERSAL", "PATH", "/../../etc/shadow", "TRAVERSAL"),
        ("BACKDOOR", "PATH", "/wp-content/shell.php", "BACKDOOR"),
        ("USERAGENT", "HEADER:User-Agent", "sqlmap/1.7.2", "USERAGENT"),
        ("HTTP4XX", "RESPONSE", "404", "HTTP4XX"),
        ("SITE.login-attempt", "POST", "user=admin", "SITE.login-attempt"),
    };

    private static readonly string[] Countries = { "US", "DE", "FR", "BR", "CN", "IN", "NL", "RU", "GB", "JP" };
    private static readonly string[] Methods = { "GET", "GET", "GET", "POST", "PUT", "HEAD" };
    private static readonly string[] Paths = { "/", "/login", "/search", "/api/orders", "/wp-admin/admin-ajax.php", "/cart/checkout", "/static/app.js" };
    private static readonly string[] Agents =
    {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
        "sqlmap/1.7.2#stable (https://sqlmap.org)",
        "curl/8.5.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    };

    private readonly string _corp;
    private readonly string _site;
    private readonly long[] _minuteOrder;
    private readonly int _perMinute;
    private readonly int _malformedEvery;

    public SigSciTraffic(string corp, string site, long fromUnix, long untilUnix, int perMinute, int malformedEvery = 0)
    {
        _malformedEvery = malformedEvery;
        _corp = corp;
        _site = site;
        _perMinute = perMinute;
        var minutes = new List<long>();
        for (var minute = fromUnix; minute < untilUnix; minute += 60)
        {
            minutes.Add(minute);
        }

        _minuteOrder = minutes.OrderBy(m => Hash(corp, site, m.ToString(CultureInfo.InvariantCulture))).ToArray();
    }

    /// <summary>How many requests the window holds before any tags filter.</summary>
    public int Count => _minuteOrder.Length * _perMinute;

    /// <summary>Whether the request at this position carries at least one of the tags (an empty filter matches all).</summary>
    public bool Matches(int position, IReadOnlyCollection<string> tags) =>
        tags.Count == 0 || SignalsOf(Seed(position)).Any(i => tags.Contains(Signals[i].Type, StringComparer.OrdinalIgnoreCase));

    public void Write(Utf8JsonWriter json, int position)
    {
        var seed = Seed(position);
        var random = new Random((int)(seed ^ (seed >> 32)));
        var minute = _minuteOrder[position / _perMinute];
        var timestamp = DateTimeOffset.FromUnixTimeSeconds(minute + random.Next(60));
        var signals = SignalsOf(seed);
        var blocked = signals.Length > 1;
        var path = Paths[random.Next(Paths.Length)];
        var query = signals.Length > 0 && Signals[signals[0]].Location == "QUERYSTRING" ? "?" + Signals[signals[0]].Value : string.Empty;
        var ip = $"{random.Next(1, 224)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}";
        var agent = Agents[random.Next(Agents.Length)];
        var responseCode = blocked ? 406 : (path == "/wp-admin/admin-ajax.php" ? 404 : 200);

        json.WriteStartObject();
        json.WriteString("id", seed.ToString("x16", CultureInfo.InvariantCulture) + ((uint)Hash(_site, seed.ToString(CultureInfo.InvariantCulture))).ToString("x8", CultureInfo.InvariantCulture));
        json.WriteString("serverHostname", $"web-{random.Next(1, 9):00}.{_site}.internal");
        json.WriteString("remoteIP", ip);
        json.WriteString("remoteHostname", random.Next(3) == 0 ? $"host-{ip.Replace('.', '-')}.example.net" : string.Empty);
        json.WriteString("remoteCountryCode", Countries[random.Next(Countries.Length)]);
        json.WriteString("userAgent", agent);
        json.WriteString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteString("method", Methods[random.Next(Methods.Length)]);
        json.WriteString("serverName", $"{_site}.example.com");
        json.WriteString("protocol", random.Next(4) == 0 ? "HTTP/2.0" : "HTTP/1.1");
        json.WriteString("tlsProtocol", "TLSv1.3");
        json.WriteString("tlsCipher", "TLS_AES_128_GCM_SHA256");
        json.WriteString("scheme", "https");
        json.WriteString("path", path);
        json.WriteString("uri", path + query);
        WriteHeaders(json, "headersIn", new[]
        {
            ("Host", $"{_site}.example.com"),
            ("User-Agent", agent),
            ("Accept", "*/*"),
            ("Cookie", "session=" + random.Next().ToString("x8", CultureInfo.InvariantCulture)),
            ("Cookie", "theme=dark"),
        });
        WriteHeaders(json, "headersOut", new[]
        {
            ("Content-Type", "text/html; charset=utf-8"),
            ("Set-Cookie", "a=1; Secure"),
            ("Set-Cookie", "b=2; HttpOnly"),
        });
        if (_malformedEvery > 0 && position % _malformedEvery == 0)
        {
            json.WriteString("responseCode", "not-a-number");
        }
        else
        {
            json.WriteNumber("responseCode", responseCode);
        }

        json.WriteNumber("responseSize", random.Next(200, 60000));
        json.WriteNumber("responseMillis", random.Next(1, 900));
        json.WriteNumber("agentResponseCode", blocked ? 406 : 200);
        json.WriteStartArray("tags");
        foreach (var index in signals)
        {
            var signal = Signals[index];
            json.WriteStartObject();
            json.WriteString("type", signal.Type);
            json.WriteString("location", signal.Location);
            json.WriteString("value", signal.Value);
            json.WriteString("detector", signal.Detector);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        // A field this module does not know yet: the vendor adds fields over time and clients must keep them.
        json.WriteStartObject("edgeTrace");
        json.WriteString("pop", "FRA");
        json.WriteNumber("hops", random.Next(1, 4));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteHeaders(Utf8JsonWriter json, string name, (string Name, string Value)[] headers)
    {
        json.WriteStartArray(name);
        foreach (var (header, value) in headers)
        {
            json.WriteStartArray();
            json.WriteStringValue(header);
            json.WriteStringValue(value);
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    private static int[] SignalsOf(ulong seed)
    {
        var count = (int)(seed % 3); // 0, 1 or 2 signals
        var first = (int)((seed >> 8) % (ulong)Signals.Length);
        var second = (first + 1 + (int)((seed >> 16) % (ulong)(Signals.Length - 1))) % Signals.Length;
        return count switch { 0 => Array.Empty<int>(), 1 => new[] { first }, _ => new[] { first, second } };
    }

    private ulong Seed(int position)
    {
        var minute = _minuteOrder[position / _perMinute];
        return Hash(_corp, _site, minute.ToString(CultureInfo.InvariantCulture), (position % _perMinute).ToString(CultureInfo.InvariantCulture));
    }

    // FNV-1a: string.GetHashCode differs between processes, and the data must not.
    private static ulong Hash(params string[] parts)
    {
        var hash = 14695981039346656037UL;
        foreach (var part in parts)
        {
            foreach (var c in part)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            hash = (hash ^ '|') * 1099511628211UL;
        }

        return hash;
    }
}
