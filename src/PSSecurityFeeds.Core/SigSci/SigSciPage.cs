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
    /// again without delivering part of it twice. The feed writes the next URI at the head of the body, so it is
    /// handed out as soon as it has arrived and the next page can be asked for while this one is still read.
    /// Reading the page then only checks the JSON and confirms its next URI (fast); the requests are cut out
    /// afterwards, alongside.
    /// </summary>
    internal sealed class SigSciPage
    {
        private const int ChunkSize = 81920;

        /// <summary>Past this many bytes without a whole head, the next URI is only known once the body is read.</summary>
        private const int HeadLimit = 64 * 1024;

        private readonly ReadOnlyMemory<byte> _body;

        private SigSciPage(string? nextUri, ReadOnlyMemory<byte> body)
        {
            NextUri = nextUri;
            _body = body;
        }

        /// <summary>The next page's URI; null when the window is complete.</summary>
        public string? NextUri { get; }

        /// <summary>
        /// Reads the body to its end and finds the next URI; throws JsonException for a body that is not a whole
        /// feed page. <paramref name="nextUriSeen"/> gets the next URI once the head of the body has arrived, if the
        /// body starts with it and names one; it is only a hint: the page's <see cref="NextUri"/> is the one to follow.
        /// </summary>
        public static async Task<SigSciPage> ReadAsync(Stream body, Action<string>? nextUriSeen, CancellationToken cancellationToken)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[ChunkSize];
            var headKnown = nextUriSeen is null;
            int read;
            while ((read = await body.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (!headKnown)
                {
                    headKnown = TryReadHead(new ReadOnlySpan<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), out var next) || buffer.Length > HeadLimit;
                    if (next is not null)
                    {
                        nextUriSeen!(next);
                    }
                }
            }

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

        /// <summary>
        /// Reads the start of a body as far as it has arrived: true once it is known whether the body starts with
        /// {"next":{"uri":"..."}, with <paramref name="nextUri"/> set when that URI is not empty; false while the
        /// head is still incomplete.
        /// </summary>
        private static bool TryReadHead(ReadOnlySpan<byte> start, out string? nextUri)
        {
            nextUri = null;
            var reader = new Utf8JsonReader(start, isFinalBlock: false, default);
            try
            {
                if (!reader.Read() || (reader.TokenType == JsonTokenType.StartObject && !reader.Read()))
                {
                    return false;
                }

                if (reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("next"u8))
                {
                    return true;
                }

                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return true;
                }

                while (reader.Read())
                {
                    if (reader.TokenType != JsonTokenType.PropertyName)
                    {
                        return true; // the next object ends without a uri
                    }

                    var isUri = reader.ValueTextEquals("uri"u8);
                    if (!reader.Read())
                    {
                        return false;
                    }

                    if (isUri)
                    {
                        nextUri = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        nextUri = string.IsNullOrEmpty(nextUri) ? null : nextUri;
                        return true;
                    }

                    if (!reader.TrySkip())
                    {
                        return false;
                    }
                }

                return false;
            }
            catch (JsonException)
            {
                return true; // not a feed page: reading it whole says so
            }
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
