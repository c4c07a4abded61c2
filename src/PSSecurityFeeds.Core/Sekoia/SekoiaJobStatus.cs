namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>A search job's status; the numbers are Sekoia's.</summary>
    public enum SekoiaJobStatus
    {
        NotStarted = 0,
        InProgress = 1,
        Done = 2,
        Canceled = 3,
        Failed = 4,
    }
}
