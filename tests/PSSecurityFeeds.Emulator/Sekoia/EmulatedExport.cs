using System;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Emulator.Sekoia;

/// <summary>
/// One export task of a search job: PENDING, RUNNING (progress growing), then FINISHED with a pre-signed
/// download URL — or FAILED when the job's query says <c>emulator:export-fail</c>. Records the SSE-C key the
/// client sent, which the download must present again.
/// </summary>
public sealed class EmulatedExport
{
    private readonly Lazy<Task<long>> _compressedSize;

    public EmulatedExport(EmulatedSearchJob job, string[] fields, string? sseCustomerKey, DateTimeOffset createdAt, SekoiaSettings settings)
    {
        Job = job;
        Fields = fields;
        SseCustomerKey = sseCustomerKey;
        CreatedAt = createdAt;
        Duration = settings.ExportDuration;
        MessageLength = settings.MessageLength;
        _compressedSize = new Lazy<Task<long>>(() => Task.Run(() => SekoiaExportFile.MeasureAsync(this)));
    }

    public string TaskUuid { get; } = Guid.NewGuid().ToString();

    /// <summary>The secret part of the pre-signed URL.</summary>
    public string Signature { get; } = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();

    public EmulatedSearchJob Job { get; }

    public string[] Fields { get; }

    /// <summary>The base64 SSE-C key the client sent with the export, or null when it sent none.</summary>
    public string? SseCustomerKey { get; }

    public DateTimeOffset CreatedAt { get; }

    public TimeSpan Duration { get; }

    public int MessageLength { get; }

    public long Events => Job.FinalTotal;

    public string FileName => $"export_{Job.Uuid}.json.gz";

    public string StatusAt(DateTimeOffset now) =>
        now < CreatedAt + Duration / 10 ? "PENDING"
        : now < CreatedAt + Duration ? "RUNNING"
        : Job.ExportFails ? "FAILED"
        : "FINISHED";

    public long ProgressAt(DateTimeOffset now) => StatusAt(now) switch
    {
        "PENDING" => 0,
        "RUNNING" => (long)(Events * ((now - CreatedAt) / Duration)),
        "FINISHED" => Events,
        _ => 0,
    };

    /// <summary>The gzip size of the export, measured once by generating it (the bytes are the same every time).</summary>
    public Task<long> CompressedSizeAsync() => _compressedSize.Value;
}
