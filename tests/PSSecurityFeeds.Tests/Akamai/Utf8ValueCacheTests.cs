using System;
using System.Linq;
using System.Text;
using PSSecurityFeeds.Core.Akamai;
using Xunit;

namespace PSSecurityFeeds.Tests.Akamai;

public sealed class Utf8ValueCacheTests
{
    [Fact]
    public void A_repeated_key_gives_the_value_made_the_first_time()
    {
        var cache = new Utf8ValueCache<string>(16, 64);
        var made = 0;
        string Make(ReadOnlySpan<byte> key)
        {
            made++;
            return Encoding.UTF8.GetString(key.ToArray());
        }

        var first = cache.GetOrAdd("www.example.com"u8, Make);
        var second = cache.GetOrAdd(Encoding.UTF8.GetBytes("www.example.com"), Make);

        Assert.Equal("www.example.com", first);
        Assert.Same(first, second);
        Assert.Equal(1, made);
    }

    [Fact]
    public void Every_key_gets_its_own_value_even_when_keys_outnumber_slots()
    {
        var cache = new Utf8ValueCache<string>(4, 1024);
        var keys = Enumerable.Range(0, 200).Select(i => new string('x', i % 50) + i).ToArray();
        for (var round = 0; round < 2; round++)
        {
            foreach (var key in keys)
            {
                Assert.Equal(key, cache.GetOrAdd(Encoding.UTF8.GetBytes(key), bytes => Encoding.UTF8.GetString(bytes.ToArray())));
            }
        }
    }

    [Fact]
    public void A_key_longer_than_the_limit_is_made_each_time_and_not_kept()
    {
        var cache = new Utf8ValueCache<string>(8, 4);
        var first = cache.GetOrAdd("abcdef"u8, bytes => Encoding.UTF8.GetString(bytes.ToArray()));
        var second = cache.GetOrAdd("abcdef"u8, bytes => Encoding.UTF8.GetString(bytes.ToArray()));
        Assert.Equal("abcdef", second);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Slots_must_be_a_power_of_two() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Utf8ValueCache<string>(100, 64));
}
