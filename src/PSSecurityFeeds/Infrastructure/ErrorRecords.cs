using System;
using System.Management.Automation;
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

        // FeedErrorCategory's names are ErrorCategory's names, so the mapping is by name.
        internal static ErrorCategory CategoryOf(FeedErrorCategory category) =>
            Enum.TryParse<ErrorCategory>(category.ToString(), out var mapped) ? mapped : ErrorCategory.NotSpecified;
    }
}
