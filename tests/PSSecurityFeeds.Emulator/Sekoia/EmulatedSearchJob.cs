using System;
using System.Text.RegularExpressions;

namespace PSSecurityFeeds.Emulator.Sekoia;

/// <summary>
/// A search job whose status follows the clock: not started for the first fifth of its duration, in progress
/// (total growing) until the end, then done — or failed/canceled when its query asks for it with
/// <c>emulator:fail</c> / <c>emulator:cancel</c>. <c>emulator:total=N</c> sets how many events it finds, dated
/// evenly across the range it searched.
/// </summary>
public sealed partial class EmulatedSearchJob
{
    public const int NotStarted = 0, InProgress = 1, Done = 2, Canceled = 3, Failed = 4;

    public EmulatedSearchJob(string term, string earliest, string latest, DateTimeOffset createdAt, SekoiaSettings settings)
    {
        Term = term;
        Earliest = earliest;
        Latest = latest;
        CreatedAt = createdAt;
        From = SekoiaSearchTime.Resolve(earliest, createdAt) ?? throw new ArgumentException($"'{earliest}' is not a search time.", nameof(earliest));
        To = SekoiaSearchTime.Resolve(latest, createdAt) ?? throw new ArgumentException($"'{latest}' is not a search time.", nameof(latest));
        Duration = settings.JobDuration;
        var total = TotalDirective().Match(term);
        FinalTotal = total.Success ? long.Parse(total.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : settings.DefaultTotal;
        FinalStatus = term.Contains("emulator:fail", StringComparison.Ordinal) ? Failed
            : term.Contains("emulator:cancel", StringComparison.Ordinal) ? Canceled
            : Done;
    }

    public string Uuid { get; } = Guid.NewGuid().ToString();

    public string Term { get; }

    public string Earliest { get; }

    public string Latest { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>The range searched, resolved when the job was created: every event found is dated inside it.</summary>
    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    public TimeSpan Duration { get; }

    public long FinalTotal { get; }

    public int FinalStatus { get; }

    /// <summary>Exports started from this job (the API allows 10).</summary>
    public int Exports { get; set; }

    public DateTimeOffset StartedAt => CreatedAt + Duration / 5;

    public DateTimeOffset EndedAt => CreatedAt + Duration;

    public bool ExportFails => Term.Contains("emulator:export-fail", StringComparison.Ordinal);

    public int StatusAt(DateTimeOffset now) =>
        now < StartedAt ? NotStarted : now < EndedAt ? InProgress : FinalStatus;

    public long TotalAt(DateTimeOffset now)
    {
        var status = StatusAt(now);
        if (status == NotStarted)
        {
            return 0;
        }

        if (status != InProgress)
        {
            return FinalStatus == Done ? FinalTotal : 0;
        }

        var fraction = (now - StartedAt) / (EndedAt - StartedAt);
        return (long)(FinalTotal * fraction);
    }

    /// <summary>The date of event <paramref name="index"/>: the events are spread evenly from <see cref="From"/>, oldest first.</summary>
    public DateTimeOffset TimestampOf(long index) =>
        From.AddMilliseconds(Math.Floor((To - From).TotalMilliseconds * index / Math.Max(FinalTotal, 1)));

    public object ToJson(DateTimeOffset now)
    {
        var status = StatusAt(now);
        return new
        {
            uuid = Uuid,
            term = Term,
            term_lang = "dork",
            earliest_time = Earliest,
            latest_time = Latest,
            status,
            total = TotalAt(now),
            created_at = CreatedAt,
            started_at = status == NotStarted ? (DateTimeOffset?)null : StartedAt,
            ended_at = status >= Done ? EndedAt : (DateTimeOffset?)null,
            canceled_at = status == Canceled ? EndedAt : (DateTimeOffset?)null,
            expired = false,
            results_ttl = 86400,
            error = status == Failed ? "The query could not be executed: emulated engine failure." : null,
        };
    }

    [GeneratedRegex(@"emulator:total=(\d+)")]
    private static partial Regex TotalDirective();
}
