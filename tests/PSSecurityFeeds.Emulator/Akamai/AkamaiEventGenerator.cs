using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PSSecurityFeeds.Emulator.Akamai;

/// <summary>
/// Makes event N of the store, always the same for the same N, shaped like the official example: 1 to 5 rules,
/// URL-encoded base64 rule lists with empty chunks, encoded header blocks, optional botData/clientData/
/// userRiskData/custom and an occasional unknown field; every tenth event shares the requestId of the one
/// before it. Each of a fixed set of variants is prepared once as byte segments around the per-event values
/// (client IP, config id, request id, start time), so serving a million events costs little more than copying.
/// </summary>
public static class AkamaiEventGenerator
{
    public const int VariantCount = 60;

    /// <summary>Longer than any event line, the room a writer keeps free for one.</summary>
    public const int MaxLineLength = 8 * 1024;

    private static readonly string[] Placeholders = { "@@IP@@", "@@CFG@@", "@@RID@@", "@@START@@" };
    private static readonly byte[][][] Variants = Enumerable.Range(0, VariantCount).Select(BuildVariant).ToArray();
    private static readonly byte[] Malformed = Encoding.UTF8.GetBytes("{\"format\":\"json\",\"type\":\"akamai_siem\",\"attackData\":{\"clientIP\":\"192.0.2.");

    /// <summary>The rules event <paramref name="position"/> reports, for tests to compare with what a client decodes.</summary>
    public static IReadOnlyList<AkamaiRuleTemplate> RulesOf(long position) => RulesOfVariant(VariantOf(position));

    /// <summary>The request id of event <paramref name="position"/>; an event right after a multiple of ten shares its predecessor's.</summary>
    public static string RequestIdOf(long position)
    {
        var owner = position % 10 == 1 ? position - 1 : position;
        return "1158db" + ((ulong)owner * 0x9E3779B97F4A7C15UL).ToString("x16");
    }

    /// <summary>Writes event <paramref name="position"/> and a line break; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, long position, int configId, DateTimeOffset time, bool malformed)
    {
        if (malformed)
        {
            Malformed.CopyTo(destination);
            destination[Malformed.Length] = (byte)'\n';
            return Malformed.Length + 1;
        }

        var segments = Variants[VariantOf(position)];
        var written = 0;
        void Copy(ReadOnlySpan<byte> bytes, Span<byte> target)
        {
            bytes.CopyTo(target[written..]);
            written += bytes.Length;
        }

        Copy(segments[0], destination);
        written += WriteIp(destination[written..], position);
        Copy(segments[1], destination);
        Utf8Formatter.TryFormat(configId, destination[written..], out var length);
        written += length;
        Copy(segments[2], destination);
        written += Encoding.ASCII.GetBytes(RequestIdOf(position), destination[written..]);
        Copy(segments[3], destination);
        written += WriteStart(destination[written..], position, time);
        Copy(segments[4], destination);
        destination[written++] = (byte)'\n';
        return written;
    }

    private static int VariantOf(long position) => (int)((ulong)(position * 7 + position / VariantCount) % VariantCount);

    private static int WriteIp(Span<byte> destination, long position)
    {
        var prefix = (position % 3) switch { 0 => "192.0.2."u8, 1 => "198.51.100."u8, _ => "203.0.113."u8 };
        prefix.CopyTo(destination);
        Utf8Formatter.TryFormat(position % 254 + 1, destination[prefix.Length..], out var length);
        return prefix.Length + length;
    }

    /// <summary>Epoch seconds; every other event carries milliseconds as Akamai sometimes does.</summary>
    private static int WriteStart(Span<byte> destination, long position, DateTimeOffset time)
    {
        var milliseconds = time.ToUnixTimeMilliseconds();
        Utf8Formatter.TryFormat(milliseconds / 1000, destination, out var length);
        if (position % 2 == 0)
        {
            destination[length++] = (byte)'.';
            Utf8Formatter.TryFormat(milliseconds % 1000, destination[length..], out var fraction, new StandardFormat('D', 3));
            length += fraction;
        }

        return length;
    }

    private static IReadOnlyList<AkamaiRuleTemplate> RulesOfVariant(int variant)
    {
        var catalog = AkamaiRuleTemplate.Catalog;
        var count = 1 + variant % 5;
        return Enumerable.Range(0, count).Select(i => catalog[(variant / 5 + i) % catalog.Length]).ToArray();
    }

