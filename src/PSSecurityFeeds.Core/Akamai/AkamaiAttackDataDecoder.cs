using System;
using System.Text;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// Turns attackData's rule lists into rules. Each list is URL-encoded (only %xx escapes: a '+' is base64,
    /// not a space), split on ';', and each chunk is base64. Decoding is lenient: stray spaces and missing
    /// padding are repaired, URL-safe letters accepted, and a chunk that still does not decode keeps its raw text.
    /// </summary>
    internal static class AkamaiAttackDataDecoder
    {
        private static readonly string?[] NoChunks = Array.Empty<string?>();

        public static AkamaiSiemRule[] Decode(string? rules, string? versions, string? messages, string? tags, string? data, string? selectors, string? actions)
        {
            var ids = Chunks(rules);
            var versionList = Chunks(versions);
            var messageList = Chunks(messages);
            var tagList = Chunks(tags);
            var dataList = Chunks(data);
            var selectorList = Chunks(selectors);
            var actionList = Chunks(actions);
            var count = Max(ids.Length, versionList.Length, messageList.Length, tagList.Length, dataList.Length, selectorList.Length, actionList.Length);
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
                    Version = At(versionList, i),
                    Message = At(messageList, i),
                    Tag = At(tagList, i),
                    Data = At(dataList, i),
                    Selector = At(selectorList, i),
                    Action = At(actionList, i),
                };
            }

            return result;
        }

        /// <summary>The decoded chunks of one list; an empty chunk is null.</summary>
        internal static string?[] Chunks(string? field)
        {
            if (string.IsNullOrEmpty(field))
            {
                return NoChunks;
            }

            var parts = Uri.UnescapeDataString(field).Split(';');
            var result = new string?[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                result[i] = parts[i].Length == 0 ? null : DecodeBase64Leniently(parts[i]);
            }

            return result;
        }

        /// <summary>The UTF-8 text of a base64 chunk, or the chunk itself when it is not base64 even after repair.</summary>
        internal static string DecodeBase64Leniently(string chunk)
        {
            var cleaned = new StringBuilder(chunk.Length + 3);
            foreach (var c in chunk)
            {
                switch (c)
                {
                    case ' ' or '\t' or '\r' or '\n' or '=':
                        break; // stray whitespace; padding is re-added below
                    case '-':
                        cleaned.Append('+');
                        break;
                    case '_':
                        cleaned.Append('/');
                        break;
                    default:
                        cleaned.Append(c);
                        break;
                }
            }

            if (cleaned.Length % 4 == 1)
            {
                return chunk; // truncated: no base64 text has this length
            }

            cleaned.Append('=', (4 - cleaned.Length % 4) % 4);
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(cleaned.ToString()));
            }
            catch (FormatException)
            {
                return chunk;
            }
        }

        private static string? At(string?[] list, int index) => index < list.Length ? list[index] : null;

        private static int Max(params int[] values)
        {
            var max = 0;
            foreach (var value in values)
            {
                max = Math.Max(max, value);
            }

            return max;
        }
    }
}
