using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// Reads one request object of the feed into a <see cref="SigSciRequest"/> with a forward-only Utf8JsonReader: the
    /// same result as JsonSerializer with camelCase names (a value of the wrong type is a JsonException, unknown fields
    /// are kept as JSON), in a fraction of the time and without the serializer's generic machinery to compile in each
    /// new process. Values that repeat from request to request (hosts, methods, countries, user agents) are decoded
    /// once. One parser serves one thread.
    /// </summary>
    internal sealed class SigSciRequestParser
    {
        private static readonly Utf8ValueCache<string>.Factory MakeText = bytes => Utf8Text.From(bytes);

        // The JSON names of the model's properties that are not the feed's (Corp, Site, the common event properties):
        // the serializer drops a field of such a name rather than keep it as additional, and so does this parser.
        private static readonly HashSet<string> Ignored = new HashSet<string>(
            typeof(SigSciRequest).GetProperties().Where(p => p.IsDefined(typeof(JsonIgnoreAttribute), false)).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)),
            StringComparer.Ordinal);

        private readonly Utf8ValueCache<string> _texts = new Utf8ValueCache<string>(1024, 256);
        private readonly byte[] _escapedName = new byte[128];

        /// <summary>Parses a request read from a site of a corp; throws JsonException when the JSON does not fit the model.</summary>
        [MethodImpl(HotPath.Compile)]
        public SigSciRequest Parse(ReadOnlySpan<byte> utf8Json, string corp, string site)
        {
            var reader = new Utf8JsonReader(utf8Json);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                throw new JsonException("The request is null.");
            }

            Expect(ref reader, JsonTokenType.StartObject, "a request");
            var request = new SigSciRequest();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!ReadKnown(ref reader, NameOf(ref reader), request))
                {
                    var unknown = reader.GetString()!;
                    reader.Read();
                    if (Ignored.Contains(unknown))
                    {
                        reader.Skip();
                    }
                    else
                    {
                        (request.ExtensionData ??= new Dictionary<string, JsonElement>())[unknown] = JsonElement.ParseValue(ref reader);
                    }
                }
            }

            if (reader.Read())
            {
                throw new JsonException("The request is followed by more JSON.");
            }

            // A field sent as null reaches the object as null; the model promises empty values instead.
            request.Corp = corp;
            request.Site = site;
            request.HeadersIn ??= SigSciHeaderCollection.Empty;
            request.HeadersOut ??= SigSciHeaderCollection.Empty;
            return request;
        }

        /// <summary>Reads the value of a field of the model into it; false (nothing read) for a field the model does not have.</summary>
        [MethodImpl(HotPath.Compile)]
        private bool ReadKnown(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name, SigSciRequest r)
        {
            switch (name.Length)
            {
                case 2 when name.SequenceEqual("id"u8): r.Id = NextText(ref reader)!; return true;
                case 3 when name.SequenceEqual("uri"u8): r.Uri = NextText(ref reader)!; return true;
                case 4 when name.SequenceEqual("path"u8): r.Path = NextShortText(ref reader)!; return true;
                case 4 when name.SequenceEqual("tags"u8): r.TagArray = NextTags(ref reader); return true;
                case 6 when name.SequenceEqual("method"u8): r.Method = NextShortText(ref reader)!; return true;
                case 6 when name.SequenceEqual("scheme"u8): r.Scheme = NextShortText(ref reader)!; return true;
                case 8 when name.SequenceEqual("remoteIP"u8): r.RemoteIP = NextText(ref reader)!; return true;
                case 8 when name.SequenceEqual("protocol"u8): r.Protocol = NextShortText(ref reader)!; return true;
                case 9 when name.SequenceEqual("timestamp"u8): r.Timestamp = NextTime(ref reader); return true;
                case 9 when name.SequenceEqual("userAgent"u8): r.UserAgent = NextShortText(ref reader)!; return true;
                case 9 when name.SequenceEqual("tlsCipher"u8): r.TlsCipher = NextShortText(ref reader)!; return true;
                case 9 when name.SequenceEqual("headersIn"u8): r.HeadersIn = NextHeaders(ref reader); return true;
                case 10 when name.SequenceEqual("serverName"u8): r.ServerName = NextShortText(ref reader)!; return true;
                case 10 when name.SequenceEqual("headersOut"u8): r.HeadersOut = NextHeaders(ref reader); return true;
                case 11 when name.SequenceEqual("tlsProtocol"u8): r.TlsProtocol = NextShortText(ref reader)!; return true;
                case 12 when name.SequenceEqual("responseCode"u8): r.ResponseCode = NextInt(ref reader); return true;
                case 12 when name.SequenceEqual("responseSize"u8): r.ResponseSize = NextLong(ref reader); return true;
                case 14 when name.SequenceEqual("serverHostname"u8): r.ServerHostname = NextShortText(ref reader)!; return true;
                case 14 when name.SequenceEqual("remoteHostname"u8): r.RemoteHostname = NextText(ref reader)!; return true;
                case 14 when name.SequenceEqual("responseMillis"u8): r.ResponseMillis = NextLong(ref reader); return true;
                case 17 when name.SequenceEqual("remoteCountryCode"u8): r.RemoteCountryCode = NextShortText(ref reader)!; return true;
                case 17 when name.SequenceEqual("agentResponseCode"u8): r.AgentResponseCode = NextInt(ref reader); return true;
                default: return false;
            }
        }

        /// <summary>The current property name's UTF-8 bytes, unescaped; a name too long to be one of the model's matches none.</summary>
        private ReadOnlySpan<byte> NameOf(ref Utf8JsonReader reader)
        {
            if (!reader.ValueIsEscaped)
            {
                return reader.ValueSpan;
            }

            return reader.ValueSpan.Length <= _escapedName.Length ? _escapedName.AsSpan(0, reader.CopyString(_escapedName)) : default;
        }

        private static string? NextText(ref Utf8JsonReader reader)
        {
            reader.Read();
            return reader.TokenType == JsonTokenType.Null ? null : Expect(ref reader, JsonTokenType.String, "a string").GetString();
        }

        /// <summary>A value that repeats from request to request, decoded once.</summary>
        private string? NextShortText(ref Utf8JsonReader reader)
        {
            reader.Read();
            return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped ? _texts.GetOrAdd(reader.ValueSpan, MakeText) : CurrentText(ref reader);
        }

        private static string? CurrentText(ref Utf8JsonReader reader) =>
            reader.TokenType == JsonTokenType.Null ? null : Expect(ref reader, JsonTokenType.String, "a string").GetString();

        private static int NextInt(ref Utf8JsonReader reader) =>
            NextNumber(ref reader).TryGetInt32(out var value) ? value : throw OutOfRange(ref reader, "Int32");

        private static long NextLong(ref Utf8JsonReader reader) =>
            NextNumber(ref reader).TryGetInt64(out var value) ? value : throw OutOfRange(ref reader, "Int64");

        private static ref Utf8JsonReader NextNumber(ref Utf8JsonReader reader)
        {
            reader.Read();
            return ref Expect(ref reader, JsonTokenType.Number, "a number");
        }

        private static JsonException OutOfRange(ref Utf8JsonReader reader, string type) =>
            new JsonException($"The number {Utf8Text.From(reader.ValueSpan)} does not fit an {type}.");

        private static DateTimeOffset NextTime(ref Utf8JsonReader reader)
        {
            reader.Read();
            return Expect(ref reader, JsonTokenType.String, "a date").TryGetDateTimeOffset(out var value) ? value : throw new JsonException("The timestamp is not an ISO 8601 date.");
        }

        private SigSciTag[]? NextTags(ref Utf8JsonReader reader)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            Expect(ref reader, JsonTokenType.StartArray, "an array of tags");
            var tags = new List<SigSciTag>(2);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                tags.Add(reader.TokenType == JsonTokenType.Null ? null! : ReadTag(ref reader)); // a null tag stays null, as the serializer leaves it
            }

            return tags.ToArray();
        }

        private SigSciTag ReadTag(ref Utf8JsonReader reader)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a tag");
            var tag = new SigSciTag();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = NameOf(ref reader);
                if (name.SequenceEqual("type"u8))
                {
                    tag.Type = NextShortText(ref reader)!;
                }
                else if (name.SequenceEqual("location"u8))
                {
                    tag.Location = NextShortText(ref reader)!;
                }
                else if (name.SequenceEqual("value"u8))
                {
                    tag.Value = NextText(ref reader)!;
                }
                else if (name.SequenceEqual("detector"u8))
                {
                    tag.Detector = NextShortText(ref reader)!;
                }
                else
                {
                    reader.Read();
                    reader.Skip(); // the serializer drops a tag's unknown fields too
                }
            }

            return tag;
        }

        private static SigSciHeaderCollection NextHeaders(ref Utf8JsonReader reader)
        {
            reader.Read();
            return SigSciHeaderCollectionConverter.ReadHeaders(ref reader);
        }

        private static ref Utf8JsonReader Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
        {
            if (reader.TokenType != type)
            {
                throw new JsonException($"Expected {what} but found {reader.TokenType}.");
            }

            return ref reader;
        }
    }
}
