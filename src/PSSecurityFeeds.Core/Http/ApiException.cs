using System;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Http
{
    /// <summary>
    /// A request that failed for good: a status the pipeline does not retry, or retries exhausted. Carries
    /// what a vendor client needs to explain it (status, the start of the body) with secrets removed.
    /// </summary>
    public sealed class ApiException : FeedException
    {
        public ApiException(string errorId, FeedErrorCategory category, string message, int? statusCode, string responseBody, string requestUrl, int attempts, Exception? innerException = null)
            : base(errorId, category, message, innerException)
        {
            StatusCode = statusCode;
            ResponseBody = responseBody;
            RequestUrl = requestUrl;
            Attempts = attempts;
        }

        /// <summary>The HTTP status, or null when no response came (connection failure, timeout).</summary>
        public int? StatusCode { get; }

        /// <summary>The start of the response body (at most 16 KB), redacted; empty when there was none.</summary>
        public string ResponseBody { get; }

        /// <summary>The redacted URL of the request.</summary>
        public string RequestUrl { get; }

        public int Attempts { get; }

        internal static FeedErrorCategory CategoryOf(int status) => status switch
        {
            400 => FeedErrorCategory.InvalidArgument,
            401 => FeedErrorCategory.AuthenticationError,
            403 => FeedErrorCategory.PermissionDenied,
            404 => FeedErrorCategory.ObjectNotFound,
            408 => FeedErrorCategory.OperationTimeout,
            409 => FeedErrorCategory.ResourceBusy,
            429 => FeedErrorCategory.LimitsExceeded,
            >= 500 => FeedErrorCategory.ResourceUnavailable,
            _ => FeedErrorCategory.InvalidOperation,
        };
    }
}
