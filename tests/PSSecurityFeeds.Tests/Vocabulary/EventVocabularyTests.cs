using System;
using System.Collections;
using System.Linq;
using System.Text;
using System.Text.Json;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Core.Vocabulary;
using Xunit;

namespace PSSecurityFeeds.Tests.Vocabulary;

/// <summary>
/// The common event properties (ISecurityEvent) each vendor's event computes from its own fields, and the
/// collection types that make lists and named fields print their values and answer PowerShell's dot access.
/// </summary>
public sealed class EventVocabularyTests
{
    [Theory]
    [InlineData(typeof(SigSciRequest))]
    [InlineData(typeof(AkamaiSiemEvent))]
    [InlineData(typeof(SekoiaEventFields))]
    public void Every_event_type_has_the_common_properties_as_public_properties(Type eventType)
    {
        Assert.True(typeof(ISecurityEvent).IsAssignableFrom(eventType));
        foreach (var common in typeof(ISecurityEvent).GetProperties())
        {
            var own = eventType.GetProperty(common.Name);
            Assert.True(own is not null, $"{eventType.Name} has no public {common.Name}: PowerShell does not see interface members.");
        }
    }

    [Fact]
    public void A_sigsci_request_speaks_the_common_vocabulary()
    {
        var request = SigSciRequest.Parse(Encoding.UTF8.GetBytes("""
            {"id":"r1","timestamp":"2026-11-22T11:00:05+02:00","remoteIP":"198.51.100.7","serverName":"www.example.com","method":"POST","path":"/login",
             "responseCode":406,"agentResponseCode":406,"tags":[{"type":"SQLI","location":"QUERYSTRING","value":"x","detector":"SQLI"},{"type":"XSS"}],
             "headersIn":[["Host","www.example.com"]],"edgeTrace":{"pop":"FRA"},"newText":"t","newNumber":3}
            """), "corp", "www");
        ISecurityEvent common = request;

        Assert.Equal(SecurityEventVendor.SigSci, common.Vendor);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 9, 0, 5, TimeSpan.Zero), common.Time);
        Assert.Equal(TimeSpan.Zero, request.Timestamp.Offset);
        Assert.Equal(("198.51.100.7", "www.example.com", "POST", "/login", 406), (common.ClientIP, common.Host, common.Method, common.Path, common.Status!.Value));
        Assert.Equal("block", common.Action);
        Assert.Empty(common.RuleIds);
        Assert.Equal(new[] { "SQLI", "XSS" }, common.Tags);
        Assert.Equal("SQLI,XSS", request.Tags.ToString());
        Assert.Equal("{\"pop\":\"FRA\"}", request.AdditionalFields["edgeTrace"]);
        Assert.Equal(("t", "3"), (request.AdditionalFields["newText"], request.AdditionalFields["newNumber"]));
    }

    [Theory]
    [InlineData(200, "allow")]
    [InlineData(406, "block")]
    [InlineData(301, "block")]
    [InlineData(0, null)]
    [InlineData(-1, null)]
    public void A_sigsci_action_is_the_agents_decision(int agentResponseCode, string? action)
    {
        Assert.Equal(action, new SigSciRequest { AgentResponseCode = agentResponseCode }.Action);
    }

    [Fact]
    public void A_sigsci_tag_equals_its_type_name_so_contains_finds_it()
    {
        var tag = new SigSciTag { Type = "SQLI", Location = "QUERYSTRING" };

        Assert.True(tag.Equals("SQLI"));
        Assert.True(tag.Equals("sqli"));
        Assert.False(tag.Equals("XSS"));
        Assert.Equal(new SigSciTag { Type = "SQLI", Location = "QUERYSTRING" }, tag);
        Assert.NotEqual(new SigSciTag { Type = "SQLI", Location = "PATH" }, tag);
    }

    [Theory]
    [InlineData(new[] { "alert", "deny" }, "deny")]
    [InlineData(new[] { "monitor", "deny_custom_77001" }, "deny_custom_77001")]
    [InlineData(new[] { "alert", "monitor" }, "alert")]
    [InlineData(new string[0], null)]
    public void An_akamai_action_is_the_first_rule_action_that_acted_else_the_first(string[] actions, string? action)
    {
        var e = new AkamaiSiemEvent { Rules = actions.Select((a, i) => new AkamaiSiemRule { Id = "9500" + i, Action = a, Tag = "T" + (i % 2) }).ToArray() };

        Assert.Equal(action, e.Action);
        Assert.Equal(actions.Select((_, i) => "9500" + i), e.RuleIds);
        Assert.Equal(string.Join(",", actions.Select((_, i) => "9500" + i)), e.RuleIds.ToString());
        Assert.Equal(actions.Length == 0 ? Array.Empty<string>() : actions.Length == 1 ? new[] { "T0" } : new[] { "T0", "T1" }, e.Tags);
        Assert.Equal(SecurityEventVendor.Akamai, e.Vendor);
    }

    [Fact]
    public void Akamai_rules_print_their_ids_and_actions_and_sections_their_fields()
    {
        var e = new AkamaiSiemEvent
        {
            Rules = new[] { new AkamaiSiemRule { Id = "950002", Action = "alert" }, new AkamaiSiemRule { Id = "CMD-INJECTION-ANOMALY", Action = "deny" } },
            BotData = new System.Collections.Generic.Dictionary<string, string> { ["botScore"] = "100", ["responseSegment"] = "3" },
        };

        Assert.Equal("950002 (alert),CMD-INJECTION-ANOMALY (deny)", e.Rules.ToString());
        Assert.Equal("botScore: 100; responseSegment: 3", e.BotData!.ToString());
        Assert.Equal("100", ((IDictionary)e.BotData)["BOTSCORE"]);
        Assert.Null(e.ClientData);
    }

    [Fact]
    public void Sekoia_common_properties_come_from_ecs_fields_nested_or_flat()
    {
        using var nested = JsonDocument.Parse("""
            {"@timestamp":"2025-01-01T01:00:00+01:00","source":{"ip":"10.1.2.3"},"url":{"domain":"www.example.com","path":"/login"},
             "http":{"request":{"method":"POST"},"response":{"status_code":403}},"event":{"action":"blocked"},"rule":{"id":["942100","942200"]},"tags":["waf","SQLI"]}
            """);
        using var flat = JsonDocument.Parse("""{"@timestamp":"2025-01-01T00:00:00Z","client.ip":"10.9.9.9","destination.domain":"api.example.com","http.response.status_code":"404","rule.id":"1"}""");

        var a = SekoiaEventFields.Of(nested.RootElement);
        var b = SekoiaEventFields.Of(flat.RootElement);

        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), a.Time);
        Assert.Equal(TimeSpan.Zero, a.Time!.Value.Offset);
        Assert.Equal(("10.1.2.3", "www.example.com", "POST", "/login", 403, "blocked"), (a.ClientIP, a.Host, a.Method, a.Path, a.Status!.Value, a.Action));
        Assert.Equal(new[] { "942100", "942200" }, a.RuleIds);
        Assert.Equal(new[] { "waf", "SQLI" }, a.Tags);
        Assert.Equal(("10.9.9.9", "api.example.com", 404), (b.ClientIP, b.Host, b.Status!.Value));
        Assert.Equal(new[] { "1" }, b.RuleIds);
        Assert.Empty(b.Tags);
        Assert.Null(b.Method);
        Assert.Equal(SecurityEventVendor.Sekoia, b.Vendor);
    }

    [Fact]
    public void A_sekoia_event_without_ecs_fields_has_empty_common_properties()
    {
        using var json = JsonDocument.Parse("""{"message":"no ecs here","@timestamp":"not a date"}""");

        var fields = SekoiaEventFields.Of(json.RootElement);

        Assert.Null(fields.Time);
        Assert.Null(fields.ClientIP);
        Assert.Empty(fields.RuleIds);
    }

    [Fact]
    public void A_value_list_prints_its_items_and_a_default_one_is_empty()
    {
        ValueList<string> list = new[] { "a", "b" };

        Assert.Equal("a,b", list.ToString());
        Assert.Equal(2, list.Count);
        Assert.Equal("b", list[1]);
        Assert.Empty(default(ValueList<string>));
        Assert.Equal(string.Empty, default(ValueList<string>).ToString());
    }

    [Fact]
    public void Text_fields_keep_their_order_answer_in_any_case_and_as_a_dictionary_give_null_for_a_missing_name()
    {
        var fields = new TextFields(new[] { Pair("Host", "a.example"), Pair("Accept", "*/*"), Pair("host", "b.example") });
        IDictionary dictionary = fields;

        Assert.Equal(new[] { "Host", "Accept" }, fields.Keys);
        Assert.Equal("b.example", fields["HOST"]);
        Assert.Null(dictionary["Referer"]);
        Assert.True(dictionary.Contains("accept"));
        var entries = dictionary.GetEnumerator(); // how ConvertTo-Json walks a dictionary
        Assert.True(entries.MoveNext());
        Assert.Equal(("Host", "b.example"), ((string)entries.Key, (string?)entries.Value));
        Assert.IsType<DictionaryEntry>(entries.Current);
        Assert.Equal("Host: b.example; Accept: */*", fields.ToString());
        Assert.Throws<NotSupportedException>(() => dictionary["Host"] = "c");
        Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => fields["Referer"]);
    }

    private static System.Collections.Generic.KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
}
