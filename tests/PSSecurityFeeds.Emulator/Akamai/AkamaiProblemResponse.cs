using System;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace PSSecurityFeeds.Emulator.Akamai;

/// <summary>An application/problem+json error as the SIEM API sends it (see reference/akamai-siem/examples).</summary>
internal sealed record AkamaiProblemResponse(int Status, string Slug, string Title, string Detail)
{
    public async Task WriteAsync(HttpContext context, DateTimeOffset now)
    {
        context.Response.StatusCode = Status;
        context.Response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            type = "https://problems.cloudsecurity.akamaiapis.net/siem/v1/" + Slug,
            title = Title,
            instance = $"https://{context.Request.Host}{context.Request.Path}{context.Request.QueryString}",
            detail = Detail,
            method = context.Request.Method,
            serverIp = "192.0.2.1",
            clientIp = context.Connection.RemoteIpAddress?.ToString(),
            requestId = Guid.NewGuid().ToString("N")[..7],
            requestTime = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
        });
    }
}
