using System;
using System.IO;
using System.Linq;
using System.Text;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Akamai;

public sealed class AkamaiSiemEventParserTests
{
    private static byte[] OfficialExampleLine() =>
        Encoding.UTF8.GetBytes(string.Join(" ", File.ReadAllLines(RepositoryPaths.Fixture("akamai-siem", "examples", "siem-event-200.json")).Select(l => l.Trim())));

    [Fact]
    public void Official_example_decodes_to_the_documented_values()
    {
        var e = new AkamaiSiemEventParser().Parse(OfficialExampleLine());

        Assert.Equal(new[] { "950002", "950006", "CMD-INJECTION-ANOMALY" }, e.Rules.Select(r => r.Id));
        Assert.Equal(new[] { "alert", "alert", "deny" }, e.Rules.Select(r => r.Action));
        Assert.Equal(new[] { "4", "4", "1" }, e.Rules.Select(r => r.Version));
        Assert.Equal(new[] { "System Command Access", "System Command Injection", "Anomaly Score Exceeded for Command Injection" }, e.Rules.Select(r => r.Message));
        Assert.Equal(new[] { "OWASP_CRS/WEB_ATTACK/FILE_INJECTION", "OWASP_CRS/WEB_ATTACK/COMMAND_INJECTION", "AKAMAI/POLICY/CMD_INJECTION_ANOMALY" }, e.Rules.Select(r => r.Tag));
        Assert.Equal("telnet.exe", e.Rules[0].Data);
        Assert.StartsWith("Vector Score: 10, DENY threshold: 9, Alert Rules: 950002:950006", e.Rules[2].Data);
        Assert.Equal(new[] { "ARGS:option", "ARGS:option", null }, e.Rules.Select(r => r.Selector));
        Assert.Equal(14227, e.ConfigId);
        Assert.Equal("qik1_26545", e.PolicyId);
        Assert.Equal("192.0.2.82", e.ClientIP);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1491303422), e.Time);
        Assert.Equal(("GET", "www.hmapi.com", "/", "option=com_jce%20telnet.exe", 200, 266L, "HTTP/1.1", 80), (e.Method, e.Host, e.Path, e.Query, e.Status!.Value, e.Bytes!.Value, e.Protocol, e.Port!.Value));
        Assert.Equal(("US", "ASHBURN", "VA", 14618L, "288"), (e.Country, e.City, e.RegionCode, e.Asn!.Value, e.Continent));
        Assert.Equal("1158db1758e37bfe67b7c09", e.RequestId);
        Assert.Equal("BOT/0.1 (BOT for JCE)", e.RequestHeaders["User-Agent"]);
        Assert.Equal("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", e.RequestHeaders["accept"]);
        Assert.Equal("User-Agent", e.RequestHeaders.Keys.Cast<string>().First());
        Assert.Contains("+6e9Dbto0YASJAM909Ujbo6Qfyh1XpG0MniBzVbPMUV8oKhBLLPVSNCp0xXMnH8iXGZUHlUsHqWONt3+EGSbWUU320h4GKiGCJkig5r+hc6V1pi3tt7u3LglG3DloEilchdo8D7iu4lrvvAEzyYQI8Hao8M0=", (string)e.ResponseHeaders["Set-Cookie"]!);
        Assert.Equal("100", e.BotData!["botScore"]);
        Assert.Equal("com.mydomain.myapp", e.ClientData!["appBundleId"]);
        Assert.Equal("jsmith", e.UserRiskData!["username"]);
        Assert.Null(e.AdditionalFields);
    }

    [Fact]
    public void Fractional_start_keeps_milliseconds()
    {
        var e = new AkamaiSiemEventParser().Parse("""{"httpMessage":{"start":"1491303422.123"}}"""u8);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1491303422123), e.Time);
    }

    // Plain digits are read with integers, other forms with decimal: both must give the decimal way's ticks.
    [Theory]
    [InlineData("1491303422", 14913034220000000L)]
    [InlineData("1491303422.5", 14913034225000000L)]
    [InlineData("1491303422.1234567", 14913034221234567L)]
    [InlineData("1491303422.123456789", 14913034221234567L)]
    [InlineData("0001491303422.000000001", 14913034220000000L)]
    [InlineData("0.0000001", 1L)]
    [InlineData("253402300798.9999999", 2534023007989999999L)]
    [InlineData("1491303422.123456789012345678", 14913034221234567L)]
    [InlineData("1.4913034225E9", 14913034225000000L)]
    [InlineData("1491303422.", 14913034220000000L)]
    public void Start_time_is_read_to_the_tick_whatever_its_form(string start, long ticksSinceEpoch)
    {
        var e = new AkamaiSiemEventParser().Parse(Encoding.UTF8.GetBytes($$$"""{"httpMessage":{"start":"{{{start}}}"}}"""));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(0).AddTicks(ticksSinceEpoch), e.Time);
    }

    [Theory]
    [InlineData("253402300799")]
    [InlineData("-1")]
    [InlineData("14913034.22.1")]
    [InlineData(".5x")]
    [InlineData("")]
    public void Start_time_out_of_range_or_unreadable_is_null(string start) =>
        Assert.Null(new AkamaiSiemEventParser().Parse(Encoding.UTF8.GetBytes($$$"""{"httpMessage":{"start":"{{{start}}}"}}""")).Time);

    [Fact]
    public void Escaped_property_names_reach_the_same_fields()
    {
        var e = new AkamaiSiemEventParser().Parse("""{"\u0061ttackData":{"client\u0049P":"192.0.2.1","\u0072ules":"OTUwMDAy"},"geo":{"c\u006funtry":"US"},"\u0062otData":{"bot\u0053core":"7"},"new\u0054op":"x"}"""u8);
        Assert.Equal("192.0.2.1", e.ClientIP);
        Assert.Equal("950002", Assert.Single(e.Rules).Id);
        Assert.Equal("US", e.Country);
        Assert.Equal("7", e.BotData!["botScore"]);
        Assert.Equal("x", e.AdditionalFields!["newTop"]);
    }

    [Fact]
    public void Events_with_the_same_rule_lists_get_the_same_rules()
    {
        var parser = new AkamaiSiemEventParser();
        var line = """{"attackData":{"rules":"OTUwMDAy%3bOTUwMDA2","ruleActions":"YWxlcnQ%3d%3bZGVueQ%3d%3d"}}"""u8;
        var first = parser.Parse(line);
        var second = parser.Parse(line);
        Assert.Equal(new[] { ("950002", "alert"), ("950006", "deny") }, second.Rules.Select(r => (r.Id, r.Action!)));
        Assert.Equal(first.Rules.Select(r => r.ToString()), second.Rules.Select(r => r.ToString())); // a read-only list: no event can change another's
    }

    [Fact]
    public void Unknown_fields_are_kept_and_numbers_tolerated()
    {
        var e = new AkamaiSiemEventParser().Parse("""{"type":"akamai_siem","newTop":{"a":[1,2]},"httpMessage":{"status":403,"edgeRegion":"us-east"},"geo":{"asn":"x"}}"""u8);
        Assert.Equal(403, e.Status);
        Assert.Null(e.Asn);
        Assert.Equal("""{"a":[1,2]}""", e.AdditionalFields!["newTop"]);
        Assert.Equal("us-east", e.AdditionalFields["httpMessage.edgeRegion"]);
    }

    [Theory]
    [InlineData("OTUwMDAy", "950002")]              // plain
    [InlineData("OTUw MDAy", "950002")]             // a stray space
    [InlineData("NA", "4")]                         // padding missing
    [InlineData("fn5+Pg%3d%3d", "~~~>")]            // '+' is base64, not a space
    [InlineData("fn5-Pg", "~~~>")]                  // URL-safe alphabet
    [InlineData("OTUwMDAyX", "OTUwMDAyX")]          // truncated: keeps its raw text
    [InlineData("not*base64!", "not*base64!")]      // not base64: kept as is
    public void Chunks_decode_leniently(string encoded, string expected) =>
        Assert.Equal(expected, AkamaiAttackDataDecoder.Chunks(encoded).Single());

    [Fact]
    public void Lists_line_up_by_index_and_empty_chunks_stay_empty()
    {
        var rules = AkamaiAttackDataDecoder.Decode("OTUwMDAy%3bOTUwMDA2", "NA%3d%3d", null, "%3b", "dGVsbmV0LmV4ZQ%3d%3d%3b", null, "YWxlcnQ%3d%3bZGVueQ%3d%3d");
        Assert.Equal(2, rules.Length);
        Assert.Equal(("950002", "4", "telnet.exe", "alert"), (rules[0].Id, rules[0].Version, rules[0].Data, rules[0].Action));
        Assert.Equal(("950006", (string?)null, (string?)null, "deny"), (rules[1].Id, rules[1].Version, rules[1].Data, rules[1].Action));
        Assert.All(rules, r => Assert.Null(r.Tag));
    }

    [Fact]
    public void Duplicate_headers_keep_both_values_in_order()
    {
        var headers = AkamaiHeaderBlock.Decode("X-A%3a%201%0d%0aX-B%3a%202%0d%0ax-a%3a%203%0d%0a");
        Assert.Equal(new[] { "X-A", "X-B" }, headers.Keys.Cast<string>());
        Assert.Equal("1, 3", headers["X-A"]);
    }

    [Theory]
    [InlineData("""{"total":0,"offset":"a;b","limit":10}""", true)]
    [InlineData("""{"offset":"a","total":5}""", true)]
    [InlineData("""{"total":5,"offset":"a","type":"akamai_siem"}""", false)]
    [InlineData("""{"type":"akamai_siem","total":5}""", false)]
    [InlineData("""{"total":5""", false)]
    [InlineData(""" { "limit" : 3 , "total" : 1 , "offset" : "x" } """, true)]
    [InlineData("""{"\u0074otal":2,"offset":"b"}""", true)]
    [InlineData("""{"totals":2,"offset":"b"}""", false)]
    [InlineData("""{}""", false)]
    [InlineData("""not json""", false)]
    public void Response_context_is_recognised_only_for_its_own_shape(string line, bool isContext) =>
        Assert.Equal(isContext, AkamaiResponseContext.TryParse(Encoding.UTF8.GetBytes(line), out _));

    [Theory]
    [InlineData("""{"type":"akamai_siem",""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"a":1}{"b":2}""")]
    public void Broken_lines_are_rejected(string line) =>
        Assert.ThrowsAny<Exception>(() => new AkamaiSiemEventParser().Parse(Encoding.UTF8.GetBytes(line)));
}
