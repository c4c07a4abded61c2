using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Emulator.Sekoia;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Sekoia;

/// <summary>The emulator refuses what Sekoia and S3 refuse, so a client that breaks a rule fails the other tests.</summary>
public sealed class SekoiaEmulatorRulesTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly SekoiaTestContext _context;
    private readonly HttpClient _http = new();

    public SekoiaEmulatorRulesTests(EmulatorFixture emulator) => _context = new SekoiaTestContext(emulator);

    public void Dispose()
    {
        _http.Dispose();
        _context.Dispose();
    }

    [Theory]
    [InlineData("limit=1001", HttpStatusCode.BadRequest)]
    [InlineData("limit=0", HttpStatusCode.BadRequest)]
    [InlineData("limit=1000&offset=-1", HttpStatusCode.BadRequest)]
    [InlineData("limit=1000", HttpStatusCode.OK)]
    public async Task Event_pages_are_limited_to_1000(string query, HttpStatusCode expected)
    {
        var job = _context.DoneJob(10);

        using var response = await _http.SendAsync(Api(HttpMethod.Get, $"{SekoiaModule.JobsPath}/{job.Uuid}/events?{query}"));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Requests_without_the_bearer_key_are_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_context.ApiBaseUri + "/v1/me"));

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("[\"source.*\"]")]
    [InlineData("[]")]
    public async Task Exports_need_explicit_fields(string fields)
    {
        var job = _context.DoneJob(10);
        var request = Api(HttpMethod.Post, $"{SekoiaModule.JobsPath}/{job.Uuid}/export");
        request.Content = new StringContent($"{{\"fields\":{fields}}}", Encoding.UTF8, "application/json");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_context.Tenant.Exports);
    }

    [Fact]
    public async Task The_download_refuses_an_authorization_header_and_a_wrong_or_missing_key()
    {
        var job = _context.DoneJob(10);
        var result = await _context.Session.Export.ExportAsync(
            new SekoiaExportRequest { JobUuid = job.Uuid, Fields = new[] { "event.id" }, Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sekoia-rules-{Guid.NewGuid():N}.json.gz"), Polling = SekoiaTestContext.FastPolling() },
            new SekoiaExportProgress(),
            _context.Log,
            CancellationToken.None);
        System.IO.File.Delete(result.Path);
        var export = _context.Tenant.Exports[result.TaskId];
        var url = _context.Emulator.BaseUri + $"sekoia-s3/exports/{export.TaskUuid}/{export.FileName}?X-Amz-Signature={export.Signature}";
        var otherKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        Assert.Equal(HttpStatusCode.OK, await DownloadStatus(url, export.SseCustomerKey!, bearer: false));
        Assert.Equal(HttpStatusCode.BadRequest, await DownloadStatus(url, export.SseCustomerKey!, bearer: true));
        Assert.Equal(HttpStatusCode.Forbidden, await DownloadStatus(url, otherKey, bearer: false));
        Assert.Equal(HttpStatusCode.BadRequest, await DownloadStatus(url, null, bearer: false));
        Assert.Equal(HttpStatusCode.Forbidden, await DownloadStatus(url.Replace(export.Signature, "0000", StringComparison.Ordinal), export.SseCustomerKey!, bearer: false));
    }

    private async Task<HttpStatusCode> DownloadStatus(string url, string? key, bool bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _context.Tenant.Settings.ApiKey);
        }

        if (key is not null)
        {
            request.Headers.Add("x-amz-server-side-encryption-customer-algorithm", "AES256");
            request.Headers.Add("x-amz-server-side-encryption-customer-key", key);
            request.Headers.Add("x-amz-server-side-encryption-customer-key-MD5", Convert.ToBase64String(MD5.HashData(Convert.FromBase64String(key))));
        }

        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    private HttpRequestMessage Api(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(_context.ApiBaseUri + path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _context.Tenant.Settings.ApiKey);
        return request;
    }
}
