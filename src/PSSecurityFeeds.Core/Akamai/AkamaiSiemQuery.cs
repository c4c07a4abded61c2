using System;
using System.Collections.Generic;
using System.Linq;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.State;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// What to fetch from the SIEM API: offset mode (an offset, a checkpoint, or neither for the first call,
    /// optionally draining) or time mode (from/to). <see cref="Validate"/> checks the API's rules before any request.
    /// </summary>
    public sealed class AkamaiSiemQuery
    {
        public const int MaxLimit = 600000;

        /// <summary>How far back time mode may reach.</summary>
        public static readonly TimeSpan MaxLookback = TimeSpan.FromHours(12);

        public IReadOnlyList<int> ConfigIds { get; init; } = Array.Empty<int>();

        public string? Offset { get; init; }

        public DateTimeOffset? From { get; init; }

        public DateTimeOffset? To { get; init; }

        /// <summary>Approximate events per response; the API's default (10,000) when null.</summary>
        public int? Limit { get; init; }

        /// <summary>Repeat offset requests while the previous response held events.</summary>
        public bool Drain { get; init; }

        /// <summary>Resume from and advance this checkpoint file (offset mode).</summary>
        public string? CheckpointPath { get; init; }

        /// <summary>Yield the raw JSON lines instead of typed events.</summary>
        public bool Raw { get; init; }

        /// <summary>Append the raw lines to this file, committed with the checkpoint; the records are yielded only with <see cref="PassThru"/>.</summary>
        public OutFileOptions? OutFile { get; init; }

        /// <summary>With <see cref="OutFile"/>: yield the records as well.</summary>
        public bool PassThru { get; init; }

        /// <summary>How often the checkpoint (and the out file) are committed while events flow.</summary>
        public CommitPolicy CommitPolicy { get; init; } = CommitPolicy.Default;

        /// <summary>Whether records are handed to the caller: always, except when they go to a file only.</summary>
        internal bool YieldsRecords => OutFile is null || PassThru;

        public bool IsTimeMode => From is not null;

        /// <summary>The configId path segment: the ids joined with ';'.</summary>
        public string ConfigPath => string.Join(";", ConfigIds);

        public void Validate(DateTimeOffset now)
        {
            if (ConfigIds.Count == 0 || ConfigIds.Any(id => id <= 0))
            {
                throw Invalid("AkamaiInvalidConfigId", "ConfigId", $"Give one or more security configuration ids (positive whole numbers); got '{ConfigPath}'.");
            }

            if (ConfigIds.Distinct().Count() != ConfigIds.Count)
            {
                var repeated = ConfigIds.GroupBy(id => id).Where(group => group.Count() > 1).Select(group => group.Key);
                throw Invalid("AkamaiDuplicateConfigId", "ConfigId", $"-ConfigId names {string.Join(", ", repeated)} more than once ({ConfigPath}). Give each security configuration once.");
            }

            if (Limit is int limit && (limit < 1 || limit > MaxLimit))
            {
                throw Invalid("AkamaiInvalidLimit", "Limit", $"Limit {limit} is out of range: the SIEM API accepts 1 to {MaxLimit:N0} events per response.");
            }

            if (To is not null && From is null)
            {
                throw Invalid("AkamaiInvalidTimeRange", "To", "-To needs -From: time mode starts at -From.");
            }

            OutFile?.Validate(CheckpointPath);
            if (From is null)
            {
                if (Offset is not null && CheckpointPath is not null)
                {
                    throw Invalid("AkamaiOffsetAndCheckpoint", "Offset", "Give -Offset or -CheckpointPath, not both: the checkpoint holds its own offset.");
                }

                return;
            }

            if (Offset is not null || CheckpointPath is not null || Drain)
            {
                throw Invalid("AkamaiModesMixed", "From", "Time mode (-From/-To) cannot be combined with -Offset, -CheckpointPath or -Drain: mixing time and offset requests causes gaps and duplicates.");
            }

            var from = From.Value;
            var to = To ?? now;
            if (from < now - MaxLookback)
            {
                throw Invalid("AkamaiInvalidTimeRange", "From", $"-From {from.ToUniversalTime():u} is more than 12 hours ago; the SIEM API keeps 12 hours. Give a time after {(now - MaxLookback).ToUniversalTime():u}.");
            }

            if (to > now)
            {
                throw Invalid("AkamaiInvalidTimeRange", "To", $"-To {to.ToUniversalTime():u} is in the future (now is {now.ToUniversalTime():u}). Leave -To out to read up to now.");
            }

            if (from.ToUnixTimeSeconds() >= to.ToUnixTimeSeconds())
            {
                throw Invalid("AkamaiInvalidTimeRange", "From", $"-From {from.ToUniversalTime():u} must be at least a second before -To {to.ToUniversalTime():u}.");
            }
        }

        private static FeedException Invalid(string errorId, string parameter, string message) =>
            new FeedException(errorId, FeedErrorCategory.InvalidArgument, message) { Target = parameter };
    }
}
