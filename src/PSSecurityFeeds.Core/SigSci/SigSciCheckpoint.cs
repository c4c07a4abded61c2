using System;
using System.Collections.Generic;
using System.Linq;
using PSSecurityFeeds.Core.State;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// What a scheduled run keeps between runs: for each site of a corp, the until of the last window whose
    /// requests were all delivered, and the window being delivered when the run stopped with the ids of the
    /// requests of it already delivered (a next URI lives a minute, so a window can only be read again from its
    /// start; the ids say what to skip). No secret is ever written here.
    /// </summary>
    public sealed class SigSciCheckpoint : IOutFileCheckpoint
    {
        /// <summary>What the CheckpointCorrupt message says about deleting the file, and how to restart from a known time.</summary>
        internal const string RecoveryAdvice =
            "Deleting the file makes the next run read each site from an hour before now − 5 min: requests between the checkpoint " +
            "and that hour are not read (a gap), or are read again if they were delivered. To restart from a known time instead, " +
            "delete it and run once with -From <the end of what you have, within the last 24 h>: the new checkpoint starts there.";

        private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

        public string Corp { get; set; } = string.Empty;

        public Dictionary<string, DateTimeOffset> Sites { get; set; } = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

        /// <summary>Per site, the window whose requests were being delivered when the run stopped; absent between windows.</summary>
        public Dictionary<string, SigSciOpenWindow>? OpenWindows { get; set; }

        /// <summary>With -OutFile: the file and its length when this checkpoint was committed.</summary>
        public OutFilePosition? OutFile { get; set; }

        /// <summary>Refuses a checkpoint whose content is damaged, inconsistent or of another corp, naming the field.</summary>
        internal void Check(CheckpointFile<SigSciCheckpoint> file, string corp, DateTimeOffset now)
        {
            if (string.IsNullOrEmpty(Corp))
            {
                throw file.Corrupt("Corp", "it is empty or null");
            }

            if (!string.Equals(Corp, corp, StringComparison.Ordinal))
            {
                throw file.Corrupt("Corp", $"it belongs to corp '{Corp}', but this session reads corp '{corp}'. Give each corp its own -CheckpointPath");
            }

            if (Sites is null)
            {
                throw file.Corrupt("Sites", "it is null");
            }

            foreach (var site in Sites)
            {
                CheckTime(file, $"Sites.{site.Key}", site.Value, now);
            }

            foreach (var open in OpenWindows ?? new Dictionary<string, SigSciOpenWindow>())
            {
                var field = $"OpenWindows.{open.Key}";
                if (open.Value is null || open.Value.Delivered is null || open.Value.Delivered.Any(string.IsNullOrEmpty))
                {
                    throw file.Corrupt(field, "it needs From, Until and the Delivered request ids");
                }

                CheckTime(file, field + ".From", open.Value.From, now);
                CheckTime(file, field + ".Until", open.Value.Until, now);
                if (open.Value.From >= open.Value.Until)
                {
                    throw file.Corrupt(field, "its From is not before its Until");
                }

                if (Sites.TryGetValue(open.Key, out var until) && until > open.Value.From)
                {
                    throw file.Corrupt(field, $"it starts at {SigSciWindow.Format(open.Value.From)}, before the site's last whole window ended ({SigSciWindow.Format(until)})");
                }
            }

            OutFilePosition.Check(OutFile, file);
        }

        private static void CheckTime(CheckpointFile<SigSciCheckpoint> file, string field, DateTimeOffset value, DateTimeOffset now)
        {
            if (value > now + FutureTolerance)
            {
                throw file.Corrupt(field, $"{SigSciWindow.Format(value)} is in the future");
            }

            if (SigSciWindow.FloorToMinute(value) != value)
            {
                throw file.Corrupt(field, $"{value:o} is not on a whole minute, as every window end is");
            }
        }
    }
}
