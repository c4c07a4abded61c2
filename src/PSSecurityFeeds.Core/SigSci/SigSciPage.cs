using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// One page of the feed (at most 1,000 requests), held whole so that a body that breaks off can be fetched
    /// again without delivering part of it twice. Reading the page only finds its next URI and checks the JSON
    /// (fast), so the next page can be asked for at once; the requests are cut out afterwards, alongside.
    /// </summary>
    internal sealed class SigSciPage
    {
        private readonly ReadOnlyMemory<byte> _body;

        private SigSciPage(string? nextUri, ReadOnlyMemory<byte> body)
        {
            NextUri = nextUri;
            _body = body;
        }

        /// <summary>The next page's URI; null when the window is complete.</summary>
        public string? NextUri { get; }

        /// <summary>Reads the body to its end and finds the next URI; throws JsonException for a body that is not a whole feed page.</summary>
        public static async Task<SigSciPage> ReadAsync(Stream body, CancellationToken cancellationToken)
        {
            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
            var bytes = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
            return new SigSciPage(ScanNextUri(bytes.Span), bytes);
        }

        /// <summary>
        /// The page's requests as raw UTF-8 JSON with their ids ("" when a request has none). The JSON is a
        /// slice of the page's body, not a copy, and no document is built: the consumer parses each request once.
        /// </summary>
        public IReadOnlyList<(string Id, ReadOnlyMemory<byte> Json)> ReadRequests()
        {
            var requests = new List<(string, ReadOnlyMemory<byte>)>();
            var reader = new Utf8JsonReader(_body.Span);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isData = reader.ValueTextEquals("data"u8);
                reader.Read();
                if (!isData)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var start = (int)reader.TokenStartIndex;
                    var id = reader.TokenType == JsonTokenType.StartObject ? ReadStringProperty(ref reader, "id"u8) : SkipValue(ref reader);
                    requests.Add((id ?? string.Empty, _body.Slice(start, (int)reader.BytesConsumed - start)));
                }
            }

            return requests;
        }

        // Walks the top level only, skipping values (Skip still checks their syntax), so a page that passes is
        // well-formed JSON with a data array, and ReadRequests cannot fail on it.
        private static string? ScanNextUri(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "The page is not a JSON object.");
            string? next = null;
            var hasData = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("next"u8))
                {
                    reader.Read();
                    next = reader.TokenType == JsonTokenType.StartObject ? ReadStringProperty(ref reader, "uri"u8) : SkipValue(ref reader);
                }
                else
                {
                    hasData |= reader.ValueTextEquals("data"u8) && reader.Read() && reader.TokenType == JsonTokenType.StartArray;
                    reader.Skip();
                }
            }

            Expect(reader.TokenType == JsonTokenType.EndObject && !reader.Read(), "The page does not end where its JSON object ends.");
            Expect(hasData, "The page has no data array.");
            return string.IsNullOrEmpty(next) ? null : next;
        }

        /// <summary>Reads an object to its end and returns the string value of one of its properties, if it has it.</summary>
        private static string? ReadStringProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
        {
            string? value = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isWanted = reader.ValueTextEquals(name);
                reader.Read();
                if (isWanted && reader.TokenType == JsonTokenType.String)
                {
                    value = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            return value;
        }

        private static string? SkipValue(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return null;
        }

        private static void Expect(bool condition, string problem)
        {
            if (!condition)
            {
                throw new JsonException(problem);
            }
        }
    }
}
