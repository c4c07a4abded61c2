using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// One entry of GET .../export-jobs: where a finished export can be downloaded, its size and event count.
    /// The shape of the list is not documented, so a bare object, an array and an items list are all read.
    /// </summary>
    internal sealed class SekoiaExportJob
    {
        public string? TaskUuid { get; private set; }

        public string? DownloadUrl { get; private set; }

        public long? ExportedEvents { get; private set; }

        public long? CompressedSize { get; private set; }

        /// <summary>An SSE-C key, should the response carry one (Sekoia's docs say it does but not under which name).</summary>
        public string? SseCustomerKey { get; private set; }

        /// <summary>The entry of this task; else, when no entry names its task, the last with a download URL.</summary>
        public static SekoiaExportJob? Find(JsonElement root, string taskUuid)
        {
            var entries = EntriesOf(root).Select(FromJson).ToList();
            return entries.FirstOrDefault(e => e.TaskUuid == taskUuid)
                ?? (entries.All(e => e.TaskUuid is null) ? entries.LastOrDefault(e => e.DownloadUrl is not null) : null);
        }

        private static IEnumerable<JsonElement> EntriesOf(JsonElement root)
        {
            if (root.ValueKind == JsonValueKind.Array)
            {
                return root.EnumerateArray();
            }

            foreach (var name in new[] { "items", "data", "results" })
            {
                if (SekoiaJson.Property(root, name) is { ValueKind: JsonValueKind.Array } list)
                {
                    return list.EnumerateArray();
                }
            }

            return root.ValueKind == JsonValueKind.Object ? new[] { root } : Enumerable.Empty<JsonElement>();
        }

        private static SekoiaExportJob FromJson(JsonElement entry) => new SekoiaExportJob
        {
            TaskUuid = SekoiaJson.String(entry, "task_uuid"),
            DownloadUrl = SekoiaJson.String(entry, "download_url"),
            ExportedEvents = SekoiaJson.Long(entry, "exported_events_count"),
            CompressedSize = SekoiaJson.Long(entry, "export_size_compressed"),
            SseCustomerKey = SekoiaJson.String(entry, "sse_customer_key"),
        };
    }
}
