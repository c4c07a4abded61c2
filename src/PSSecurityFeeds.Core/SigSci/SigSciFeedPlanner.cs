using System;
using System.Collections.Generic;
using System.Linq;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// Decides which windows each site is read for: the window given (or the last full hour), or with a
    /// checkpoint, from the site's last until to now − 5 min. Windows are cut into hours so a long catch-up
    /// advances the checkpoint hour by hour. A checkpoint older than the feed keeps is reported with the
    /// exact minutes that are lost, and the read continues from the oldest minute still kept.
    /// </summary>
    internal static class SigSciFeedPlanner
    {
        public static readonly TimeSpan ChunkLength = TimeSpan.FromHours(1);

        // The first request goes out a moment after planning: start a minute later than the oldest allowed.
        private static readonly TimeSpan RetentionMargin = TimeSpan.FromMinutes(1);

        public static IReadOnlyDictionary<string, IReadOnlyList<SigSciWindow>> Plan(SigSciFeedOptions options, SigSciCheckpoint? checkpoint, DateTimeOffset now, OperationLog log)
        {
            var asked = AskedWindow(options, checkpoint is not null, now, log);
            var plan = new Dictionary<string, IReadOnlyList<SigSciWindow>>(StringComparer.Ordinal);
            foreach (var site in options.Sites)
            {
                var from = asked.From;
                if (checkpoint is not null && checkpoint.Sites.TryGetValue(site, out var last))
                {
                    from = StartAfterCheckpoint(site, last.ToUniversalTime(), now, log);
                }

                if (from >= asked.Until)
                {
                    log.Verbose($"Signal Sciences site '{site}': nothing new to read; the checkpoint is at {SigSciWindow.Format(from)} and the feed serves up to {SigSciWindow.Format(asked.Until)}.");
                    plan[site] = Array.Empty<SigSciWindow>();
                    continue;
                }

                plan[site] = new SigSciWindow(from, asked.Until).Split(ChunkLength).ToList();
                log.Verbose($"Signal Sciences site '{site}': reading {SigSciWindow.Format(from)} to {SigSciWindow.Format(asked.Until)} in {plan[site].Count} window(s).");
            }

            return plan;
        }

        /// <summary>
        /// The window the parameters ask for, checked against the feed's rules: the last full hour when neither
        /// end is given (and there is no checkpoint); otherwise until defaults to now − 5 min and from to an
        /// hour before until. Ends that had to be put on whole minutes are said in the log.
        /// </summary>
        private static SigSciWindow AskedWindow(SigSciFeedOptions options, bool hasCheckpoint, DateTimeOffset now, OperationLog log)
        {
            if (options.From is null && options.Until is null && !hasCheckpoint)
            {
                return SigSciWindow.DefaultAt(now);
            }

            var end = options.Until ?? SigSciWindow.LatestUntil(now);
            SigSciWindow.RequireServableUntil(end, now); // before the default start is computed from it
            var start = options.From ?? Later(SigSciWindow.FloorToMinute(end) - ChunkLength, SigSciWindow.OldestFrom(now) + RetentionMargin);
            var window = SigSciWindow.Create(start, end, now, options.Rounding);
            if (window.From != start.ToUniversalTime() || window.Until != end.ToUniversalTime())
            {
                log.Verbose($"Signal Sciences: the feed reads whole minutes only, so the window {SigSciWindow.Format(start)} to {SigSciWindow.Format(end)} is read as {window} (-ExactWindow refuses instead).");
            }

            return window;
        }

        private static DateTimeOffset StartAfterCheckpoint(string site, DateTimeOffset last, DateTimeOffset now, OperationLog log)
        {
            var oldest = SigSciWindow.OldestFrom(now) + RetentionMargin;
            if (last >= oldest)
            {
                return last;
            }

            var lost = oldest - last;
            log.Warning(
                $"Signal Sciences site '{site}': the checkpoint ends at {SigSciWindow.Format(last)}, but the feed keeps requests for 24 h 5 min only. " +
                $"The {lost.TotalMinutes:0} minute(s) from {SigSciWindow.Format(last)} to {SigSciWindow.Format(oldest)} can no longer be read and are lost; continuing from {SigSciWindow.Format(oldest)}. Run more often than daily to avoid gaps.");
            return oldest;
        }

        private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    }
}
