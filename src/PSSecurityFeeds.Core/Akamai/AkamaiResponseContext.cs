using System;
using System.Runtime.CompilerServices;
using System.Text.Json;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>The last line of a SIEM response: how many events it held, the offset to ask for next, the limit applied.</summary>
    public sealed class AkamaiResponseContext
    {
        public long Total { get; init; }

        public string Offset { get; init; } = string.Empty;

        public long? Limit { get; init; }

        /// <summary>
        /// Recognises the context line. It holds only total, offset and limit, so an event line is rejected at its
        /// first property name, which keeps the check cheap enough to run on every line.
        /// </summary>
        internal static bool TryParse(ReadOnlySpan<byte> line, out AkamaiResponseContext? context)
        {
            context = null;
            if (!MayBeContext(line))
            {
                return false;
            }

            try
            {
                var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                long? total = null;
                long? limit = null;
                string? offset = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("total"u8))
                    {
                        reader.Read();
                        total = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : long.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                    }
                    else if (reader.ValueTextEquals("offset"u8))
                    {
                        reader.Read();
                        offset = reader.TokenType == JsonTokenType.String ? reader.GetString() : Utf8Text.From(reader.ValueSpan);
                    }
                    else if (reader.ValueTextEquals("limit"u8))
                    {
                        reader.Read();
                        limit = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : null;
                    }
                    else
                    {
                        return false;
                    }
                }

                if (total is null || offset is null)
                {
                    return false;
                }

                context = new AkamaiResponseContext { Total = total.Value, Offset = offset, Limit = limit };
                return true;
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is InvalidOperationException || ex is OverflowException)
            {
                return false;
            }
        }

        /// <summary>
        /// False when the line is plainly an object whose first property is not total, offset or limit: the common
        /// case of an event line, told without a JSON reader. Any other shape is left to the reader to judge.
        /// </summary>
        [MethodImpl(HotPath.Compile)]
        private static bool MayBeContext(ReadOnlySpan<byte> line)
        {
            var start = SkipWhitespace(line, 0);
            if (start >= line.Length || line[start] != '{')
            {
                return true;
            }

            start = SkipWhitespace(line, start + 1);
            if (start >= line.Length || line[start] != '"')
            {
                return true;
            }

            var rest = line.Slice(start + 1);
            var end = rest.IndexOfAny((byte)'"', (byte)'\\');
            if (end < 0 || rest[end] == '\\')
            {
                return true; // an escaped name: only the reader can say what it spells
            }

            var name = rest.Slice(0, end);
            return name.SequenceEqual("total"u8) || name.SequenceEqual("offset"u8) || name.SequenceEqual("limit"u8);
        }

        private static int SkipWhitespace(ReadOnlySpan<byte> line, int index)
        {
            while (index < line.Length && line[index] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                index++;
            }

            return index;
        }

        public override string ToString() => $"total={Total} offset={Offset} limit={Limit}";
    }
}
