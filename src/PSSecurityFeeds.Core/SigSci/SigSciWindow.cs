using System;
using System.Collections.Generic;
using System.Globalization;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// A time window of the request feed, [From, Until) in UTC on whole minutes, checked against the feed's
    /// rules before any request: until at least 5 minutes ago, from no older than 24 hours 5 minutes, from
    /// before until. Each broken rule is its own error that names the range the feed accepts.
    /// </summary>
    public sealed class SigSciWindow : IEquatable<SigSciWindow>
    {
        /// <summary>The feed serves requests only once they are this old.</summary>
        public static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(5);

        /// <summary>The feed keeps requests this long.</summary>
        public static readonly TimeSpan Retention = TimeSpan.FromHours(24) + TimeSpan.FromMinutes(5);

        private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

        internal SigSciWindow(DateTimeOffset from, DateTimeOffset until)
        {
            From = from.ToUniversalTime();
            Until = until.ToUniversalTime();
        }

        public DateTimeOffset From { get; }

        public DateTimeOffset Until { get; }

        public long FromUnixSeconds => From.ToUnixTimeSeconds();

        public long UntilUnixSeconds => Until.ToUnixTimeSeconds();

        public TimeSpan Length => Until - From;

        /// <summary>The newest until the feed accepts at <paramref name="now"/>: now − 5 min, floored to the minute.</summary>
        public static DateTimeOffset LatestUntil(DateTimeOffset now) => FloorToMinute(now - MinimumAge);

        /// <summary>The oldest from the feed accepts at <paramref name="now"/>: now − 24 h 5 min, raised to the minute.</summary>
        public static DateTimeOffset OldestFrom(DateTimeOffset now) => CeilingToMinute(now - Retention);

        /// <summary>The window used when none is given: the last full hour the feed can serve, as in the vendor's example.</summary>
        public static SigSciWindow DefaultAt(DateTimeOffset now)
        {
            var latest = LatestUntil(now);
            var until = new DateTimeOffset(latest.Year, latest.Month, latest.Day, latest.Hour, 0, 0, TimeSpan.Zero);
            return new SigSciWindow(until.AddHours(-1), until);
        }

        /// <summary>
        /// Checks a window the user gave against the feed's rules — until at least 5 minutes ago and within the
        /// retention, from no older than the retention, from before until — then puts both ends on whole minutes
        /// as <paramref name="rounding"/> says. Widening never goes beyond what the feed serves: an until less
        /// than a minute from the newest allowed ends there, a from less than a minute from the oldest starts there.
        /// </summary>
        public static SigSciWindow Create(DateTimeOffset from, DateTimeOffset until, DateTimeOffset now, SigSciWindowRounding rounding)
        {
            from = from.ToUniversalTime();
            until = until.ToUniversalTime();
            RequireServableUntil(until, now);
            var latest = LatestUntil(now);
            var oldest = OldestFrom(now);
            if (from < now.ToUniversalTime() - Retention)
            {
                throw Invalid(
                    "SigSciFromTooOld",
                    $"-From {Format(from)} is older than the feed keeps (24 h 5 min). Give -From between {Format(oldest)} and {Format(latest - Minute)}.",
                    from);
            }

            RequireFromBeforeUntil(from, until, now);
            switch (rounding)
            {
                case SigSciWindowRounding.Exact:
                    RequireWholeMinute(from, "From");
                    RequireWholeMinute(until, "Until");
                    break;
                case SigSciWindowRounding.Floor:
                    from = Later(FloorToMinute(from), oldest);
                    until = FloorToMinute(until);
                    break;
                default:
                    from = Later(FloorToMinute(from), oldest);
                    until = Earlier(CeilingToMinute(until), latest);
                    break;
            }

            RequireFromBeforeUntil(from, until, now); // again: rounding down can close a window shorter than a minute
            return new SigSciWindow(from, until);
        }

        /// <summary>
        /// Refuses an until the feed cannot serve — less than 5 minutes ago, or older than its retention — before
        /// anything is computed from it, so the edges of DateTimeOffset get this error too.
        /// </summary>
        public static void RequireServableUntil(DateTimeOffset until, DateTimeOffset now)
        {
            var latest = LatestUntil(now);
            var oldest = OldestFrom(now);
            if (until > now.ToUniversalTime() - MinimumAge)
            {
                throw Invalid(
                    "SigSciUntilTooRecent",
                    $"-Until {Format(until)} is too recent: the feed serves requests once they are 5 minutes old. Give -Until between {Format(oldest + Minute)} and {Format(latest)} (now − 5 min).",
                    until);
            }

            if (until <= oldest)
            {
                throw Invalid(
                    "SigSciUntilTooOld",
                    $"-Until {Format(until)} is older than the feed keeps (24 h 5 min), so the window holds nothing it can serve. Give -Until between {Format(oldest + Minute)} and {Format(latest)}.",
                    until);
            }
        }

        /// <summary>Splits the window into consecutive pieces no longer than <paramref name="length"/>.</summary>
        public IEnumerable<SigSciWindow> Split(TimeSpan length)
        {
            for (var start = From; start < Until; start += length)
            {
                var end = start + length < Until ? start + length : Until;
                yield return new SigSciWindow(start, end);
            }
        }

        public static DateTimeOffset FloorToMinute(DateTimeOffset value)
        {
            var utc = value.ToUniversalTime();
            return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        }

        private static DateTimeOffset CeilingToMinute(DateTimeOffset value)
        {
            var floor = FloorToMinute(value);
            return floor == value.ToUniversalTime() ? floor : floor + Minute;
        }

        private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

        private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

        public static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        public bool Equals(SigSciWindow? other) => other is not null && From == other.From && Until == other.Until;

        public override bool Equals(object? obj) => Equals(obj as SigSciWindow);

        public override int GetHashCode() => From.GetHashCode() ^ Until.GetHashCode();

        public override string ToString() => $"{Format(From)} to {Format(Until)}";

        private static void RequireFromBeforeUntil(DateTimeOffset from, DateTimeOffset until, DateTimeOffset now)
        {
            if (from >= until)
            {
                throw Invalid(
                    "SigSciWindowEmpty",
                    $"-From {Format(from)} is not before -Until {Format(until)}. Give -From earlier than -Until, both between {Format(OldestFrom(now))} and {Format(LatestUntil(now))}.",
                    from);
            }
        }

        private static void RequireWholeMinute(DateTimeOffset value, string name)
        {
            if (value.Ticks % TimeSpan.TicksPerMinute != 0)
            {
                var floor = FloorToMinute(value);
                throw Invalid(
                    "SigSciWindowNotWholeMinute",
                    $"-{name} {value.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)} is not on a whole minute; the feed accepts only times whose seconds are 0, such as {Format(floor)} or {Format(floor + Minute)}. Leave out -ExactWindow to widen the window to whole minutes.",
                    value);
            }
        }

        private static FeedException Invalid(string errorId, string message, DateTimeOffset value) =>
            new FeedException(errorId, FeedErrorCategory.InvalidArgument, message) { Target = value };
    }
}
