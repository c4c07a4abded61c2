using System;
using System.Globalization;
using System.Text.Json;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>A site (workspace) of a Signal Sciences corp, as the corp's sites list describes it.</summary>
    public sealed class SigSciSite
    {
        /// <summary>The short name used in URLs and by Get-SigSciFeed -Site.</summary>
        public string Name { get; init; } = string.Empty;

        public string? DisplayName { get; init; }

        /// <summary>The agent mode: block, log or off.</summary>
        public string? AgentLevel { get; init; }

        /// <summary>The status code blocked requests get (406 by default).</summary>
        public int? BlockHttpCode { get; init; }

        public int? BlockDurationSeconds { get; init; }

        /// <summary>When the site was made, in UTC.</summary>
        public DateTimeOffset? Created { get; init; }

        public string Corp { get; init; } = string.Empty;

        public override string ToString() => Name;

        internal static SigSciSite FromJson(JsonElement site, string corp) => new SigSciSite
        {
            Name = Text(site, "name") ?? string.Empty,
            DisplayName = Text(site, "displayName"),
            AgentLevel = Text(site, "agentLevel"),
            BlockHttpCode = Number(site, "blockHTTPCode"),
            BlockDurationSeconds = Number(site, "blockDurationSeconds"),
            Created = Text(site, "created") is { } created &&
                DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
                ? date
                : null,
            Corp = corp,
        };

        private static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static int? Number(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
    }
}
