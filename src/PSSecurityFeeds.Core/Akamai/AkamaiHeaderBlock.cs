using System;
using System.Collections.Generic;
using PSSecurityFeeds.Core.Vocabulary;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// Decodes httpMessage.requestHeaders/responseHeaders: URL-encoded "Name: value\r\n" lines, into ordered,
    /// case-insensitive fields. A header sent twice keeps both values, joined with ", ".
    /// </summary>
    internal static class AkamaiHeaderBlock
    {
        private static readonly string[] LineBreaks = { "\r\n", "\n" };

        public static TextFields Decode(string? encoded)
        {
            var headers = new List<KeyValuePair<string, string>>();
            if (string.IsNullOrEmpty(encoded))
            {
                return new TextFields(headers);
            }

            var indexByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
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
                    headers[index] = new KeyValuePair<string, string>(headers[index].Key, headers[index].Value + ", " + value); // the first spelling of the name stays
                }
                else
                {
                    indexByName[name] = headers.Count;
                    headers.Add(new KeyValuePair<string, string>(name, value));
                }
            }

            return new TextFields(headers);
        }
    }
}
