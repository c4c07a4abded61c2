using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using PSSecurityFeeds.Core.Vocabulary;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// The module's common event properties of a Sekoia.io event, read from its ECS fields when present:
    /// @timestamp, source.ip (or client.ip), url.domain (or destination.domain), http.request.method, url.path,
    /// http.response.status_code, event.action, rule.id and tags. A field may come nested (source: {ip}) or
    /// flat ("source.ip"), as Sekoia's exports write it.
    /// </summary>
    public sealed class SekoiaEventFields : ISecurityEvent
    {
        private SekoiaEventFields(JsonElement json)
        {
            Time = Text(json, "@timestamp") is { } timestamp &&
                DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                ? time
                : null;
            ClientIP = Text(json, "source", "ip") ?? Text(json, "client", "ip");
            Host = Text(json, "url", "domain") ?? Text(json, "destination", "domain");
            Method = Text(json, "http", "request", "method");
            Path = Text(json, "url", "path");
            Status = Text(json, "http", "response", "status_code") is { } status && int.TryParse(status, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;
            Action = Text(json, "event", "action");
            RuleIds = Texts(json, "rule", "id");
            Tags = Texts(json, "tags");
        }

        public string Vendor => SecurityEventVendor.Sekoia;

        /// <summary>@timestamp as a date, in UTC.</summary>
        public DateTimeOffset? Time { get; }

        public string? ClientIP { get; }

        public string? Host { get; }

        public string? Method { get; }

        public string? Path { get; }

        public int? Status { get; }

        public string? Action { get; }

        public ValueList<string> RuleIds { get; }

        public ValueList<string> Tags { get; }

        IReadOnlyList<string> ISecurityEvent.RuleIds => RuleIds;

        IReadOnlyList<string> ISecurityEvent.Tags => Tags;

        /// <summary>Reads the common properties of one event (a JSON object).</summary>
        public static SekoiaEventFields Of(JsonElement json) => new SekoiaEventFields(json);

        private static string? Text(JsonElement json, params string[] path) =>
            Field(json, path) is { } value ? Scalar(value) : null;

        private static ValueList<string> Texts(JsonElement json, params string[] path) =>
            Field(json, path) switch
            {
                { ValueKind: JsonValueKind.Array } list => list.EnumerateArray().Select(Scalar).OfType<string>().ToArray(),
                { } one when Scalar(one) is { } text => new[] { text },
                _ => ValueList<string>.Empty,
            };

        private static string? Scalar(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };

        // Nested (a: {b: 1}) first, then the flat dotted name Sekoia's exports use ("a.b": 1).
        private static JsonElement? Field(JsonElement json, string[] path)
        {
            var current = json;
            foreach (var name in path)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    return json.ValueKind == JsonValueKind.Object && json.TryGetProperty(string.Join(".", path), out var flat) && flat.ValueKind != JsonValueKind.Null ? flat : null;
                }
            }

            return current.ValueKind == JsonValueKind.Null ? null : current;
        }
    }
}
