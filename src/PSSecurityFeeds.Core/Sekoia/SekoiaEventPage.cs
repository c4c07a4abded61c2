using System;
using System.Collections.Generic;
using System.Text.Json;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>One page of events (at most 1,000), each converted while the page's document is open, so the page can go.</summary>
    internal sealed class SekoiaEventPage<T>
    {
        private SekoiaEventPage(IReadOnlyList<T> items, long total)
        {
            Items = items;
            Total = total;
        }

        public IReadOnlyList<T> Items { get; }

        public long Total { get; }

        public static SekoiaEventPage<T> FromJson(JsonElement page, string uuid, Func<JsonElement, T> convert)
        {
            if (SekoiaJson.Property(page, "items") is not { ValueKind: JsonValueKind.Array } items)
            {
                throw SekoiaJson.Invalid($"Sekoia.io answered an events request of search job {uuid} without an items list.");
            }

            var total = SekoiaJson.Long(page, "total") ?? throw SekoiaJson.Invalid($"Sekoia.io answered an events request of search job {uuid} without a total.");
            var events = new List<T>(items.GetArrayLength());
            foreach (var item in items.EnumerateArray())
            {
                events.Add(convert(item));
            }

            return new SekoiaEventPage<T>(events, total);
        }
    }
}
