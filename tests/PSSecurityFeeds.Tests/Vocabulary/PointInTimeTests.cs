using System;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Vocabulary;
using Xunit;

namespace PSSecurityFeeds.Tests.Vocabulary;

/// <summary>The one type every time-range parameter binds to: the values it takes, how it resolves, what it refuses.</summary>
public sealed class PointInTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 3, 27, TimeSpan.Zero);

    [Theory]
    [InlineData("now", 0)]
    [InlineData("-30s", 30)]
    [InlineData("-15m", 15 * 60)]
    [InlineData("-2h", 2 * 3600)]
    [InlineData("-7d", 7 * 86400)]
    [InlineData("-1w", 7 * 86400)]
    [InlineData(" -2h ", 2 * 3600)]
    public void Relative_times_resolve_before_now_and_keep_their_text(string text, int secondsAgo)
    {
        var time = new PointInTime(text);

        Assert.True(time.IsRelative);
        Assert.Equal(Now.AddSeconds(-secondsAgo), time.ResolveAt(Now, "From"));
        Assert.Equal(text.Trim(), time.ToString());
    }

    [Theory]
    [InlineData("2025-03-01T10:30:00+02:00", "2025-03-01T08:30:00Z")]
    [InlineData("2025-03-01T10:30:00Z", "2025-03-01T10:30:00Z")]
    [InlineData("2025-03-01T10:30:00", "2025-03-01T10:30:00Z")]
    [InlineData("2025-03-01 10:30", "2025-03-01T10:30:00Z")]
    [InlineData("2025-03-01", "2025-03-01T00:00:00Z")]
    [InlineData("2025-03-01T10:30:00.250Z", "2025-03-01T10:30:00.250Z")]
    public void Iso_strings_are_instants_in_utc_utc_when_they_have_no_offset(string text, string utc)
    {
        var time = new PointInTime(text);

        Assert.False(time.IsRelative);
        Assert.Equal(TimeSpan.Zero, time.Instant!.Value.Offset);
        Assert.Equal(utc, time.ToString());
        Assert.Equal(time.Instant, time.ResolveAt(Now, "From"));
    }

    [Fact]
    public void Dates_become_utc_a_datetime_without_a_kind_being_local_time_as_get_date_gives()
    {
        var local = new DateTime(2025, 3, 1, 10, 30, 0, DateTimeKind.Unspecified);

        Assert.Equal(new DateTimeOffset(local).ToUniversalTime(), PointInTime.From(local).Instant);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 30, 0, TimeSpan.Zero), PointInTime.From(new DateTime(2025, 3, 1, 10, 30, 0, DateTimeKind.Utc)).Instant);
        var offset = PointInTime.From(new DateTimeOffset(2025, 3, 1, 10, 30, 0, TimeSpan.FromHours(-5)));
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 15, 30, 0, TimeSpan.Zero), offset.Instant);
        Assert.Equal(TimeSpan.Zero, offset.Instant!.Value.Offset);
    }

    [Theory]
    [InlineData("7d", "has no minus sign: a time before now is written -7d")]
    [InlineData("+1h", "is not a time")]
    [InlineData("yesterday", "is not a time")]
    [InlineData("-5y", "is not a time")]
    [InlineData("-1234567d", "is not a time")]
    public void Strings_that_are_not_times_are_refused_naming_the_forms(string text, string reason)
    {
        var error = Assert.Throws<FeedException>(() => new PointInTime(text));

        Assert.Equal("InvalidTime", error.ErrorId);
        Assert.Equal(FeedErrorCategory.InvalidArgument, error.Category);
        Assert.Contains(reason, error.Message);
        Assert.Contains("such as -15m, -2h or -7d", error.Message);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(7L)]
    [InlineData(7.0)]
    public void A_number_is_refused_saying_that_an_unquoted_7d_is_a_number(object number)
    {
        var error = Assert.Throws<FeedException>(() => PointInTime.From(number));

        Assert.Equal("InvalidTime", error.ErrorId);
        Assert.Contains("decimal number 7", error.Message);
        Assert.Contains("write -7d", error.Message);
    }

    [Fact]
    public void A_decimal_as_powershell_reads_7d_is_refused_too()
    {
        Assert.Contains("is a number", Assert.Throws<FeedException>(() => PointInTime.From(7m)).Message);
    }

    [Fact]
    public void A_relative_time_reaching_before_the_year_1_is_out_of_range()
    {
        var error = Assert.Throws<FeedException>(() => new PointInTime("-999999d").ResolveAt(Now, "Earliest"));

        Assert.Equal("TimeOutOfRange", error.ErrorId);
        Assert.Contains("-Earliest -999999d", error.Message);
        Assert.Equal(DateTimeOffset.MinValue.AddDays(1), new PointInTime("-1d").ResolveAt(DateTimeOffset.MinValue.AddDays(2), "From"));
    }

    [Fact]
    public void The_edges_of_DateTimeOffset_are_instants_like_any_other()
    {
        Assert.Equal(DateTimeOffset.MinValue, PointInTime.From(DateTimeOffset.MinValue).ResolveAt(Now, "Until"));
        Assert.Equal(DateTimeOffset.MaxValue, PointInTime.From(DateTimeOffset.MaxValue).ResolveAt(Now, "Until"));
        Assert.Equal(DateTimeOffset.MinValue, PointInTime.From(DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)).Instant);
    }

    [Fact]
    public void Bounds_that_stand_for_the_same_time_are_equal()
    {
        Assert.Equal(new PointInTime("-2h"), PointInTime.From("-120m"));
        Assert.Equal(PointInTime.Now, new PointInTime("NOW"));
        Assert.Equal(new PointInTime("2025-03-01T08:30:00Z"), PointInTime.From(new DateTimeOffset(2025, 3, 1, 10, 30, 0, TimeSpan.FromHours(2))));
        Assert.NotEqual(new PointInTime("-2h"), new PointInTime("-1h"));
    }
}
