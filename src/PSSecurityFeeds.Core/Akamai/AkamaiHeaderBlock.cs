using System;
using System.Collections.Specialized;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// Decodes httpMessage.requestHeaders/responseHeaders: URL-encoded "Name: value\r\n" lines, into an ordered,
    /// case-insensitive dictionary. A header sent twice keeps both values, joined with ", ".
    /// </summary>
    internal static class AkamaiHeaderBlock
    {
        private static readonly string[] LineBreaks = { "\r\n", "\n" };

        public static OrderedDictionary Decode(string? encoded)
        {
            var headers = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            if (string.IsNullOrEmpty(encoded))
            {
                return headers;
            }

            var indexByName = new System.Collections.Generic.Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in Uri.UnescapeDataString(encoded).Split(LineBreaks, StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = line.IndexOf(':');
                var name = (colon < 0 ? line : line.Substring(0, colon)).Trim();
                var value = colon < 0 ? string.Empty : line.Substring(colon + 1).Trim();
                if (name.Length == 0)
                {
                    continue;
                }

                if (indexByName.TryGetValue(name, out var index))
                {
                    headers[index] = headers[index] + ", " + value; // by index, so the first spelling of the name stays
                }
                else
                {
                    indexByName[name] = headers.Count;
                    headers.Add(name, value);
                }
            }

            return headers;
        }
    }
}
