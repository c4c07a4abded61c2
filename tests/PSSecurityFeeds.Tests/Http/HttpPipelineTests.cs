using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Emulator.Infrastructure;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Http;

public sealed class HttpPipelineTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly SecretRedactor _redactor = new();
    private readonly HttpPipeline _pipeline;
    private readonly OperationLog _log;

    public HttpPipelineTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
        _pipeline = new HttpPipeline(FastRetries(), _redactor);
        _log = new OperationLog(_redactor);
    }

    public void Dispose() => _pipeline.Dispose();

    internal static HttpPipelineOptions FastRetries() => new()
    {
        MaxRetries = 4,
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
        RetryBudget = TimeSpan.FromSeconds(30),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    private ApiRequest Echo() => new(HttpMethod.Get, new Uri(_emulator.BaseUri, "/_emulator/echo"));

    [Fact]
    public async Task Sends_user_agent_and_asks_for_gzip()
    {
        using var response = await _pipeline.SendAsync(Echo(), _log, CancellationToken.None);
        using var json = await response.ReadJsonAsync(CancellationToken.None);

        var headers = json.RootElement.GetProperty("headers");
        Assert.StartsWith("PSSecurityFeeds/", headers.GetProperty("User-Agent").GetString());
        Assert.Contains("gzip", headers.GetProperty("Accept-Encoding").GetString());
        Assert.Equal("gzip", _emulator.Server.Requests.For("echo").Single().Header("Accept-Encoding")!.Split(',')[0].Trim());
    }
}
