using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// Reads one event line into an <see cref="AkamaiSiemEvent"/> with a forward-only Utf8JsonReader (no DOM).
    /// Throws JsonException or FormatException for a line that is not an event object.
    /// </summary>
    internal static class AkamaiSiemEventParser
    {
        public static AkamaiSiemEvent Parse(ReadOnlySpan<byte> line)
        {
            var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException("the line is not a JSON object");
            }

            var fields = new Fields();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("attackData"u8))
                {
                    ReadSection(ref reader, line, fields, "attackData", ReadAttackField);
                }
                else if (reader.ValueTextEquals("httpMessage"u8))
                {
                    ReadSection(ref reader, line, fields, "httpMessage", ReadHttpField);
                }
                else if (reader.ValueTextEquals("geo"u8))
                {
                    ReadSection(ref reader, line, fields, "geo", ReadGeoField);
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    fields.Type = NextText(ref reader, line);
                }
                else if (reader.ValueTextEquals("format"u8))
                {
                    fields.Format = NextText(ref reader, line);
                }
                else if (reader.ValueTextEquals("version"u8))
                {
                    fields.Version = NextText(ref reader, line);
                }
                else if (reader.ValueTextEquals("botData"u8))
                {
                    fields.BotData = NextMap(ref reader, line, fields, "botData");
                }
                else if (reader.ValueTextEquals("clientData"u8))
                {
                    fields.ClientData = NextMap(ref reader, line, fields, "clientData");
                }
                else if (reader.ValueTextEquals("userRiskData"u8))
                {
                    fields.UserRiskData = NextMap(ref reader, line, fields, "userRiskData");
                }
                else if (reader.ValueTextEquals("custom"u8))
                {
                    fields.Custom = NextMap(ref reader, line, fields, "custom");
                }
                else
                {
                    var name = reader.GetString()!;
                    fields.Additional(name, NextText(ref reader, line));
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new FormatException("the line holds more than one JSON object");
            }

            return fields.ToEvent();
        }

        private delegate bool FieldReader(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, Fields fields);

        /// <summary>Reads the properties of a known object; what the field reader does not know is kept as additional.</summary>
        private static void ReadSection(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, Fields fields, string section, FieldReader readField)
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                fields.Additional(section, CurrentText(ref reader, line));
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!readField(ref reader, line, fields))
                {
                    var name = reader.GetString()!;
                    fields.Additional(section + "." + name, NextText(ref reader, line));
                }
            }
        }

        private static bool ReadAttackField(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, Fields f)
        {
            if (reader.ValueTextEquals("configId"u8)) f.ConfigId = NextText(ref reader, line);
            else if (reader.ValueTextEquals("policyId"u8)) f.PolicyId = NextText(ref reader, line);
            else if (reader.ValueTextEquals("clientIP"u8)) f.ClientIP = NextText(ref reader, line);
            else if (reader.ValueTextEquals("rules"u8)) f.Rules = NextText(ref reader, line);
            else if (reader.ValueTextEquals("ruleVersions"u8)) f.RuleVersions = NextText(ref reader, line);
            else if (reader.ValueTextEquals("ruleMessages"u8)) f.RuleMessages = NextText(ref reader, line);
            else if (reader.ValueTextEquals("ruleTags"u8)) f.RuleTags = NextText(ref reader, line);
            else if (reader.ValueTextEquals("ruleData"u8)) f.RuleData = NextText(ref reader, line);
            else if (reader.ValueTextEquals("ruleSelectors"u8)) f.RuleSelectors = NextText(ref reader, line);
            else if (reader.ValueTextEquals("ruleActions"u8)) f.RuleActions = NextText(ref reader, line);
            else if (reader.ValueTextEquals("apiId"u8)) f.ApiId = NextText(ref reader, line);
            else if (reader.ValueTextEquals("apiKey"u8)) f.ApiKey = NextText(ref reader, line);
            else if (reader.ValueTextEquals("clientReputation"u8)) f.ClientReputation = NextText(ref reader, line);
            else if (reader.ValueTextEquals("slowPostAction"u8)) f.SlowPostAction = NextText(ref reader, line);
            else if (reader.ValueTextEquals("slowPostRate"u8)) f.SlowPostRate = NextText(ref reader, line);
            else return false;
            return true;
        }

        private static bool ReadHttpField(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, Fields f)
        {
            if (reader.ValueTextEquals("requestId"u8)) f.RequestId = NextText(ref reader, line);
            else if (reader.ValueTextEquals("start"u8)) f.Start = NextText(ref reader, line);
            else if (reader.ValueTextEquals("protocol"u8)) f.Protocol = NextText(ref reader, line);
            else if (reader.ValueTextEquals("method"u8)) f.Method = NextText(ref reader, line);
            else if (reader.ValueTextEquals("host"u8)) f.Host = NextText(ref reader, line);
            else if (reader.ValueTextEquals("port"u8)) f.Port = NextText(ref reader, line);
            else if (reader.ValueTextEquals("path"u8)) f.Path = NextText(ref reader, line);
            else if (reader.ValueTextEquals("query"u8)) f.Query = NextText(ref reader, line);
            else if (reader.ValueTextEquals("status"u8)) f.Status = NextText(ref reader, line);
            else if (reader.ValueTextEquals("bytes"u8)) f.Bytes = NextText(ref reader, line);
            else if (reader.ValueTextEquals("tls"u8)) f.Tls = NextText(ref reader, line);
            else if (reader.ValueTextEquals("requestHeaders"u8)) f.RequestHeaders = NextText(ref reader, line);
            else if (reader.ValueTextEquals("responseHeaders"u8)) f.ResponseHeaders = NextText(ref reader, line);
            else return false;
            return true;
        }

        private static bool ReadGeoField(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, Fields f)
        {
            if (reader.ValueTextEquals("continent"u8)) f.Continent = NextText(ref reader, line);
            else if (reader.ValueTextEquals("country"u8)) f.Country = NextText(ref reader, line);
            else if (reader.ValueTextEquals("city"u8)) f.City = NextText(ref reader, line);
            else if (reader.ValueTextEquals("regionCode"u8)) f.RegionCode = NextText(ref reader, line);
            else if (reader.ValueTextEquals("asn"u8)) f.Asn = NextText(ref reader, line);
            else return false;
            return true;
        }

        private static IReadOnlyDictionary<string, string>? NextMap(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, Fields fields, string section)
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                fields.Additional(section, CurrentText(ref reader, line));
                return null;
            }

            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                map[name] = NextText(ref reader, line) ?? string.Empty;
            }

            return map;
        }

        /// <summary>The next value as text: a string as is, anything else as its raw JSON; null for JSON null.</summary>
        private static string? NextText(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
        {
            reader.Read();
            return CurrentText(ref reader, line);
        }

        private static string? CurrentText(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    return Utf8(line.Slice(start, (int)reader.BytesConsumed - start));
                default:
                    return Utf8(reader.ValueSpan);
            }
        }

        private static string Utf8(ReadOnlySpan<byte> bytes) =>
