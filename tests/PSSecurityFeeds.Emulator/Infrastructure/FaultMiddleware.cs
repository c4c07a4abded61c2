using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PSSecurityFeeds.Emulator.Infrastructure;

/// <summary>Records each request and applies the next planned fault of its route.</summary>
internal sealed class FaultMiddleware(RequestDelegate next, FaultInjector faults, RequestJournal journal, EmulatorClock clock)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "unrouted";
        journal.Add(new RecordedRequest(
            clock.UtcNow,
            route,
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));

        if (route.StartsWith(EmulatorServer.AdminRoutePrefix, StringComparison.Ordinal) || faults.Take(route) is not { } fault)
        {
            await next(context);
            return;
        }

        if (fault.Delay > TimeSpan.Zero)
        {
            await Task.Delay(fault.Delay, context.RequestAborted);
        }

        if (fault.Reset)
        {
            context.Abort();
            return;
        }

        if (fault.Status is int status)
        {
            context.Response.StatusCode = status;
            if (fault.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = fault.RetryAfter;
            }

            if (fault.Body is not null)
            {
                context.Response.ContentType = fault.Body.TrimStart().StartsWith('{') ? "application/json" : "text/plain";
                await context.Response.WriteAsync(fault.Body);
            }

            return;
        }

        if ((fault.CutAfterBytes ?? fault.StallAfterBytes) is long bytes)
        {
            context.Response.Body = new CuttingStream(context.Response.Body, context, bytes, stall: fault.CutAfterBytes is null);
            try
            {
                await next(context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // the cut aborted the connection, or the client left a stalled body; nothing more to send
            }

            return;
        }

        await next(context);
    }
}
