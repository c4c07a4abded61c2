using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;
using PSSecurityFeeds.Core.Sessions;

namespace PSSecurityFeeds.Tests.Akamai;

/// <summary>The official EdgeGrid vectors (reference/edgegrid), read from the files as published.</summary>
public sealed class EdgeGridSignerTests
{
    private static readonly JsonElement TestData = Load("testdata.json");

    public static IEnumerable<object[]> Cases() =>
        Load("testcases.json").EnumerateArray().Select(c => new object[] { c.GetProperty("testName").GetString()! });

    [Fact]
    public void All_fifteen_official_cases_are_present() => Assert.Equal(15, Cases().Count());

    [Theory]
    [MemberData(nameof(Cases))]
    public void Signs_the_official_case(string testName)
    {
        var testCase = Load("testcases.json").EnumerateArray().Single(c => c.GetProperty("testName").GetString() == testName);
        var request = testCase.GetProperty("request");
        var method = request.GetProperty("method").GetString()!;
        var baseUri = new Uri(TestData.GetProperty("base_url").GetString()!);
        var uri = new Uri(baseUri, request.GetProperty("path").GetString());
        var headers = request.TryGetProperty("headers", out var list)
            ? list.EnumerateArray().SelectMany(h => h.EnumerateObject()).Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList()
            : new List<KeyValuePair<string, string>>();
        var host = headers.Where(h => h.Key == "Host").Select(h => h.Value).FirstOrDefault() ?? uri.Host;
        var body = request.TryGetProperty("data", out var data) ? Encoding.UTF8.GetBytes(data.GetString()!) : null;
        var signer = new EdgeGridSigner(Credential());
        var timestamp = TestData.GetProperty("timestamp").GetString()!;
        var nonce = TestData.GetProperty("nonce").GetString()!;

        var authorization = signer.CreateAuthorization(method, uri, host, headers, body, timestamp, nonce);

        Assert.Equal(testCase.GetProperty("expectedAuthorization").GetString(), authorization);
        if (testCase.TryGetProperty("expectedDataToSign", out var expectedData))
        {
            var signedHeaders = EdgeGridSigner.CanonicalHeaders(headers, Credential().HeadersToSign);
            var hash = EdgeGridSigner.ContentHash(method, body, Credential().MaxBody);
            Assert.Equal(expectedData.GetString(), EdgeGridSigner.DataToSign(method, uri.Scheme, host, uri.PathAndQuery, signedHeaders, hash, string.Empty));
        }
    }

    [Fact]
    public void Signing_key_matches_the_official_vector() =>
        Assert.Equal(
            TestData.GetProperty("sign_key_test").GetString(),
            EdgeGridSigner.SigningKey(TestData.GetProperty("client_secret").GetString()!, TestData.GetProperty("timestamp").GetString()!));

    [Fact]
    public void Content_hash_matches_the_official_vector() =>
        // The Python library's vector: a POST of "test_body".
        Assert.Equal(TestData.GetProperty("content_hash_test").GetString(), EdgeGridSigner.ContentHash("POST", Encoding.UTF8.GetBytes("test_body"), 2048));

    [Fact]
    public void Json_post_matches_the_official_vector()
    {
        // The Python library's jsontest_hash: POST /testapi/v1/t3?extended=true with {"key": "value"}, default max_body, no signed headers.
        var baseUri = new Uri(TestData.GetProperty("base_url").GetString()!);
        var signer = new EdgeGridSigner(new EdgeGridCredential(baseUri.Host, TestData.GetProperty("client_token").GetString()!, SecretText.Protect(TestData.GetProperty("client_secret").GetString()!), TestData.GetProperty("access_token").GetString()!));
        var authorization = signer.CreateAuthorization("POST", new Uri(baseUri, "/testapi/v1/t3?extended=true"), baseUri.Host, Array.Empty<KeyValuePair<string, string>>(), Encoding.UTF8.GetBytes("{\"key\": \"value\"}"), TestData.GetProperty("timestamp").GetString()!, TestData.GetProperty("nonce").GetString()!);
        Assert.Equal(TestData.GetProperty("jsontest_hash").GetString(), authorization);
    }

    [Fact]
    public void Content_hash_covers_only_non_empty_post_bodies_up_to_max_body()
    {
        Assert.Equal(string.Empty, EdgeGridSigner.ContentHash("PUT", Encoding.UTF8.GetBytes("test_body"), 2048));
        Assert.Equal(string.Empty, EdgeGridSigner.ContentHash("POST", Array.Empty<byte>(), 2048));
        Assert.Equal(EdgeGridSigner.ContentHash("POST", Encoding.UTF8.GetBytes("test"), 2048), EdgeGridSigner.ContentHash("POST", Encoding.UTF8.GetBytes("test_body"), 4));
    }

    [Fact]
    public void Timestamp_has_the_edgegrid_format() =>
        Assert.Equal("20140321T19:34:21+0000", EdgeGridSigner.FormatTimestamp(new DateTimeOffset(2014, 3, 21, 20, 34, 21, TimeSpan.FromHours(1))));

    [Fact]
    public void Sign_uses_the_scheme_host_and_port_actually_sent_and_a_new_nonce_each_time()
    {
        var signer = new EdgeGridSigner(Credential());
        using var first = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, "http://127.0.0.1:5181/siem/v1/configs/1;2?offset=a%3Bb");
        using var second = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, "http://127.0.0.1:5181/siem/v1/configs/1;2?offset=a%3Bb");
        signer.Sign(first);
        signer.Sign(second);

        var header = first.Headers.GetValues("Authorization").Single();
        var nonce = header.Split(';').Single(p => p.StartsWith("nonce=", StringComparison.Ordinal));
        Assert.StartsWith("EG1-HMAC-SHA256 client_token=akab-client-token-xxx-xxxxxxxxxxxxxxxx;access_token=", header);
        Assert.DoesNotContain(nonce, second.Headers.GetValues("Authorization").Single());
        Assert.DoesNotContain(TestData.GetProperty("client_secret").GetString()!, header);
    }

    private static EdgeGridCredential Credential() => new(
        TestData.GetProperty("base_url").GetString()!,
        TestData.GetProperty("client_token").GetString()!,
        SecretText.Protect(TestData.GetProperty("client_secret").GetString()!),
        TestData.GetProperty("access_token").GetString()!,
        TestData.GetProperty("max_body").GetInt32(),
        TestData.GetProperty("headers_to_sign").EnumerateArray().Select(h => h.GetString()!).ToArray());

    private static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture("edgegrid", file))).RootElement;
}
