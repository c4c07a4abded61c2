using System;
using System.IO;
using System.Text.Json;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>A search to start: a dork query and its time range, checked when it is made.</summary>
    public sealed class SekoiaSearchRequest
    {
        private SekoiaSearchRequest(string query, SekoiaTime earliest, SekoiaTime latest)
        {
            Query = query;
            Earliest = earliest;
            Latest = latest;
        }

        public string Query { get; }

        public SekoiaTime Earliest { get; }

        public SekoiaTime Latest { get; }

        /// <param name="earliest">A DateTime, DateTimeOffset or string (see <see cref="SekoiaTime"/>).</param>
        public static SekoiaSearchRequest Create(string query, object? earliest, object? latest, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(query))
            {
                throw new FeedException("SekoiaInvalidQuery", FeedErrorCategory.InvalidArgument, "The query is empty. Give a dork query such as 'event.category:authentication'.");
            }

            var from = SekoiaTime.From(earliest, "Earliest");
            var to = SekoiaTime.From(latest, "Latest");
            if (from.ResolveAt(now) >= to.ResolveAt(now))
            {
                throw new FeedException(
                    "SekoiaInvalidTimeRange",
                    FeedErrorCategory.InvalidArgument,
                    $"Earliest ({from}) is not before Latest ({to}). Give an Earliest before the Latest, such as -Earliest -1d -Latest now.")
                {
                    Target = from.Text + " .. " + to.Text,
                };
            }

            return new SekoiaSearchRequest(query.Trim(), from, to);
        }

        internal byte[] ToJson()
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("term", Query);
                json.WriteString("earliest_time", Earliest.Text);
                json.WriteString("latest_time", Latest.Text);
                json.WriteString("term_lang", "dork");
                json.WriteEndObject();
            }

            return buffer.ToArray();
        }
    }
}
