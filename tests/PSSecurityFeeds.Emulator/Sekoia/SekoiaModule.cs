using System;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PSSecurityFeeds.Emulator.Infrastructure;

namespace PSSecurityFeeds.Emulator.Sekoia;

/// <summary>
/// Sekoia.io under /sekoia (so the client's base address has a path, as the regional ones do): bearer auth,
/// 5 requests/s, search jobs, events paging, exports with SSE-C, and an S3-like download under /sekoia-s3.
/// </summary>
public sealed class SekoiaModule : IEmulatorModule, IEmulatorTestAccount
{
    public const string ApiPrefix = "/sekoia";
    public const string JobsPath = "/v1/sic/conf/events/search/jobs";
    public const int MaxPageSize = 1000;
    private const string SseAlgorithmHeader = "x-amz-server-side-encryption-customer-algorithm";
    private const string SseKeyHeader = "x-amz-server-side-encryption-customer-key";
    private const string SseKeyMd5Header = "x-amz-server-side-encryption-customer-key-MD5";

    public string AccountName => "sekoia";

    public void Register(IServiceCollection services) => services.AddSingleton<SekoiaTenant>();

    public object DescribeAccount(Uri emulatorBaseUri, IServiceProvider services) =>
        new { apiBaseUri = emulatorBaseUri.GetLeftPart(UriPartial.Authority) + ApiPrefix, apiKey = services.GetRequiredService<SekoiaTenant>().Settings.ApiKey };

    public void Map(IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(ApiPrefix).AddEndpointFilter(AuthorizeAndLimit);
        api.MapGet("/v1/me", Me).WithName("sekoia.me");
        api.MapPost(JobsPath, CreateJob).WithName("sekoia.jobs.create");
        api.MapGet(JobsPath + "/{uuid}", GetJob).WithName("sekoia.jobs.get");
        api.MapGet(JobsPath + "/{uuid}/events", GetEvents).WithName("sekoia.jobs.events");
        api.MapPost(JobsPath + "/{uuid}/export", CreateExport).WithName("sekoia.jobs.export");
        api.MapGet(JobsPath + "/{uuid}/export-jobs", GetExportJobs).WithName("sekoia.jobs.export-jobs");
        api.MapGet("/v1/tasks/{taskUuid}", GetTask).WithName("sekoia.tasks.get");
        routes.MapGet("/sekoia-s3/exports/{taskUuid}/{file}", Download).WithName("sekoia.s3.download");
        routes.MapPost("/_emulator/sekoia/settings", ChangeSettings).WithName("emulator.sekoia.settings");
    }

    private static async ValueTask<object?> AuthorizeAndLimit(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var tenant = context.RequestServices.GetRequiredService<SekoiaTenant>();
        var now = context.RequestServices.GetRequiredService<EmulatorClock>().UtcNow;
        if (!tenant.RateLimit.TryAccept(now, tenant.Settings.RequestsPerSecond))
        {
            context.Response.Headers.RetryAfter = "1";
            return Error(429, "Too many requests: stay under 5 requests per second.");
        }

        if (context.Request.Headers.Authorization.ToString() != "Bearer " + tenant.Settings.ApiKey)
        {
            return Error(401, "Invalid or missing API key.");
        }

        return await next(invocation);
    }

    private static IResult Me(SekoiaTenant tenant) => Results.Json(new
    {
        uuid = "7a1f3a0e-2c55-4f0c-8d0e-0f1d6b2c9a11",
        email = "analyst@example.com",
        firstname = "Emulated",
        lastname = "Analyst",
        community_uuid = "3c0e5d8a-0b6f-4d43-9a5e-2d7c1e9f4b22",
    });

    private static async Task<IResult> CreateJob(HttpContext context, SekoiaTenant tenant, EmulatorClock clock)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        var term = StringProperty(root, "term");
        var earliest = StringProperty(root, "earliest_time");
        var latest = StringProperty(root, "latest_time");
        if (string.IsNullOrWhiteSpace(term))
        {
            return Error(400, "term is required.");
        }

        if (StringProperty(root, "term_lang") is { } language && language != "dork")
        {
            return Error(400, $"term_lang '{language}' is not supported.");
        }

        var now = clock.UtcNow;
        if (SekoiaSearchTime.Resolve(earliest, now) is not { } from || SekoiaSearchTime.Resolve(latest, now) is not { } to)
        {
            return Error(400, "earliest_time and latest_time must be ISO 8601 dates or relative times such as -30d or now.");
        }

        if (from >= to)
        {
            return Error(400, "earliest_time must be before latest_time.");
        }

