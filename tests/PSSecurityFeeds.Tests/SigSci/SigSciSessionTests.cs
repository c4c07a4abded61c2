using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Emulator.SigSci;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.SigSci;

public sealed class SigSciSessionTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;
    private readonly SigSciEmulatorState _state;

    public SigSciSessionTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
        _state = emulator.Server.Get<SigSciEmulatorState>();
        _state.Reset();
    }

    [Fact]
    public async Task Api_token_is_checked_once_with_the_token_headers()
    {
        using var session = SigSciTestSessions.Token(_emulator);
        await session.ConnectAsync(session.CreateLog(), CancellationToken.None);

        var check = Assert.Single(_emulator.Server.Requests.All);
        Assert.Equal("sigsci.corp", check.Route);
        Assert.Equal(SigSciEmulatorState.Email, check.Header("X-API-User"));
        Assert.Equal(SigSciEmulatorState.ApiToken, check.Header("X-API-Token"));
    }

    [Fact]
    public async Task A_wrong_token_fails_with_a_clear_authentication_error()
    {
        using var session = SigSciTestSessions.Token(_emulator, token: "wrong-token-value");
        var log = session.CreateLog();

        var error = await Assert.ThrowsAsync<FeedException>(() => session.ConnectAsync(log, CancellationToken.None));

        Assert.Equal("SigSciAuthenticationFailed", error.ErrorId);
        Assert.Equal(FeedErrorCategory.AuthenticationError, error.Category);
        Assert.Contains("401", error.Message);
        Assert.DoesNotContain("wrong-token-value", error.Message);
        Assert.Single(_emulator.Server.Requests.All); // 401 is not retried
        Assert.All(SigSciTestSessions.Drain(log), entry => Assert.DoesNotContain("wrong-token-value", entry.Message));
    }

    [Fact]
    public async Task An_unknown_corp_says_so()
    {
        using var session = SigSciTestSessions.Token(_emulator, corp: "othercorp");

        var error = await Assert.ThrowsAsync<FeedException>(() => session.ConnectAsync(session.CreateLog(), CancellationToken.None));

        Assert.Equal("SigSciCorpNotFound", error.ErrorId);
    }

    [Fact]
    public async Task Password_login_uses_a_bearer_token_that_sign_out_ends()
    {
        using var session = SigSciTestSessions.Password(_emulator);
        await session.ConnectAsync(session.CreateLog(), CancellationToken.None);

        Assert.Equal(1, _state.ActiveBearerTokens);
        var corpCheck = _emulator.Server.Requests.For("sigsci.corp").Single();
        Assert.StartsWith("Bearer ", corpCheck.Header("Authorization"));
        Assert.Null(corpCheck.Header("X-API-Token"));

        await session.SignOutAsync(session.CreateLog(), CancellationToken.None);

        Assert.Equal(0, _state.ActiveBearerTokens);
        Assert.Single(_emulator.Server.Requests.For("sigsci.logout"));
    }

    [Fact]
    public async Task A_password_session_reads_the_feed_with_its_bearer_token()
    {
        using var session = SigSciTestSessions.Password(_emulator);
        await session.ConnectAsync(session.CreateLog(), CancellationToken.None);
        var (from, until) = SigSciTestSessions.RecentHour(5);

        var records = await SigSciTestSessions.ReadAllAsync(new SigSciFeed(session, new SigSciFeedOptions { Sites = new[] { "www" }, From = from, Until = until }), session.CreateLog());

        Assert.Equal(5 * _state.RequestsPerMinute, records.Count);
        Assert.StartsWith("Bearer ", _emulator.Server.Requests.For("sigsci.feed").Single().Header("Authorization"));
    }

    [Fact]
    public async Task A_wrong_password_fails_with_a_clear_authentication_error()
    {
        using var session = SigSciTestSessions.Password(_emulator, password: "not-the-password");

        var error = await Assert.ThrowsAsync<FeedException>(() => session.ConnectAsync(session.CreateLog(), CancellationToken.None));

        Assert.Equal("SigSciAuthenticationFailed", error.ErrorId);
        Assert.Empty(_emulator.Server.Requests.For("sigsci.corp"));
    }

    [Fact]
    public void The_session_shows_corp_and_endpoint_but_no_secret()
    {
        using var session = SigSciTestSessions.Token(_emulator);

        var text = session.ToString();

        Assert.Contains(SigSciEmulatorState.Corp, text);
        Assert.Contains(_emulator.BaseUri.ToString(), text);
        Assert.DoesNotContain(SigSciEmulatorState.ApiToken, text);
        Assert.Equal("***", session.Redactor.Redact(SigSciEmulatorState.ApiToken));
    }

    [Fact]
    public void An_empty_corp_is_refused_before_any_request()
    {
        var error = Assert.Throws<FeedException>(() => SigSciTestSessions.Token(_emulator, corp: " "));

        Assert.Equal("SigSciMissingCorp", error.ErrorId);
        Assert.Empty(_emulator.Server.Requests.All);
    }
}
