using System;
using System.Linq;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.SigSci;
using Xunit;

namespace PSSecurityFeeds.Tests.SigSci;

public sealed class SigSciWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 3, 27, TimeSpan.Zero);

    [Fact]
    public void The_default_window_is_the_last_full_hour_the_feed_serves()
    {
        Assert.Equal(new SigSciWindow(Now.Date.AddHours(8), Now.Date.AddHours(9)), SigSciWindow.DefaultAt(Now));
        var later = new DateTimeOffset(2026, 11, 22, 10, 6, 0, TimeSpan.Zero);
        Assert.Equal(new SigSciWindow(later.Date.AddHours(9), later.Date.AddHours(10)), SigSciWindow.DefaultAt(later));
    }

    [Fact]
    public void An_exact_window_refuses_seconds_and_the_error_suggests_the_minutes_around()
    {
        var error = Assert.Throws<FeedException>(() => SigSciWindow.Create(At(9, 0, 30), At(9, 30), Now, SigSciWindowRounding.Exact));

        Assert.Equal("SigSciWindowNotWholeMinute", error.ErrorId);
        Assert.Equal(FeedErrorCategory.InvalidArgument, error.Category);
        Assert.Contains("2026-11-22 09:00:00Z", error.Message);
        Assert.Contains("-ExactWindow", error.Message);
    }

    [Fact]
    public void By_default_a_window_is_widened_to_whole_minutes()
    {
        var window = SigSciWindow.Create(At(9, 0, 30), At(9, 30, 1), Now, SigSciWindowRounding.Widen);

        Assert.Equal(At(9, 0), window.From);
        Assert.Equal(At(9, 31), window.Until);
    }

    [Fact]
    public void Widening_stays_within_what_the_feed_serves()
    {
        // 10:03:27 − 5 min = 09:58:27: the newest until is 09:58; 10:03:27 − 24 h 5 min = 09:58:27 the day before: the oldest from is 09:59.
        var window = SigSciWindow.Create(At(9, 58, 40).AddDays(-1), At(9, 58, 10), Now, SigSciWindowRounding.Widen);

        Assert.Equal(At(9, 59).AddDays(-1), window.From);
        Assert.Equal(At(9, 58), window.Until);
    }

    [Fact]
    public void Until_older_than_the_retention_is_refused_as_too_old()
    {
        var error = Assert.Throws<FeedException>(() => SigSciWindow.Create(At(8, 0).AddDays(-2), At(9, 0).AddDays(-2), Now, SigSciWindowRounding.Widen));

        Assert.Equal("SigSciUntilTooOld", error.ErrorId);
        Assert.Contains("2026-11-21 10:00:00Z", error.Message); // the oldest until: the oldest from (09:59) plus a minute
    }

    [Theory]
    [InlineData("min", "max", "SigSciUntilTooRecent")]
    [InlineData("min", "min", "SigSciUntilTooOld")]
    [InlineData("max", "valid", "SigSciWindowEmpty")]
    [InlineData("min", "valid", "SigSciFromTooOld")]
    public void The_edges_of_DateTimeOffset_get_the_window_errors(string from, string until, string errorId)
    {
        foreach (var rounding in new[] { SigSciWindowRounding.Widen, SigSciWindowRounding.Floor, SigSciWindowRounding.Exact })
        {
            var error = Assert.Throws<FeedException>(() => SigSciWindow.Create(Edge(from), Edge(until), Now, rounding));

            Assert.Equal(errorId, error.ErrorId);
        }

        static DateTimeOffset Edge(string which) => which switch
        {
            "min" => DateTimeOffset.MinValue,
            "max" => DateTimeOffset.MaxValue,
            _ => At(9, 30),
        };
    }

    [Fact]
    public void Floor_rounds_both_ends_down_as_AlignToMinute_asks()
    {
        var window = SigSciWindow.Create(At(9, 0, 30), At(9, 30, 59), Now, SigSciWindowRounding.Floor);

        Assert.Equal(At(9, 0), window.From);
        Assert.Equal(At(9, 30), window.Until);
    }

    [Fact]
    public void Until_less_than_five_minutes_ago_is_refused_naming_the_newest_allowed()
    {
        var error = Assert.Throws<FeedException>(() => SigSciWindow.Create(At(9, 0), At(10, 0), Now, SigSciWindowRounding.Exact));

        Assert.Equal("SigSciUntilTooRecent", error.ErrorId);
        Assert.Contains("2026-11-22 09:58:00Z", error.Message);
    }

    [Fact]
    public void From_older_than_the_retention_is_refused_naming_the_oldest_allowed()
    {
        var error = Assert.Throws<FeedException>(() => SigSciWindow.Create(At(9, 0).AddDays(-1), At(9, 30), Now, SigSciWindowRounding.Exact));

        Assert.Equal("SigSciFromTooOld", error.ErrorId);
        Assert.Contains("2026-11-21 09:59:00Z", error.Message); // 10:03:27 − 24 h 5 min = 09:58:27, raised to the minute
    }

    [Fact]
    public void From_not_before_until_is_refused()
    {
        var error = Assert.Throws<FeedException>(() => SigSciWindow.Create(At(9, 30), At(9, 30), Now, SigSciWindowRounding.Exact));

        Assert.Equal("SigSciWindowEmpty", error.ErrorId);
    }

    [Fact]
    public void Local_times_become_utc_unix_seconds()
    {
        var local = new DateTimeOffset(2026, 11, 22, 11, 0, 0, TimeSpan.FromHours(2));

        var window = SigSciWindow.Create(local, local.AddMinutes(30), Now, SigSciWindowRounding.Exact);

        Assert.Equal(At(9, 0).ToUnixTimeSeconds(), window.FromUnixSeconds);
        Assert.Equal(TimeSpan.Zero, window.From.Offset);
    }

    [Fact]
    public void Long_windows_split_into_hours()
    {
        var pieces = new SigSciWindow(At(6, 30), At(9, 0)).Split(TimeSpan.FromHours(1)).ToList();

        Assert.Equal(new[] { (At(6, 30), At(7, 30)), (At(7, 30), At(8, 30)), (At(8, 30), At(9, 0)) }, pieces.Select(p => (p.From, p.Until)));
    }

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 11, 22, hour, minute, second, TimeSpan.Zero);
}
