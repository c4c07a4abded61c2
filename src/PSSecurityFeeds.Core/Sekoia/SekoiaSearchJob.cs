using System;
using System.Text.Json;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>A Sekoia.io search job as the API last described it.</summary>
    public sealed class SekoiaSearchJob
    {
        public string Uuid { get; init; } = string.Empty;

        public SekoiaJobStatus Status { get; init; }

        /// <summary>Events found so far (final once the job is done).</summary>
        public long Total { get; init; }

        public string? Query { get; init; }

        public string? QueryLanguage { get; init; }

        public string? Earliest { get; init; }

        public string? Latest { get; init; }

        public DateTimeOffset? CreatedAt { get; init; }

        public DateTimeOffset? StartedAt { get; init; }

        public DateTimeOffset? EndedAt { get; init; }

        public DateTimeOffset? CanceledAt { get; init; }

        public bool? Expired { get; init; }

        /// <summary>How long the results are kept, in seconds.</summary>
        public long? ResultsTtl { get; init; }

        /// <summary>Why the job failed, when the API says.</summary>
        public string? Error { get; init; }

        public bool IsFinished => Status is SekoiaJobStatus.Done or SekoiaJobStatus.Canceled or SekoiaJobStatus.Failed;

        public override string ToString() => $"{Uuid} ({Status}, {Total} events)";

        internal static SekoiaSearchJob FromJson(JsonElement job)
        {
            var uuid = SekoiaJson.String(job, "uuid") ?? throw SekoiaJson.Invalid("Sekoia.io described a search job without a uuid.");
            return new SekoiaSearchJob
            {
                Uuid = uuid,
                Status = StatusOf(job, uuid),
                Total = SekoiaJson.Long(job, "total") ?? 0,
                Query = SekoiaJson.String(job, "term"),
                QueryLanguage = SekoiaJson.String(job, "term_lang"),
                Earliest = SekoiaJson.String(job, "earliest_time"),
                Latest = SekoiaJson.String(job, "latest_time"),
                CreatedAt = SekoiaJson.Date(job, "created_at"),
                StartedAt = SekoiaJson.Date(job, "started_at"),
                EndedAt = SekoiaJson.Date(job, "ended_at"),
                CanceledAt = SekoiaJson.Date(job, "canceled_at"),
                Expired = SekoiaJson.Bool(job, "expired"),
                ResultsTtl = SekoiaJson.Long(job, "results_ttl"),
                Error = SekoiaJson.String(job, "error") ?? SekoiaJson.String(job, "message"),
            };
        }

        private static SekoiaJobStatus StatusOf(JsonElement job, string uuid) =>
            SekoiaJson.Long(job, "status") is long status && Enum.IsDefined(typeof(SekoiaJobStatus), (int)status)
                ? (SekoiaJobStatus)(int)status
                : throw SekoiaJson.Invalid($"Sekoia.io described search job {uuid} with an unknown status '{SekoiaJson.String(job, "status")}'.");
    }
}
