using System;
using PSSecurityFeeds.Core.Http;
using Xunit;

namespace PSSecurityFeeds.Tests.Http;

public sealed class BackoffTests
{
    [Fact]
    public void Doubles_from_the_initial_delay_up_to_the_cap_with_jitter_in_the_upper_half()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), new Random(7));
        double[] expectedCaps = { 1, 2, 4, 8, 10, 10, 10 };

        for (var retry = 1; retry <= expectedCaps.Length; retry++)
        {
            for (var sample = 0; sample < 50; sample++)
            {
                var delay = backoff.DelayBefore(retry).TotalSeconds;
                Assert.InRange(delay, expectedCaps[retry - 1] / 2, expectedCaps[retry - 1]);
            }
        }
    }

    [Fact]
    public void Jitter_spreads_the_delays()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new Random(11));

        var first = backoff.DelayBefore(3);
        var differs = false;
        for (var i = 0; i < 20 && !differs; i++)
        {
            differs = backoff.DelayBefore(3) != first;
        }

        Assert.True(differs);
    }

    [Fact]
    public void Huge_retry_numbers_stay_at_the_cap()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        Assert.InRange(backoff.DelayBefore(10_000).TotalSeconds, 15, 30);
    }
}
