using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Emulator.Infrastructure;
using PSSecurityFeeds.Emulator.Sekoia;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Sekoia;

public sealed class SekoiaExportTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private const string Download = "sekoia.s3.download";
    private static readonly string[] Fields = { "@timestamp", "event.id", "source.ip" };
    private readonly SekoiaTestContext _context;
    private readonly string _folder = Directory.CreateTempSubdirectory("sekoia-export-").FullName;

    public SekoiaExportTests(EmulatorFixture emulator) => _context = new SekoiaTestContext(emulator);

    public void Dispose()
    {
        _context.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private SekoiaExportRequest Request(EmulatedSearchJob job, string? path = null, bool decompress = false, bool force = false, string[]? fields = null) => new()
    {
        JobUuid = job.Uuid,
        Fields = fields ?? Fields,
        Path = path ?? Path.Combine(_folder, "events.json.gz"),
        Decompress = decompress,
        Force = force,
        Polling = SekoiaTestContext.FastPolling(),
    };

    private Task<SekoiaExportResult> ExportAsync(SekoiaExportRequest request, SekoiaExportProgress? progress = null) =>
        _context.Session.Export.ExportAsync(request, progress ?? new SekoiaExportProgress(), _context.Log, CancellationToken.None);

    [Fact]
    public async Task Exports_end_to_end_with_a_fresh_sse_c_key_the_storage_checks()
    {
        var job = _context.DoneJob(3000);
        var progress = new SekoiaExportProgress();

        var result = await ExportAsync(Request(job), progress);

        var lines = ReadGzipLines(result.Path);
        Assert.Equal(3000, lines.Length);
        Assert.Equal(3000, result.Events);
        Assert.Equal(Fields, JsonDocument.Parse(lines[0]).RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(SekoiaEventSource.EventId(job.Uuid, 2999), JsonDocument.Parse(lines[^1]).RootElement.GetProperty("event.id").GetString());
        Assert.Equal(new FileInfo(result.Path).Length, result.CompressedBytes);
        Assert.Equal(job.Uuid, result.JobId);
        Assert.Equal(SekoiaExportPhase.Downloading, progress.Phase);
        Assert.Equal(100, progress.Percent);

        var export = _context.Tenant.Exports[result.TaskId];
        Assert.Equal(32, Convert.FromBase64String(export.SseCustomerKey!).Length);
        var download = Assert.Single(_context.Requests.For(Download));
        Assert.Null(download.Header("Authorization"));
        Assert.Equal("AES256", download.Header("x-amz-server-side-encryption-customer-algorithm"));
        Assert.Equal(export.SseCustomerKey, download.Header("x-amz-server-side-encryption-customer-key"));
        Assert.Equal(Convert.ToBase64String(MD5.HashData(Convert.FromBase64String(export.SseCustomerKey!))), download.Header("x-amz-server-side-encryption-customer-key-MD5"));
        Assert.All(_context.Requests.For("sekoia.tasks.get"), r => Assert.Equal("Bearer " + _context.Tenant.Settings.ApiKey, r.Header("Authorization")));
    }

    [Fact]
    public async Task Each_export_has_its_own_key_and_the_key_never_reaches_the_log()
    {
        var job = _context.DoneJob(10);

        var first = await ExportAsync(Request(job, Path.Combine(_folder, "a.json.gz")));
        var second = await ExportAsync(Request(job, Path.Combine(_folder, "b.json.gz")));

        var keys = new[] { first, second }.Select(r => _context.Tenant.Exports[r.TaskId].SseCustomerKey!).ToArray();
        Assert.NotEqual(keys[0], keys[1]);
        while (_context.Log.TryTake(out var entry))
        {
            Assert.DoesNotContain(keys[0], entry.Message);
            Assert.DoesNotContain(keys[1], entry.Message);
            Assert.DoesNotContain(_context.Tenant.Exports[first.TaskId].Signature, entry.Message);
        }
    }

    [Fact]
    public async Task Decompress_writes_json_lines_and_counts_them()
    {
        var job = _context.DoneJob(1234);

        var result = await ExportAsync(Request(job, _folder, decompress: true));

        Assert.Equal(Path.Combine(_folder, $"export_{job.Uuid}.json"), result.Path);
        Assert.Equal(1234, File.ReadLines(result.Path).Count());
        Assert.Equal(1234, result.Events);
        Assert.True(result.Decompressed);
    }

    [Fact]
    public async Task Without_a_url_on_the_task_the_download_is_found_in_export_jobs()
    {
        _context.Tenant.Settings.TaskCarriesDownloadUrl = false;
        var job = _context.DoneJob(500);

        var result = await ExportAsync(Request(job));

        Assert.Single(_context.Requests.For("sekoia.jobs.export-jobs"));
        Assert.Equal(500, ReadGzipLines(result.Path).Length);
        Assert.Equal(500, result.Events);
    }

    [Fact]
    public async Task A_size_other_than_reported_leaves_nothing_at_the_path()
    {
        _context.Tenant.Settings.ReportedSizeSkew = 7;
        var job = _context.DoneJob(200);
        var request = Request(job);

        var error = await Assert.ThrowsAsync<FeedException>(() => ExportAsync(request));

        Assert.Equal("SekoiaExportSizeMismatch", error.ErrorId);
        Assert.Single(_context.Requests.For(Download));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public async Task An_interrupted_download_is_restarted_and_then_leaves_nothing_when_it_keeps_breaking()
    {
        var job = _context.DoneJob(20_000);
        _context.Emulator.Server.Faults.Enqueue(Download, Enumerable.Range(1, 20).Select(i => Fault.CutAfter(i * 10_000)).ToArray());

        var error = await Assert.ThrowsAsync<FeedException>(() => ExportAsync(Request(job)));

        Assert.Equal("SekoiaDownloadFailed", error.ErrorId);
        Assert.InRange(_context.Requests.For(Download).Count, 3, 12); // 3 downloads, each perhaps retried by the pipeline when the cut came before the headers
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public async Task One_broken_download_is_restarted_from_the_first_byte()
    {
        var job = _context.DoneJob(20_000);
        _context.Emulator.Server.Faults.Enqueue(Download, Fault.CutAfter(10_000));

        var result = await ExportAsync(Request(job));

        Assert.Equal(2, _context.Requests.For(Download).Count);
        Assert.Equal(20_000, ReadGzipLines(result.Path).Length);
        Assert.Single(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Theory]
    [InlineData("source.*")]
    [InlineData("user.na?e")]
    [InlineData(" ")]
    public async Task A_wildcard_or_empty_field_is_refused_before_any_request(string field)
    {
        var job = _context.DoneJob(10);

        var error = await Assert.ThrowsAsync<FeedException>(() => ExportAsync(Request(job, fields: new[] { "@timestamp", field })));

        Assert.Equal("SekoiaInvalidField", error.ErrorId);
        Assert.Equal(0, _context.SekoiaRequestCount);
    }

    [Fact]
    public async Task An_existing_file_is_kept_without_force_and_replaced_with_it()
    {
        var job = _context.DoneJob(10);
        var path = Path.Combine(_folder, "events.json.gz");
        File.WriteAllText(path, "keep me");

        var error = await Assert.ThrowsAsync<FeedException>(() => ExportAsync(Request(job, path)));
        Assert.Equal("SekoiaExportFileExists", error.ErrorId);
        Assert.Equal(0, _context.SekoiaRequestCount);
        Assert.Equal("keep me", File.ReadAllText(path));

        var result = await ExportAsync(Request(job, path, force: true));
        Assert.Equal(10, ReadGzipLines(result.Path).Length);
        Assert.Single(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public async Task A_failed_export_task_ends_with_the_server_message()
    {
        var job = _context.DoneJob(10, "emulator:export-fail");

        var error = await Assert.ThrowsAsync<FeedException>(() => ExportAsync(Request(job)));

        Assert.Equal("SekoiaExportFailed", error.ErrorId);
        Assert.Contains("emulated storage error", error.Message);
        Assert.Empty(_context.Requests.For(Download));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    private static string[] ReadGzipLines(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
