using System;

namespace PSSecurityFeeds.Core.State
{
    /// <summary>
    /// How often a run commits what was delivered (the out file flushed to disk, then the checkpoint): after so
    /// many events, bytes or seconds, whichever comes first. Fewer commits cost less; more lose less to a kill.
    /// </summary>
    public sealed class CommitPolicy
    {
        public static CommitPolicy Default { get; } = new CommitPolicy();

        public int MaxEvents { get; init; } = 50_000;

        public long MaxBytes { get; init; } = 32L * 1024 * 1024;

        public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1);
    }
}
