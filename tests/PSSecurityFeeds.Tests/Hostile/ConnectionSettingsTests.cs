using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Tests.Http;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Hostile;

/// <summary>
/// The connection settings through the one pipeline: a proxy (with its credential, from the parameter or the
/// address) really carries the requests, and a check at connect time reports a wrong address at once.
/// </summary>
public sealed class ConnectionSettingsTests : IClassFixture<EmulatorFixture>
{
    private const string ProxyPassword = "canary-proxy-password-5e1d";

    private readonly EmulatorFixture _emulator;

    public ConnectionSettingsTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
        _emulator.Server.Proxy.Reset();
    }

    [Fact]
    public async Task The_forward_proxy_carries_the_request_and_counts_it()
    {
        using var pipeline = Pipeline(o => o.ProxyUri = _emulator.Server.Proxy.BaseUri.ToString());

        using var response = await pipeline.SendAsync(Echo(), Log(pipeline), CancellationToken.None);

        var proxied = Assert.Single(_emulator.Server.Proxy.Requests);
        Assert.StartsWith(_emulator.BaseUri.ToString().TrimEnd('/') + "/_emulator/echo", proxied.Target, StringComparison.Ordinal);
        Assert.Single(_emulator.Server.Requests.For("echo")); // and the emulator answered it
    }

    [Fact]
    public async Task The_proxy_credential_is_sent_when_the_proxy_asks_for_it()
    {
        _emulator.Server.Proxy.RequireCredential(new NetworkCredential("soc", ProxyPassword));
        using var without = Pipeline(o => o.ProxyUri = _emulator.Server.Proxy.BaseUri.ToString());
        using var with = Pipeline(o =>
        {
            o.ProxyUri = _emulator.Server.Proxy.BaseUri.ToString();
            o.ProxyCredential = new NetworkCredential("soc", ProxyPassword);
        });

        var refused = await Assert.ThrowsAsync<ApiException>(() => without.SendAsync(Echo(), Log(without), CancellationToken.None));
        using var response = await with.SendAsync(Echo(), Log(with), CancellationToken.None);

        Assert.Equal(407, refused.StatusCode);
        Assert.Contains(_emulator.Server.Proxy.Requests, r => r.ProxyUser == "soc");
        Assert.Single(_emulator.Server.Requests.For("echo"));
    }

    [Fact]
    public async Task A_user_and_password_in_the_proxy_address_are_its_credential_and_a_secret()
    {
        _emulator.Server.Proxy.RequireCredential(new NetworkCredential("soc", ProxyPassword));
        var proxy = new UriBuilder(_emulator.Server.Proxy.BaseUri) { UserName = "soc", Password = ProxyPassword }.Uri.ToString();
        using var pipeline = Pipeline(o => o.ProxyUri = proxy);

        using var response = await pipeline.SendAsync(Echo(), Log(pipeline), CancellationToken.None);

        Assert.Contains(_emulator.Server.Proxy.Requests, r => r.ProxyUser == "soc");
        Assert.Equal("***", pipeline.Redactor.Redact(ProxyPassword));
        Assert.DoesNotContain(ProxyPassword, pipeline.Redactor.Redact("proxy " + proxy), StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_proxy_address_is_quoted_without_its_password()
    {
        var error = Assert.Throws<FeedException>(() => Pipeline(o => o.ProxyUri = $"ftp://soc:{ProxyPassword}@proxy.example.com"));

        Assert.Equal("InvalidHttpOption", error.ErrorId);
        Assert.DoesNotContain(ProxyPassword, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_at_connect_reports_a_closed_port_at_once_without_retrying()
    {
        var closed = ClosedPortUri();
        using var pipeline = Pipeline(o =>
        {
            o.MaxRetries = 5;
            o.InitialBackoff = TimeSpan.FromSeconds(1); // the defaults: retrying would take about 30 s
            o.MaxBackoff = TimeSpan.FromSeconds(60);
        });
        var request = new ApiRequest(HttpMethod.Get, closed) { FailFastWhenUnreachable = true };
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ApiException>(() => pipeline.SendAsync(request, Log(pipeline), CancellationToken.None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal("HttpConnectionFailed", error.ErrorId);
        Assert.Equal(1, error.Attempts);
        Assert.Contains("address looks wrong", error.Message);
    }

    [Fact]
    public async Task A_data_request_still_retries_a_closed_port()
    {
        using var pipeline = Pipeline(o => o.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<ApiException>(() => pipeline.SendAsync(new ApiRequest(HttpMethod.Get, ClosedPortUri()), Log(pipeline), CancellationToken.None));

        Assert.Equal(3, error.Attempts);
    }

    [Fact]
    public async Task A_check_at_connect_still_retries_a_server_that_answered_503_or_dropped_the_connection()
    {
        _emulator.Server.Faults.Enqueue("echo", PSSecurityFeeds.Emulator.Infrastructure.Fault.WithStatus(503), PSSecurityFeeds.Emulator.Infrastructure.Fault.ResetConnection());
        using var pipeline = Pipeline(o => o.MaxRetries = 2);

        using var response = await pipeline.SendAsync(Echo(failFast: true), Log(pipeline), CancellationToken.None);

        Assert.Equal(3, response.Attempts);
    }

    private ApiRequest Echo(bool failFast = false) =>
        new(HttpMethod.Get, new Uri(_emulator.BaseUri, "/_emulator/echo")) { FailFastWhenUnreachable = failFast };

    private static HttpPipeline Pipeline(Action<HttpPipelineOptions> change)
    {
        var options = HttpPipelineTests.FastRetries();
        change(options);
        return new HttpPipeline(options);
    }

    private static OperationLog Log(HttpPipeline pipeline) => new(pipeline.Redactor);

    /// <summary>A loopback port nothing listens on: bound, read and released.</summary>
    internal static Uri ClosedPortUri()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
