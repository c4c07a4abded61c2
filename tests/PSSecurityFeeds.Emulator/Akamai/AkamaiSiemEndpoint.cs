using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using PSSecurityFeeds.Emulator.Infrastructure;

namespace PSSecurityFeeds.Emulator.Akamai;

/// <summary>
/// GET /siem/v1/configs/{configId}: EdgeGrid-verified, offset mode or time mode (time wins when both are sent,
/// as in the real API), the limit rules (default 10,000, at most 600,000, approximate: a few more may come),
/// 416 for expired offsets, problem+json errors, and an NDJSON body streamed as it is generated, gzip when asked.
/// </summary>
internal static class AkamaiSiemEndpoint
{
    private const int DefaultLimit = 10_000;
    private const int MaxLimit = 600_000;
    private static readonly TimeSpan MaxLookback = TimeSpan.FromHours(12);

    public static async Task HandleAsync(HttpContext context, AkamaiSiemState state, EmulatorClock clock)
    {
        var now = clock.UtcNow;
        if (EdgeGridVerifier.Verify(context, state, clock) is { } signatureProblem)
        {
            await signatureProblem.WriteAsync(context, now);
            return;
        }

        if (!TryParseConfigIds(context, out var configIds))
        {
            await BadRequest("The configId must be one or more integers separated by ';'.").WriteAsync(context, now);
            return;
        }

        if (configIds.FirstOrDefault(id => !state.KnownConfigIds.Contains(id)) is var unknown && unknown != 0)
        {
            await new AkamaiProblemResponse(404, "not-found", "Not found", $"The data for the object requested does not exist (configId {unknown}).").WriteAsync(context, now);
            return;
        }

        if (configIds.Any(state.ForbiddenConfigIds.Contains))
        {
            await new AkamaiProblemResponse(403, "unauthorized", "Unauthorized", "The specified user is unauthorized to access the requested data").WriteAsync(context, now);
            return;
        }

        var configPath = string.Join(";", configIds);
        var query = context.Request.Query;
        var limit = DefaultLimit;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
        {
            await BadRequest($"limit must be an integer from 1 to {MaxLimit}.").WriteAsync(context, now);
            return;
        }

        long start, end;
        if (query.ContainsKey("from"))
        {
            if (!long.TryParse(query["from"], NumberStyles.None, CultureInfo.InvariantCulture, out var fromSeconds))
            {
                await BadRequest("from must be Unix epoch seconds.").WriteAsync(context, now);
                return;
            }

            var from = DateTimeOffset.FromUnixTimeSeconds(fromSeconds);
            var to = now;
            if (query.ContainsKey("to"))
            {
                if (!long.TryParse(query["to"], NumberStyles.None, CultureInfo.InvariantCulture, out var toSeconds))
                {
                    await BadRequest("to must be Unix epoch seconds.").WriteAsync(context, now);
                    return;
                }

                to = DateTimeOffset.FromUnixTimeSeconds(toSeconds);
            }

            if (from < now - MaxLookback || to > now + TimeSpan.FromSeconds(1) || from >= to)
            {
                await BadRequest("from must be within the last 12 hours, before to, and to must not be in the future.").WriteAsync(context, now);
                return;
            }

            start = state.FirstAtOrAfter(from);
            end = state.FirstAtOrAfter(to);
        }
        else
        {
            var offset = query["offset"].ToString();
            if (offset.Length == 0 || offset == "NULL")
            {
                start = state.FirstAtOrAfter(now - MaxLookback);
            }
            else if (!AkamaiOffsetToken.TryRead(offset, configPath, out start, out var issuedAt))
            {
                await BadRequest("The offset is not one this API issued for these configurations.").WriteAsync(context, now);
                return;
            }
            else if (issuedAt < now - state.OffsetLifetime || issuedAt < state.OffsetsValidAfter)
            {
                await new AkamaiProblemResponse(416, "offset-too-old", "Expired offset parameter in the request", "Expired offset parameter in the request").WriteAsync(context, now);
                return;
            }

            end = state.EventCount;
        }

        // "Approximate" limit: events come in buckets, so a response may hold a few more than asked.
        var count = Math.Min(end - start, limit + (limit < end - start ? start % 3 : 0));
        await WriteEventsAsync(context, state, configIds, start, count, limit, AkamaiOffsetToken.Create(configPath, start + count, now));
    }

    private static async Task WriteEventsAsync(HttpContext context, AkamaiSiemState state, int[] configIds, long start, long count, int limit, string nextOffset)
    {
        Stream body;
        if (state.CompressWhenAsked)
        {
            body = CompressedBody.Open(context, "application/json");
        }
        else
        {
            context.Response.ContentType = "application/json";
            body = context.Response.Body;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            var used = 0;
            for (var position = start; position < start + count; position++)
            {
                if (buffer.Length - used < AkamaiEventGenerator.MaxLineLength)
                {
                    await body.WriteAsync(buffer.AsMemory(0, used), context.RequestAborted);
                    used = 0;
                }

                var malformed = state.MalformedEvery > 0 && (position + 1) % state.MalformedEvery == 0;
                used += AkamaiEventGenerator.Write(buffer.AsSpan(used), position, configIds[position % configIds.Length], state.TimeOf(position), malformed);
            }

            used += Encoding.UTF8.GetBytes($"{{\"total\":{count},\"offset\":\"{nextOffset}\",\"limit\":{limit}}}", buffer.AsSpan(used));
            await body.WriteAsync(buffer.AsMemory(0, used), context.RequestAborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!ReferenceEquals(body, context.Response.Body))
            {
                await body.DisposeAsync();
            }
        }
    }

    /// <summary>The ids from the raw path, so ';' sent as %3B and as ';' are read alike.</summary>
    private static bool TryParseConfigIds(HttpContext context, out int[] configIds)
    {
        var segment = Uri.UnescapeDataString((context.Request.Path.Value ?? string.Empty).Split('/').Last());
        var ids = new List<int>();
        foreach (var part in segment.Split(';'))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                configIds = Array.Empty<int>();
                return false;
            }

            ids.Add(id);
        }

        configIds = ids.ToArray();
        return ids.Count > 0;
    }

    private static AkamaiProblemResponse BadRequest(string detail) =>
        new(400, "missing-parameters", "Missing mandatory parameter(s) or illegal parameter(s) in the request", detail);
}
