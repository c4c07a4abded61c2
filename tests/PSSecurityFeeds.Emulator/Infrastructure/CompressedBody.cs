using System.IO;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace PSSecurityFeeds.Emulator.Infrastructure;

/// <summary>Opens a route's response body, gzip-compressed when the client asked for it as the vendors do.</summary>
public static class CompressedBody
{
    public static Stream Open(HttpContext context, string contentType)
    {
        context.Response.ContentType = contentType;
        var acceptsGzip = context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", System.StringComparison.OrdinalIgnoreCase);
        if (!acceptsGzip)
        {
            return context.Response.Body;
        }

        context.Response.Headers.ContentEncoding = "gzip";
        return new GZipStream(context.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
    }
}
