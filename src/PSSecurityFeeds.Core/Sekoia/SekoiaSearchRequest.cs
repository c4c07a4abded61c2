using System;
using System.IO;
using System.Text.Json;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Vocabulary;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// A search to start: a dork query and its time range, checked when it is made: Earliest before Latest, not in
    /// the future (a search of the future finds nothing), and both resolvable to dates. Relative bounds are sent as
    /// written, instants as ISO 8601 UTC.
    /// </summary>
    public sealed class SekoiaSearchRequest
    {
        private SekoiaSearchRequest(string query, PointInTime earliest, PointInTime latest)
        {
            Query = query;
            Earliest = earliest;
            Latest = latest;
        }

        public string Query { get; }

        public PointInTime Earliest { get; }

        public PointInTime Latest { get; }

        public static SekoiaSearchRequest Create(string query, PointInTime earliest, PointInTime latest, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(query))
            {
                throw new FeedException("SekoiaInvalidQuery", FeedErrorCategory.InvalidArgument, "The query is empty. Give a dork query such as 'event.category:authentication'.");
            }

            var from = earliest.ResolveAt(now, "Earliest");
            var to = latest.ResolveAt(now, "Latest");
            if (from >= to)
            {
                throw new FeedException(
                    "SekoiaInvalidTimeRange",
                    FeedErrorCategory.InvalidArgument,
                    $"Earliest ({earliest}) is not before Latest ({latest}). Give an Earliest before the Latest, such as -Earliest -1d -Latest now.")
                {
                    Target = earliest + " .. " + latest,
                };
            }

            if (from > now)
            {
                throw new FeedException(
                    "SekoiaTimeRangeInFuture",
                    FeedErrorCategory.InvalidArgument,
                    $"The range {earliest} to {latest} is in the future (now is {now.ToUniversalTime():yyyy-MM-dd HH:mm:ss'Z'}), so the search could find nothing. Give an Earliest before now, such as -Earliest -1d.")
                {
                    Target = earliest + " .. " + latest,
                };
            }

            return new SekoiaSearchRequest(query.Trim(), earliest, latest);
        }

        internal byte[] ToJson()
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("term", Query);
                json.WriteString("earliest_time", Earliest.ToString());
                json.WriteString("latest_time", Latest.ToString());
                json.WriteString("term_lang", "dork");
                json.WriteEndObject();
            }

            return buffer.ToArray();
        }
    }
}
