using System;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>Search job uuids as the user gives them: checked before they become part of a request's path.</summary>
    public static class SekoiaUuid
    {
        /// <summary>The uuid trimmed; throws SekoiaInvalidUuid unless it has the form 7a1f3a0e-2c55-4f0c-8d0e-0f1d6b2c9a11.</summary>
        public static string Require(string? uuid)
        {
            var trimmed = uuid?.Trim() ?? string.Empty;
            if (!Guid.TryParseExact(trimmed, "D", out _))
            {
                throw new FeedException(
                    "SekoiaInvalidUuid",
                    FeedErrorCategory.InvalidArgument,
                    $"'{uuid}' is not a search job uuid. Give the uuid Start-SekoiaSearchJob returned, such as 7a1f3a0e-2c55-4f0c-8d0e-0f1d6b2c9a11.")
                {
                    Target = uuid,
                };
            }

            return trimmed;
        }

        /// <summary>The job's path segment: a checked uuid, escaped.</summary>
        internal static string Segment(string uuid) => UrlPath.Segment(Require(uuid));
    }
}
