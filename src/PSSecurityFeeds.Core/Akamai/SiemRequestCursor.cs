using System;
using System.Globalization;
using System.Text;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// One SIEM request to make: in offset mode (an offset, or none for the first call) or in time mode, never
    /// both, and how many of its lines an earlier attempt or run already delivered.
    /// </summary>
    internal sealed class SiemRequestCursor
    {
        private SiemRequestCursor(string? offset, long? from, long? to, int? limit, bool fromThisRun)
        {
            Offset = offset;
            From = from;
            To = to;
            Limit = limit;
            FromThisRun = fromThisRun;
        }

        public string? Offset { get; }

        public long? From { get; }

        public long? To { get; }

        /// <summary>The limit this request is sent with; null for the API's default.</summary>
        public int? Limit { get; }

        public bool IsTimeMode => From is not null;

        /// <summary>The offset came from a response of this run: if it is already expired, replaying would only loop.</summary>
        public bool FromThisRun { get; }

        /// <summary>Lines of this request's response already delivered (skipped when it is sent again).</summary>
        public int Delivered { get; set; }

        /// <summary>The running hash of those lines.</summary>
        public LineHash DeliveredHash;

        /// <summary>
        /// The delivered lines were counted by an earlier run (a checkpoint), not by this one: until the response
        /// has shown them again and they match, a mismatch means the checkpoint is wrong, not the API.
        /// </summary>
        public bool DeliveredByCheckpoint { get; set; }

        public static SiemRequestCursor ForOffset(string? offset, int? limit, bool fromThisRun = false) => new SiemRequestCursor(offset, null, null, limit, fromThisRun);

        public static SiemRequestCursor ForTime(DateTimeOffset from, DateTimeOffset? to, int? limit) =>
            new SiemRequestCursor(null, from.ToUnixTimeSeconds(), to?.ToUnixTimeSeconds(), limit, fromThisRun: false);

        public Uri ToUri(Uri baseUri, string configPath)
        {
            var text = new StringBuilder(baseUri.AbsoluteUri.TrimEnd('/'))
                .Append("/siem/v1/configs/").Append(configPath);
            var separator = '?';
            void Add(string name, string value)
            {
                text.Append(separator).Append(name).Append('=').Append(value);
                separator = '&';
            }

            if (IsTimeMode)
            {
                Add("from", From!.Value.ToString(CultureInfo.InvariantCulture));
                if (To is long to)
                {
                    Add("to", to.ToString(CultureInfo.InvariantCulture));
                }
            }
            else if (Offset is not null)
            {
                Add("offset", Uri.EscapeDataString(Offset));
            }

            if (Limit is int value)
            {
                Add("limit", value.ToString(CultureInfo.InvariantCulture));
            }

            return new Uri(text.ToString(), UriKind.Absolute);
        }

        public override string ToString() => IsTimeMode
            ? $"from {From}{(To is null ? string.Empty : " to " + To)}"
            : Offset is null ? "the first offset request" : "offset " + Offset;
    }
}
