using System;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Sekoia;

public sealed class SekoiaSessionTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly SekoiaTestContext _context;

    public SekoiaSessionTests(EmulatorFixture emulator) => _context = new SekoiaTestContext(emulator);

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task Verify_checks_the_key_with_v1_me_and_names_the_user()
    {
        await _context.Session.VerifyAsync(_context.Log, CancellationToken.None);

        var me = Assert.Single(_context.Requests.For("sekoia.me"));
        Assert.Equal("Bearer " + _context.Tenant.Settings.ApiKey, me.Header("Authorization"));
        Assert.Equal("Emulated Analyst <analyst@example.com>", _context.Session.User);
        Assert.Contains("analyst@example.com", _context.Session.ToString());
        Assert.DoesNotContain(_context.Tenant.Settings.ApiKey, _context.Session.ToString());
    }

    [Fact]
    public async Task A_wrong_key_fails_with_a_clear_error_and_no_secret()
    {
        using var session = _context.CreateSession("wrong-key-123456");
        var log = session.CreateLog();

        var error = await Assert.ThrowsAsync<FeedException>(() => session.VerifyAsync(log, CancellationToken.None));

        Assert.Equal("SekoiaUnauthorized", error.ErrorId);
        Assert.Equal(FeedErrorCategory.AuthenticationError, error.Category);
        Assert.Contains("API key", error.Message);
        Assert.DoesNotContain("wrong-key-123456", error.Message);
        var lines = Drain(log);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.DoesNotContain("wrong-key-123456", line));
    }

    [Fact]
    public void An_empty_key_is_refused_before_any_request()
    {
        var error = Assert.Throws<FeedException>(() => _context.CreateSession(string.Empty));

        Assert.Equal("SekoiaEmptyCredential", error.ErrorId);
        Assert.Equal(0, _context.SekoiaRequestCount);
    }

    [Theory]
    [InlineData(SekoiaRegion.FRA1, "https://api.sekoia.io/")]
    [InlineData(SekoiaRegion.FRA2, "https://app.fra2.sekoia.io/api")]
    [InlineData(SekoiaRegion.MCO1, "https://app.mco1.sekoia.io/api")]
    [InlineData(SekoiaRegion.UAE1, "https://app.uae1.sekoia.io/api")]
    [InlineData(SekoiaRegion.USA1, "https://app.usa1.sekoia.io/api")]
    public void Regions_map_to_their_documented_addresses(SekoiaRegion region, string expected) =>
        Assert.Equal(expected, SekoiaEndpoints.BaseUriOf(region).AbsoluteUri);

    private static string[] Drain(OperationLog log)
    {
        var lines = new System.Collections.Generic.List<string>();
        while (log.TryTake(out var entry))
        {
            lines.Add(entry.Message);
        }

        return lines.ToArray();
    }
}
