using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>Reads and writes headers in the feed's shape: an array of [name, value] arrays.</summary>
    internal sealed class SigSciHeaderCollectionConverter : JsonConverter<SigSciHeaderCollection>
    {
        public override SigSciHeaderCollection Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return SigSciHeaderCollection.Empty;
            }

            Expect(ref reader, JsonTokenType.StartArray);
            var pairs = new List<KeyValuePair<string, string>>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                Expect(ref reader, JsonTokenType.StartArray);
                reader.Read();
                var name = reader.GetString() ?? string.Empty;
                reader.Read();
                var value = reader.TokenType == JsonTokenType.Null ? string.Empty : reader.GetString() ?? string.Empty;
                reader.Read();
                Expect(ref reader, JsonTokenType.EndArray);
                pairs.Add(new KeyValuePair<string, string>(name, value));
            }

            return new SigSciHeaderCollection(pairs);
        }

        public override void Write(Utf8JsonWriter writer, SigSciHeaderCollection value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var pair in value.Pairs)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(pair.Key);
                writer.WriteStringValue(pair.Value);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
        {
            if (reader.TokenType != type)
            {
                throw new JsonException($"Headers are [name, value] pairs; found {reader.TokenType} where {type} was expected.");
            }
        }
    }
}
