using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// One request the Signal Sciences WAF stored, as the request feed gives it. Fields the vendor adds later
    /// are kept in <see cref="AdditionalFields"/>, never dropped.
    /// </summary>
    public sealed class SigSciRequest
    {
        public string Id { get; set; } = string.Empty;

        public DateTimeOffset Timestamp { get; set; }

        /// <summary>The corp the request was read from (not part of the feed's JSON).</summary>
        [JsonIgnore]
        public string Corp { get; internal set; } = string.Empty;

        /// <summary>The site the request was read from (not part of the feed's JSON).</summary>
        [JsonIgnore]
        public string Site { get; internal set; } = string.Empty;

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

        public int ResponseCode { get; set; }

        public long ResponseSize { get; set; }

        public long ResponseMillis { get; set; }

        public int AgentResponseCode { get; set; }

        public string UserAgent { get; set; } = string.Empty;

        public SigSciTag[] Tags { get; set; } = Array.Empty<SigSciTag>();

        public SigSciHeaderCollection HeadersIn { get; set; } = SigSciHeaderCollection.Empty;

        public SigSciHeaderCollection HeadersOut { get; set; } = SigSciHeaderCollection.Empty;

        /// <summary>Fields of the feed this version does not know, by their JSON name.</summary>
        [JsonExtensionData]
        public Dictionary<string, JsonElement> AdditionalFields { get; set; } = new Dictionary<string, JsonElement>();

        public override string ToString() => $"{Timestamp:u} {Site} {Method} {Uri} {ResponseCode}";

        /// <summary>Reads one request object of the feed; throws JsonException when it does not fit the model.</summary>
        internal static SigSciRequest Parse(ReadOnlySpan<byte> utf8Json, string corp, string site) => new SigSciRequestParser().Parse(utf8Json, corp, site);
    }
}