        var job = new EmulatedSearchJob(term, earliest!, latest!, now, tenant.Settings);
        tenant.Jobs[job.Uuid] = job;
        return Results.Json(new { uuid = job.Uuid });
    }

    private static IResult GetJob(string uuid, SekoiaTenant tenant, EmulatorClock clock) =>
        tenant.Jobs.TryGetValue(uuid, out var job) ? Results.Json(job.ToJson(clock.UtcNow)) : Error(404, $"No search job {uuid}.");

    private static async Task<IResult> GetEvents(HttpContext context, string uuid, SekoiaTenant tenant, EmulatorClock clock)
    {
        if (!tenant.Jobs.TryGetValue(uuid, out var job))
        {
            return Error(404, $"No search job {uuid}.");
        }

        var status = job.StatusAt(clock.UtcNow);
        if (status != EmulatedSearchJob.Done)
        {
            return Error(400, $"The search job is not done (status {status}).");
        }

        var limit = IntQuery(context, "limit") ?? 100;
        var offset = IntQuery(context, "offset") ?? 0;
        if (limit is < 1 or > MaxPageSize || offset < 0)
        {
            return Error(400, $"limit must be between 1 and {MaxPageSize} and offset 0 or more.");
        }

        var total = job.FinalTotal;
        var end = Math.Min(total, offset + limit);
        if (offset < total && tenant.Settings.EmptyPagesAt.TryRemove(offset, out _))
        {
            end = offset; // the empty page seen in the real API while offset < total
        }

        await using var body = CompressedBody.Open(context, "application/json");
        await using (var output = new ChunkedJsonOutput(body))
        {
            output.Json.WriteStartObject();
            output.Json.WriteStartArray("items");
            for (var index = offset; index < end; index++)
            {
                SekoiaEventSource.WriteEvent(output.Json, job, index, tenant.Settings.MessageLength);
                await output.SendFullChunkAsync(context.RequestAborted);
            }

            output.Json.WriteEndArray();
            output.Json.WriteNumber("total", total);
            output.Json.WriteEndObject();
        }

        return Results.Empty;
    }

    private static async Task<IResult> CreateExport(HttpContext context, string uuid, SekoiaTenant tenant, EmulatorClock clock)
    {
        if (!tenant.Jobs.TryGetValue(uuid, out var job))
        {
            return Error(404, $"No search job {uuid}.");
        }

        var now = clock.UtcNow;
        if (job.StatusAt(now) != EmulatedSearchJob.Done)
        {
            return Error(400, "Only a done search job can be exported.");
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        if (!root.TryGetProperty("fields", out var fieldsJson) || fieldsJson.ValueKind != JsonValueKind.Array || fieldsJson.GetArrayLength() == 0)
        {
            return Error(400, "fields is required: a list of field names.");
        }

        var fields = fieldsJson.EnumerateArray().Select(f => f.GetString() ?? string.Empty).ToArray();
        if (fields.Any(f => f.Length == 0 || f.Contains('*')))
        {
            return Error(400, "fields must be explicit field names; wildcards are not allowed.");
        }

        string? key = null;
        if (root.TryGetProperty("s3", out var s3))
        {
            key = StringProperty(s3, "sse_customer_key");
            if (!IsValidSseCustomerKey(key, StringProperty(s3, "sse_customer_algorithm"), StringProperty(s3, "sse_customer_key_md5")))
            {
                return Error(400, "s3.sse_customer_key must be a base64 256-bit key with algorithm AES256 and its base64 MD5.");
            }
        }

        if (job.Exports >= 10)
        {
            return Error(400, "This search job was exported 10 times already.");
        }

        if (tenant.HasRunningExport(now))
        {
            return Error(409, "An export is already running for this community.");
        }

        job.Exports++;
        var export = new EmulatedExport(job, fields, key, now, tenant.Settings);
        tenant.Exports[export.TaskUuid] = export;
        return Results.Json(new { task_uuid = export.TaskUuid }, statusCode: 202);
    }

    private static async Task<IResult> GetTask(HttpContext context, string taskUuid, SekoiaTenant tenant, EmulatorClock clock)
    {
        if (!tenant.Exports.TryGetValue(taskUuid, out var export))
        {
            return Error(404, $"No task {taskUuid}.");
        }

        var now = clock.UtcNow;
        var status = export.StatusAt(now);
        var finished = status == "FINISHED";
        object attributes = status switch
        {
            "FAILED" => new { error = "The export failed: emulated storage error." },
            "FINISHED" when tenant.Settings.TaskCarriesDownloadUrl => new { download_url = DownloadUrl(context, export), export_size_compressed = await ReportedSizeAsync(export, tenant) },
            _ => new { },
        };
        return Results.Json(new
        {
            uuid = export.TaskUuid,
            status,
            progress = export.ProgressAt(now),
            total = export.Events,
            created_at = export.CreatedAt,
            attributes,
            message = status == "FAILED" ? "Export failed." : finished ? "Export finished." : null,
        });
    }

    private static async Task<IResult> GetExportJobs(HttpContext context, string uuid, SekoiaTenant tenant, EmulatorClock clock)
    {
        if (!tenant.Jobs.TryGetValue(uuid, out var job))
        {
            return Error(404, $"No search job {uuid}.");
        }

        var now = clock.UtcNow;
        var items = await Task.WhenAll(tenant.Exports.Values
            .Where(e => e.Job == job)
            .OrderBy(e => e.CreatedAt)
            .Select(async e => e.StatusAt(now) == "FINISHED"
                ? (object)new
                {
                    task_uuid = e.TaskUuid,
                    status = "FINISHED",
                    download_url = DownloadUrl(context, e),
                    expire_at = e.CreatedAt + e.Duration + TimeSpan.FromHours(24),
                    exported_events_count = e.Events,
                    export_size_compressed = await ReportedSizeAsync(e, tenant),
                    format = "json",
                }
                : new { task_uuid = e.TaskUuid, status = e.StatusAt(now), format = "json" }));
        return Results.Json(new { items, total = items.Length });
    }

    /// <summary>S3's rules: the pre-signed URL is the credential (no Authorization header), and an SSE-C object needs its key again.</summary>
    private static async Task<IResult> Download(HttpContext context, string taskUuid, string file, SekoiaTenant tenant, EmulatorClock clock)
    {
        if (context.Request.Headers.ContainsKey("Authorization"))
        {
            return S3Error(400, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified.");
        }

        if (!tenant.Exports.TryGetValue(taskUuid, out var export) || export.FileName != file ||
            context.Request.Query["X-Amz-Signature"].ToString() != export.Signature || export.StatusAt(clock.UtcNow) != "FINISHED")
        {
            return S3Error(403, "AccessDenied", "Request has expired or the signature does not match.");
        }

        if (export.SseCustomerKey is { } key)
        {
            var headers = context.Request.Headers;
            if (!headers.ContainsKey(SseAlgorithmHeader) || !headers.ContainsKey(SseKeyHeader) || !headers.ContainsKey(SseKeyMd5Header))
            {
                return S3Error(400, "InvalidRequest", "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.");
            }

            if (headers[SseAlgorithmHeader] != "AES256" || headers[SseKeyHeader] != key || headers[SseKeyMd5Header] != Md5Of(key))
            {
                return S3Error(403, "AccessDenied", "The SSE-C key does not match the key the object was stored with.");
            }
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = await export.CompressedSizeAsync();
        await SekoiaExportFile.WriteAsync(export, context.Response.Body, context.RequestAborted);
        return Results.Empty;
    }

    private static async Task<IResult> ChangeSettings(HttpContext context, SekoiaTenant tenant)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var settings = tenant.Settings;
        foreach (var property in body.RootElement.EnumerateObject())
        {
            switch (property.Name)
            {
                case "jobDurationSeconds": settings.JobDuration = TimeSpan.FromSeconds(property.Value.GetDouble()); break;
                case "exportDurationSeconds": settings.ExportDuration = TimeSpan.FromSeconds(property.Value.GetDouble()); break;
                case "defaultTotal": settings.DefaultTotal = property.Value.GetInt64(); break;
                case "requestsPerSecond": settings.RequestsPerSecond = property.Value.GetInt32(); break;
                case "taskCarriesDownloadUrl": settings.TaskCarriesDownloadUrl = property.Value.GetBoolean(); break;
                case "messageLength": settings.MessageLength = property.Value.GetInt32(); break;
                case "reportedSizeSkew": settings.ReportedSizeSkew = property.Value.GetInt64(); break;
                case "emptyPageAt": settings.EmptyPagesAt[property.Value.GetInt64()] = 1; break;
                default: return Error(400, $"Unknown setting '{property.Name}'.");
            }
        }

        return Results.Json(settings);
    }

    private static string DownloadUrl(HttpContext context, EmulatedExport export) =>
        $"{context.Request.Scheme}://{context.Request.Host}/sekoia-s3/exports/{export.TaskUuid}/{export.FileName}" +
        $"?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=EMULATOR%2F{DateTime.UtcNow:yyyyMMdd}%2Ffra1%2Fs3%2Faws4_request&X-Amz-Expires=86400&X-Amz-Signature={export.Signature}";

    private static async Task<long> ReportedSizeAsync(EmulatedExport export, SekoiaTenant tenant) =>
        await export.CompressedSizeAsync() + tenant.Settings.ReportedSizeSkew;

    private static bool IsValidSseCustomerKey(string? key, string? algorithm, string? md5)
    {
        if (key is null || algorithm != "AES256")
        {
            return false;
        }

        try
        {
            return Convert.FromBase64String(key).Length == 32 && md5 == Md5Of(key);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Md5Of(string base64Key) => Convert.ToBase64String(MD5.HashData(Convert.FromBase64String(base64Key)));

    private static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? IntQuery(HttpContext context, string name) =>
        long.TryParse(context.Request.Query[name].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : context.Request.Query.ContainsKey(name) ? -1 : null;

    private static IResult Error(int status, string message) => Results.Json(new { message }, statusCode: status);

    private static IResult S3Error(int status, string code, string message) =>
        Results.Content($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>", "application/xml", statusCode: status);
}
