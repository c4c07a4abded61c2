using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PSSecurityFeeds.Emulator.Infrastructure;

namespace PSSecurityFeeds.Emulator;

/// <summary>
/// The vendor emulator: Kestrel on 127.0.0.1 serving every <see cref="IEmulatorModule"/>, a health check,
/// fault injection and a request journal. Started in-process by tests (port 0 picks a free one) or
/// standalone by Program for Pester and the demo.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    internal const string AdminRoutePrefix = "emulator.";

    private readonly WebApplication _app;

    private EmulatorServer(WebApplication app, Uri baseUri, ForwardProxy proxy)
    {
        _app = app;
        BaseUri = baseUri;
        Proxy = proxy;
    }

    /// <summary>The address the emulator listens on, such as http://127.0.0.1:5080 (no trailing slash).</summary>
    public Uri BaseUri { get; }

    public IServiceProvider Services => _app.Services;

    public FaultInjector Faults => Services.GetRequiredService<FaultInjector>();

    public RequestJournal Requests => Services.GetRequiredService<RequestJournal>();

    public EmulatorClock Clock => Services.GetRequiredService<EmulatorClock>();

    /// <summary>A forward proxy on its own port that counts what passes through (see /_emulator/proxy).</summary>
    public ForwardProxy Proxy { get; }

    /// <summary>A vendor module's state, to tune it from a test.</summary>
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<EmulatorServer> StartAsync(int port = 0)
    {
        var proxy = await ForwardProxy.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestLineSize = 64 * 1024; // Signal Sciences next tokens are long; 414 is emulated by the route
        });
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton<RequestJournal>();
        builder.Services.AddSingleton<EmulatorClock>();
        builder.Services.AddSingleton(proxy);
        var modules = DiscoverModules();
        foreach (var module in modules)
        {
            module.Register(builder.Services);
        }

        var app = builder.Build();
        app.UseRouting();
        app.UseMiddleware<FaultMiddleware>();
        MapAdminRoutes(app);
        MapAccounts(app, modules.OfType<IEmulatorTestAccount>().ToList());
        foreach (var module in modules)
        {
            module.Map(app);
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new EmulatorServer(app, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/')), proxy);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Proxy.DisposeAsync();
    }

    /// <summary>The Basic credentials POST /_emulator/proxy makes the proxy require.</summary>
    public sealed record ProxyCredentialSetting(string User, string Password);

    private static List<IEmulatorModule> DiscoverModules() =>
        typeof(EmulatorServer).Assembly.GetTypes()
            .Where(t => typeof(IEmulatorModule).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IEmulatorModule)Activator.CreateInstance(t)!)
            .ToList();

    /// <summary>GET /_emulator/accounts: each vendor's base address and test credentials, as the demo and users connect with them.</summary>
    private static void MapAccounts(WebApplication app, List<IEmulatorTestAccount> accounts) =>
        app.MapGet("/_emulator/accounts", (HttpContext context) =>
        {
            var baseUri = new Uri($"{context.Request.Scheme}://{context.Request.Host}");
            return Results.Json(accounts.ToDictionary(a => a.AccountName, a => a.DescribeAccount(baseUri, context.RequestServices)));
        }).WithName(AdminRoutePrefix + "accounts");

    /// <summary>
    /// /health for readiness checks, /_emulator/faults to plan faults over HTTP (Pester, the demo),
    /// /_emulator/requests to read (DELETE: clear) the journal, /_emulator/proxy for the forward proxy (its address and what
    /// passed through; POST credentials it then requires; DELETE to reset it); /_emulator/echo (answers with the request it got) and
    /// /_emulator/stall (sends some bytes, then goes quiet) are plain routes to test the HTTP pipeline.
    /// </summary>
    private static void MapAdminRoutes(WebApplication app)
    {
        app.MapGet("/health", () => Results.Json(new { status = "ok" })).WithName(AdminRoutePrefix + "health");
        app.MapPost("/_emulator/faults/{route}", (string route, Fault[] faults, FaultInjector injector) =>
        {
            injector.Enqueue(route, faults);
            return Results.Json(injector.Snapshot());
        }).WithName(AdminRoutePrefix + "faults.add");
        app.MapDelete("/_emulator/faults", (FaultInjector injector) =>
        {
            injector.Clear();
            return Results.NoContent();
        }).WithName(AdminRoutePrefix + "faults.clear");
        app.MapGet("/_emulator/requests", (RequestJournal journal) => Results.Json(journal.All)).WithName(AdminRoutePrefix + "requests");
        app.MapDelete("/_emulator/requests", (RequestJournal journal) =>
        {
            journal.Clear();
            return Results.NoContent();
        }).WithName(AdminRoutePrefix + "requests.clear");
        app.MapGet("/_emulator/proxy", (ForwardProxy proxy) => Results.Json(new { address = proxy.BaseUri.ToString().TrimEnd('/'), requests = proxy.Requests }))
            .WithName(AdminRoutePrefix + "proxy");
        app.MapPost("/_emulator/proxy", (ProxyCredentialSetting required, ForwardProxy proxy) =>
        {
            proxy.RequireCredential(new NetworkCredential(required.User, required.Password));
            return Results.NoContent();
        }).WithName(AdminRoutePrefix + "proxy.require");
        app.MapDelete("/_emulator/proxy", (ForwardProxy proxy) =>
        {
            proxy.Reset();
            return Results.NoContent();
        }).WithName(AdminRoutePrefix + "proxy.reset");
        app.Map("/_emulator/echo", async (HttpContext context) =>
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString());
            await using var body = CompressedBody.Open(context, "application/json");
            await System.Text.Json.JsonSerializer.SerializeAsync(body, new { method = context.Request.Method, path = context.Request.Path.Value, query = context.Request.QueryString.Value, headers });
        }).WithName("echo");
        app.MapGet("/_emulator/stall", async (HttpContext context, int bytes, int stallMs) =>
        {
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(new byte[bytes]);
            await context.Response.Body.FlushAsync();
            await Task.Delay(stallMs, context.RequestAborted);
        }).WithName("stall");
    }
}
