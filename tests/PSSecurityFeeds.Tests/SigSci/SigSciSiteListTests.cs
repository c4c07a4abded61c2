using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Emulator.SigSci;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.SigSci;

/// <summary>The corp's sites list (what Get-SigSciSite and -Site completion show) against the emulator.</summary>
public sealed class SigSciSiteListTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public SigSciSiteListTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Server.Requests.Clear();
    }

    [Fact]
    public async Task Every_site_of_the_corp_is_read_with_its_details_in_utc()
    {
        using var session = SigSciTestSessions.Token(_emulator);

        var sites = await SigSciSiteList.ReadAsync(session, session.CreateLog(), CancellationToken.None);

        Assert.Equal(SigSciEmulatorState.Sites, sites.Select(s => s.Name));
        var www = sites[0];
        Assert.Equal(("Www site", "block", 406, SigSciEmulatorState.Corp), (www.DisplayName, www.AgentLevel, www.BlockHttpCode!.Value, www.Corp));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 17, 30, 0, TimeSpan.Zero), www.Created);
        Assert.Equal(TimeSpan.Zero, www.Created!.Value.Offset);
        Assert.Single(_emulator.Server.Requests.For("sigsci.sites"));
    }

    [Fact]
    public async Task A_long_list_is_read_page_by_page_until_the_total()
    {
        using var session = SigSciTestSessions.Token(_emulator);

        var sites = await SigSciSiteList.ReadAsync(session, 3, session.CreateLog(), CancellationToken.None);

        Assert.Equal(SigSciEmulatorState.Sites, sites.Select(s => s.Name));
        var pages = _emulator.Server.Requests.For("sigsci.sites");
        Assert.Equal(3, pages.Count); // 7 sites, 3 a page
        Assert.Contains("limit=3&page=3", pages[^1].PathAndQuery);
    }

    [Fact]
    public async Task A_wrong_credential_fails_with_the_vendors_answer()
    {
        using var session = SigSciTestSessions.Token(_emulator, token: "wrong-token");

        var error = await Assert.ThrowsAsync<ApiException>(() => SigSciSiteList.ReadAsync(session, session.CreateLog(), CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
    }
}
