using System;
using System.Text.Json;

namespace PSSecurityFeeds.Emulator.Sekoia;

/// <summary>
/// Makes the events of a search on the fly: event N of a job is always the same nested ECS-style object, so
/// pages and exports of any size cost no memory and tests can check what they received. Even events are web
/// requests (url, http, event.action, rule.id, tags); odd ones are logons on a host (ECS host.name).
/// </summary>
public static class SekoiaEventSource
{
    private static readonly string[] WebPaths = { "/", "/login", "/search", "/api/orders" };

    public static string EventId(string jobUuid, long index) => $"{jobUuid[..8]}-{index:D9}";

    public static void WriteEvent(Utf8JsonWriter json, EmulatedSearchJob job, long index, int messageLength)
    {
        var hash = Mix((ulong)index);
        var web = index % 2 == 0;
        json.WriteStartObject();
        json.WriteString("@timestamp", job.TimestampOf(index));
        json.WriteString("message", Message(hash, index, messageLength));
        json.WriteStartObject("event");
        json.WriteString("id", EventId(job.Uuid, index));
        json.WriteString("dialect", "emulated");
        json.WriteStartArray("category");
        json.WriteStringValue("network");
        json.WriteStringValue(web ? "web" : "authentication");
        json.WriteEndArray();
        json.WriteNumber("sequence", index);
        if (web)
        {
            json.WriteString("action", Blocked(hash) ? "blocked" : "allowed");
        }

        json.WriteEndObject();
        if (web)
        {
            WriteWebFields(json, hash);
        }
        else
        {
            json.WriteStartObject("host");
            json.WriteString("name", "srv-" + (hash % 8).ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        json.WriteStartObject("source");
        json.WriteString("ip", SourceIp(hash));
        json.WriteNumber("port", SourcePort(hash));
        json.WriteEndObject();
        json.WriteStartObject("user");
        json.WriteString("name", UserName(hash));
        json.WriteBoolean("privileged", hash % 7 == 0);
        json.WriteEndObject();
        json.WriteStartObject("sekoiaio");
        json.WriteStartObject("intake");
        json.WriteString("uuid", "0c4e9d4e-6a1b-4f5e-9c39-5d3b6a7f2e10");
        json.WriteNull("parser");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>One export line: the requested fields as flat dotted keys; fields the event lacks are null.</summary>
    public static void WriteExportLine(Utf8JsonWriter json, EmulatedSearchJob job, long index, string[] fields, int messageLength)
    {
        var hash = Mix((ulong)index);
        json.WriteStartObject();
        foreach (var field in fields)
        {
            switch (field)
            {
                case "@timestamp": json.WriteString(field, job.TimestampOf(index)); break;
                case "message": json.WriteString(field, Message(hash, index, messageLength)); break;
                case "event.id": json.WriteString(field, EventId(job.Uuid, index)); break;
                case "event.sequence": json.WriteNumber(field, index); break;
                case "source.ip": json.WriteString(field, SourceIp(hash)); break;
                case "source.port": json.WriteNumber(field, SourcePort(hash)); break;
                case "user.name": json.WriteString(field, UserName(hash)); break;
                default: json.WriteNull(field); break;
            }
        }

        json.WriteEndObject();
    }

    // ECS fields of a web request, as a WAF intake writes them.
    private static void WriteWebFields(Utf8JsonWriter json, ulong hash)
    {
        var blocked = Blocked(hash);
        json.WriteStartObject("url");
        json.WriteString("domain", (hash >> 40) % 2 == 0 ? "www.example.com" : "api.example.com");
        json.WriteString("path", WebPaths[(int)((hash >> 44) % (ulong)WebPaths.Length)]);
        json.WriteEndObject();
        json.WriteStartObject("http");
        json.WriteStartObject("request");
        json.WriteString("method", (hash >> 48) % 3 == 0 ? "POST" : "GET");
        json.WriteEndObject();
        json.WriteStartObject("response");
        json.WriteNumber("status_code", blocked ? 403 : 200);
        json.WriteEndObject();
        json.WriteEndObject();
        if (blocked)
        {
            json.WriteStartObject("rule");
            json.WriteString("id", "9420" + ((hash >> 52) % 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        json.WriteStartArray("tags");
        json.WriteStringValue("waf");
        if (blocked)
        {
            json.WriteStringValue("SQLI");
        }

        json.WriteEndArray();
    }

    private static bool Blocked(ulong hash) => (hash >> 56) % 4 == 0;

    private static string SourceIp(ulong hash) => $"10.{(hash >> 8) & 0xFF}.{(hash >> 16) & 0xFF}.{(hash >> 24) & 0xFF}";

    private static int SourcePort(ulong hash) => 1024 + (int)((hash >> 32) % 60000);

    private static string UserName(ulong hash) => "user" + (hash % 50).ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Hex of a running hash: varied enough that gzip shrinks it about as much as real log text.
    private static string Message(ulong hash, long index, int length)
    {
        var prefix = $"emulated event {index} ";
        if (length <= prefix.Length)
        {
            return prefix[..Math.Max(length, 0)];
        }

        return string.Create(length, (hash, prefix), static (span, state) =>
        {
            state.prefix.AsSpan().CopyTo(span);
            var h = state.hash;
            for (var i = state.prefix.Length; i < span.Length; i++)
            {
                if ((i & 15) == 0)
                {
                    h = Mix(h);
                }

                span[i] = "0123456789abcdef"[(int)((h >> ((i & 15) * 4)) & 0xF)];
            }
        });
    }

    // SplitMix64: a fixed, fast scramble so every index gets its own stable values.
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
