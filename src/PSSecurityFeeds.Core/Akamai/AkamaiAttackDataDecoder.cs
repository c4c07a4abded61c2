using System;
using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// Turns attackData's rule lists into rules. Each list is URL-encoded (only %xx escapes: a '+' is base64,
    /// not a space), split on ';', and each chunk is base64. Decoding is lenient: stray spaces and missing
    /// padding are repaired, URL-safe letters accepted, and a chunk that still does not decode keeps its raw text.
    /// Works on the UTF-8 bytes of the line, allocating only the decoded strings.
    /// </summary>
    internal static class AkamaiAttackDataDecoder
    {
        private static readonly string?[] NoChunks = Array.Empty<string?>();

        public static AkamaiSiemRule[] Decode(string? rules, string? versions, string? messages, string? tags, string? data, string? selectors, string? actions) =>
            Decode(Chunks(rules), Chunks(versions), Chunks(messages), Chunks(tags), Chunks(data), Chunks(selectors), Chunks(actions));

        /// <summary>Assembles rules from decoded lists that line up by index (rule i has version i, message i, ...).</summary>
        public static AkamaiSiemRule[] Decode(string?[] ids, string?[] versions, string?[] messages, string?[] tags, string?[] data, string?[] selectors, string?[] actions)
        {
            var count = Math.Max(Math.Max(Math.Max(ids.Length, versions.Length), Math.Max(messages.Length, tags.Length)), Math.Max(Math.Max(data.Length, selectors.Length), actions.Length));
            if (count == 0)
            {
                return Array.Empty<AkamaiSiemRule>();
            }

            var result = new AkamaiSiemRule[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = new AkamaiSiemRule
                {
                    Id = At(ids, i) ?? string.Empty,
                    Version = At(versions, i),
                    Message = At(messages, i),
                    Tag = At(tags, i),
                    Data = At(data, i),
                    Selector = At(selectors, i),
                    Action = At(actions, i),
                };
            }

            return result;
        }

        /// <summary>The decoded chunks of one list; an empty chunk is null.</summary>
        internal static string?[] Chunks(string? field) =>
            string.IsNullOrEmpty(field) ? NoChunks : Chunks(Encoding.UTF8.GetBytes(field));

        internal static string?[] Chunks(ReadOnlySpan<byte> field)
        {
            if (field.IsEmpty)
            {
                return NoChunks;
            }

            var rented = ArrayPool<byte>.Shared.Rent(field.Length * 2 + 8);
            try
            {
                var decoded = rented.AsSpan(0, PercentDecode(field, rented));
                var scratch = rented.AsSpan(field.Length);
                var result = new string?[Separators(decoded) + 1];
                for (var i = 0; i < result.Length; i++)
                {
                    var end = decoded.IndexOf((byte)';');
                    var chunk = end < 0 ? decoded : decoded.Slice(0, end);
                    result[i] = chunk.IsEmpty ? null : DecodeBase64Leniently(chunk, scratch);
                    decoded = end < 0 ? default : decoded.Slice(end + 1);
                }

                return result;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        /// <summary>%xx escapes to bytes; everything else, '+' included, as is. The result is never longer than the input.</summary>
        private static int PercentDecode(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            var written = 0;
            for (var i = 0; i < source.Length; i++)
            {
                if (source[i] == '%' && i + 2 < source.Length && Hex(source[i + 1]) is int high && Hex(source[i + 2]) is int low)
                {
                    destination[written++] = (byte)(high * 16 + low);
                    i += 2;
                }
                else
                {
                    destination[written++] = source[i];
                }
            }

            return written;
        }

        /// <summary>The UTF-8 text of a base64 chunk, or the chunk itself when it is not base64 even after repair.</summary>
        private static string DecodeBase64Leniently(ReadOnlySpan<byte> chunk, Span<byte> scratch)
        {
            var length = 0;
            foreach (var b in chunk)
            {
                switch (b)
                {
                    case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'=':
                        break; // stray whitespace; padding is re-added below
                    case (byte)'-':
                        scratch[length++] = (byte)'+';
                        break;
                    case (byte)'_':
                        scratch[length++] = (byte)'/';
                        break;
                    default:
                        scratch[length++] = b;
                        break;
                }
            }

            if (length % 4 == 1)
            {
                return Utf8Text.From(chunk); // truncated: no base64 text has this length
            }

            while (length % 4 != 0)
            {
                scratch[length++] = (byte)'=';
            }

            return Base64.DecodeFromUtf8InPlace(scratch.Slice(0, length), out var bytes) == OperationStatus.Done
                ? Utf8Text.From(scratch.Slice(0, bytes))
                : Utf8Text.From(chunk);
        }

        private static int Separators(ReadOnlySpan<byte> list)
        {
            var count = 0;
            foreach (var b in list)
            {
                if (b == ';')
                {
                    count++;
                }
            }

            return count;
        }

        private static int? Hex(byte b) => b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => null,
        };

        private static string? At(string?[] list, int index) => index < list.Length ? list[index] : null;
    }
}
