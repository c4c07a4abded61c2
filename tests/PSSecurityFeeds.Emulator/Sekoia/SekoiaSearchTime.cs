using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PSSecurityFeeds.Emulator.Sekoia;

/// <summary>The times a search job's range may be given in: an ISO 8601 date, or now, -30d, -2h, -15m, -10s, -1w.</summary>
public static partial class SekoiaSearchTime
{
    /// <summary>The instant <paramref name="value"/> names at <paramref name="now"/>, or null when it is no time Sekoia.io accepts.</summary>
    public static DateTimeOffset? Resolve(string? value, DateTimeOffset now)
    {
        if (value is null)
        {
            return null;
        }

        if (value == "now")
        {
            return now;
        }

        var relative = RelativeTime().Match(value);
        if (relative.Success)
        {
            var amount = int.Parse(relative.Groups[1].Value, CultureInfo.InvariantCulture);
            return relative.Groups[2].Value switch
            {
                "s" => now.AddSeconds(-amount),
                "m" => now.AddMinutes(-amount),
                "h" => now.AddHours(-amount),
                "d" => now.AddDays(-amount),
                _ => now.AddDays(-7 * amount),
            };
        }

        return value.Contains('T') && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var absolute)
            ? absolute
            : null;
    }

    [GeneratedRegex(@"^-(\d{1,6})([smhdw])$")]
    private static partial Regex RelativeTime();
}
