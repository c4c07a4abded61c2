using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PSSecurityFeeds.Emulator.Infrastructure;

/// <summary>
/// A forward proxy for plain http, on its own loopback port, that counts what passes through: the tests of
/// -Proxy and -ProxyCredential. It forwards absolute-form requests (GET http://host/path) to loopback targets
/// only — it never reaches beyond this machine — and can require Basic credentials, answering 407 without them.
/// </summary>
public sealed class ForwardProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authorization", "Proxy-Authenticate", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    });

    private WebApplication? _app;
    private volatile NetworkCredential? _required;

    private ForwardProxy()
    {
    }

    /// <summary>The proxy's address, such as http://127.0.0.1:5081.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Every request that reached the proxy, in arrival order, refused ones included.</summary>
    public IReadOnlyList<ProxiedRequest> Requests => _requests.ToArray();

    public static async Task<ForwardProxy> StartAsync()
    {
        var proxy = new ForwardProxy();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        proxy._app = builder.Build();
        proxy._app.Run(proxy.HandleAsync);
        await proxy._app.StartAsync();
        var address = proxy._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        proxy.BaseUri = new Uri(address.TrimEnd('/'));
        return proxy;
    }

    /// <summary>From now on, requests without these Basic credentials get 407; null lets every request through.</summary>
    public void RequireCredential(NetworkCredential? credential) => _required = credential;

    /// <summary>Forgets the requests seen and lets every request through again.</summary>
    public void Reset()
    {
        _requests.Clear();
        _required = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _client.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var user = BasicUser(context.Request.Headers.ProxyAuthorization.ToString(), out var password);
        _requests.Enqueue(new ProxiedRequest(DateTimeOffset.UtcNow, context.Request.Method, target, user));

        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            await Refuse(context, StatusCodes.Status400BadRequest, "A forward proxy takes absolute-form http:// targets.");
            return;
        }

        if (!IPAddress.TryParse(uri.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "This proxy forwards to loopback addresses only.");
            return;
        }

        if (_required is { } required && (user != required.UserName || password != required.Password))
        {
            context.Response.Headers.ProxyAuthenticate = "Basic realm=\"emulator\"";
            await Refuse(context, StatusCodes.Status407ProxyAuthenticationRequired, "Proxy credentials required.");
            return;
        }

        using var forwarded = new HttpRequestMessage(new HttpMethod(context.Request.Method), uri);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            forwarded.Content = new StreamContent(context.Request.Body);
        }

        foreach (var header in context.Request.Headers.Where(h => !HopByHop.Contains(h.Key)))
        {
            if (!forwarded.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
            {
                forwarded.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
        }

        using var response = await _client.SendAsync(forwarded, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers).Where(h => !HopByHop.Contains(h.Key)))
        {
            context.Response.Headers[header.Key] = header.Value.ToArray();
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsync(message);
    }

    /// <summary>The user name of a Basic Proxy-Authorization header (its password comes out separately, never recorded).</summary>
    private static string? BasicUser(string header, out string? password)
    {
        password = null;
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        var colon = decoded.IndexOf(':');
        password = colon < 0 ? string.Empty : decoded[(colon + 1)..];
        return colon < 0 ? decoded : decoded[..colon];
    }
}

/// <summary>A request as the proxy received it: the target it was asked for and the proxy user it came with, if any.</summary>
public sealed record ProxiedRequest(DateTimeOffset ReceivedAt, string Method, string Target, string? ProxyUser);
