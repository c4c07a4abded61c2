using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using PSSecurityFeeds.Core.Vocabulary;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// One request the Signal Sciences WAF stored, as the request feed gives it, with the module's common event
    /// properties (<see cref="ISecurityEvent"/>) computed from the feed's fields. Fields the vendor adds later are
    /// kept in <see cref="AdditionalFields"/>, never dropped.
    /// </summary>
    public sealed class SigSciRequest : ISecurityEvent
    {
        internal static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Converters = { new SigSciHeaderCollectionConverter() },
        };

        private static readonly string[] NoRuleIds = Array.Empty<string>();

        private DateTimeOffset _timestamp;
        private TextFields? _additionalFields;

        [JsonIgnore]
        public string Vendor => SecurityEventVendor.SigSci;

        /// <summary>When the request was made, in UTC (the feed's timestamp).</summary>
        [JsonIgnore]
        public DateTimeOffset Time => _timestamp;

        public string Id { get; set; } = string.Empty;

        /// <summary>The feed's timestamp, in UTC.</summary>
        public DateTimeOffset Timestamp
        {
            get => _timestamp;
            set => _timestamp = value.ToUniversalTime();
        }

        /// <summary>The corp the request was read from (not part of the feed's JSON).</summary>
        [JsonIgnore]
        public string Corp { get; internal set; } = string.Empty;

        /// <summary>The site the request was read from (not part of the feed's JSON).</summary>
        [JsonIgnore]
        public string Site { get; internal set; } = string.Empty;

        /// <summary>The client's address: the feed's remoteIP.</summary>
        [JsonIgnore]
        public string ClientIP => RemoteIP;

        /// <summary>The host name asked for: the feed's serverName.</summary>
        [JsonIgnore]
        public string Host => ServerName;

        public string ServerHostname { get; set; } = string.Empty;

        public string ServerName { get; set; } = string.Empty;

        public string RemoteIP { get; set; } = string.Empty;

        public string RemoteHostname { get; set; } = string.Empty;

        public string RemoteCountryCode { get; set; } = string.Empty;

        public string Method { get; set; } = string.Empty;

        public string Scheme { get; set; } = string.Empty;

        public string Path { get; set; } = string.Empty;

        public string Uri { get; set; } = string.Empty;

        public string Protocol { get; set; } = string.Empty;

        public string TlsProtocol { get; set; } = string.Empty;

        public string TlsCipher { get; set; } = string.Empty;

        /// <summary>The response's HTTP status: the feed's responseCode.</summary>
        [JsonIgnore]
        public int Status => ResponseCode;

        public int ResponseCode { get; set; }

        public long ResponseSize { get; set; }

        public long ResponseMillis { get; set; }

        /// <summary>The agent's decision: 200 allowed; 301 and above blocked (406 by default); -2 to 0 not processed.</summary>
        public int AgentResponseCode { get; set; }

        /// <summary>"block" when the agent blocked the request, "allow" when it let it through, null when it did not decide.</summary>
        [JsonIgnore]
        public string? Action => AgentResponseCode >= 301 ? "block" : AgentResponseCode == 200 ? "allow" : null;

        public string UserAgent { get; set; } = string.Empty;

        /// <summary>The signals: each equals its type name, so Tags -contains 'SQLI' works; prints as "SQLI,XSS".</summary>
        [JsonIgnore]
        public ValueList<SigSciTag> Tags => TagArray ?? Array.Empty<SigSciTag>();

        /// <summary>The feed has no rule ids: always empty.</summary>
        [JsonIgnore]
        public ValueList<string> RuleIds => NoRuleIds;

        public SigSciHeaderCollection HeadersIn { get; set; } = SigSciHeaderCollection.Empty;

        public SigSciHeaderCollection HeadersOut { get; set; } = SigSciHeaderCollection.Empty;

        /// <summary>Fields of the feed this version does not know, by their JSON name: text as text, anything else as its JSON.</summary>
        [JsonIgnore]
        public TextFields AdditionalFields => _additionalFields ??= new TextFields((ExtensionData ?? new Dictionary<string, JsonElement>()).Select(Text));

        DateTimeOffset? ISecurityEvent.Time => Time;

        int? ISecurityEvent.Status => Status;

        IReadOnlyList<string> ISecurityEvent.RuleIds => RuleIds;

        IReadOnlyList<string> ISecurityEvent.Tags => Tags.Select(tag => tag.Type).ToList();

        [JsonPropertyName("tags")]
        [JsonInclude]
        internal SigSciTag[]? TagArray { get; set; }

        [JsonExtensionData]
        [JsonInclude]
        internal Dictionary<string, JsonElement>? ExtensionData { get; set; }

        public override string ToString() => $"{Timestamp:u} {Site} {Method} {Uri} {ResponseCode}";

        /// <summary>Reads one request object of the feed; throws JsonException when it does not fit the model.</summary>
        internal static SigSciRequest Parse(ReadOnlySpan<byte> utf8Json, string corp, string site)
        {
            var request = JsonSerializer.Deserialize<SigSciRequest>(utf8Json, JsonOptions) ?? throw new JsonException("The request is null.");
            request.Corp = corp;
            request.Site = site;

            // A field sent as null reaches the object as null; the model promises empty values instead.
            request.HeadersIn ??= SigSciHeaderCollection.Empty;
            request.HeadersOut ??= SigSciHeaderCollection.Empty;
            return request;
        }

        private static KeyValuePair<string, string> Text(KeyValuePair<string, JsonElement> field) =>
            new KeyValuePair<string, string>(field.Key, field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() ?? string.Empty : field.Value.GetRawText());
    }
}
