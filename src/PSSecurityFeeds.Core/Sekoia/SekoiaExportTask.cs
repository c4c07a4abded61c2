using System.Text.Json;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>An export task as GET /v1/tasks/{uuid} describes it.</summary>
    internal sealed class SekoiaExportTask
    {
        public string Uuid { get; private set; } = string.Empty;

        /// <summary>PENDING, RUNNING, FINISHED, FAILED or CANCELED (upper case).</summary>
        public string Status { get; private set; } = string.Empty;

        public long? Progress { get; private set; }

        public long? Total { get; private set; }

        public string? DownloadUrl { get; private set; }

        public long? CompressedSize { get; private set; }

        public string? Error { get; private set; }

        public bool IsFinished => Status == "FINISHED";

        public bool HasFailed => Status is "FAILED" or "CANCELED" or "CANCELLED";

        public static SekoiaExportTask FromJson(JsonElement task, string uuid)
        {
            var attributes = SekoiaJson.Property(task, "attributes") ?? default;
            return new SekoiaExportTask
            {
                Uuid = SekoiaJson.String(task, "uuid") ?? uuid,
                Status = (SekoiaJson.String(task, "status") ?? throw SekoiaJson.Invalid($"Sekoia.io described export task {uuid} without a status.")).ToUpperInvariant(),
                Progress = SekoiaJson.Long(task, "progress"),
                Total = SekoiaJson.Long(task, "total"),
                DownloadUrl = SekoiaJson.String(attributes, "download_url"),
                CompressedSize = SekoiaJson.Long(attributes, "export_size_compressed"),
                Error = SekoiaJson.String(attributes, "error") ?? SekoiaJson.String(task, "message"),
            };
        }
    }
}
