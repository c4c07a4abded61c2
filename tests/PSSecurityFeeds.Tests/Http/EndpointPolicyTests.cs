using System;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using Xunit;

namespace PSSecurityFeeds.Tests.Http;

public sealed class EndpointPolicyTests
{
    [Theory]
    [InlineData("akab-abc.luna.akamaiapis.net", "https://akab-abc.luna.akamaiapis.net/")]
    [InlineData("https://api.sekoia.io/", "https://api.sekoia.io/")]
    [InlineData("https://app.fra2.sekoia.io/api/", "https://app.fra2.sekoia.io/api")]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://localhost:5080/", "http://localhost:5080/")]
    [InlineData("http://[::1]:5080", "http://[::1]:5080/")]
    [InlineData("http://127.8.9.10:80", "http://127.8.9.10/")]
    public void Accepts_https_and_loopback_http(string value, string expected)
    {
        Assert.Equal(new Uri(expected), EndpointPolicy.ParseBaseUri(value, "-ApiBaseUri"));
    }

    [Theory]
    [InlineData("http://dashboard.signalsciences.net")]
    [InlineData("http://10.0.0.5:8080")]
    [InlineData("http://127.0.0.1.example.com")]
    public void Refuses_plain_http_to_other_hosts(string value)
    {
        var error = Assert.Throws<FeedException>(() => EndpointPolicy.ParseBaseUri(value, "-ApiBaseUri"));

        Assert.Equal("InsecureEndpoint", error.ErrorId);
        Assert.Equal(FeedErrorCategory.SecurityError, error.Category);
        Assert.StartsWith("-ApiBaseUri", error.Message);
        Assert.Contains("https://", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("ftp://files.example.com")]
    [InlineData("https://api.example.com/?token=x")]
    [InlineData("https://user:pw@api.example.com")]
    public void Refuses_what_is_not_a_base_address(string value)
    {
        var error = Assert.Throws<FeedException>(() => EndpointPolicy.ParseBaseUri(value, "-HostName"));

        Assert.Equal("InvalidEndpoint", error.ErrorId);
        Assert.StartsWith("-HostName", error.Message);
    }
}
