using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>One line of a SIEM response as delivered: a typed event, a raw line (-Raw), or a line that could not be read.</summary>
    public sealed class AkamaiSiemRecord
    {
        public AkamaiSiemEvent? Event { get; init; }

        public string? RawLine { get; init; }

        /// <summary>Set for a line that is not an event; <see cref="RawLine"/> then holds it.</summary>
        public FeedException? Error { get; init; }
    }
}
