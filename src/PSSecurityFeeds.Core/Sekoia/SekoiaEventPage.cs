using System.Collections.Generic;
using System.Text.Json;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>One page of events (at most 1,000), each copied out of the page's document so the page can go.</summary>
    internal sealed class SekoiaEventPage
    {
        private SekoiaEventPage(IReadOnlyList<JsonElement> items, long total)
        {
            Items = items;
            Total = total;
        }

        public IReadOnlyList<JsonElement> Items { get; }

        public long Total { get; }

        public static SekoiaEventPage FromJson(JsonElement page, string uuid)
        {
            if (SekoiaJson.Property(page, "items") is not { ValueKind: JsonValueKind.Array } items)
            {
                throw SekoiaJson.Invalid($"Sekoia.io answered an events request of search job {uuid} without an items list.");
            }

            var total = SekoiaJson.Long(page, "total") ?? throw SekoiaJson.Invalid($"Sekoia.io answered an events request of search job {uuid} without a total.");
            var events = new List<JsonElement>(items.GetArrayLength());
            foreach (var item in items.EnumerateArray())
            {
                events.Add(item.Clone());
            }

            return new SekoiaEventPage(events, total);
        }
    }
}
