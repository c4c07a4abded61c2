using System;
using System.Text.Json;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Vocabulary;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// A Sekoia.io search job as the API last described it. <see cref="Earliest"/>/<see cref="Latest"/> are the
    /// bounds as given (-7d, now); <see cref="EarliestTime"/>/<see cref="LatestTime"/> the range searched, in UTC.
    /// </summary>
    public sealed class SekoiaSearchJob
    {
        public string Uuid { get; init; } = string.Empty;

        public SekoiaJobStatus Status { get; init; }

        /// <summary>Events found so far (final once the job is done).</summary>
        public long Total { get; init; }

        public string? Query { get; init; }

        public string? QueryLanguage { get; init; }

        /// <summary>The start of the range as the job was given it: an ISO date or a relative time such as -7d.</summary>
        public string? Earliest { get; init; }

        public string? Latest { get; init; }

        /// <summary>The start of the range searched, in UTC: a relative Earliest resolved at the job's creation.</summary>
        public DateTimeOffset? EarliestTime => Resolve(Earliest);

        /// <summary>The end of the range searched, in UTC.</summary>
        public DateTimeOffset? LatestTime => Resolve(Latest);

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

        // Sekoia.io resolves relative bounds when the search is made; a bound it describes in an unknown way stays null.
        private DateTimeOffset? Resolve(string? bound)
        {
            if (bound is null)
            {
                return null;
            }

            try
            {
                var time = new PointInTime(bound);
                if (!time.IsRelative)
                {
                    return time.Instant;
                }

                return CreatedAt is { } created ? time.ResolveAt(created, nameof(Earliest)) : null;
            }
            catch (FeedException)
            {
                return null;
            }
        }

        private static SekoiaJobStatus StatusOf(JsonElement job, string uuid) =>
            SekoiaJson.Long(job, "status") is long status && Enum.IsDefined(typeof(SekoiaJobStatus), (int)status)
                ? (SekoiaJobStatus)(int)status
                : throw SekoiaJson.Invalid($"Sekoia.io described search job {uuid} with an unknown status '{SekoiaJson.String(job, "status")}'.");
    }
}
