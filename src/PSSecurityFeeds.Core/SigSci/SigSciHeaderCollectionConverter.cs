using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>Reads and writes headers in the feed's shape: an array of [name, value] arrays.</summary>
    internal sealed class SigSciHeaderCollectionConverter : JsonConverter<SigSciHeaderCollection>
    {
        public override SigSciHeaderCollection Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadHeaders(ref reader);

        /// <summary>Reads the headers at the reader's current token: an array of [name, value] arrays, or null for none.</summary>
        public static SigSciHeaderCollection ReadHeaders(ref Utf8JsonReader reader)
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
                var name = Text(ref reader);
                reader.Read();
                var value = Text(ref reader);
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

        /// <summary>A name or value: a string, or null for empty; anything else is a JsonException (so one odd request is reported, not the whole read ended).</summary>
        private static string Text(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return string.Empty;
            }

            Expect(ref reader, JsonTokenType.String);
            return reader.GetString()!;
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
