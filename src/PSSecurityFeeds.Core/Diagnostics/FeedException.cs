using System;

namespace PSSecurityFeeds.Core.Diagnostics
{
    /// <summary>
    /// An error Core reports to its caller: a stable <see cref="ErrorId"/> scripts can catch, a category,
    /// and a message that says what happened and what to do. Messages never carry a secret.
    /// </summary>
    public class FeedException : Exception
    {
        public FeedException(string errorId, FeedErrorCategory category, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            Category = category;
        }

        public string ErrorId { get; }

        public FeedErrorCategory Category { get; }

        /// <summary>The object the error is about (a job, a config id, a raw line), for the ErrorRecord's target.</summary>
        public object? Target { get; init; }
    }
}
