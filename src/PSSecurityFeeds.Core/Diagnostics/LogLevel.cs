namespace PSSecurityFeeds.Core.Diagnostics
{
    public enum LogLevel
    {
        /// <summary>Written with WriteVerbose: one line per HTTP attempt, paging decisions.</summary>
        Verbose,

        /// <summary>Written with WriteWarning: something the user must know, such as a recovered gap.</summary>
        Warning,
    }
}
