using System.Text.Json;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>One event of a search's results: its JSON (nested, fields vary by intake) and where it stands in the results.</summary>
    public sealed class SekoiaEvent
    {
        public SekoiaEvent(JsonElement json, long position, long total)
        {
            Json = json;
            Position = position;
            Total = total;
        }

        /// <summary>The event, independent of the page it came in.</summary>
        public JsonElement Json { get; }

        /// <summary>Its 0-based offset in the job's results.</summary>
        public long Position { get; }

        /// <summary>The job's total when the page was read.</summary>
        public long Total { get; }

        public string RawJson => Json.GetRawText();
    }
}
