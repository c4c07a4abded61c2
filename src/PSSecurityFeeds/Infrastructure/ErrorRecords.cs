using System;
using System.IO;
using System.Management.Automation;
using System.Net.Http;
using System.Text.Json;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>Turns Core's errors into ErrorRecords with their stable ErrorId and the matching category.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(FeedException error) =>
            new ErrorRecord(error, error.ErrorId, CategoryOf(error.Category), error.Target);

        public static ErrorRecord From(Exception error, string errorId, ErrorCategory category, object? target) =>
            new ErrorRecord(error, errorId, category, target);

        /// <summary>
        /// Any other exception that left Core, as a module error with an id and category by its kind. The
        /// message is redacted and the original is not kept as the inner exception: .NET's messages can quote
        /// what they refused (a header value, a URL), which may be a secret.
        /// </summary>
        public static FeedException Translate(Exception error, Func<string, string> redact)
        {
            var (errorId, category) = error switch
            {
                ArgumentException => ("InvalidArgument", FeedErrorCategory.InvalidArgument),
                UnauthorizedAccessException => ("AccessDenied", FeedErrorCategory.PermissionDenied),
                FileNotFoundException or DirectoryNotFoundException => ("PathNotFound", FeedErrorCategory.ObjectNotFound),
                IOException => ("IOError", FeedErrorCategory.ResourceUnavailable),
                HttpRequestException => ("HttpConnectionFailed", FeedErrorCategory.ConnectionError),
                TimeoutException or OperationCanceledException => ("OperationTimeout", FeedErrorCategory.OperationTimeout),
                JsonException or FormatException or InvalidDataException => ("InvalidData", FeedErrorCategory.InvalidData),
                NotSupportedException => ("NotSupported", FeedErrorCategory.InvalidOperation),
                InvalidOperationException => ("InvalidOperation", FeedErrorCategory.InvalidOperation),
                _ => ("UnexpectedError", FeedErrorCategory.NotSpecified),
            };
            return new FeedException(errorId, category, redact($"{error.Message} ({error.GetType().Name})"));
        }

        // FeedErrorCategory's names are ErrorCategory's names, so the mapping is by name.
        internal static ErrorCategory CategoryOf(FeedErrorCategory category) =>
            Enum.TryParse<ErrorCategory>(category.ToString(), out var mapped) ? mapped : ErrorCategory.NotSpecified;
    }
}
