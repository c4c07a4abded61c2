using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using PSSecurityFeeds.Core.Vocabulary;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// One security event of the Akamai SIEM API with typed properties. The API sends every value as a string;
    /// numbers that do not parse are null here. Fields this model does not know are kept in
    /// <see cref="AdditionalFields"/> (by "section.name"), so nothing the API adds is lost. The module's common
    /// event properties (<see cref="ISecurityEvent"/>) are computed from the rules when asked for.
    /// </summary>
    public sealed class AkamaiSiemEvent : ISecurityEvent
    {
        // Rule actions that only report; any other action (deny, deny_custom_*, tarpit, ...) acted on the request.
        private static readonly string[] ReportingActions = { "alert", "monitor", "none" };

        private TextFields? _requestHeaders;
        private TextFields? _responseHeaders;
        private IReadOnlyDictionary<string, string>? _botData, _clientData, _userRiskData, _custom, _additionalFields;

        public string Vendor => SecurityEventVendor.Akamai;

        public string? Type { get; init; }

        public string? Format { get; init; }

        public string? Version { get; init; }

        /// <summary>httpMessage.start with its fraction of a second, in UTC.</summary>
        public DateTimeOffset? Time { get; init; }

        public int? ConfigId { get; init; }

        public string? PolicyId { get; init; }

        public string? ClientIP { get; init; }

        /// <summary>The rules that matched, decoded from attackData; prints as "id (action),id (action)".</summary>
        public ValueList<AkamaiSiemRule> Rules { get; init; }

        /// <summary>The ids of the rules that matched, in order.</summary>
        public ValueList<string> RuleIds => Rules.Select(rule => rule.Id).ToArray();

        /// <summary>The rules' tags (such as ASE/WEB_ATTACK/SQLI), each once.</summary>
        public ValueList<string> Tags => Rules.Select(rule => rule.Tag).OfType<string>().Where(tag => tag.Length > 0).Distinct(StringComparer.Ordinal).ToArray();

        /// <summary>What was done: the first rule action that acted on the request (deny, deny_custom_*, tarpit...), else the first one (alert, monitor).</summary>
        public string? Action =>
            Rules.Select(rule => rule.Action).FirstOrDefault(action => !string.IsNullOrEmpty(action) && !ReportingActions.Contains(action, StringComparer.OrdinalIgnoreCase))
            ?? Rules.Select(rule => rule.Action).FirstOrDefault(action => !string.IsNullOrEmpty(action));

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

        /// <summary>The request headers, decoded on first use (most consumers never read them); $e.RequestHeaders.Host works.</summary>
        public TextFields RequestHeaders => _requestHeaders ??= AkamaiHeaderBlock.Decode(RawRequestHeaders);

        public TextFields ResponseHeaders => _responseHeaders ??= AkamaiHeaderBlock.Decode(RawResponseHeaders);

        /// <summary>httpMessage.requestHeaders as sent: URL-encoded "Name: value\r\n" lines.</summary>
        public string? RawRequestHeaders => Text(RequestHeaderBytes);

        public string? RawResponseHeaders => Text(ResponseHeaderBytes);

        // The header blocks are the bulk of an event; kept as the UTF-8 bytes sent (half a string's size) until asked for.
        internal byte[]? RequestHeaderBytes { get; init; }

        internal byte[]? ResponseHeaderBytes { get; init; }

        // The optional sections come from the parser as plain dictionaries; each is shown through TextFields
        // (dot access, values in Export-Csv) once it is read.
        public IReadOnlyDictionary<string, string>? BotData { get => _botData = TextFields.Of(_botData); init => _botData = value; }

        public IReadOnlyDictionary<string, string>? ClientData { get => _clientData = TextFields.Of(_clientData); init => _clientData = value; }

        public IReadOnlyDictionary<string, string>? UserRiskData { get => _userRiskData = TextFields.Of(_userRiskData); init => _userRiskData = value; }

        public IReadOnlyDictionary<string, string>? Custom { get => _custom = TextFields.Of(_custom); init => _custom = value; }

        /// <summary>Fields not modelled above, by "section.name" (or "name" at the top), as text or raw JSON.</summary>
        public IReadOnlyDictionary<string, string>? AdditionalFields { get => _additionalFields = TextFields.Of(_additionalFields); init => _additionalFields = value; }

        IReadOnlyList<string> ISecurityEvent.RuleIds => RuleIds;

        IReadOnlyList<string> ISecurityEvent.Tags => Tags;

        private static string? Text(byte[]? utf8) => utf8 is null ? null : Encoding.UTF8.GetString(utf8);

        public override string ToString() => $"{Time:u} {ClientIP} {Method} {Host}{Path} {Status}";
    }
}
