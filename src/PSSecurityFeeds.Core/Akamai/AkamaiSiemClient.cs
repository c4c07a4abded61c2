using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.State;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// Streams security events from the SIEM API. Each response is read line by line from the network; the last
    /// line (the response context) gives the next offset. A response that breaks off is asked for again from the
    /// same offset and the lines already delivered are skipped by position (checked with a hash of the raw lines,
    /// never by requestId, which is not unique). The checkpoint advances only once the consumer has taken every
    /// event of a response; a run stopped in the middle of a response records how far it got.
    /// </summary>
    public sealed class AkamaiSiemClient
    {
        private readonly AkamaiSiemSession _session;
        private readonly Backoff _backoff;

        internal AkamaiSiemClient(AkamaiSiemSession session)
        {
            _session = session;
            _backoff = new Backoff(session.Pipeline.Options.InitialBackoff, session.Pipeline.Options.MaxBackoff);
        }

        public AkamaiSiemProgress Progress { get; } = new AkamaiSiemProgress();

        /// <summary>The context line of the last whole response: its offset continues the feed.</summary>
        public AkamaiResponseContext? LastContext { get; private set; }

        public async IAsyncEnumerable<AkamaiSiemRecord> ReadAsync(AkamaiSiemQuery query, OperationLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            _session.EnsureOpen();
            query.Validate(DateTimeOffset.UtcNow);
            using var checkpoint = query.CheckpointPath is null ? null : CheckpointFile<AkamaiSiemCheckpoint>.Open(query.CheckpointPath);
            var saved = checkpoint?.Read();
            RequireSameConfigs(saved, query, checkpoint?.Path);

            var cursor = FirstCursor(query, saved, log);
            var lastEventTime = saved?.LastEventTime;
            AkamaiSiemRecord? lastRecord = null;
            var expiredOffset = saved?.Offset;
            var responseOpen = false;
            // Typed events are parsed ahead by two parsers side by side, overlapping with the consumer (measured: about
            // twice the events per second on two cores); raw lines are read ahead and decoded as they are taken.
            var parsers = query.Raw ? Array.Empty<AkamaiSiemEventParser>() : new[] { new AkamaiSiemEventParser(), new AkamaiSiemEventParser() };
            try
            {
                while (true)
                {
                    var consecutiveBreaks = 0;
                    AkamaiResponseContext? context = null;
                    while (context is null)
                    {
                        using var response = await SendAsync(cursor, query, log, cancellationToken).ConfigureAwait(false);
                        if (response is null)
                        {
                            // 416: the offset expired; replay by time from the last delivered event, then go on by offset.
                            expiredOffset = cursor.Offset;
                            lastEventTime = TimeOf(lastRecord) ?? lastEventTime;
                            cursor = RecoverByTime(lastEventTime, log);
                            continue;
                        }

                        using var body = await response.OpenBodyAsync().ConfigureAwait(false);
                        using var lines = new ParseAheadLineReader(body, parsers, ToRecord, cancellationToken);
                        var deliveredBefore = cursor.Delivered;
                        var position = 0;
                        responseOpen = true;
                        while (true)
                        {
                            var outcome = await TryReadLineAsync(lines, cancellationToken).ConfigureAwait(false);
                            if (outcome == ReadOutcome.End || outcome == ReadOutcome.Broken)
                            {
                                break;
                            }

                            var line = lines.Line;
                            if (AkamaiResponseContext.TryParse(line, out var parsed))
                            {
                                context = parsed;
                                break;
                            }

                            if (!lines.LineTerminated)
                            {
                                break; // an unfinished last line is a body cut off mid-event, never an event
                            }

                            position++;
                            if (position <= cursor.Delivered)
                            {
                                if (position == cursor.Delivered && lines.Hash.Value != cursor.DeliveredHash.Value)
                                {
                                    log.Warning($"The SIEM API re-sent the response to {cursor} with different first {position} events than before; continuing after position {position}. Some events may be missing or repeated.");
                                }

                                continue;
                            }

                            cursor.DeliveredHash = lines.Hash; // hashed ahead by the reader, off this thread
                            cursor.Delivered++;
                            Progress.AddEvent();
                            var record = lines.TakeRecord();
                            lastRecord = record;
                            yield return record;
                        }

                        if (context is null)
                        {
                            consecutiveBreaks = cursor.Delivered > deliveredBefore ? 1 : consecutiveBreaks + 1;
                            await WaitBeforeRetryAsync(cursor, consecutiveBreaks, log, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    Progress.AddResponse();
                    LastContext = context;
                    lastEventTime = TimeOf(lastRecord) ?? lastEventTime;
                    lastRecord = null;
                    checkpoint?.Write(new AkamaiSiemCheckpoint
                    {
                        Offset = context.Offset,
                        ConfigIds = query.ConfigIds.ToArray(),
                        LastEventTime = lastEventTime,
                        UpdatedAt = DateTimeOffset.UtcNow,
                    });
                    responseOpen = false;
                    log.Verbose($"Response complete: {cursor.Delivered} lines, {context}.");

                    // One request unless draining; draining stops at the first empty response (never judged by count == limit).
                    if (query.IsTimeMode || !query.Drain || context.Total == 0)
                    {
                        yield break;
                    }

                    cursor = SiemRequestCursor.ForOffset(context.Offset, fromThisRun: true);
                }
            }
            finally
            {
                if (checkpoint is not null && responseOpen && cursor.Delivered > 0)
                {
                    // Stopped mid-response (Select-Object -First, Ctrl+C, an error): remember what was delivered.
                    checkpoint.Write(new AkamaiSiemCheckpoint
                    {
                        Offset = cursor.IsTimeMode ? expiredOffset : cursor.Offset,
                        ConfigIds = query.ConfigIds.ToArray(),
                        LastEventTime = TimeOf(lastRecord) ?? lastEventTime,
                        DeliveredLines = cursor.IsTimeMode ? 0 : cursor.Delivered,
                        DeliveredHash = cursor.IsTimeMode ? null : cursor.DeliveredHash.ToString(),
                        UpdatedAt = DateTimeOffset.UtcNow,
                    });
                }
            }
        }

        private static SiemRequestCursor FirstCursor(AkamaiSiemQuery query, AkamaiSiemCheckpoint? saved, OperationLog log)
        {
            if (query.IsTimeMode)
            {
                return SiemRequestCursor.ForTime(query.From!.Value, query.To);
            }

            if (saved is null)
            {
                return SiemRequestCursor.ForOffset(query.Offset);
            }

            var cursor = SiemRequestCursor.ForOffset(saved.Offset);
            if (saved.DeliveredLines > 0 && saved.DeliveredHash is not null)
            {
                cursor.Delivered = saved.DeliveredLines;
                cursor.DeliveredHash = LineHash.Parse(saved.DeliveredHash);
                log.Verbose($"Resuming the response to {cursor} after the {saved.DeliveredLines} events the last run delivered.");
            }

            return cursor;
        }

        private static void RequireSameConfigs(AkamaiSiemCheckpoint? saved, AkamaiSiemQuery query, string? path)
        {
            if (saved is not null && !saved.ConfigIds.OrderBy(id => id).SequenceEqual(query.ConfigIds.OrderBy(id => id)))
            {
                throw new FeedException(
                    "AkamaiCheckpointConfigMismatch",
                    FeedErrorCategory.InvalidArgument,
                    $"The checkpoint '{path}' belongs to configuration(s) {string.Join(";", saved.ConfigIds)}, not {query.ConfigPath}: its offset would read another feed. Use one checkpoint file per set of -ConfigId.")
                {
                    Target = path,
                };
            }
        }

        private SiemRequestCursor RecoverByTime(DateTimeOffset? lastEventTime, OperationLog log)
        {
            var now = DateTimeOffset.UtcNow;
            var earliest = now - AkamaiSiemQuery.MaxLookback + TimeSpan.FromMinutes(1);
            var from = lastEventTime is { } last && last > earliest ? last : earliest;
            var reason = lastEventTime is null
                ? "no event was delivered before, so from 12 hours ago"
                : from == lastEventTime ? "the time of the last delivered event" : "12 hours ago, the oldest the API keeps (the last delivered event is older: events in between are lost)";
            log.Warning($"The offset has expired (416 offset-too-old). Replaying by time from {from.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)} ({reason}), then continuing by offset. Events from that second may be delivered again.");
            return SiemRequestCursor.ForTime(from, null);
        }

        /// <summary>Sends one request; null means 416 (an expired offset) in offset mode, which the caller recovers from.</summary>
        private async Task<ApiResponse?> SendAsync(SiemRequestCursor cursor, AkamaiSiemQuery query, OperationLog log, CancellationToken cancellationToken)
        {
            var request = new ApiRequest(HttpMethod.Get, cursor.ToUri(_session.BaseUri, query.ConfigPath, query.Limit))
            {
                Authorize = _session.Signer.Sign,
            };
            try
            {
                return await _session.Pipeline.SendAsync(request, log, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException error) when (error.StatusCode == 416 && !cursor.IsTimeMode && !cursor.FromThisRun)
            {
                return null;
            }
            catch (ApiException error)
            {
                throw AkamaiSiemErrors.FromApi(error, query.ConfigPath);
            }
        }

        private async Task WaitBeforeRetryAsync(SiemRequestCursor cursor, int consecutiveBreaks, OperationLog log, CancellationToken cancellationToken)
        {
            var maxRetries = _session.Pipeline.Options.MaxRetries;
            if (consecutiveBreaks > maxRetries)
            {
                throw new FeedException(
                    "AkamaiResponseBroken",
                    FeedErrorCategory.ConnectionError,
                    $"The SIEM response to {cursor} broke off {consecutiveBreaks} times in a row without new events. The {cursor.Delivered} events delivered are recorded; run again to continue, or use a smaller -Limit.");
            }

            var delay = _backoff.DelayBefore(consecutiveBreaks);
            log.Verbose($"The SIEM response broke off after {cursor.Delivered} events; asking again for the response to {cursor} in {delay.TotalSeconds:0.###} s and skipping the events already delivered.");
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        // A ValueTask: a Task of an enum is not cached when it completes at once, and this runs for every line.
        private static async ValueTask<ReadOutcome> TryReadLineAsync(ParseAheadLineReader lines, CancellationToken cancellationToken)
        {
            try
            {
                return await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) ? ReadOutcome.Line : ReadOutcome.End;
            }
            catch (Exception ex) when ((ex is IOException || ex is HttpRequestException) && !cancellationToken.IsCancellationRequested)
            {
                return ReadOutcome.Broken;
            }
        }

        /// <summary>A typed event, or the raw line when there is no parser (-Raw).</summary>
        private static AkamaiSiemRecord ToRecord(ArraySegment<byte> line, AkamaiSiemEventParser? parser)
        {
            if (parser is null)
            {
                return new AkamaiSiemRecord { RawLine = Encoding.UTF8.GetString(line.Array!, line.Offset, line.Count) };
            }

            try
            {
                return new AkamaiSiemRecord { Event = parser.Parse(line) };
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is InvalidOperationException)
            {
                var text = Encoding.UTF8.GetString(line.Array!, line.Offset, line.Count);
                return new AkamaiSiemRecord
                {
                    RawLine = text,
                    Error = new FeedException("AkamaiMalformedEvent", FeedErrorCategory.InvalidData, $"A line of the SIEM response is not a valid event ({ex.Message}); it is skipped and the rest continues. The raw line is the error's target.", ex)
                    {
                        Target = text,
                    },
                };
            }
        }

        /// <summary>The time of a delivered event; a raw line is parsed for it (once per response, so it costs little).</summary>
        private static DateTimeOffset? TimeOf(AkamaiSiemRecord? record)
        {
            if (record?.Event is not null)
            {
                return record.Event.Time;
            }

            if (record?.RawLine is null || record.Error is not null)
            {
                return null;
            }

            try
            {
                return new AkamaiSiemEventParser().Parse(Encoding.UTF8.GetBytes(record.RawLine)).Time;
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is InvalidOperationException)
            {
                return null;
            }
        }

        private enum ReadOutcome
        {
            Line,
            End,
            Broken,
        }
    }
}
