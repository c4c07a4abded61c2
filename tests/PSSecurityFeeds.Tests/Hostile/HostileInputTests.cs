using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Core.Sessions;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Emulator.SigSci;
using PSSecurityFeeds.Tests.Akamai;
using PSSecurityFeeds.Tests.Http;
using PSSecurityFeeds.Tests.Infrastructure;
using PSSecurityFeeds.Tests.Sekoia;
using PSSecurityFeeds.Tests.SigSci;
using Xunit;

namespace PSSecurityFeeds.Tests.Hostile;

/// <summary>Input that can be refused locally is refused before any request, each with its own error id.</summary>
public sealed class HostileInputTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public HostileInputTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
    }

    public static IEnumerable<object[]> NotNames() =>
        new[] { ".", "..", "...", "a/b?c#d", " ", "a%2Fb", "caf\u00e9", "a\r\nb", new string('a', 101) }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(NotNames))]
    public void A_corp_that_cannot_be_a_short_name_is_refused(string corp)
    {
        var error = Assert.Throws<FeedException>(() => SigSciTestSessions.Token(_emulator, corp: corp));

        Assert.Equal(string.IsNullOrWhiteSpace(corp) ? "SigSciMissingCorp" : "SigSciInvalidCorp", error.ErrorId);
        Assert.Empty(_emulator.Server.Requests.All);
    }

    [Theory]
    [MemberData(nameof(NotNames))]
    public async Task A_site_that_cannot_be_a_short_name_is_refused_before_any_request(string site)
    {
        using var session = SigSciTestSessions.Token(_emulator);
        var feed = new SigSciFeed(session, new SigSciFeedOptions { Sites = new[] { site } });

        var error = await Assert.ThrowsAsync<FeedException>(() => SigSciTestSessions.ReadAllAsync(feed, session.CreateLog()));

        Assert.Equal("SigSciInvalidSite", error.ErrorId);
        Assert.Empty(_emulator.Server.Requests.All);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../../v1/me")]
    [InlineData("a/b?c#d")]
    [InlineData(" ")]
    [InlineData("7a1f3a0e-2c55-4f0c-8d0e-0f1d6b2c9a1")]
    public async Task A_job_uuid_that_is_not_a_uuid_is_refused_before_any_request(string uuid)
    {
        using var context = new SekoiaTestContext(_emulator);

        var error = await Assert.ThrowsAsync<FeedException>(() => context.Session.Search.GetAsync(uuid, context.Log, CancellationToken.None));

        Assert.Equal("SekoiaInvalidUuid", error.ErrorId);
        Assert.Equal(FeedErrorCategory.InvalidArgument, error.Category);
        Assert.Empty(_emulator.Server.Requests.All);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void A_dot_segment_never_becomes_part_of_a_path(string segment) =>
        Assert.Equal("InvalidPathSegment", Assert.Throws<FeedException>(() => UrlPath.Segment(segment)).ErrorId);

    [Fact]
    public void Every_other_segment_is_escaped_whole() =>
        Assert.Equal("a%2Fb%3Fc%23d%20%252E%252E", UrlPath.Segment("a/b?c#d %2E%2E"));

    [Fact]
    public async Task A_config_id_given_twice_is_refused_before_any_request()
    {
        using var session = AkamaiTestKit.Session(_emulator);

        var error = await Assert.ThrowsAsync<FeedException>(() => session.CreateClient().ReadAllAsync(new AkamaiSiemQuery { ConfigIds = new[] { 14227, 14228, 14227 } }, session.CreateLog()));

        Assert.Equal("AkamaiDuplicateConfigId", error.ErrorId);
        Assert.Contains("14227", error.Message);
        Assert.Empty(_emulator.Server.Requests.All);
    }

    [Theory]
    [InlineData("", "SigSciEmptyCredential")]
    [InlineData("   ", "SigSciEmptyCredential")]
    [InlineData("token\r\nX-Injected: 1", "SigSciInvalidCredential")]
    public void A_blank_or_broken_api_token_is_refused(string token, string errorId)
    {
        var error = Assert.Throws<FeedException>(() => SigSciTestSessions.Token(_emulator, token: token));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Contains("-ApiToken", error.Message);
        Assert.DoesNotContain("X-Injected", error.Message);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\t")]
    public void A_blank_email_is_its_own_error_not_a_missing_credential(string email)
    {
        var error = Assert.Throws<FeedException>(() => new SigSciSession(_emulator.BaseUri, SigSciEmulatorState.Corp, email, Secure(SigSciEmulatorState.ApiToken), SigSciAuthMode.ApiToken, new HttpPipeline(HttpPipelineTests.FastRetries())));

        Assert.Equal("SigSciEmptyCredential", error.ErrorId);
        Assert.Contains("-Email", error.Message);
    }

    [Theory]
    [InlineData("", "cs", "at", "client token")]
    [InlineData("ct", " ", "at", "client secret")]
    [InlineData("ct", "", "at", "client secret")]
    [InlineData("ct", "cs", "\t", "access token")]
    public void A_blank_edgegrid_credential_is_refused(string clientToken, string secret, string accessToken, string named)
    {
        var error = Assert.Throws<FeedException>(() => new EdgeGridCredential("akab-x.luna.akamaiapis.net", clientToken, Secure(secret), accessToken));

        Assert.Equal("AkamaiEmptyCredential", error.ErrorId);
        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_sekoia_key_is_refused(string key)
    {
        using var context = new SekoiaTestContext(_emulator);
        _emulator.Reset();

        var error = Assert.Throws<FeedException>(() => context.CreateSession(key));

        Assert.Equal("SekoiaEmptyCredential", error.ErrorId);
        Assert.Empty(_emulator.Server.Requests.All);
    }

    [Fact]
    public void A_field_list_in_one_string_is_refused_with_the_right_spelling()
    {
        var request = new SekoiaExportRequest { JobUuid = Guid.NewGuid().ToString(), Fields = new[] { "event.id,message" }, Path = System.IO.Path.GetTempPath() };

        var error = Assert.Throws<FeedException>(() => request.Validate());

        Assert.Equal("SekoiaInvalidField", error.ErrorId);
        Assert.Contains("-Field 'event.id','message'", error.Message);
    }

    [Fact]
    public void An_endpoint_with_a_password_is_refused_without_repeating_it()
    {
        const string Password = "canary-endpoint-password-77c1";

        var error = Assert.Throws<FeedException>(() => EndpointPolicy.ParseBaseUri($"http://soc:{Password}@127.0.0.1:5080", "-ApiBaseUri"));

        Assert.Equal("InvalidEndpoint", error.ErrorId);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Target?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    private static SecureString Secure(string text) => SecretText.Protect(text);
}
