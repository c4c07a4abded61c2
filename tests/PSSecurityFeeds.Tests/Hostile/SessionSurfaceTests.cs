using System;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Security;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Core.SigSci;
using Xunit;

namespace PSSecurityFeeds.Tests.Hostile;

/// <summary>
/// What Format-List * and ConvertTo-Json see of a session: its public properties. They are exactly what a user
/// needs, and none of them can lead to the pipeline, its options (the proxy credential) or a secret.
/// </summary>
public sealed class SessionSurfaceTests
{
    private static readonly string[] Common = { "Vendor", "BaseUri", "User", "ConnectedAt" };

    private static readonly Type[] Forbidden =
    {
        typeof(HttpPipeline), typeof(HttpPipelineOptions), typeof(SecretRedactor), typeof(NetworkCredential), typeof(SecureString),
        typeof(EdgeGridCredential), typeof(RequestRateLimiter), typeof(SekoiaSearchClient), typeof(SekoiaExportClient),
    };

    [Theory]
    [InlineData(typeof(SigSciSession), new[] { "Corp", "Email", "AuthMode" })]
    [InlineData(typeof(AkamaiSiemSession), new[] { "ClientToken", "CredentialSource" })]
    [InlineData(typeof(SekoiaSession), new[] { "Region" })]
    public void A_session_shows_the_vendor_endpoint_user_and_time_and_nothing_internal(Type session, string[] vendorProperties)
    {
        var shown = session.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(Common.Concat(vendorProperties).OrderBy(n => n, StringComparer.Ordinal), shown);
        Assert.All(session.GetProperties(BindingFlags.Public | BindingFlags.Instance), p => Assert.DoesNotContain(p.PropertyType, Forbidden));
        Assert.Empty(session.GetFields(BindingFlags.Public | BindingFlags.Instance));
    }

    [Fact]
    public void Every_session_is_built_on_a_pipeline_the_caller_made()
    {
        foreach (var session in new[] { typeof(SigSciSession), typeof(AkamaiSiemSession), typeof(SekoiaSession) })
        {
            Assert.All(session.GetConstructors(), c => Assert.Contains(c.GetParameters(), p => p.ParameterType == typeof(HttpPipeline) && !p.IsOptional));
        }
    }
}
