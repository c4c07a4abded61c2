using System;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using Xunit;

namespace PSSecurityFeeds.Tests.Http;

/// <summary>Bad settings fail when the pipeline is built, so no request can ever be sent with them.</summary>
public sealed class HttpPipelineOptionsTests
{
    private static FeedException Build(Action<HttpPipelineOptions> change)
    {
        var options = new HttpPipelineOptions();
        change(options);
        return Assert.Throws<FeedException>(() => new HttpPipeline(options, new SecretRedactor()).Dispose());
    }

    [Fact]
    public void A_negative_retry_count_is_refused()
    {
        var error = Build(o => o.MaxRetries = -1);

        Assert.Equal("InvalidHttpOption", error.ErrorId);
        Assert.Equal(FeedErrorCategory.InvalidArgument, error.Category);
        Assert.Contains("MaxRetries is -1", error.Message);
    }

    [Fact]
    public void A_zero_timeout_is_refused()
    {
        var error = Build(o => o.RequestTimeout = TimeSpan.Zero);

        Assert.Contains("RequestTimeout", error.Message);
        Assert.Contains("longer than zero", error.Message);
    }

    [Theory]
    [InlineData("proxy.example.com:8080")]
    [InlineData("not a uri")]
    [InlineData("ftp://proxy.example.com")]
    [InlineData("http://")]
    public void A_malformed_proxy_is_refused(string proxy)
    {
        var error = Build(o => o.ProxyUri = proxy);

        Assert.Equal("ProxyUri", error.Target);
        Assert.Contains($"'{proxy}'", error.Message);
        Assert.Contains("http://proxy.example.com:8080", error.Message);
    }

    [Fact]
    public void A_backoff_cap_below_the_first_backoff_is_refused()
    {
        var error = Build(o =>
        {
            o.InitialBackoff = TimeSpan.FromSeconds(10);
            o.MaxBackoff = TimeSpan.FromSeconds(1);
        });

        Assert.Contains("MaxBackoff", error.Message);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        new HttpPipelineOptions().Validate();
    }
}