#if NET
            Encoding.UTF8.GetString(bytes);
#else
            Encoding.UTF8.GetString(bytes.ToArray());
#endif

        /// <summary>The fields of one event as read, before they are typed.</summary>
        private sealed class Fields
        {
            private Dictionary<string, string>? _additional;

            public string? Type, Format, Version;
            public string? ConfigId, PolicyId, ClientIP, Rules, RuleVersions, RuleMessages, RuleTags, RuleData, RuleSelectors, RuleActions;
            public string? ApiId, ApiKey, ClientReputation, SlowPostAction, SlowPostRate;
            public string? RequestId, Start, Protocol, Method, Host, Port, Path, Query, Status, Bytes, Tls, RequestHeaders, ResponseHeaders;
            public string? Continent, Country, City, RegionCode, Asn;
            public IReadOnlyDictionary<string, string>? BotData, ClientData, UserRiskData, Custom;

            public void Additional(string name, string? value) =>
                (_additional ??= new Dictionary<string, string>(StringComparer.Ordinal))[name] = value ?? string.Empty;

            public AkamaiSiemEvent ToEvent() => new AkamaiSiemEvent
            {
                Type = Type,
                Format = Format,
                Version = Version,
                Time = EpochTime(Start),
                ConfigId = Int(ConfigId),
                PolicyId = PolicyId,
                ClientIP = ClientIP,
                Rules = AkamaiAttackDataDecoder.Decode(Rules, RuleVersions, RuleMessages, RuleTags, RuleData, RuleSelectors, RuleActions),
                ApiId = ApiId,
                ApiKey = ApiKey,
                ClientReputation = ClientReputation,
                SlowPostAction = SlowPostAction,
                SlowPostRate = SlowPostRate,
                RequestId = RequestId,
                Method = Method,
                Protocol = Protocol,
                Host = Host,
                Port = Int(Port),
                Path = Path,
                Query = Query,
                Status = Int(Status),
                Bytes = Long(Bytes),
                Tls = Tls,
                Continent = Continent,
                Country = Country,
                City = City,
                RegionCode = RegionCode,
                Asn = Long(Asn),
                RawRequestHeaders = RequestHeaders,
                RawResponseHeaders = ResponseHeaders,
                BotData = BotData,
                ClientData = ClientData,
                UserRiskData = UserRiskData,
                Custom = Custom,
                AdditionalFields = _additional,
            };
        }

        private static int? Int(string? text) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

        private static long? Long(string? text) =>
            long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

        /// <summary>Epoch seconds with an optional fraction ("1491303422.123"), kept to the tick.</summary>
        internal static DateTimeOffset? EpochTime(string? text) =>
            decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds < 253402300799m
                ? DateTimeOffset.FromUnixTimeSeconds(0).AddTicks((long)(seconds * TimeSpan.TicksPerSecond))
                : null;
    }
}
