using System;
using System.Collections.Generic;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// Decides which windows each site is read for: the window given (or the last full hour), or with a
    /// checkpoint, from the site's last until (or the window it stopped in, read again whole) to now − 5 min
    /// or -Until. Windows are cut into hours; with a checkpoint into ten minutes, so a long catch-up commits
    /// window by window and a stopped run reads little again. A checkpoint older than the feed keeps is
    /// reported with the exact minutes that are lost, and the read continues from the oldest minute still kept.
    /// </summary>
    internal static class SigSciFeedPlanner
    {
        /// <summary>The longest window read without a checkpoint: one chain of next URIs each.</summary>
        public static readonly TimeSpan ChunkLength = TimeSpan.FromHours(1);

        /// <summary>
        /// The longest window with a checkpoint: a run stopped in a window reads it again from its start (a next URI
        /// cannot outlive a run), so shorter windows cost less per stop and keep the delivered ids it records few.
        /// </summary>
        public static readonly TimeSpan CheckpointChunkLength = TimeSpan.FromMinutes(10);

        /// <summary>The window read when only one end is given, or for a site new to a checkpoint.</summary>
        private static readonly TimeSpan DefaultLength = TimeSpan.FromHours(1);

        // The first request goes out a moment after planning: start a minute later than the oldest allowed.
        private static readonly TimeSpan RetentionMargin = TimeSpan.FromMinutes(1);

        public static IReadOnlyDictionary<string, IReadOnlyList<SigSciWindow>> Plan(SigSciFeedOptions options, SigSciCheckpoint? checkpoint, DateTimeOffset now, OperationLog log)
        {
            var asked = AskedWindow(options, checkpoint is not null, now, log);
            var chunk = options.CheckpointPath is null ? ChunkLength : CheckpointChunkLength;
            var plan = new Dictionary<string, IReadOnlyList<SigSciWindow>>(StringComparer.Ordinal);
            foreach (var site in options.Sites)
            {
                var windows = new List<SigSciWindow>();
                var from = asked.From;
                var last = default(DateTimeOffset);
                var held = checkpoint is not null && checkpoint.Sites.TryGetValue(site, out last);
                SigSciOpenWindow? open = null;
                checkpoint?.OpenWindows?.TryGetValue(site, out open);
                if (held || open is not null)
                {
                    if (options.From is not null)
                    {
                        log.Warning($"Signal Sciences site '{site}': -From is not used for this site: the checkpoint continues it from {SigSciWindow.Format(open?.From ?? last)}. -From sets where sites new to the checkpoint start.");
                    }

                    from = StartAfterCheckpoint(site, (open?.From ?? last).ToUniversalTime(), now, log);
                    if (open is not null && from < open.Until)
                    {
                        // The window the last run stopped in is read again as it was (its delivered requests are skipped).
                        RequireUntilAfter(open, asked.Until, site);
                        windows.Add(new SigSciWindow(from, open.Until));
                        from = open.Until;
                    }
                    else if (open is not null)
                    {
                        from = Later(from, open.Until);
                    }
                }

                if (from < asked.Until)
                {
                    windows.AddRange(new SigSciWindow(from, asked.Until).Split(chunk));
                }

                plan[site] = windows;
                log.Verbose(windows.Count == 0
                    ? $"Signal Sciences site '{site}': nothing new to read; the checkpoint is at {SigSciWindow.Format(from)} and the feed serves up to {SigSciWindow.Format(asked.Until)}."
                    : $"Signal Sciences site '{site}': reading {SigSciWindow.Format(windows[0].From)} to {SigSciWindow.Format(windows[windows.Count - 1].Until)} in {windows.Count} window(s).");
            }

            return plan;
        }

        private static void RequireUntilAfter(SigSciOpenWindow open, DateTimeOffset until, string site)
        {
            if (until < open.Until)
            {
                throw new FeedException(
                    "SigSciUntilInsideCheckpointWindow",
                    FeedErrorCategory.InvalidArgument,
                    $"-Until {SigSciWindow.Format(until)} ends inside the window {SigSciWindow.Format(open.From)} to {SigSciWindow.Format(open.Until)} that the checkpoint has partly delivered for site '{site}'; that window is read again whole. Give -Until {SigSciWindow.Format(open.Until)} or later, or leave it out.")
                {
                    Target = site,
                };
            }
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
            var start = options.From ?? Later(SigSciWindow.FloorToMinute(end) - DefaultLength, SigSciWindow.OldestFrom(now) + RetentionMargin);
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
