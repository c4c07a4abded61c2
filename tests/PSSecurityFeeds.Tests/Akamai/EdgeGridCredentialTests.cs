using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.Diagnostics;
using Xunit;

namespace PSSecurityFeeds.Tests.Akamai;

public sealed class EdgeGridCredentialTests : IDisposable
{
    private const string Secret = "s3cr3t-value-that-must-not-show+/=";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "psf-edgerc-" + Guid.NewGuid().ToString("N"));

    public EdgeGridCredentialTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Reads_sections_quotes_inline_comments_max_body_and_headers_to_sign()
    {
        var path = Write(
            "; a comment",
            "[default]",
            "host = akab-default.luna.akamaiapis.net/   ; trailing slash is dropped",
            "client_token = akab-ct-default",
            $"client_secret = \"{Secret}\"",
            "access_token = 'akab-at-default' ; quoted and commented",
            "max-body = 4096",
            "headers_to_sign = X-One, X-Two",
            "",
            "[siem]",
            "host=akab-siem.luna.akamaiapis.net",
            "client_token=akab-ct-siem",
            "client_secret=c2VjcmV0",
            "access_token=akab-at-siem",
            "max_body=2048");

        var fallback = await EdgeRcFile.ReadAsync(path, "default", CancellationToken.None);
        var siem = await EdgeRcFile.ReadAsync(path, "siem", CancellationToken.None);

        Assert.Equal("akab-default.luna.akamaiapis.net", fallback.Host);
        Assert.Equal("akab-at-default", fallback.AccessToken);
        Assert.Equal(4096, fallback.MaxBody);
        Assert.Equal(new[] { "X-One", "X-Two" }, fallback.HeadersToSign);
        Assert.Equal(Secret.Length, fallback.ClientSecret.Length);
        Assert.Equal("akab-ct-siem", siem.ClientToken);
        Assert.Equal(2048, siem.MaxBody);
        Assert.Empty(siem.HeadersToSign);
        Assert.DoesNotContain(Secret, fallback.ToString());
    }

    [Fact]
    public async Task Default_max_body_is_the_library_default()
    {
        var path = Write("[default]", "host=h.example", "client_token=ct", "client_secret=cs", "access_token=at");
        Assert.Equal(131072, (await EdgeRcFile.ReadAsync(path, "default", CancellationToken.None)).MaxBody);
    }

    [Fact]
    public async Task Missing_file_section_and_key_are_named_without_secrets()
    {
        var missingFile = await Assert.ThrowsAsync<FeedException>(() => EdgeRcFile.ReadAsync(Path.Combine(_folder, "nope"), "default", CancellationToken.None));
        Assert.Equal("EdgeRcNotFound", missingFile.ErrorId);
        Assert.Contains("nope", missingFile.Message);

        var path = Write("[default]", "host=h.example", "client_token=ct", $"client_secret={Secret}");
        var missingSection = await Assert.ThrowsAsync<FeedException>(() => EdgeRcFile.ReadAsync(path, "siem", CancellationToken.None));
        Assert.Equal("EdgeRcSectionNotFound", missingSection.ErrorId);
        Assert.Contains("[siem]", missingSection.Message);
        Assert.Contains("[default]", missingSection.Message);

        var missingKey = await Assert.ThrowsAsync<FeedException>(() => EdgeRcFile.ReadAsync(path, "default", CancellationToken.None));
        Assert.Equal("EdgeRcKeyMissing", missingKey.ErrorId);
        Assert.Contains("'access_token'", missingKey.Message);
        Assert.Contains(path, missingKey.Message);
        Assert.Contains("[default]", missingKey.Message);
        Assert.DoesNotContain(Secret, missingKey.Message);
    }

    [Fact]
    public async Task Environment_variables_win_and_use_the_section_prefix()
    {
        var variables = new Dictionary<string, string>
        {
            ["AKAMAI_SIEM_HOST"] = "akab-env.luna.akamaiapis.net",
            ["AKAMAI_SIEM_CLIENT_TOKEN"] = "ct-env",
            ["AKAMAI_SIEM_CLIENT_SECRET"] = Secret,
            ["AKAMAI_SIEM_ACCESS_TOKEN"] = "at-env",
        };

        var credential = await AkamaiCredentialSource.ResolveAsync(null, "siem", name => variables.TryGetValue(name, out var v) ? v : null, CancellationToken.None);

        Assert.Equal("akab-env.luna.akamaiapis.net", credential.Host);
        Assert.Equal("ct-env", credential.ClientToken);
        Assert.Contains("AKAMAI_SIEM_", credential.Source);
        Assert.Null(AkamaiCredentialSource.FromEnvironment("default", name => variables.TryGetValue(name, out var v) ? v : null));
    }

    [Fact]
    public void Partial_environment_names_the_missing_variables()
    {
        var variables = new Dictionary<string, string> { ["AKAMAI_HOST"] = "h", ["AKAMAI_CLIENT_SECRET"] = Secret };
        var error = Assert.Throws<FeedException>(() => AkamaiCredentialSource.FromEnvironment("default", name => variables.TryGetValue(name, out var v) ? v : null));
        Assert.Equal("AkamaiEnvironmentIncomplete", error.ErrorId);
        Assert.Contains("AKAMAI_CLIENT_TOKEN", error.Message);
        Assert.Contains("AKAMAI_ACCESS_TOKEN", error.Message);
        Assert.DoesNotContain(Secret, error.Message);
    }

    [Fact]
    public async Task Without_environment_the_edgerc_file_is_read()
    {
        var path = Write("[default]", "host=file.example", "client_token=ct", "client_secret=cs", "access_token=at");
        Assert.Equal("file.example", (await AkamaiCredentialSource.ResolveAsync(path, "default", _ => "ignored-when-a-path-is-given", CancellationToken.None)).Host);
    }

    [Fact]
    public void Lists_sections_for_tab_completion_and_nothing_for_a_missing_file()
    {
        var path = Write("[default]", "host = a.luna.akamaiapis.net", "[siem] ; the SIEM client", "host = b.luna.akamaiapis.net");

        Assert.Equal(new[] { "default", "siem" }, EdgeRcFile.SectionsOf(path));
        Assert.Empty(EdgeRcFile.SectionsOf(Path.Combine(_folder, "nope")));
    }

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_folder, ".edgerc");
        File.WriteAllLines(path, lines);
        return path;
    }
}
