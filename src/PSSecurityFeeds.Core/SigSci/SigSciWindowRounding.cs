namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>What to do with window ends that are not on a whole minute, which is all the feed accepts.</summary>
    public enum SigSciWindowRounding
    {
        /// <summary>Widen the window to whole minutes (from down, until up), within what the feed serves.</summary>
        Widen,

        /// <summary>Round both ends down to the minute (-AlignToMinute).</summary>
        Floor,

        /// <summary>Refuse ends that are not on a whole minute (-ExactWindow).</summary>
        Exact,
    }
}
