using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PSSecurityFeeds.Emulator.Infrastructure;

namespace PSSecurityFeeds.Emulator.SigSci;

/// <summary>
/// The Signal Sciences API v0 as the module uses it: password login and logout, the corp lookup that
/// checks a credential, the corp's sites list (paged with limit and page, as the vendor's), and the request feed with its window rules, 1,000-request pages, next URIs that
/// expire, 414 for next URIs too long for a query string (accepted as a form body) and the per-site and
/// per-corp concurrency limits, and a request rate limit reported as a 400, as the vendor does.
/// </summary>
public sealed class SigSciModule : IEmulatorModule, IEmulatorTestAccount
{
    public const int PageSize = 1000;
    private const string FeedPath = "/api/v0/corps/{corp}/sites/{site}/feed/requests";

    public string AccountName => "sigSci";

    public void Register(IServiceCollection services) => services.AddSingleton<SigSciEmulatorState>();

    public object DescribeAccount(Uri emulatorBaseUri, IServiceProvider services) => new
    {
        apiBaseUri = emulatorBaseUri.GetLeftPart(UriPartial.Authority),
        corp = SigSciEmulatorState.Corp,
        email = SigSciEmulatorState.Email,
        apiToken = SigSciEmulatorState.ApiToken,
        password = SigSciEmulatorState.Password,
        sites = SigSciEmulatorState.Sites,
    };

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v0/auth", Login).WithName("sigsci.auth");
        routes.MapMethods("/api/v0/auth/logout", new[] { "GET", "POST" }, Logout).WithName("sigsci.logout");
        routes.MapGet("/api/v0/corps/{corp}", GetCorp).WithName("sigsci.corp");
        routes.MapGet("/api/v0/corps/{corp}/sites", GetSites).WithName("sigsci.sites");
        routes.MapMethods(FeedPath, new[] { "GET", "POST" }, GetFeed).WithName("sigsci.feed");
        routes.MapPost("/_emulator/sigsci/settings", (SigSciSettings settings, SigSciEmulatorState state) =>
        {
            state.Apply(settings);
            return Results.Json(new
            {
                nextTokenLifetimeMs = state.NextTokenLifetime.TotalMilliseconds,
                state.RequestsPerMinute,
                pageLatencyMs = state.PageLatency.TotalMilliseconds,
                state.NextTokenPadding,
                state.MaxQueryLength,
                state.FeedRequestsPerSecond,
                state.MalformedEvery,
            });
        }).WithName(EmulatorServer.AdminRoutePrefix + "sigsci.settings");
    }

    private static async Task<IResult> Login(HttpContext context, SigSciEmulatorState state)
    {
        if (!context.Request.HasFormContentType)
        {
            return Message(400, "Send email and password as a form body.");
        }

        var form = await context.Request.ReadFormAsync();
        if (form["email"] != SigSciEmulatorState.Email || form["password"] != SigSciEmulatorState.Password)
        {
            return Message(401, "Invalid email or password");
        }

        return Results.Json(new { token = state.IssueBearerToken() });
    }

    private static IResult Logout(HttpContext context, SigSciEmulatorState state) =>
        BearerOf(context) is { } token && state.RevokeBearerToken(token) ? Results.NoContent() : Message(401, "Not logged in");

    private static IResult GetCorp(string corp, HttpContext context, SigSciEmulatorState state)
    {
        if (!IsAuthorized(context, state))
        {
            return Message(401, "Not authorized");
        }

        return corp == SigSciEmulatorState.Corp
            ? Results.Json(new { name = corp, displayName = "Test Corp", sessionMaxAgeDays = 14 })
            : Message(404, "Corp not found");
    }

    private static IResult GetSites(string corp, HttpContext context, SigSciEmulatorState state)
    {
        if (!IsAuthorized(context, state))
        {
            return Message(401, "Not authorized");
        }

        if (corp != SigSciEmulatorState.Corp)
        {
            return Message(404, "Corp not found");
        }

        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var asked) ? asked : 100;
        var page = int.TryParse(query["page"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : 1;
        if (limit < 1 || page < 1)
        {
            return Message(400, "limit and page must be 1 or more");
        }

        var sites = SigSciEmulatorState.Sites.Select((name, index) => (name, index)).Skip((page - 1) * limit).Take(limit).Select(site => new
        {
            site.name,
            displayName = char.ToUpperInvariant(site.name[0]) + site.name[1..] + " site",
            agentLevel = site.name == "static" ? "log" : "block",
            blockHTTPCode = 406,
            blockDurationSeconds = 86400,
            created = new DateTimeOffset(2024, 1, 1 + site.index, 9, 30, 0, TimeSpan.FromHours(-8)),
            agentAnonMode = string.Empty,
        });
        return Results.Json(new { totalCount = SigSciEmulatorState.Sites.Count, data = sites });
    }

    private static async Task GetFeed(string corp, string site, HttpContext context, SigSciEmulatorState state, EmulatorClock clock)
    {
        if (!IsAuthorized(context, state))
        {
            await Write(context, Message(401, "Not authorized"));
            return;
        }

        if (corp != SigSciEmulatorState.Corp || !SigSciEmulatorState.Sites.Contains(site))
        {
            await Write(context, Message(404, corp != SigSciEmulatorState.Corp ? "Corp not found" : "Site not found"));
            return;
        }

        if ((context.Request.QueryString.Value?.Length ?? 0) > state.MaxQueryLength)
        {
            await Write(context, Message(414, "Request-URI Too Long"));
            return;
        }

        if (!state.RateLimit.TryTake(clock.UtcNow, state.FeedRequestsPerSecond))
        {
            await Write(context, Message(400, "Rate limit exceeded; slow down"));
            return;
        }

        if (!state.Concurrency.TryEnter(corp, site, state.MaxInFlightPerSite, state.MaxInFlightPerCorp))
        {
            await Write(context, Message(429, "Too many concurrent requests"));
            return;
        }

        try
        {
            var page = await PageOf(corp, site, context, state, clock);
            if (page.Error is not null)
            {
                await Write(context, page.Error);
                return;
            }

            if (state.PageLatency > TimeSpan.Zero)
            {
                await Task.Delay(state.PageLatency, context.RequestAborted);
            }

            await WritePage(context, state, clock, page.Token!);
        }
        finally
        {
            state.Concurrency.Exit(corp, site);
        }
    }

    /// <summary>Where the page starts: a next token (query string or form body) or a new window from the query.</summary>
    private static async Task<(SigSciNextToken? Token, IResult? Error)> PageOf(string corp, string site, HttpContext context, SigSciEmulatorState state, EmulatorClock clock)
    {
        string? next = context.Request.Query["next"];
        if (next is null && context.Request.HasFormContentType)
        {
            next = (await context.Request.ReadFormAsync())["next"];
        }

        if (next is not null)
        {
            var token = SigSciNextToken.TryDecode(next);
            if (token is null || token.Corp != corp || token.Site != site)
            {
                return (null, Message(400, "Invalid next token"));
            }

            var age = clock.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(token.IssuedAtMs);
            return age > state.NextTokenLifetime
                ? (null, Message(400, $"The next token has expired (it is valid for {state.NextTokenLifetime.TotalSeconds:0} s after it was issued); request the window again"))
                : (token, null);
        }

        var window = ValidateWindow(context.Request.Query, clock.UtcNow);
        if (window.Error is not null)
        {
            return (null, Message(400, window.Error));
        }

        return (new SigSciNextToken(corp, site, window.From, window.Until, context.Request.Query["tags"].ToString(), 0, 0, string.Empty), null);
    }

    private static (long From, long Until, string? Error) ValidateWindow(IQueryCollection query, DateTimeOffset now)
    {
        if (!long.TryParse(query["from"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var from) ||
            !long.TryParse(query["until"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var until))
        {
            return (0, 0, "from and until are required, as Unix seconds");
        }

        if (query["limit"].ToString() is { Length: > 0 } limitText &&
            (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) || limit < 1 || limit > PageSize))
        {
            return (0, 0, $"limit must be between 1 and {PageSize}");
        }

        var nowUnix = now.ToUnixTimeSeconds();
        string? error = null;
        if (from % 60 != 0 || until % 60 != 0)
        {
            error = "from and until must be on whole minutes (seconds == 0)";
        }
        else if (until > nowUnix - 5 * 60)
        {
            error = "until must be at least 5 minutes in the past";
        }
        else if (from < nowUnix - ((24 * 60) + 5) * 60)
        {
            error = "from must be no older than 24 hours 5 minutes";
        }
        else if (from >= until)
        {
            error = "from must be before until";
        }

        return (from, until, error);
    }

    private static async Task WritePage(HttpContext context, SigSciEmulatorState state, EmulatorClock clock, SigSciNextToken start)
    {
        var traffic = new SigSciTraffic(start.Corp, start.Site, start.From, start.Until, state.RequestsPerMinute, state.MalformedEvery);
        var tags = start.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var limit = int.TryParse(context.Request.Query["limit"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var asked) ? asked : PageSize;
        var positions = new List<int>(limit);
        var cursor = start.Cursor;
        for (; cursor < traffic.Count && positions.Count < limit; cursor++)
        {
            if (traffic.Matches(cursor, tags))
            {
                positions.Add(cursor);
            }
        }

        var nextUri = cursor < traffic.Count
            ? $"/api/v0/corps/{start.Corp}/sites/{start.Site}/feed/requests?next=" +
              (start with { Cursor = cursor, IssuedAtMs = clock.UtcNow.ToUnixTimeMilliseconds(), Padding = new string('Q', state.NextTokenPadding) }).Encode()
            : string.Empty;

        await using var body = CompressedBody.Open(context, "application/json");
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteStartObject("next");
        json.WriteString("uri", nextUri);
        json.WriteEndObject();
        json.WriteStartArray("data");
        foreach (var position in positions)
        {
            traffic.Write(json, position);
            if (json.BytesPending > 32 * 1024)
            {
                await json.FlushAsync(context.RequestAborted);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static bool IsAuthorized(HttpContext context, SigSciEmulatorState state)
    {
        if (BearerOf(context) is { } bearer)
        {
            return state.IsBearerToken(bearer);
        }

        return context.Request.Headers["X-API-User"] == SigSciEmulatorState.Email &&
               context.Request.Headers["X-API-Token"] == SigSciEmulatorState.ApiToken;
    }

    private static string? BearerOf(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
    }

    private static IResult Message(int status, string message) => Results.Json(new { message }, statusCode: status);

    private static Task Write(HttpContext context, IResult result) => result.ExecuteAsync(context);
}
