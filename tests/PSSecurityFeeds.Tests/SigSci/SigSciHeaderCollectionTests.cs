using System.Linq;
using System.Text;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.SigSci;
using Xunit;

namespace PSSecurityFeeds.Tests.SigSci;

public sealed class SigSciHeaderCollectionTests
{
    private const string Request = "{\"id\":\"r1\",\"headersIn\":[[\"Host\",\"a.example\"],[\"Cookie\",\"x=1\"],[\"accept\",\"*/*\"],[\"cookie\",\"y=2\"]],\"headersOut\":null}";

    [Fact]
    public void Headers_keep_their_order_and_are_looked_up_by_name_in_any_case_with_every_value()
    {
        var headers = SigSciRequest.Parse(Encoding.UTF8.GetBytes(Request), "corp", "www").HeadersIn;

        Assert.Equal(new[] { "Host", "Cookie", "accept", "cookie" }, headers.Pairs.Select(p => p.Key));
        Assert.Equal(new[] { "Host", "Cookie", "accept" }, headers.Keys);
        Assert.Equal(3, headers.Count);
        Assert.Equal(new[] { "x=1", "y=2" }, headers["COOKIE"]);
        Assert.True(headers.TryGetValue("Accept", out var accept));
        Assert.Equal(new[] { "*/*" }, accept);
        Assert.False(headers.ContainsKey("Referer"));
        Assert.Empty(headers["Referer"]);
        Assert.Equal(new[] { "Host", "Cookie", "accept" }, headers.Select(h => h.Key));
        Assert.Equal(new[] { 1, 2, 1 }, headers.Values.Select(v => v.Length));
    }

    [Fact]
    public void Headers_sent_as_null_are_empty()
    {
        var headers = SigSciRequest.Parse(Encoding.UTF8.GetBytes(Request), "corp", "www").HeadersOut;

        Assert.Empty(headers);
        Assert.Empty(headers.Pairs);
        Assert.Empty(headers["Set-Cookie"]);
    }

    [Fact]
    public async Task Lookups_from_several_threads_at_once_see_the_same_values()
    {
        var headers = SigSciRequest.Parse(Encoding.UTF8.GetBytes(Request), "corp", "www").HeadersIn;

        var seen = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => headers["cookie"])));

        Assert.All(seen, values => Assert.Equal(new[] { "x=1", "y=2" }, values));
        Assert.Single(seen.Distinct()); // one index, built once
    }
}
