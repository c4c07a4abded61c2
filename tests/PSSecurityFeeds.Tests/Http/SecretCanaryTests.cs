using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Emulator.Infrastructure;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Http;

/// <summary>
/// Sends requests carrying every kind of secret the module handles through retries and failures, then
/// scans every log line and every exception text for them.
/// </summary>
public sealed class SecretCanaryTests : IClassFixture<EmulatorFixture>
{
    private const string BearerToken = "canary-bearer-4f1c9a7e";
    private const string ApiToken = "canary-x-api-token-88d2";
    private const string EdgeGridSignature = "EG1-HMAC-SHA256 client_token=canary-ct-1;access_token=canary-at-2;timestamp=20261122T00:00:00+0000;nonce=n;signature=canary-sig-3";
    private const string SseCustomerKey = "Y2FuYXJ5LXNzZS1jLWtleS0zMi1ieXRlcy0xMjM0NTY=";
    private const string Password = "canary-password-p@ss word";
    private const string PresignedSignature = "canarysignature0123456789abcdef";

    private static readonly string[] Secrets =
    {
        BearerToken, ApiToken, "canary-ct-1", "canary-at-2", "canary-sig-3", SseCustomerKey, Password, PresignedSignature,
    };

    private readonly EmulatorFixture _emulator;

    public SecretCanaryTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
    }

    [Fact]
    public async Task No_secret_reaches_a_log_line_or_an_exception()
    {
        var redactor = new SecretRedactor();
        foreach (var secret in new[] { BearerToken, ApiToken, "canary-ct-1", "canary-at-2", "canary-sig-3", SseCustomerKey, Password })
        {
            redactor.Add(secret);
        }

        var options = HttpPipelineTests.FastRetries();
        options.MaxRetries = 1;
        using var pipeline = new HttpPipeline(options, redactor);
        var log = new OperationLog(redactor);
        var texts = new List<string>();

        // Every failure echoes the secrets back in its body, as a careless server might.
        var echoed = string.Join(" ", Secrets);
        var query = "?X-Amz-Signature=" + PresignedSignature + "&X-Amz-Credential=" + Uri.EscapeDataString(Password) + "&part=1";
        _emulator.Server.Faults.Enqueue("echo", Fault.WithStatus(500, body: echoed), Fault.WithStatus(500, body: echoed));
        _emulator.Server.Faults.Enqueue("echo", Fault.WithStatus(401, body: echoed));
        _emulator.Server.Faults.Enqueue("echo", Fault.ResetConnection(), Fault.ResetConnection());

        for (var i = 0; i < 3; i++)
        {
            var request = new ApiRequest(HttpMethod.Post, new Uri(_emulator.BaseUri, "/_emulator/echo" + query))
            {
                Content = () => new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "soc@example.com", ["password"] = Password }),
                Authorize = message =>
                {
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BearerToken);
                    message.Headers.Add("X-API-Token", ApiToken);
                    message.Headers.TryAddWithoutValidation("X-Akamai-Auth", EdgeGridSignature);
                    message.Headers.Add("x-amz-server-side-encryption-customer-key", SseCustomerKey);
                },
            };
            var error = await Assert.ThrowsAnyAsync<Exception>(() => pipeline.SendAsync(request, log, CancellationToken.None));
            texts.Add(error.Message);
            texts.Add(error.ToString());
            if (error is ApiException api)
            {
                texts.Add(api.ResponseBody);
                texts.Add(api.RequestUrl);
            }
        }

        while (log.TryTake(out var entry))
        {
            texts.Add(entry.Message);
        }

        Assert.Equal(5, _emulator.Server.Requests.For("echo").Count); // the failures really happened
        Assert.True(texts.Count > 10);
        foreach (var text in texts)
        {
            foreach (var secret in Secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
                Assert.DoesNotContain(Uri.EscapeDataString(secret), text, StringComparison.Ordinal);
            }
        }

        Assert.Contains(texts, t => t.Contains("X-Amz-Signature=***", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("part=1", StringComparison.Ordinal));
    }
}
