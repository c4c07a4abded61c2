using System;
using System.Buffers;
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
    /// Reading the page then checks the JSON, confirms its next URI and notes where each request is, in one pass;
    /// the requests are cut out afterwards, alongside. The body lives in a pooled buffer, given back by Dispose; each request is copied
    /// out into an array of its own, so no page-sized array is allocated (large-object heap) for each page.
    /// </summary>
    internal sealed class SigSciPage : IDisposable
    {
        private const int ChunkSize = 81920;

        /// <summary>The feed's page size, at most.</summary>
        private const int RequestsPerPage = 1000;

        /// <summary>Past this many bytes without a whole head, the next URI is only known once the body is read.</summary>
        private const int HeadLimit = 64 * 1024;

        private readonly List<(string Id, int Start, int Length)> _requests;
        private byte[]? _buffer;

        private SigSciPage(string? nextUri, byte[] buffer, List<(string Id, int Start, int Length)> requests)
        {
            NextUri = nextUri;
            _buffer = buffer;
            _requests = requests;
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
            // The body is gathered in a pooled buffer that grows by doubling; the page keeps it until disposed.
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            var length = 0;
            try
            {
                var headKnown = nextUriSeen is null;
                int read;
                while ((read = await body.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (!headKnown)
                    {
                        headKnown = TryReadHead(new ReadOnlySpan<byte>(buffer, 0, length), out var next) || length > HeadLimit;
                        if (next is not null)
                        {
                            nextUriSeen!(next);
                        }
                    }

                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, larger, 0, length);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                var (nextUri, requests) = Scan(new ReadOnlySpan<byte>(buffer, 0, length));
                return new SigSciPage(nextUri, buffer, requests);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
        }

        /// <summary>Gives the body's buffer back to the pool; a page dropped without it is simply collected.</summary>
        public void Dispose()
        {
            if (_buffer is { } buffer)
            {
                _buffer = null;
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>
        /// The page's requests as raw UTF-8 JSON with their ids ("" when a request has none). Each JSON is a copy
        /// of its bytes of the body, and no document is built: the consumer parses each request once.
        /// </summary>
        public IReadOnlyList<(string Id, ReadOnlyMemory<byte> Json)> ReadRequests()
        {
            var body = _buffer ?? throw new ObjectDisposedException(nameof(SigSciPage));
            var requests = new List<(string, ReadOnlyMemory<byte>)>(_requests.Count);
            foreach (var (id, start, length) in _requests)
            {
                requests.Add((id, body.AsSpan(start, length).ToArray()));
            }

            return requests;
        }

        // One pass over the whole page: it checks the page is well-formed JSON with a data array (Skip still checks
        // the syntax of what it skips), so ReadRequests cannot fail on a page that passes, and it finds the next URI
        // and where each request is, with its id, so the page is never tokenised twice.
        private static (string? NextUri, List<(string Id, int Start, int Length)> Requests) Scan(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "The page is not a JSON object.");
            string? next = null;
            var hasData = false;
            var requests = new List<(string, int, int)>(RequestsPerPage);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("next"u8))
                {
                    reader.Read();
                    next = reader.TokenType == JsonTokenType.StartObject ? ReadStringProperty(ref reader, "uri"u8) : SkipValue(ref reader);
                }
                else if (reader.ValueTextEquals("data"u8) && reader.Read() && reader.TokenType == JsonTokenType.StartArray)
                {
                    hasData = true;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var start = (int)reader.TokenStartIndex;
                        var id = reader.TokenType == JsonTokenType.StartObject ? ReadStringProperty(ref reader, "id"u8) : SkipValue(ref reader);
                        requests.Add((id ?? string.Empty, start, (int)reader.BytesConsumed - start));
                    }
                }
                else
                {
                    if (reader.TokenType == JsonTokenType.PropertyName)
                    {
                        reader.Read();
                    }

                    reader.Skip();
                }
            }

            Expect(reader.TokenType == JsonTokenType.EndObject && !reader.Read(), "The page does not end where its JSON object ends.");
            Expect(hasData, "The page has no data array.");
            return (string.IsNullOrEmpty(next) ? null : next, requests);
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
