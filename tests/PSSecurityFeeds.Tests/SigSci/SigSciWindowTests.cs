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
    public void Seconds_are_refused_and_the_error_suggests_the_minutes_around()
    {
        var error = Assert.Throws<FeedException>(() => SigSciWindow.Create(At(9, 0, 30), At(9, 30), Now, alignToMinute: false));

        Assert.Equal("SigSciWindowNotWholeMinute", error.ErrorId);
        Assert.Equal(FeedErrorCategory.InvalidArgument, error.Category);
        Assert.Contains("2026-11-22 09:00:00Z", error.Message);
        Assert.Contains("-AlignToMinute", error.Message);
    }

    [Fact]
    public void AlignToMinute_floors_both_ends()
    {
        var window = SigSciWindow.Create(At(9, 0, 30), At(9, 30, 59), Now, alignToMinute: true);

        Assert.Equal(At(9, 0), window.From);
        Assert.Equal(At(9, 30), window.Until);
    }

    [Fact]
    public void Until_less_than_five_minutes_ago_is_refused_naming_the_newest_allowed()
    {
        var error = Assert.Throws<FeedException>(() => SigSciWindow.Create(At(9, 0), At(10, 0), Now, alignToMinute: false));

        Assert.Equal("SigSciUntilTooRecent", error.ErrorId);
        Assert.Contains("2026-11-22 09:58:00Z", error.Message);
    }

    [Fact]
    public void From_older_than_the_retention_is_refused_naming_the_oldest_allowed()
    {
        var error = Assert.Throws<FeedException>(() => SigSciWindow.Create(At(9, 0).AddDays(-1), At(9, 30), Now, alignToMinute: false));

        Assert.Equal("SigSciFromTooOld", error.ErrorId);
        Assert.Contains("2026-11-21 09:59:00Z", error.Message); // 10:03:27 − 24 h 5 min = 09:58:27, raised to the minute
    }

    [Fact]
    public void From_not_before_until_is_refused()
    {
        var error = Assert.Throws<FeedException>(() => SigSciWindow.Create(At(9, 30), At(9, 30), Now, alignToMinute: false));

        Assert.Equal("SigSciWindowEmpty", error.ErrorId);
    }

    [Fact]
    public void Local_times_become_utc_unix_seconds()
    {
        var local = new DateTimeOffset(2026, 11, 22, 11, 0, 0, TimeSpan.FromHours(2));

        var window = SigSciWindow.Create(local, local.AddMinutes(30), Now, alignToMinute: false);

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
