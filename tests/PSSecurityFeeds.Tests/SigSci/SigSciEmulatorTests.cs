using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using PSSecurityFeeds.Emulator.SigSci;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.SigSci;

/// <summary>The emulator enforces the feed's rules, so a client that breaks one fails a test.</summary>
public sealed class SigSciEmulatorTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly SigSciEmulatorState _state;
    private readonly HttpClient _http = new();

    public SigSciEmulatorTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
        _state = emulator.Server.Get<SigSciEmulatorState>();
        _state.Reset();
    }

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData(30, 0, 60, "whole minutes")]
    [InlineData(0, 0, 3, "5 minutes")]
    [InlineData(0, 24 * 60 + 10, 60, "24 hours 5 minutes")]
    [InlineData(0, 60, 60, "before until")]
    public async Task Windows_that_break_a_rule_are_refused(int fromSeconds, int fromMinutesBack, int untilMinutesBack, string reason)
    {
        var (from, until) = SigSciTestSessions.BrokenWindow(fromSeconds, fromMinutesBack, untilMinutesBack);

        using var response = await _http.SendAsync(Feed($"from={from.ToUnixTimeSeconds()}&until={until.ToUnixTimeSeconds()}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pages_hold_1000_requests_not_sorted_by_time_with_a_next_uri()
    {
        var (from, until) = SigSciTestSessions.RecentHour();

        using var response = await _http.SendAsync(Feed($"from={from.ToUnixTimeSeconds()}&until={until.ToUnixTimeSeconds()}"));
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var data = page.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(1000, data.Count);
        var times = data.Select(d => d.GetProperty("timestamp").GetDateTimeOffset()).ToList();
        Assert.NotEqual(times.OrderBy(t => t), times);
        Assert.All(times, t => Assert.InRange(t, from, until));
        Assert.StartsWith("/api/v0/corps/testcorp/sites/www/feed/requests?next=", page.RootElement.GetProperty("next").GetProperty("uri").GetString());
    }

    [Fact]
    public async Task A_next_uri_expires_after_its_lifetime()
    {
        _state.NextTokenLifetime = TimeSpan.FromMilliseconds(200);
        var next = await FirstNextUri();

        await Task.Delay(400);
        using var response = await _http.SendAsync(Authorized(HttpMethod.Get, next));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_next_uri_too_long_for_a_query_string_is_refused_with_414_but_accepted_as_a_form_body()
    {
        _state.NextTokenPadding = 6000;
        _state.MaxQueryLength = 4096;
        var next = await FirstNextUri();

        using var asQuery = await _http.SendAsync(Authorized(HttpMethod.Get, next));
        var asForm = Authorized(HttpMethod.Post, next.Split('?')[0]);
        asForm.Content = new StringContent(next.Split('?')[1], System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var formResponse = await _http.SendAsync(asForm);

        Assert.Equal(HttpStatusCode.RequestUriTooLong, asQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, formResponse.StatusCode);
    }

    [Fact]
    public async Task More_than_two_requests_in_flight_for_a_site_get_429()
    {
        _state.PageLatency = TimeSpan.FromMilliseconds(300);
        var (from, until) = SigSciTestSessions.RecentHour();
        var query = $"from={from.ToUnixTimeSeconds()}&until={until.ToUnixTimeSeconds()}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _http.SendAsync(Feed(query))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(2, _state.Concurrency.MostPerSite);
        Assert.Equal(1, _state.Concurrency.Rejected);
    }

    [Fact]
    public async Task More_than_five_requests_in_flight_for_a_corp_get_429()
    {
        _state.PageLatency = TimeSpan.FromMilliseconds(300);
        var (from, until) = SigSciTestSessions.RecentHour();
        var query = $"from={from.ToUnixTimeSeconds()}&until={until.ToUnixTimeSeconds()}";

        var responses = await Task.WhenAll(SigSciEmulatorState.Sites.Take(6).Select(site => _http.SendAsync(Feed(query, site))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(5, _state.Concurrency.MostPerCorp);
    }

    [Fact]
    public async Task The_feed_needs_a_credential()
    {
        var (from, until) = SigSciTestSessions.RecentHour();
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_emulator.BaseUri, $"/api/v0/corps/testcorp/sites/www/feed/requests?from={from.ToUnixTimeSeconds()}&until={until.ToUnixTimeSeconds()}"));

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_same_window_always_holds_the_same_requests()
    {
        var (from, until) = SigSciTestSessions.RecentHour(10);
        var query = $"from={from.ToUnixTimeSeconds()}&until={until.ToUnixTimeSeconds()}";

        var first = await Ids(query);
        var second = await Ids(query);
        var overlapping = await Ids($"from={from.AddMinutes(5).ToUnixTimeSeconds()}&until={until.AddMinutes(5).ToUnixTimeSeconds()}");

        Assert.Equal(first, second);
        Assert.Equal(400, first.Count);
        Assert.Equal(200, first.Intersect(overlapping).Count()); // the 5 shared minutes hold the same requests
    }

    [Fact]
    public async Task Its_knobs_can_be_turned_over_http()
    {
        using var response = await _http.PostAsync(
            new Uri(_emulator.BaseUri, "/_emulator/sigsci/settings"),
            new StringContent("{\"requestsPerMinute\":7,\"nextTokenLifetimeMs\":1500}", System.Text.Encoding.UTF8, "application/json"));

        response.EnsureSuccessStatusCode();
        Assert.Equal(7, _state.RequestsPerMinute);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), _state.NextTokenLifetime);
        Assert.Equal(256, _state.NextTokenPadding); // left out, left alone
    }

    private async Task<List<string>> Ids(string query)
    {
        using var response = await _http.SendAsync(Feed(query));
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return page.RootElement.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("id").GetString()!).ToList();
    }

    private async Task<string> FirstNextUri()
    {
        var (from, until) = SigSciTestSessions.RecentHour();
        using var response = await _http.SendAsync(Feed($"from={from.ToUnixTimeSeconds()}&until={until.ToUnixTimeSeconds()}"));
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return page.RootElement.GetProperty("next").GetProperty("uri").GetString()!;
    }

    private HttpRequestMessage Feed(string query, string site = "www") =>
        Authorized(HttpMethod.Get, $"/api/v0/corps/testcorp/sites/{site}/feed/requests?{query}");

    private HttpRequestMessage Authorized(HttpMethod method, string pathAndQuery)
    {
        var request = new HttpRequestMessage(method, new Uri(_emulator.BaseUri, pathAndQuery));
        request.Headers.Add("X-API-User", SigSciEmulatorState.Email);
        request.Headers.Add("X-API-Token", SigSciEmulatorState.ApiToken);
        return request;
    }
}
