namespace PSSecurityFeeds.Core.Diagnostics
{
    /// <summary>
    /// The error categories Core can report. The names match System.Management.Automation.ErrorCategory
    /// so the cmdlet layer maps them by name without Core referencing PowerShell.
    /// </summary>
    public enum FeedErrorCategory
    {
        NotSpecified,
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        InvalidResult,
        ConnectionError,
        AuthenticationError,
        PermissionDenied,
        ObjectNotFound,
        LimitsExceeded,
        OperationTimeout,
        ResourceBusy,
        ResourceUnavailable,
        ProtocolError,
        ReadError,
        WriteError,
        SecurityError,
    }
}
