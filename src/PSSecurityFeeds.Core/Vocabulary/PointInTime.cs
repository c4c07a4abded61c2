using System;
using System.Globalization;
using System.Text.RegularExpressions;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Vocabulary
{
    /// <summary>
    /// A bound of a time range, as every command takes it: an instant (a DateTime — local when it has no kind,
    /// as Get-Date gives — a DateTimeOffset, or an ISO 8601 string, UTC when it has no offset), or a time relative
    /// to now: <c>now</c>, or a minus sign, a number and a unit s, m, h, d or w (<c>-15m</c>, <c>-2h</c>, <c>-7d</c>).
    /// Relative times are resolved when the command runs (Sekoia.io receives them as written).
    /// </summary>
    public sealed class PointInTime : IEquatable<PointInTime>
    {
        public const string FormsHint = "Give a DateTime or DateTimeOffset, an ISO 8601 date such as 2025-01-01T00:00:00Z, 'now', or a time before now: -<number><unit> with unit s, m, h, d or w, such as -15m, -2h or -7d.";

        private static readonly Regex Relative = new Regex(@"^-(\d{1,6})([smhdw])$", RegexOptions.CultureInvariant);

        private static readonly string[] IsoFormats =
        {
            "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssK",
            "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ssK",
        };

        private readonly string _text;

        /// <summary>An instant, kept in UTC.</summary>
        public PointInTime(DateTimeOffset instant)
        {
            Instant = instant.ToUniversalTime();
            _text = Iso(Instant.Value);
        }

        /// <summary>A DateTime: UTC when its kind says so, local time otherwise.</summary>
        public PointInTime(DateTime date)
            : this(date.Kind == DateTimeKind.Utc ? new DateTimeOffset(date) : new DateTimeOffset(date.ToUniversalTime()))
        {
        }

        /// <summary>Reads 'now', a relative time such as -2h, or an ISO 8601 date; PowerShell converts strings with this.</summary>
        public PointInTime(string text)
        {
            var trimmed = (text ?? throw new ArgumentNullException(nameof(text))).Trim();
            if (trimmed.Equals("now", StringComparison.OrdinalIgnoreCase))
            {
                Ago = TimeSpan.Zero;
                _text = "now";
                return;
            }

            var relative = Relative.Match(trimmed);
            if (relative.Success)
            {
                Ago = TimeSpan.FromTicks(UnitOf(relative.Groups[2].Value).Ticks * long.Parse(relative.Groups[1].Value, CultureInfo.InvariantCulture));
                _text = trimmed;
                return;
            }

            if (!DateTimeOffset.TryParseExact(trimmed, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
            {
                throw Unreadable(text, Relative.IsMatch("-" + trimmed)
                    ? $"'{text}' has no minus sign: a time before now is written -{trimmed}. "
                    : $"'{text}' is not a time. ");
            }

            Instant = instant;
            _text = Iso(instant);
        }

        public static PointInTime Now { get; } = new PointInTime("now");

        /// <summary>The instant, for an absolute time (UTC).</summary>
        public DateTimeOffset? Instant { get; }

        /// <summary>How long before now, for a relative time (zero for now).</summary>
        public TimeSpan? Ago { get; }

        public bool IsRelative => Ago is not null;

        /// <summary>
        /// Reads what a parameter was given: a PointInTime, DateTime, DateTimeOffset or string. A number is refused
        /// with its likely meaning: PowerShell reads an unquoted 7d as the decimal number 7.
        /// </summary>
        public static PointInTime From(object? value) => value switch
        {
            PointInTime time => time,
            DateTimeOffset instant => new PointInTime(instant),
            DateTime date => new PointInTime(date),
            string text => new PointInTime(text),
            null => throw Unreadable(null, "No time was given. "),
            _ when IsNumber(value) => throw Unreadable(value, $"{Convert.ToString(value, CultureInfo.InvariantCulture)} is a number, not a time: PowerShell reads an unquoted 7d as the decimal number 7. For 7 days ago write -7d or '-7d'. "),
            _ => throw Unreadable(value, $"A {value.GetType().Name} is not a time. "),
        };

        /// <summary>The instant this bound stands for at <paramref name="now"/>.</summary>
        /// <exception cref="FeedException">TimeOutOfRange when a relative time reaches before the year 1.</exception>
        public DateTimeOffset ResolveAt(DateTimeOffset now, string parameterName)
        {
            if (Instant is { } instant)
            {
                return instant;
            }

            var utcNow = now.ToUniversalTime();
            if (Ago!.Value.Ticks > utcNow.UtcTicks - DateTimeOffset.MinValue.UtcTicks)
            {
                throw new FeedException(
                    "TimeOutOfRange",
                    FeedErrorCategory.InvalidArgument,
                    $"-{parameterName} {_text} reaches back before the year 1, so it cannot be a date. Give a time the vendor still keeps, such as -7d.")
                {
                    Target = _text,
                };
            }

            return utcNow - Ago.Value;
        }

        /// <summary>As written for a relative time; ISO 8601 UTC for an instant (how Sekoia.io is sent it).</summary>
        public override string ToString() => _text;

        public bool Equals(PointInTime? other) => other is not null && Instant == other.Instant && Ago == other.Ago;

        public override bool Equals(object? obj) => Equals(obj as PointInTime);

        public override int GetHashCode() => Instant?.GetHashCode() ?? Ago!.Value.GetHashCode();

        private static TimeSpan UnitOf(string unit) => unit switch
        {
            "s" => TimeSpan.FromSeconds(1),
            "m" => TimeSpan.FromMinutes(1),
            "h" => TimeSpan.FromHours(1),
            "d" => TimeSpan.FromDays(1),
            _ => TimeSpan.FromDays(7),
        };

        private static string Iso(DateTimeOffset utc) =>
            utc.ToString(utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private static bool IsNumber(object value) => value is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal;

        private static FeedException Unreadable(object? value, string what) =>
            new FeedException("InvalidTime", FeedErrorCategory.InvalidArgument, what + FormsHint) { Target = value };
    }
}
