using System;
using System.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PSSecurityFeeds.Emulator.Infrastructure;

namespace PSSecurityFeeds.Emulator.Akamai;

/// <summary>The Akamai SIEM API v1 ("akamai.siem"), the host check ("akamai.probe") and two admin routes to tune the emulated tenant over HTTP.</summary>
public sealed class AkamaiEmulatorModule : IEmulatorModule, IEmulatorTestAccount
{
    public const string SiemRoute = "akamai.siem";

    /// <summary>HEAD /siem/v1/configs, the reachability check of Connect-AkamaiSiem: refused like any unsigned request.</summary>
    public const string ProbeRoute = "akamai.probe";

    public string AccountName => "akamaiSiem";

    public void Register(IServiceCollection services) => services.AddSingleton<AkamaiSiemState>();

    public object DescribeAccount(Uri emulatorBaseUri, IServiceProvider services)
    {
        var state = services.GetRequiredService<AkamaiSiemState>();
        return new
        {
            hostName = emulatorBaseUri.GetLeftPart(UriPartial.Authority),
            clientToken = AkamaiSiemState.ClientToken,
            accessToken = AkamaiSiemState.AccessToken,
            clientSecret = AkamaiSiemState.ClientSecret,
            configIds = state.KnownConfigIds.Except(state.ForbiddenConfigIds).Order().ToArray(),
        };
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/siem/v1/configs/{configId}", AkamaiSiemEndpoint.HandleAsync).WithName(SiemRoute);
        routes.MapMethods("/siem/v1/configs", new[] { HttpMethods.Head }, () => Results.StatusCode(StatusCodes.Status401Unauthorized)).WithName(ProbeRoute);

        // For Pester and the demo: let every offset issued so far expire (the next offset request gets 416).
        routes.MapPost("/_emulator/akamai/expire-offsets", (AkamaiSiemState state, EmulatorClock clock) =>
        {
            state.OffsetsValidAfter = clock.UtcNow;
            return Results.NoContent();
        }).WithName(EmulatorServer.AdminRoutePrefix + "akamai.expire-offsets");

        routes.MapPost("/_emulator/akamai/settings", (AkamaiSettings settings, AkamaiSiemState state) =>
        {
            state.EventCount = settings.EventCount ?? state.EventCount;
            state.MalformedEvery = settings.MalformedEvery ?? state.MalformedEvery;
            state.CompressWhenAsked = settings.CompressWhenAsked ?? state.CompressWhenAsked;
            if (settings.WindowMinutes is double minutes)
            {
                state.Window = TimeSpan.FromMinutes(minutes);
            }

            return Results.Json(new { state.EventCount, state.MalformedEvery, WindowMinutes = state.Window.TotalMinutes, state.CompressWhenAsked });
        }).WithName(EmulatorServer.AdminRoutePrefix + "akamai.settings");
    }

    /// <summary>The settings POST /_emulator/akamai/settings may change; absent ones stay.</summary>
    public sealed record AkamaiSettings(long? EventCount, int? MalformedEvery, double? WindowMinutes, bool? CompressWhenAsked);
}
