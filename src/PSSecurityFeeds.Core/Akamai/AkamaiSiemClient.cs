using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// Streams security events from the SIEM API. Each response is read line by line from the network; the last
    /// line (the response context) gives the next offset. A response that breaks off is asked for again from the
    /// same offset and the lines already delivered are skipped by position (checked with a hash of the raw lines,
    /// never by requestId, which is not unique). What counts as delivered, and when it is committed to the
    /// checkpoint (and the out file), is the <see cref="AkamaiSiemLedger"/>'s business.
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

        private AkamaiSiemLedger? _ledger;

        public AkamaiSiemProgress Progress { get; } = new AkamaiSiemProgress();

        /// <summary>The context line of the last whole response: its offset continues the feed.</summary>
        public AkamaiResponseContext? LastContext { get; private set; }

        /// <summary>
        /// Tells the stream that the consumer has taken the record handed out last. Asking for the next record says
        /// the same; this is for a consumer that stops right after taking one (Select-Object -First, a break).
        /// </summary>
        public void ConfirmTaken() => _ledger?.Taken();

        public async IAsyncEnumerable<AkamaiSiemRecord> ReadAsync(AkamaiSiemQuery query, OperationLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            _session.EnsureOpen();
            query.Validate(DateTimeOffset.UtcNow);
            using var ledger = AkamaiSiemLedger.Open(query, log, cancellationToken);
            _ledger = ledger;
            // Typed events are parsed ahead by two parsers side by side, overlapping with the consumer (measured: about
            // twice the events per second on two cores); raw lines are read ahead and decoded as they are taken.
            var parsers = query.Raw || !query.YieldsRecords ? Array.Empty<AkamaiSiemEventParser>() : new[] { new AkamaiSiemEventParser(), new AkamaiSiemEventParser() };
            try
            {
                while (true)
                {
                    var consecutiveBreaks = 0;
                    AkamaiResponseContext? context = null;
                    while (context is null)
                    {
                        var cursor = ledger.Cursor;
                        using var response = await SendAsync(cursor, query, log, cancellationToken).ConfigureAwait(false);
                        if (response is null)
                        {
                            ledger.ReplayByTime("The offset has expired (416 offset-too-old)", log);
                            continue;
                        }

                        using var body = await response.OpenBodyAsync().ConfigureAwait(false);
                        using var lines = new ParseAheadLineReader(body, parsers, ToRecord, cancellationToken);
                        var deliveredBefore = cursor.Delivered;
                        var position = 0;
                        var replayed = default(LineHash);
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
                                RequireDeliveredLines(cursor, position, ledger);
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
                                replayed.Add(line);
                                if (position == cursor.Delivered)
                                {
                                    CheckReplayed(cursor, replayed, ledger, log);
                                }

                                continue;
                            }

                            Progress.AddEvent();
                            if (!query.YieldsRecords)
                            {
                                ledger.Write(line, null); // into the out file only: no record is made
                                continue;
                            }

                            var record = lines.TakeRecord();
                            if (ledger.WritesFile)
                            {
                                ledger.Write(line, record);
                            }
                            else
                            {
                                ledger.Offer(line, record);
                            }

                            yield return record;
                            ledger.Taken(); // asking for the next record means this one was taken
                        }

                        if (context is null)
                        {
                            consecutiveBreaks = cursor.Delivered > deliveredBefore ? 1 : consecutiveBreaks + 1;
                            await WaitBeforeRetryAsync(cursor, consecutiveBreaks, log, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    Progress.AddResponse();
                    LastContext = context;
                    log.Verbose($"Response complete: {ledger.Cursor.Delivered} lines, {context}.");
                    ledger.ResponseComplete(context);

                    // One request unless draining; draining stops at the first empty response (never judged by count == limit).
                    if (query.IsTimeMode || !query.Drain || context.Total == 0)
                    {
                        yield break;
                    }
                }
            }
            finally
            {
                // Stopped (Select-Object -First, Ctrl+C, an error) or done: commit what was delivered. A record handed
                // out counts only if the consumer said it took it.
                _ledger = null;
                ledger.Stop();
            }
        }

        /// <summary>
        /// The first lines of a response asked for again must be the ones delivered before. When the count came from a
        /// checkpoint, a mismatch means the checkpoint does not describe this response: refused, nothing delivered.
        /// </summary>
        private static void CheckReplayed(SiemRequestCursor cursor, LineHash replayed, AkamaiSiemLedger ledger, OperationLog log)
        {
            if (replayed.Value == cursor.DeliveredHash.Value)
            {
                cursor.DeliveredByCheckpoint = false;
                return;
            }

            if (cursor.DeliveredByCheckpoint)
            {
                throw ledger.Corrupt("DeliveredHash", $"the first {cursor.Delivered} events of the response to {cursor} are not the ones the checkpoint says were delivered (their hash is {replayed}, not {cursor.DeliveredHash}). If the file was not edited, the SIEM API sent other events this time: remove DeliveredLines, DeliveredHash and Limit from it to deliver that response whole (up to {cursor.Delivered} events again)");
            }

            log.Warning($"The SIEM API re-sent the response to {cursor} with different first {cursor.Delivered} events than before; continuing after position {cursor.Delivered}. Some events may be missing or repeated.");
        }

        /// <summary>A whole response shorter than what a checkpoint says was delivered of it: the count cannot be right.</summary>
        private static void RequireDeliveredLines(SiemRequestCursor cursor, int position, AkamaiSiemLedger ledger)
        {
            if (position < cursor.Delivered && cursor.DeliveredByCheckpoint)
            {
                throw ledger.Corrupt("DeliveredLines", $"the response to {cursor} holds {position} events, fewer than the {cursor.Delivered} the checkpoint says were delivered of it");
            }
        }

        /// <summary>Sends one request; null means 416 (an expired offset) in offset mode, which the caller recovers from.</summary>
        private async Task<ApiResponse?> SendAsync(SiemRequestCursor cursor, AkamaiSiemQuery query, OperationLog log, CancellationToken cancellationToken)
        {
            var request = new ApiRequest(HttpMethod.Get, cursor.ToUri(_session.BaseUri, query.ConfigPath))
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

        private enum ReadOutcome
        {
            Line,
            End,
            Broken,
        }
    }
}
