using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// Reads one event line into an <see cref="AkamaiSiemEvent"/> with a forward-only Utf8JsonReader (no DOM).
    /// Throws JsonException or FormatException for a line that is not an event object. One parser serves one
    /// stream: it caches the decoded form of values that repeat from event to event (rule lists, hosts, geo).
    /// </summary>
    internal sealed class AkamaiSiemEventParser
    {
        private static readonly string?[] NoChunks = Array.Empty<string?>();
        private static readonly Utf8ValueCache<string>.Factory MakeText = bytes => Utf8Text.From(bytes);
        private static readonly Utf8ValueCache<string?[]>.Factory MakeChunks = bytes => AkamaiAttackDataDecoder.Chunks(bytes);

        private readonly Fields _fields = new Fields();
        private readonly byte[] _escapedName = new byte[128]; // the longest field name, every character escaped, fits
        private readonly Utf8ValueCache<string> _texts = new Utf8ValueCache<string>(1024, 64);
        private readonly Utf8ValueCache<string?[]> _ruleLists = new Utf8ValueCache<string?[]>(4096, 1024);
        private readonly AkamaiRuleSetCache _ruleSets = new AkamaiRuleSetCache();

        [MethodImpl(HotPath.Compile)]
        public AkamaiSiemEvent Parse(ReadOnlySpan<byte> line)
        {
            var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException("the line is not a JSON object");
            }

            var fields = _fields;
            fields.Clear();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = NameOf(ref reader);
                if (name.SequenceEqual("attackData"u8))
                {
                    ReadSection(ref reader, line, fields, Section.AttackData);
                }
                else if (name.SequenceEqual("httpMessage"u8))
                {
                    ReadSection(ref reader, line, fields, Section.HttpMessage);
                }
                else if (name.SequenceEqual("geo"u8))
                {
                    ReadSection(ref reader, line, fields, Section.Geo);
                }
                else if (name.SequenceEqual("type"u8))
                {
                    fields.Type = NextShortText(ref reader, line);
                }
                else if (name.SequenceEqual("format"u8))
                {
                    fields.Format = NextShortText(ref reader, line);
                }
                else if (name.SequenceEqual("version"u8))
                {
                    fields.Version = NextShortText(ref reader, line);
                }
                else if (name.SequenceEqual("botData"u8))
                {
                    fields.BotData = NextMap(ref reader, line, fields, "botData");
                }
                else if (name.SequenceEqual("clientData"u8))
                {
                    fields.ClientData = NextMap(ref reader, line, fields, "clientData");
                }
                else if (name.SequenceEqual("userRiskData"u8))
                {
                    fields.UserRiskData = NextMap(ref reader, line, fields, "userRiskData");
                }
                else if (name.SequenceEqual("custom"u8))
                {
                    fields.Custom = NextMap(ref reader, line, fields, "custom");
                }
                else
                {
                    fields.Additional(reader.GetString()!, NextText(ref reader, line));
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new FormatException("the line holds more than one JSON object");
            }

            return fields.ToEvent(_ruleSets);
        }

        /// <summary>
        /// The current property name as UTF-8 bytes, for comparisons that cost next to nothing when the lengths differ.
        /// An escaped name is unescaped into a scratch buffer; one too long for it (no field's name escaped comes near)
        /// is returned empty, which matches no field.
        /// </summary>
        private ReadOnlySpan<byte> NameOf(ref Utf8JsonReader reader)
        {
            if (!reader.ValueIsEscaped)
            {
                return reader.ValueSpan;
            }

            return reader.ValueSpan.Length <= _escapedName.Length ? _escapedName.AsSpan(0, reader.CopyString(_escapedName)) : default;
        }

        /// <summary>Reads the properties of a known object; what the field reader does not know is kept as additional.</summary>
        [MethodImpl(HotPath.Compile)]
        private void ReadSection(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, Fields fields, Section section)
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                fields.Additional(NameOf(section), CurrentText(ref reader, line));
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = NameOf(ref reader);
                var known = section switch
                {
                    Section.AttackData => ReadAttackField(ref reader, name, line, fields),
                    Section.HttpMessage => ReadHttpField(ref reader, name, line, fields),
                    _ => ReadGeoField(ref reader, name, line, fields),
                };
                if (!known)
                {
                    fields.Additional(NameOf(section) + "." + reader.GetString(), NextText(ref reader, line));
                }
            }
        }

        private static string NameOf(Section section) => section switch
        {
            Section.AttackData => "attackData",
            Section.HttpMessage => "httpMessage",
            _ => "geo",
        };

        [MethodImpl(HotPath.Compile)]
        private bool ReadAttackField(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name, ReadOnlySpan<byte> line, Fields f)
        {
            if (name.SequenceEqual("configId"u8)) f.ConfigId = NextShortText(ref reader, line);
            else if (name.SequenceEqual("policyId"u8)) f.PolicyId = NextShortText(ref reader, line);
            else if (name.SequenceEqual("clientIP"u8)) f.ClientIP = NextText(ref reader, line);
            else if (name.SequenceEqual("rules"u8)) f.Rules = NextRuleList(ref reader, line);
            else if (name.SequenceEqual("ruleVersions"u8)) f.RuleVersions = NextRuleList(ref reader, line);
            else if (name.SequenceEqual("ruleMessages"u8)) f.RuleMessages = NextRuleList(ref reader, line);
            else if (name.SequenceEqual("ruleTags"u8)) f.RuleTags = NextRuleList(ref reader, line);
            else if (name.SequenceEqual("ruleData"u8)) f.RuleData = NextRuleList(ref reader, line);
            else if (name.SequenceEqual("ruleSelectors"u8)) f.RuleSelectors = NextRuleList(ref reader, line);
            else if (name.SequenceEqual("ruleActions"u8)) f.RuleActions = NextRuleList(ref reader, line);
            else if (name.SequenceEqual("apiId"u8)) f.ApiId = NextText(ref reader, line);
            else if (name.SequenceEqual("apiKey"u8)) f.ApiKey = NextText(ref reader, line);
            else if (name.SequenceEqual("clientReputation"u8)) f.ClientReputation = NextText(ref reader, line);
            else if (name.SequenceEqual("slowPostAction"u8)) f.SlowPostAction = NextText(ref reader, line);
            else if (name.SequenceEqual("slowPostRate"u8)) f.SlowPostRate = NextText(ref reader, line);
            else return false;
            return true;
        }

        [MethodImpl(HotPath.Compile)]
        private bool ReadHttpField(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name, ReadOnlySpan<byte> line, Fields f)
        {
            if (name.SequenceEqual("requestId"u8)) f.RequestId = NextText(ref reader, line);
            else if (name.SequenceEqual("start"u8)) f.Time = NextEpochTime(ref reader, line);
            else if (name.SequenceEqual("protocol"u8)) f.Protocol = NextShortText(ref reader, line);
            else if (name.SequenceEqual("method"u8)) f.Method = NextShortText(ref reader, line);
            else if (name.SequenceEqual("host"u8)) f.Host = NextShortText(ref reader, line);
            else if (name.SequenceEqual("port"u8)) f.Port = NextShortText(ref reader, line);
            else if (name.SequenceEqual("path"u8)) f.Path = NextText(ref reader, line);
            else if (name.SequenceEqual("query"u8)) f.Query = NextText(ref reader, line);
            else if (name.SequenceEqual("status"u8)) f.Status = NextShortText(ref reader, line);
            else if (name.SequenceEqual("bytes"u8)) f.Bytes = NextLong(ref reader, line);
            else if (name.SequenceEqual("tls"u8)) f.Tls = NextShortText(ref reader, line);
            else if (name.SequenceEqual("requestHeaders"u8)) f.RequestHeaders = NextBytes(ref reader, line);
            else if (name.SequenceEqual("responseHeaders"u8)) f.ResponseHeaders = NextBytes(ref reader, line);
            else return false;
            return true;
        }

        [MethodImpl(HotPath.Compile)]
        private bool ReadGeoField(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name, ReadOnlySpan<byte> line, Fields f)
        {
            if (name.SequenceEqual("continent"u8)) f.Continent = NextShortText(ref reader, line);
            else if (name.SequenceEqual("country"u8)) f.Country = NextShortText(ref reader, line);
            else if (name.SequenceEqual("city"u8)) f.City = NextShortText(ref reader, line);
            else if (name.SequenceEqual("regionCode"u8)) f.RegionCode = NextShortText(ref reader, line);
            else if (name.SequenceEqual("asn"u8)) f.Asn = NextShortText(ref reader, line);
            else return false;
            return true;
        }

        [MethodImpl(HotPath.Compile)]
        private IReadOnlyDictionary<string, string>? NextMap(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, Fields fields, string section)
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
                var name = reader.ValueIsEscaped ? reader.GetString()! : _texts.GetOrAdd(reader.ValueSpan, MakeText); // names repeat
                map[name] = NextText(ref reader, line) ?? string.Empty;
            }

            return map;
        }

        /// <summary>A rule list decoded straight from the line's bytes, without making a string of the encoded list.</summary>
        [MethodImpl(HotPath.Compile)]
        private string?[] NextRuleList(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
            {
                return _ruleLists.GetOrAdd(reader.ValueSpan, MakeChunks);
            }

            return AkamaiAttackDataDecoder.Chunks(CurrentText(ref reader, line));
        }

        /// <summary>A string value as its UTF-8 bytes (unescaped).</summary>
        [MethodImpl(HotPath.Compile)]
        private static byte[]? NextBytes(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
            {
                return reader.ValueSpan.ToArray();
            }

            var text = CurrentText(ref reader, line);
            return text is null ? null : Encoding.UTF8.GetBytes(text);
        }

        /// <summary>A value that repeats across events (a host, a country), shared instead of decoded each time.</summary>
        [MethodImpl(HotPath.Compile)]
        private string? NextShortText(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
        {
            reader.Read();
            return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
                ? _texts.GetOrAdd(reader.ValueSpan, MakeText)
                : CurrentText(ref reader, line);
        }

        /// <summary>The next value as text: a string as is, anything else as its raw JSON; null for JSON null.</summary>
        [MethodImpl(HotPath.Compile)]
        private static string? NextText(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
        {
            reader.Read();
            return CurrentText(ref reader, line);
        }

        [MethodImpl(HotPath.Compile)]
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
                    return Utf8Text.From(line.Slice(start, (int)reader.BytesConsumed - start));
                default:
                    return Utf8Text.From(reader.ValueSpan);
            }
        }

        private enum Section
        {
            AttackData,
            HttpMessage,
            Geo,
        }

        /// <summary>The fields of one event as read, before they are typed.</summary>
        private sealed class Fields
        {
            private Dictionary<string, string>? _additional;

            public string? Type, Format, Version;
            public string? ConfigId, PolicyId, ClientIP;
            public string?[] Rules = NoChunks, RuleVersions = NoChunks, RuleMessages = NoChunks, RuleTags = NoChunks, RuleData = NoChunks, RuleSelectors = NoChunks, RuleActions = NoChunks;
            public string? ApiId, ApiKey, ClientReputation, SlowPostAction, SlowPostRate;
            public string? RequestId, Protocol, Method, Host, Port, Path, Query, Status, Tls;
            public DateTimeOffset? Time;
            public long? Bytes;
            public byte[]? RequestHeaders, ResponseHeaders;
            public string? Continent, Country, City, RegionCode, Asn;
            public IReadOnlyDictionary<string, string>? BotData, ClientData, UserRiskData, Custom;

            /// <summary>Empties the fields for the next event: one instance serves the whole stream.</summary>
            [MethodImpl(HotPath.Compile)]
            public void Clear()
            {
                _additional = null;
                Type = Format = Version = null;
                ConfigId = PolicyId = ClientIP = null;
                Rules = RuleVersions = RuleMessages = RuleTags = RuleData = RuleSelectors = RuleActions = NoChunks;
                ApiId = ApiKey = ClientReputation = SlowPostAction = SlowPostRate = null;
                RequestId = Protocol = Method = Host = Port = Path = Query = Status = Tls = null;
                Time = null;
                Bytes = null;
                RequestHeaders = ResponseHeaders = null;
                Continent = Country = City = RegionCode = Asn = null;
                BotData = ClientData = UserRiskData = Custom = null;
            }

            public void Additional(string name, string? value) =>
                (_additional ??= new Dictionary<string, string>(StringComparer.Ordinal))[name] = value ?? string.Empty;

            [MethodImpl(HotPath.Compile)]
            public AkamaiSiemEvent ToEvent(AkamaiRuleSetCache ruleSets) => new AkamaiSiemEvent
            {
                Type = Type,
                Format = Format,
                Version = Version,
                Time = Time,
                ConfigId = Int(ConfigId),
                PolicyId = PolicyId,
                ClientIP = ClientIP,
                Rules = ruleSets.Get(Rules, RuleVersions, RuleMessages, RuleTags, RuleData, RuleSelectors, RuleActions),
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
                Bytes = Bytes,
                Tls = Tls,
                Continent = Continent,
                Country = Country,
                City = City,
                RegionCode = RegionCode,
                Asn = Long(Asn),
                RequestHeaderBytes = RequestHeaders,
                ResponseHeaderBytes = ResponseHeaders,
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

        /// <summary>Epoch seconds with an optional fraction ("1491303422.123"), kept to the tick; read from the bytes.</summary>
        [MethodImpl(HotPath.Compile)]
        private static DateTimeOffset? NextEpochTime(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
        {
            reader.Read();
            var text = reader.TokenType is JsonTokenType.String or JsonTokenType.Number && !reader.ValueIsEscaped ? reader.ValueSpan : Encoding.UTF8.GetBytes(CurrentText(ref reader, line) ?? string.Empty);
            if (TryPlainEpochTicks(text, out var ticks))
            {
                return DateTimeOffset.FromUnixTimeSeconds(0).AddTicks(ticks);
            }

            return Utf8Parser.TryParse(text, out decimal seconds, out var used) && used == text.Length && seconds >= 0 && seconds < 253402300799m
                ? DateTimeOffset.FromUnixTimeSeconds(0).AddTicks((long)(seconds * TimeSpan.TicksPerSecond))
                : null;
        }

        /// <summary>
        /// The usual form, "seconds" or "seconds.fraction" in plain digits, read with integers: the same ticks as the
        /// decimal way (the fraction truncated to the tick), several times faster. Other forms are left to it.
        /// </summary>
        [MethodImpl(HotPath.Compile)]
        private static bool TryPlainEpochTicks(ReadOnlySpan<byte> text, out long ticks)
        {
            ticks = 0;
            var dot = text.IndexOf((byte)'.');
            var whole = dot < 0 ? text : text.Slice(0, dot);
            var fraction = dot < 0 ? default : text.Slice(dot + 1);
            if (whole.IsEmpty || whole.Length > 12 || (dot >= 0 && (fraction.IsEmpty || fraction.Length > 15)))
            {
                return false; // 12 + 15 digits stay within what a decimal holds exactly
            }

            long seconds = 0;
            foreach (var digit in whole)
            {
                if (digit < '0' || digit > '9')
                {
                    return false;
                }

                seconds = seconds * 10 + (digit - '0');
            }

            long fractionTicks = 0;
            for (var i = 0; i < fraction.Length; i++)
            {
                var digit = fraction[i];
                if (digit < '0' || digit > '9')
                {
                    return false;
                }

                if (i < 7)
                {
                    fractionTicks = fractionTicks * 10 + (digit - '0');
                }
            }

            for (var i = fraction.Length; i < 7; i++)
            {
                fractionTicks *= 10;
            }

            if (seconds >= 253402300799L)
            {
                return false;
            }

            ticks = seconds * TimeSpan.TicksPerSecond + fractionTicks;
            return true;
        }

        [MethodImpl(HotPath.Compile)]
        private static long? NextLong(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
        {
            reader.Read();
            var text = reader.TokenType is JsonTokenType.String or JsonTokenType.Number && !reader.ValueIsEscaped ? reader.ValueSpan : Encoding.UTF8.GetBytes(CurrentText(ref reader, line) ?? string.Empty);
            return Utf8Parser.TryParse(text, out long value, out var used) && used == text.Length ? value : null;
        }
    }
}
