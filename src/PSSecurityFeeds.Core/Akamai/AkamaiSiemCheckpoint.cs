using System;
using System.Globalization;
using System.Linq;
using PSSecurityFeeds.Core.State;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// Where a scheduled run resumes: the offset to ask for next, for which configurations, the time of the last
    /// delivered event (for replay by time when the offset has expired) and, when the last run stopped in the
    /// middle of a response, how many of that response's lines it had delivered (with a hash to check them) and
    /// the limit that response was asked with, so that exactly that response is asked for again.
    /// </summary>
    public sealed class AkamaiSiemCheckpoint : IOutFileCheckpoint
    {
        /// <summary>What the CheckpointCorrupt message says about deleting the file, and how to restart from a known time.</summary>
        internal const string RecoveryAdvice =
            "Deleting the file makes the next run start again at the oldest events the SIEM API keeps (up to 12 hours back), " +
            "so events already delivered come again. To restart from a known time instead, replace the file's content with " +
            "{\"ConfigIds\":[<your config ids>],\"LastEventTime\":\"<time of the last event you have, UTC, within 12 h>\"}: " +
            "the next run reads by time from there (events of that second may repeat), then continues by offset.";

        // Clocks differ a little; a time further ahead than this was not written by a run on this machine.
        private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

        /// <summary>The offset of the next request; null for the first request, which has none.</summary>
        public string? Offset { get; set; }

        public int[] ConfigIds { get; set; } = Array.Empty<int>();

        public DateTimeOffset? LastEventTime { get; set; }

        /// <summary>Lines of the response at <see cref="Offset"/> already delivered; 0 after a whole response.</summary>
        public int DeliveredLines { get; set; }

        /// <summary>The running hash of those lines, hex.</summary>
        public string? DeliveredHash { get; set; }

        /// <summary>The limit the response at <see cref="Offset"/> was asked with; null for the API's default.</summary>
        public int? Limit { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }

        /// <summary>With -OutFile: the file and its length when this checkpoint was committed.</summary>
        public OutFilePosition? OutFile { get; set; }

        /// <summary>A checkpoint that asks to start by time: only a time, no offset and nothing half delivered.</summary>
        internal bool StartsByTime => Offset is null && LastEventTime is not null && DeliveredLines == 0;

        /// <summary>Refuses a checkpoint whose content is damaged, inconsistent or belongs to other configurations, naming the field.</summary>
        internal void Check(CheckpointFile<AkamaiSiemCheckpoint> file, AkamaiSiemQuery query, DateTimeOffset now)
        {
            if (ConfigIds is null || ConfigIds.Length == 0 || ConfigIds.Any(id => id <= 0))
            {
                throw file.Corrupt("ConfigIds", ConfigIds is null ? "it is null" : "it must list one or more positive configuration ids");
            }

            if (!ConfigIds.OrderBy(id => id).SequenceEqual(query.ConfigIds.OrderBy(id => id)))
            {
                throw file.Corrupt("ConfigIds", $"it belongs to configuration(s) {string.Join(";", ConfigIds)}, not {query.ConfigPath}, and its offset would read another feed. Use one checkpoint file per set of -ConfigId");
            }

            if (Offset is not null && Offset.Trim().Length == 0)
            {
                throw file.Corrupt("Offset", "it is blank; the first request has a null offset, every later one the offset Akamai gave");
            }

            if (DeliveredLines < 0)
            {
                throw file.Corrupt("DeliveredLines", $"{DeliveredLines} is negative");
            }

            var hashIsValid = DeliveredHash is not null && DeliveredHash.Length == 16 &&
                ulong.TryParse(DeliveredHash, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _);
            if (DeliveredLines > 0 && !hashIsValid)
            {
                throw file.Corrupt("DeliveredHash", $"'{DeliveredHash}' is not the 16-hex-digit hash of the {DeliveredLines} lines delivered");
            }

            if (DeliveredLines == 0 && DeliveredHash is not null)
            {
                throw file.Corrupt("DeliveredHash", "it is set although DeliveredLines is 0");
            }

            if (Limit is int limit && (limit < 1 || limit > AkamaiSiemQuery.MaxLimit))
            {
                throw file.Corrupt("Limit", $"{limit} is not a limit the SIEM API accepts (1 to {AkamaiSiemQuery.MaxLimit:N0})");
            }

            if (LastEventTime > now + FutureTolerance)
            {
                throw file.Corrupt("LastEventTime", $"{LastEventTime.Value.ToUniversalTime():u} is in the future");
            }

            if (UpdatedAt > now + FutureTolerance)
            {
                throw file.Corrupt("UpdatedAt", $"{UpdatedAt.ToUniversalTime():u} is in the future");
            }

            OutFilePosition.Check(OutFile, file);
        }
    }
}
