using System;
using System.Globalization;
using System.Text.RegularExpressions;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// A search bound as Sekoia takes it: an instant, sent as ISO 8601 UTC, or a relative time — <c>now</c> or
    /// a minus sign, a number and a unit s, m, h, d or w (<c>-30d</c>, <c>-2h</c>). Checked before anything is sent.
    /// </summary>
    public sealed class SekoiaTime
    {
        private static readonly Regex Relative = new Regex(@"^-(\d{1,6})([smhdw])$", RegexOptions.CultureInvariant);

        private SekoiaTime(string text, DateTimeOffset? instant, TimeSpan? ago)
        {
            Text = text;
            Instant = instant;
            Ago = ago;
        }

        /// <summary>What is sent to Sekoia.</summary>
        public string Text { get; }

        /// <summary>The instant, for an absolute time.</summary>
        public DateTimeOffset? Instant { get; }

        /// <summary>How long before now, for a relative time (zero for <c>now</c>).</summary>
        public TimeSpan? Ago { get; }

        /// <summary>
        /// Reads a DateTime (an unspecified kind is local time, as PowerShell's Get-Date gives), a
        /// DateTimeOffset, or a string: a relative time or an ISO 8601 date.
        /// </summary>
        public static SekoiaTime From(object? value, string parameterName)
        {
            switch (value)
            {
                case DateTimeOffset instant:
                    return FromInstant(instant);
                case DateTime date:
                    return FromInstant(date.Kind == DateTimeKind.Utc ? new DateTimeOffset(date) : new DateTimeOffset(date.ToUniversalTime()));
                case string text:
                    return FromText(text.Trim(), parameterName);
                default:
                    throw Invalid(parameterName, value);
            }
        }

        public DateTimeOffset ResolveAt(DateTimeOffset now) => Instant ?? now - Ago!.Value;

        public override string ToString() => Text;

        private static SekoiaTime FromText(string text, string parameterName)
        {
            if (text == "now")
            {
                return new SekoiaTime(text, null, TimeSpan.Zero);
            }

            var relative = Relative.Match(text);
            if (relative.Success)
            {
                var amount = int.Parse(relative.Groups[1].Value, CultureInfo.InvariantCulture);
                var unit = relative.Groups[2].Value switch
                {
                    "s" => TimeSpan.FromSeconds(1),
                    "m" => TimeSpan.FromMinutes(1),
                    "h" => TimeSpan.FromHours(1),
                    "d" => TimeSpan.FromDays(1),
                    _ => TimeSpan.FromDays(7),
                };
                return new SekoiaTime(text, null, TimeSpan.FromTicks(unit.Ticks * amount));
            }

            var formats = new[] { "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF" };
            if (DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                return FromInstant(instant);
            }

            throw Invalid(parameterName, text);
        }

        private static SekoiaTime FromInstant(DateTimeOffset instant)
        {
            var utc = instant.ToUniversalTime();
            var format = utc.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            return new SekoiaTime(utc.ToString(format, CultureInfo.InvariantCulture), utc, null);
        }

        private static FeedException Invalid(string parameterName, object? value) =>
            new FeedException(
                "SekoiaInvalidTime",
                FeedErrorCategory.InvalidArgument,
                $"{parameterName} '{value}' is not a time Sekoia.io understands. Give a DateTime, an ISO 8601 date such as 2025-01-01T00:00:00Z, or a relative time: now, or -<number><unit> with unit s, m, h, d or w (such as -30d or -2h).")
            {
                Target = value,
            };
    }
}
