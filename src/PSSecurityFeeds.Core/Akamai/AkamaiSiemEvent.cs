using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Text;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// One security event of the Akamai SIEM API with typed properties. The API sends every value as a string;
    /// numbers that do not parse are null here. Fields this model does not know are kept in
    /// <see cref="AdditionalFields"/> (by "section.name"), so nothing the API adds is lost.
    /// </summary>
    public sealed class AkamaiSiemEvent
    {
        private OrderedDictionary? _requestHeaders;
        private OrderedDictionary? _responseHeaders;

        public string? Type { get; init; }

        public string? Format { get; init; }

        public string? Version { get; init; }

        /// <summary>httpMessage.start with its fraction of a second.</summary>
        public DateTimeOffset? Time { get; init; }

        public int? ConfigId { get; init; }

        public string? PolicyId { get; init; }

        public string? ClientIP { get; init; }

        public AkamaiSiemRule[] Rules { get; init; } = Array.Empty<AkamaiSiemRule>();

        public string? ApiId { get; init; }

        public string? ApiKey { get; init; }

        public string? ClientReputation { get; init; }

        public string? SlowPostAction { get; init; }

        public string? SlowPostRate { get; init; }

        /// <summary>Not unique: several events can share one request id.</summary>
        public string? RequestId { get; init; }

        public string? Method { get; init; }

        public string? Protocol { get; init; }

        public string? Host { get; init; }

        public int? Port { get; init; }

        public string? Path { get; init; }

        public string? Query { get; init; }

        public int? Status { get; init; }

        public long? Bytes { get; init; }

        public string? Tls { get; init; }

        public string? Continent { get; init; }

        public string? Country { get; init; }

        public string? City { get; init; }

        public string? RegionCode { get; init; }

        public long? Asn { get; init; }

        /// <summary>The request headers, decoded on first use (most consumers never read them).</summary>
        public OrderedDictionary RequestHeaders => _requestHeaders ??= AkamaiHeaderBlock.Decode(RawRequestHeaders);

        public OrderedDictionary ResponseHeaders => _responseHeaders ??= AkamaiHeaderBlock.Decode(RawResponseHeaders);

        /// <summary>httpMessage.requestHeaders as sent: URL-encoded "Name: value\r\n" lines.</summary>
        public string? RawRequestHeaders => Text(RequestHeaderBytes);

        public string? RawResponseHeaders => Text(ResponseHeaderBytes);

        // The header blocks are the bulk of an event; kept as the UTF-8 bytes sent (half a string's size) until asked for.
        internal byte[]? RequestHeaderBytes { get; init; }

        internal byte[]? ResponseHeaderBytes { get; init; }

        public IReadOnlyDictionary<string, string>? BotData { get; init; }

        public IReadOnlyDictionary<string, string>? ClientData { get; init; }

        public IReadOnlyDictionary<string, string>? UserRiskData { get; init; }

        public IReadOnlyDictionary<string, string>? Custom { get; init; }

        /// <summary>Fields not modelled above, by "section.name" (or "name" at the top), as text or raw JSON.</summary>
        public IReadOnlyDictionary<string, string>? AdditionalFields { get; init; }

        private static string? Text(byte[]? utf8) => utf8 is null ? null : Encoding.UTF8.GetString(utf8);

        public override string ToString() => $"{Time:u} {ClientIP} {Method} {Host}{Path} {Status}";
    }
}
