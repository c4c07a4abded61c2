using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Emulator.Akamai;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Akamai;

/// <summary>The SIEM client against the emulator over loopback: modes, streaming, decoding, errors and validation.</summary>
public sealed class AkamaiSiemClientTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private static readonly int[] Config = { 14227 };
    private readonly EmulatorFixture _emulator;
    private readonly AkamaiSiemState _state;
    private readonly AkamaiSiemSession _session;
    private readonly OperationLog _log;

    public AkamaiSiemClientTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
        _state = emulator.State();
        _state.Reset();
        _state.EventCount = 450;
        _session = AkamaiTestKit.Session(emulator);
        _log = _session.CreateLog();
    }

    public void Dispose() => _session.Dispose();

    private IReadOnlyList<Emulator.Infrastructure.RecordedRequest> SiemRequests => _emulator.Server.Requests.For(AkamaiEmulatorModule.SiemRoute);

    [Fact]
    public async Task Drain_reads_every_event_once_by_offset_and_stops_at_the_first_empty_response()
    {
        var records = await _session.CreateClient().ReadAllAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 100, Drain = true, Raw = true }, _log);

        Assert.Equal(Enumerable.Range(0, 450).Select(p => AkamaiTestKit.ExpectedLine(_state, p, Config)), records.Select(r => r.RawLine));
        var requests = SiemRequests;
        Assert.Equal(6, requests.Count); // 450 events at ~100 (approximate limit) per response, then one empty response
        Assert.DoesNotContain("offset=", requests[0].PathAndQuery);
        Assert.All(requests.Skip(1), r => Assert.Contains("offset=", r.PathAndQuery));
        Assert.All(requests, r => Assert.DoesNotContain("from=", r.PathAndQuery));
        Assert.All(requests, r => Assert.StartsWith("EG1-HMAC-SHA256 ", r.Header("Authorization")));
        Assert.All(requests, r => Assert.Contains("gzip", r.Header("Accept-Encoding")));
    }

    [Fact]
    public async Task Without_drain_one_response_is_read_even_when_it_holds_more_than_the_limit()
    {
        var client = _session.CreateClient();
        var records = await client.ReadAllAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 100, Offset = null }, _log);
        Assert.Equal(records.Count, client.LastContext!.Total);
        var second = await client.ReadAllAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 100, Offset = client.LastContext!.Offset }, _log);

        Assert.InRange(records.Count, 100, 103);
        Assert.InRange(second.Count, 100, 103);
        Assert.Equal(2, SiemRequests.Count);
        Assert.Equal(second.Count, client.LastContext!.Total);
    }

    [Fact]
    public async Task Typed_events_carry_decoded_rules_matching_what_the_emulator_sent()
    {
        var records = await _session.CreateClient().ReadAllAsync(new AkamaiSiemQuery { ConfigIds = new[] { 14227, 14228 }, Limit = 300 }, _log);

        Assert.InRange(records.Count, 300, 303);
        for (var position = 0; position < records.Count; position++)
        {
            var e = records[position].Event!;
            var expected = AkamaiEventGenerator.RulesOf(position);
            Assert.Equal(expected.Select(r => r.Id), e.Rules.Select(r => r.Id));
            Assert.Equal(expected.Select(r => r.Data.Length == 0 ? null : r.Data), e.Rules.Select(r => r.Data));
            Assert.Equal(expected.Select(r => r.Selector.Length == 0 ? null : r.Selector), e.Rules.Select(r => r.Selector));
            Assert.Equal(expected.Select(r => r.Action), e.Rules.Select(r => r.Action));
            Assert.Equal(position % 2 == 0 ? 14227 : 14228, e.ConfigId);
            Assert.Equal(AkamaiEventGenerator.RequestIdOf(position), e.RequestId);
            Assert.Equal(_state.TimeOf(position).ToUnixTimeMilliseconds() / (position % 2 == 0 ? 1 : 1000), e.Time!.Value.ToUnixTimeMilliseconds() / (position % 2 == 0 ? 1 : 1000));
        }

        Assert.Contains(records, r => r.Event!.Rules.Count == 5);
        Assert.Contains(records, r => r.Event!.BotData is not null);
        Assert.Contains(records, r => r.Event!.AdditionalFields?.ContainsKey("httpMessage.edgeRegion") == true);
        Assert.Equal(records[10].Event!.RequestId, records[11].Event!.RequestId); // shared ids are delivered, not merged
        Assert.StartsWith("/siem/v1/configs/14227;14228?", SiemRequests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Response_context_is_recognised_when_a_response_holds_no_event()
    {
        var client = _session.CreateClient();
        var all = await client.ReadAllAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 600000 }, _log);
        var empty = await client.ReadAllAsync(new AkamaiSiemQuery { ConfigIds = Config, Offset = client.LastContext!.Offset }, _log);

        Assert.Equal(450, all.Count);
        Assert.Empty(empty);
        Assert.Equal(0, client.LastContext!.Total);
    }

    [Fact]
    public async Task Time_mode_reads_the_events_stored_in_the_range_and_never_sends_an_offset()
    {
        var from = _state.TimeOf(100);
        var to = _state.TimeOf(200);
        var records = await _session.CreateClient().ReadAllAsync(new AkamaiSiemQuery { ConfigIds = Config, From = from, To = to, Raw = true }, _log);

        var first = _state.FirstAtOrAfter(DateTimeOffset.FromUnixTimeSeconds(from.ToUnixTimeSeconds()));
        var last = _state.FirstAtOrAfter(DateTimeOffset.FromUnixTimeSeconds(to.ToUnixTimeSeconds()));
        Assert.Equal(Enumerable.Range((int)first, (int)(last - first)).Select(p => AkamaiTestKit.ExpectedLine(_state, p, Config)), records.Select(r => r.RawLine));
        var request = SiemRequests.Single();
        Assert.Contains($"from={from.ToUnixTimeSeconds()}", request.PathAndQuery);
        Assert.Contains($"to={to.ToUnixTimeSeconds()}", request.PathAndQuery);
        Assert.DoesNotContain("offset", request.PathAndQuery);
    }

    [Fact]
    public async Task A_malformed_line_becomes_an_error_record_with_the_raw_line_and_the_rest_flows()
    {
        _state.MalformedEvery = 50;
        var records = await _session.CreateClient().ReadAllAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 600000 }, _log);

        Assert.Equal(450, records.Count);
        var errors = records.Where(r => r.Error is not null).ToList();
        Assert.Equal(9, errors.Count);
        Assert.All(errors, r => Assert.Equal("AkamaiMalformedEvent", r.Error!.ErrorId));
        Assert.All(errors, r => Assert.Equal(r.RawLine, r.Error!.Target));
        Assert.Equal(441, records.Count(r => r.Event is not null));
    }

    [Fact]
    public async Task Gzip_and_plain_bodies_give_the_same_events()
    {
        var query = new AkamaiSiemQuery { ConfigIds = Config, Limit = 600000, Raw = true };
        var gzip = await _session.CreateClient().ReadAllAsync(query, _log);
        _state.CompressWhenAsked = false;
        var plain = await _session.CreateClient().ReadAllAsync(query, _log);

        Assert.Equal(450, gzip.Count);
        Assert.Equal(plain.Select(r => r.RawLine), gzip.Select(r => r.RawLine));
    }

    public static IEnumerable<object[]> InvalidQueries()
    {
        var now = DateTimeOffset.UtcNow;
        yield return new object[] { new AkamaiSiemQuery { ConfigIds = Config, From = now.AddHours(-13) }, "AkamaiInvalidTimeRange" };
        yield return new object[] { new AkamaiSiemQuery { ConfigIds = Config, From = now.AddMinutes(-5), To = now.AddMinutes(-10) }, "AkamaiInvalidTimeRange" };
        yield return new object[] { new AkamaiSiemQuery { ConfigIds = Config, From = now.AddMinutes(-5), To = now.AddMinutes(5) }, "AkamaiInvalidTimeRange" };
        yield return new object[] { new AkamaiSiemQuery { ConfigIds = Config, To = now.AddMinutes(-5) }, "AkamaiInvalidTimeRange" };
        yield return new object[] { new AkamaiSiemQuery { ConfigIds = Config, From = now.AddMinutes(-5), Offset = "abc" }, "AkamaiModesMixed" };
        yield return new object[] { new AkamaiSiemQuery { ConfigIds = Config, From = now.AddMinutes(-5), Drain = true }, "AkamaiModesMixed" };
        yield return new object[] { new AkamaiSiemQuery { ConfigIds = Config, Limit = 600001 }, "AkamaiInvalidLimit" };
        yield return new object[] { new AkamaiSiemQuery { ConfigIds = Config, Limit = 0 }, "AkamaiInvalidLimit" };
        yield return new object[] { new AkamaiSiemQuery { ConfigIds = new[] { 0 } }, "AkamaiInvalidConfigId" };
        yield return new object[] { new AkamaiSiemQuery { ConfigIds = Array.Empty<int>() }, "AkamaiInvalidConfigId" };
        yield return new object[] { new AkamaiSiemQuery { ConfigIds = Config, Offset = "a", CheckpointPath = "x.json" }, "AkamaiOffsetAndCheckpoint" };
    }

    [Theory]
    [MemberData(nameof(InvalidQueries))]
    public async Task Bad_queries_fail_with_a_specific_error_before_any_request(AkamaiSiemQuery query, string errorId)
    {
        var error = await Assert.ThrowsAsync<FeedException>(() => _session.CreateClient().ReadAllAsync(query, _log));
        Assert.Equal(errorId, error.ErrorId);
        Assert.Empty(SiemRequests);
    }

    [Fact]
    public async Task Wrong_secret_is_rejected_by_the_signature_check()
    {
        using var session = AkamaiTestKit.Session(_emulator, secret: "d3JvbmctY2xpZW50LXNlY3JldC12YWx1ZQ==");
        var error = await Assert.ThrowsAsync<FeedException>(() => session.CreateClient().ReadAllAsync(new AkamaiSiemQuery { ConfigIds = Config }, _log));

        Assert.Equal("AkamaiUnauthorized", error.ErrorId);
        Assert.Contains("signature does not match", error.Message);
        Assert.Contains("requestId", error.Message);
        Assert.DoesNotContain("d3JvbmctY2xpZW50LXNlY3JldC12YWx1ZQ==", error.Message + error.InnerException);
    }

    [Fact]
    public async Task Unsigned_and_replayed_requests_are_rejected()
    {
        using var http = new System.Net.Http.HttpClient();
        var unsigned = await http.GetAsync(new Uri(_emulator.BaseUri, "/siem/v1/configs/14227"));
        Assert.Equal(401, (int)unsigned.StatusCode);
        Assert.Equal("application/problem+json", unsigned.Content.Headers.ContentType!.MediaType);

        using var message = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, new Uri(_emulator.BaseUri, "/siem/v1/configs/14227?limit=1"));
        _session.Signer.Sign(message);
        var authorization = message.Headers.GetValues("Authorization").Single();
        Assert.Equal(200, (int)(await http.SendAsync(message)).StatusCode);
        using var replay = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, new Uri(_emulator.BaseUri, "/siem/v1/configs/14227?limit=1"));
        replay.Headers.TryAddWithoutValidation("Authorization", authorization);
        Assert.Equal(401, (int)(await http.SendAsync(replay)).StatusCode);
    }

    [Fact]
    public async Task Clock_skew_is_explained()
    {
        _emulator.Server.Clock.Offset = TimeSpan.FromMinutes(10);
        var error = await Assert.ThrowsAsync<FeedException>(() => _session.CreateClient().ReadAllAsync(new AkamaiSiemQuery { ConfigIds = Config }, _log));

        Assert.Equal("AkamaiClockSkew", error.ErrorId);
        Assert.Contains("clock", error.Message);
        Assert.Contains("Invalid timestamp", error.Message);
    }

    [Theory]
    [InlineData(403, "AkamaiForbidden", "SIEM role")]
    [InlineData(999, "AkamaiConfigNotFound", "-ConfigId")]
    public async Task Forbidden_and_unknown_configurations_are_explained(int configId, string errorId, string advice)
    {
        var error = await Assert.ThrowsAsync<FeedException>(() => _session.CreateClient().ReadAllAsync(new AkamaiSiemQuery { ConfigIds = new[] { configId } }, _log));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Contains(advice, error.Message);
        Assert.Contains("requestId", error.Message);
        Assert.Single(SiemRequests);
    }

    [Fact]
    public async Task A_forged_offset_is_a_bad_request()
    {
        var error = await Assert.ThrowsAsync<FeedException>(() => _session.CreateClient().ReadAllAsync(new AkamaiSiemQuery { ConfigIds = Config, Offset = "71cca;3phZmEdPj6YEqml0rvbdWDZGW3mCiJIwjyhkJfsLFM2gVYPgE8" }, _log));
        Assert.Equal("AkamaiBadRequest", error.ErrorId);
    }
}
