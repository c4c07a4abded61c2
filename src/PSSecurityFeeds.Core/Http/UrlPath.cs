using System;
using System.Linq;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Http
{
    /// <summary>
    /// Values that become a segment of a URL path (a corp, a site, a job uuid). Each is escaped as one segment,
    /// and a dot segment is refused: System.Uri resolves "." and "..", so the request would reach another endpoint.
    /// </summary>
    public static class UrlPath
    {
        private const int MaxShortNameLength = 100;

        /// <summary><paramref name="value"/> escaped as one path segment; throws for an empty or dot segment.</summary>
        public static string Segment(string value)
        {
            if (string.IsNullOrEmpty(value) || value == "." || value == "..")
            {
                throw new FeedException("InvalidPathSegment", FeedErrorCategory.InvalidArgument, $"'{value}' cannot be a segment of a URL path.") { Target = value };
            }

            return Uri.EscapeDataString(value);
        }

        /// <summary>
        /// Whether the value can be a short name such as a corp or site: 1 to 100 of RFC 3986's unreserved
        /// characters (ASCII letters, digits, '-', '.', '_', '~'), and not only dots.
        /// </summary>
        public static bool IsShortName(string? value) =>
            value is { Length: > 0 and <= MaxShortNameLength }
            && value.All(IsUnreserved)
            && value.Any(c => c != '.');

        private static bool IsUnreserved(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
