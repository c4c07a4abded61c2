using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Emulator.SigSci;
using Xunit;

namespace PSSecurityFeeds.Tests.SigSci;

/// <summary>
/// The feed's hand-written request parser gives what JsonSerializer gives for the model with its JSON options
/// (camelCase names, unknown fields kept, a value of the wrong type refused with a JsonException): the serializer
/// is the reference here, so a change of the model that the parser does not follow fails.
/// </summary>
public sealed class SigSciRequestParserTests
{
    public static IEnumerable<object[]> OddRequests() => new[]
    {
        "{\"id\":\"a\"}",
        "{\"id\":null,\"serverHostname\":null,\"tags\":null,\"headersIn\":null,\"headersOut\":[]}",
        "{\"id\":\"x\",\"tags\":[null,{\"type\":\"XSS\",\"extra\":{\"deep\":[1,2]},\"value\":null}],\"responseCode\":406}",
        "{\"ID\":\"upper\",\"corp\":\"c\",\"site\":\"s\",\"new\":{\"a\":[true,null]},\"new\":1,\"n\":null}",
        "{\"vendor\":\"v\",\"time\":\"t\",\"clientIP\":\"c\",\"host\":\"h\",\"status\":1,\"action\":\"a\",\"ruleIds\":[],\"additionalFields\":{},\"tagArray\":[],\"extensionData\":{},\"Tags\":[]}",
        "{\"id\":\"dup\",\"id\":\"last\",\"method\":\"GET\",\"method\":\"POST\"}",
        "{\"i\\u0064\":\"escaped name\",\"path\":\"/a\\\"b\",\"userAgent\":\"caf\\u00e9\"}",
        "{\"timestamp\":\"2024-05-01T10:20:30.123+02:00\",\"responseSize\":9007199254740993,\"responseMillis\":0}",
        "{}",
    }.Select(json => new object[] { json });

    public static IEnumerable<object[]> BadRequests() => new[]
    {
        "null",
        "[]",
        "\"text\"",
        "{\"responseCode\":\"406\"}",
        "{\"responseCode\":4.5}",
        "{\"responseCode\":null}",
        "{\"responseCode\":3000000000}",
        "{\"responseSize\":1e3}",
        "{\"timestamp\":\"yesterday\"}",
        "{\"timestamp\":12}",
        "{\"id\":5}",
        "{\"id\":{}}",
        "{\"tags\":{}}",
        "{\"tags\":[1]}",
        "{\"tags\":[{\"type\":1}]}",
        "{\"headersIn\":[[\"a\"]]}",
        "{\"headersIn\":{}}",
        "{\"id\":\"a\"} {}",
        "{\"id\":\"a\",}",
    }.Select(json => new object[] { json });

    [Fact]
    public void Reads_every_generated_request_as_the_serializer_does()
    {
        var traffic = new SigSciTraffic(SigSciEmulatorState.Corp, "www", 1_700_000_000, 1_700_000_000 + 600, perMinute: 200);
        for (var position = 0; position < traffic.Count; position++)
        {
            AssertSameAsReference(Generate(traffic, position));
        }
    }

    [Theory]
    [MemberData(nameof(OddRequests))]
    public void Reads_odd_requests_as_the_serializer_does(string json) => AssertSameAsReference(Encoding.UTF8.GetBytes(json));

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Refuses_with_a_JsonException_what_the_serializer_refuses(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        Assert.ThrowsAny<JsonException>(() => ReferenceParse(utf8));
        Assert.ThrowsAny<JsonException>(() => new SigSciRequestParser().Parse(utf8, "corp", "www"));
    }

    [Fact]
    public void One_parser_reads_many_requests_without_mixing_them()
    {
        var parser = new SigSciRequestParser();
        var first = parser.Parse("{\"id\":\"1\",\"method\":\"GET\",\"tags\":[{\"type\":\"XSS\"}]}"u8, "corp", "www");
        var second = parser.Parse("{\"id\":\"2\",\"method\":\"GET\"}"u8, "corp", "api");

        Assert.Equal(("1", "www", 1), (first.Id, first.Site, first.Tags.Count));
        Assert.Equal(("2", "api", 0), (second.Id, second.Site, second.Tags.Count));
        Assert.Same(first.Method, second.Method); // a repeated value is decoded once
    }

    private static byte[] Generate(SigSciTraffic traffic, int position)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            traffic.Write(json, position);
        }

        return buffer.ToArray();
    }

    private static SigSciRequest ReferenceParse(byte[] utf8)
    {
        var request = JsonSerializer.Deserialize<SigSciRequest>(utf8, SigSciRequest.JsonOptions) ?? throw new JsonException("null");
        request.HeadersIn ??= SigSciHeaderCollection.Empty;
        request.HeadersOut ??= SigSciHeaderCollection.Empty;
        return request;
    }

    private static void AssertSameAsReference(byte[] utf8)
    {
        var expected = ReferenceParse(utf8);
        var actual = new SigSciRequestParser().Parse(utf8, "corp", "www");

        Assert.Equal(Describe(expected), Describe(actual));
        Assert.Equal(("corp", "www"), (actual.Corp, actual.Site));
    }

    /// <summary>Every public value of a request as text, so two requests compare field by field.</summary>
    private static string Describe(SigSciRequest r) => string.Join(
        "\n",
        new object?[]
        {
            r.Id, r.Timestamp.ToString("o"), r.ServerHostname, r.ServerName, r.RemoteIP, r.RemoteHostname, r.RemoteCountryCode, r.Method,
            r.Scheme, r.Path, r.Uri, r.Protocol, r.TlsProtocol, r.TlsCipher, r.ResponseCode, r.ResponseSize, r.ResponseMillis,
            r.AgentResponseCode, r.UserAgent,
            string.Join(";", r.Tags.Select(t => t is null ? "<null>" : $"{t.Type}|{t.Location}|{t.Value}|{t.Detector}")),
            string.Join(";", r.HeadersIn.Pairs.Select(p => p.Key + "=" + p.Value)),
            string.Join(";", r.HeadersOut.Pairs.Select(p => p.Key + "=" + p.Value)),
            string.Join(";", r.AdditionalFields.Select(p => p.Key + "=" + p.Value)),
        }.Select(v => v?.ToString() ?? "<null>"));
}