    private static byte[][] BuildVariant(int variant)
    {
        var rules = RulesOfVariant(variant);
        var random = new Random(variant * 7919 + 17);
        var hosts = new[] { "www.example.com", "shop.example.com", "api.example.net", "www.hmapi.com" };
        var paths = new[] { "/", "/login", "/search", "/api/v1/orders", "/cgi-bin/test.cgi" };
        var agents = new[] { "BOT/0.1 (BOT for JCE)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "curl/8.4.0", "sqlmap/1.7" };
        var cities = new[] { ("US", "ASHBURN", "VA", "14618", "288"), ("DE", "FRANKFURT", "HE", "16509", "EU"), ("FR", "PARIS", "IDF", "3215", "EU"), ("JP", "TOKYO", "13", "2516", "AS") };
        var host = hosts[random.Next(hosts.Length)];
        var geo = cities[random.Next(cities.Length)];
        var method = variant % 4 == 3 ? "POST" : "GET";
        var status = rules.Any(r => r.Action == "deny") ? "403" : "200";

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("format", "json");
            json.WriteString("type", "akamai_siem");
            json.WriteString("version", "1.0");
            json.WriteStartObject("attackData");
            json.WriteString("clientIP", Placeholders[0]);
            json.WriteString("configId", Placeholders[1]);
            json.WriteString("policyId", "qik1_" + (26545 + variant % 3));
            json.WriteString("ruleActions", RuleList(rules.Select(r => r.Action)));
            json.WriteString("ruleData", RuleList(rules.Select(r => r.Data)));
            json.WriteString("ruleMessages", RuleList(rules.Select(r => r.Message)));
            json.WriteString("ruleSelectors", RuleList(rules.Select(r => r.Selector)));
            json.WriteString("ruleTags", RuleList(rules.Select(r => r.Tag)));
            json.WriteString("ruleVersions", RuleList(rules.Select(r => r.Version)));
            json.WriteString("rules", RuleList(rules.Select(r => r.Id)));
            if (variant % 6 == 0)
            {
                json.WriteString("clientReputation", "WEBSCRP=8;DOSATCK=3");
            }

            json.WriteEndObject();
            json.WriteStartObject("geo");
            json.WriteString("asn", geo.Item4);
            json.WriteString("city", geo.Item2);
            json.WriteString("continent", geo.Item5);
            json.WriteString("country", geo.Item1);
            json.WriteString("regionCode", geo.Item3);
            json.WriteEndObject();
            json.WriteStartObject("httpMessage");
            json.WriteString("bytes", (200 + random.Next(5000)).ToString());
            json.WriteString("host", host);
            json.WriteString("method", method);
            json.WriteString("path", paths[random.Next(paths.Length)]);
            json.WriteString("port", variant % 2 == 0 ? "443" : "80");
            json.WriteString("protocol", variant % 3 == 0 ? "HTTP/2" : "HTTP/1.1");
            json.WriteString("query", "option=com_jce%20telnet.exe&id=" + variant);
            json.WriteString("requestHeaders", HeaderBlock(
                ("User-Agent", agents[random.Next(agents.Length)]),
                ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
                ("Accept-Language", "en-US,en;q=0.5"),
                ("X-Forwarded-For", "192.0.2." + variant),
                ("X-Forwarded-For", "10.0.0." + variant),
                ("Host", host)));
            json.WriteString("requestId", Placeholders[2]);
            json.WriteString("responseHeaders", HeaderBlock(
                ("Server", "AkamaiGHost"),
                ("Content-Type", "text/html"),
                ("Set-Cookie", "ak_bmsc=AFE4B6D8CEEDBD286FB1+0F37AC7B2566==; path=/; HttpOnly")));
            json.WriteString("start", Placeholders[3]);
            json.WriteString("status", status);
            if (variant % 2 == 0)
            {
                json.WriteString("tls", "tls1.3");
            }

            if (variant % 11 == 5)
            {
                json.WriteString("edgeRegion", "us-east"); // a field the module does not model
            }

            json.WriteEndObject();
            if (variant % 3 == 0)
            {
                json.WriteStartObject("botData");
                json.WriteString("botScore", (variant * 7 % 100).ToString());
                json.WriteString("responseSegment", "3");
                json.WriteEndObject();
            }

            if (variant % 4 == 0)
            {
                json.WriteStartObject("clientData");
                json.WriteString("appBundleId", "com.mydomain.myapp");
                json.WriteString("appVersion", "1.23");
                json.WriteString("sdkVersion", "4.7.1");
                json.WriteString("telemetryType", "2");
                json.WriteEndObject();
            }

            if (variant % 5 == 0)
            {
                json.WriteStartObject("userRiskData");
                json.WriteString("uuid", $"964d54b7-0821-413a-a4d6-{variant:x12}");
                json.WriteString("username", "jsmith");
                json.WriteString("score", (variant * 3 % 100).ToString());
                json.WriteString("risk", "udfp:1325gdg4g4343g/M|unp:74256/H");
                json.WriteEndObject();
            }

            if (variant % 7 == 0)
            {
                json.WriteStartObject("custom");
                json.WriteString("tenant", "emulator");
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray());
        var segments = new List<byte[]>();
        foreach (var placeholder in Placeholders)
        {
            var at = text.IndexOf(placeholder, StringComparison.Ordinal);
            segments.Add(Encoding.UTF8.GetBytes(text[..at]));
            text = text[(at + placeholder.Length)..];
        }

        segments.Add(Encoding.UTF8.GetBytes(text));
        return segments.ToArray();
    }

    /// <summary>base64 chunks joined by ';', then URL-encoded as Akamai does it: '=' ';' '/' escaped, '+' left alone.</summary>
    private static string RuleList(IEnumerable<string> values) =>
        string.Join(";", values.Select(v => v.Length == 0 ? string.Empty : Convert.ToBase64String(Encoding.UTF8.GetBytes(v))))
            .Replace("/", "%2f").Replace("=", "%3d").Replace(";", "%3b");

    private static string HeaderBlock(params (string Name, string Value)[] headers)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        var encoded = new StringBuilder();
        foreach (var c in text.ToString())
        {
            if (c is ':' or ' ' or '\r' or '\n' or '/' or ';' or '=' or '%' or '"' or '\\')
            {
                encoded.Append('%').Append(((int)c).ToString("x2"));
            }
            else
            {
                encoded.Append(c);
            }
        }

        return encoded.ToString();
    }
}
