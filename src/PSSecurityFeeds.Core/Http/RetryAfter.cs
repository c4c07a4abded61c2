using System;
using System.Net.Http;

namespace PSSecurityFeeds.Core.Http
{
    /// <summary>Reads Retry-After, which a server may give as delta-seconds or as an HTTP date.</summary>
    public static class RetryAfter
    {
        public static TimeSpan? From(HttpResponseMessage response, DateTimeOffset now)
        {
            var header = response.Headers.RetryAfter;
            if (header is null)
            {
                return null;
            }

            if (header.Delta is TimeSpan delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (header.Date is DateTimeOffset date)
            {
                var wait = date - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            return null;
        }
    }
}
