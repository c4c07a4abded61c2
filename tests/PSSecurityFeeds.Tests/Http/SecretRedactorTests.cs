using System;
using PSSecurityFeeds.Core.Http;
using Xunit;

namespace PSSecurityFeeds.Tests.Http;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Masks_registered_secrets_and_their_url_encoded_form()
    {
        var redactor = new SecretRedactor();
        redactor.Add("s3cr+t/value=");

        Assert.Equal("a *** b *** c", redactor.Redact("a s3cr+t/value= b s3cr%2Bt%2Fvalue%3D c"));
    }

    [Fact]
    public void Ignores_values_too_short_to_be_credentials()
    {
        var redactor = new SecretRedactor();
        redactor.Add("ab");
        redactor.Add(null);
        redactor.Add(string.Empty);

        Assert.Equal("about tab", redactor.Redact("about tab"));
    }

    [Fact]
    public void Urls_lose_userinfo_and_credential_query_values()
    {
        var redactor = new SecretRedactor();

        var shown = redactor.RedactUrl(new Uri("https://user:pw@bucket.s3.example.com/export.json.gz?X-Amz-Algorithm=AWS4&X-Amz-Credential=AKIA%2F20261122&X-Amz-Signature=abcdef&api_key=k&offset=12"));

        Assert.Equal("https://bucket.s3.example.com/export.json.gz?X-Amz-Algorithm=AWS4&X-Amz-Credential=***&X-Amz-Signature=***&api_key=***&offset=12", shown);
    }
}
