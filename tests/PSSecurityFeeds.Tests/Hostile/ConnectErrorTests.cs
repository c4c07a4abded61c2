using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Core.Sessions;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Emulator.Akamai;
using PSSecurityFeeds.Emulator.Infrastructure;
using PSSecurityFeeds.Emulator.SigSci;
using PSSecurityFeeds.Tests.Akamai;
using PSSecurityFeeds.Tests.Infrastructure;
using PSSecurityFeeds.Tests.Sekoia;
using Xunit;

namespace PSSecurityFeeds.Tests.Hostile;

/// <summary>What each vendor says when connecting goes wrong: a wrong address within seconds, with advice that fits the cause.</summary>
public sealed class ConnectErrorTests : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(5);

    private readonly EmulatorFixture _emulator;

    public ConnectErrorTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
    }

    [Fact]
    public async Task Sekoia_at_a_closed_port_is_unreachable_within_seconds()
    {
        using var session = new SekoiaSession(ConnectionSettingsTests.ClosedPortUri(), SecretText.Protect("key-1234"), SlowRetries());
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<FeedException>(() => session.VerifyAsync(session.CreateLog(), CancellationToken.None));

        Assert.Equal("SekoiaUnreachable", error.ErrorId);
        Assert.Equal(FeedErrorCategory.ConnectionError, error.Category);
        Assert.True(watch.Elapsed < Quick, $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Sekoia_at_an_address_without_the_api_says_the_address_is_wrong_not_the_uuid()
    {
        using var context = new SekoiaTestContext(_emulator);
        using var session = new SekoiaSession(_emulator.BaseUri, SecretText.Protect(context.Tenant.Settings.ApiKey), SlowRetries()); // /sekoia left off

        var error = await Assert.ThrowsAsync<FeedException>(() => session.VerifyAsync(session.CreateLog(), CancellationToken.None));

        Assert.Equal("SekoiaApiNotFound", error.ErrorId);
        Assert.Contains("address is wrong", error.Message);
        Assert.DoesNotContain("uuid", error.Message);
    }

    [Fact]
    public async Task SigSci_at_a_closed_port_is_unreachable_within_seconds()
    {
        using var session = new SigSciSession(ConnectionSettingsTests.ClosedPortUri(), SigSciEmulatorState.Corp, SigSciEmulatorState.Email, SecretText.Protect(SigSciEmulatorState.ApiToken), SigSciAuthMode.ApiToken, SlowRetries());
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<FeedException>(() => session.ConnectAsync(session.CreateLog(), CancellationToken.None));

        Assert.Equal("SigSciUnreachable", error.ErrorId);
        Assert.Contains("-ApiBaseUri", error.Message);
        Assert.True(watch.Elapsed < Quick, $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Akamai_checks_that_the_host_answers_with_one_unsigned_request()
    {
        using var session = AkamaiTestKit.Session(_emulator);

        await session.CheckReachableAsync(session.CreateLog(), CancellationToken.None);

        var probe = Assert.Single(_emulator.Server.Requests.All);
        Assert.Equal(AkamaiEmulatorModule.ProbeRoute, probe.Route);
        Assert.Null(probe.Header("Authorization"));
    }

    [Fact]
    public async Task Akamai_at_a_closed_port_is_unreachable_within_seconds()
    {
        using var session = new AkamaiSiemSession(
            new EdgeGridCredential(ConnectionSettingsTests.ClosedPortUri().ToString(), AkamaiSiemState.ClientToken, SecretText.Protect(AkamaiSiemState.ClientSecret), AkamaiSiemState.AccessToken),
            SlowRetries());
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<FeedException>(() => session.CheckReachableAsync(session.CreateLog(), CancellationToken.None));

        Assert.Equal("AkamaiUnreachable", error.ErrorId);
        Assert.True(watch.Elapsed < Quick, $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_timeout_keeps_the_HttpTimeout_id_the_readme_promises()
    {
        _emulator.Server.Faults.Enqueue(AkamaiEmulatorModule.SiemRoute, Fault.Delayed(TimeSpan.FromSeconds(3)));
        var options = AkamaiTestKit.FastRetries(maxRetries: 0);
        options.RequestTimeout = TimeSpan.FromMilliseconds(500);
        using var session = new AkamaiSiemSession(
            new EdgeGridCredential(_emulator.BaseUri.ToString(), AkamaiSiemState.ClientToken, SecretText.Protect(AkamaiSiemState.ClientSecret), AkamaiSiemState.AccessToken),
            new HttpPipeline(options));

        var error = await Assert.ThrowsAsync<FeedException>(() => session.CreateClient().ReadAllAsync(new AkamaiSiemQuery { ConfigIds = new[] { 14227 } }, session.CreateLog()));

        Assert.Equal("HttpTimeout", error.ErrorId);
        Assert.Equal(FeedErrorCategory.OperationTimeout, error.Category);
    }

    [Fact]
    public async Task An_akamai_404_without_problem_details_points_at_the_host()
    {
        _emulator.Server.Faults.Enqueue(AkamaiEmulatorModule.SiemRoute, Fault.WithStatus(404, body: "<html>Not Found</html>"));
        using var session = AkamaiTestKit.Session(_emulator);

        var error = await Assert.ThrowsAsync<FeedException>(() => session.CreateClient().ReadAllAsync(new AkamaiSiemQuery { ConfigIds = new[] { 14227 } }, session.CreateLog()));

        Assert.Equal("AkamaiConfigNotFound", error.ErrorId);
        Assert.Contains("not an Akamai API host", error.Message);
        Assert.Contains("-ConfigId", error.Message);
    }

    /// <summary>The module's default backoff: a retried closed port would take about 30 s.</summary>
    private static HttpPipeline SlowRetries() => new(new HttpPipelineOptions { MaxRetries = 5, RequestTimeout = TimeSpan.FromSeconds(10) });
}
