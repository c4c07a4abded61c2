using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.State;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// What one run has delivered of the SIEM feed and what its checkpoint says. An event counts as delivered
    /// once it is in the out file (-OutFile), or once the consumer has taken it: when it asks for the next one,
    /// or says so (a consumer that stops right after taking one). An event handed out but dropped by a
    /// stopped pipeline is never counted, so the next run delivers it.
    /// </summary>
    internal sealed class AkamaiSiemLedger : IDisposable
    {
        private readonly AkamaiSiemQuery _query;
        private readonly CheckpointCommitter<AkamaiSiemCheckpoint>? _committer;
        private readonly LastDeliveredEvent _last = new LastDeliveredEvent();
        private Offered? _offered;
        private bool _offeredTaken;

        private AkamaiSiemLedger(AkamaiSiemQuery query, AkamaiSiemCheckpoint? saved, CheckpointFile<AkamaiSiemCheckpoint>? checkpoint, OperationLog log)
        {
            _query = query;
            LastEventTime = saved?.LastEventTime;
            Cursor = FirstCursor(saved, log);
            if (checkpoint is not null)
            {
                _committer = CheckpointCommitter<AkamaiSiemCheckpoint>.Start(checkpoint, saved, query.OutFile, query.CommitPolicy, Snapshot, log);
            }
        }

        /// <summary>The request being read; its Delivered count and hash move as events are delivered.</summary>
        public SiemRequestCursor Cursor { get; set; } = null!;

        /// <summary>While replaying by time after a 416: the offset that expired, which a checkpoint keeps meanwhile.</summary>
        public string? ExpiredOffset { get; private set; }

        /// <summary>The time of the newest event delivered before the current response.</summary>
        public DateTimeOffset? LastEventTime { get; private set; }

        public bool WritesFile => _committer?.WritesFile == true;

        /// <summary>Opens and checks the checkpoint (if any) before any request.</summary>
        public static AkamaiSiemLedger Open(AkamaiSiemQuery query, OperationLog log, CancellationToken cancellationToken)
        {
            if (query.CheckpointPath is null)
            {
                return new AkamaiSiemLedger(query, null, null, log);
            }

            var checkpoint = CheckpointFile<AkamaiSiemCheckpoint>.Open(query.CheckpointPath, AkamaiSiemCheckpoint.RecoveryAdvice, cancellationToken);
            try
            {
                var saved = checkpoint.Read(cancellationToken);
                saved?.Check(checkpoint, query, DateTimeOffset.UtcNow);
                return new AkamaiSiemLedger(query, saved, checkpoint, log);
            }
            catch
            {
                checkpoint.Dispose();
                throw;
            }
        }

        /// <summary>Delivers an event into the out file: it counts at once. Its record, if the consumer gets one too (-PassThru).</summary>
        public void Write(ArraySegment<byte> line, AkamaiSiemRecord? record)
        {
            _committer!.Append(line);
            if (record is null)
            {
                _last.Remember(line);
            }
            else
            {
                _last.Remember(record);
            }

            Count(Hashed(line), line.Count);
        }

        /// <summary>Hands an event to the consumer: it counts once <see cref="Taken"/> is called.</summary>
        public void Offer(ArraySegment<byte> line, AkamaiSiemRecord record)
        {
            _offered = new Offered(Hashed(line), record, line.Count);
            _offeredTaken = false;
        }

        /// <summary>The consumer took the event offered last; it may say so twice (before stopping, then never asking again).</summary>
        public void Taken()
        {
            if (_offered is { } offered && !_offeredTaken)
            {
                _offeredTaken = true;
                _last.Remember(offered.Record);
                Count(offered.Hash, offered.Bytes);
            }
        }

        /// <summary>A response was read whole: the next request continues from its context's offset.</summary>
        public void ResponseComplete(AkamaiResponseContext context)
        {
            LastEventTime = _last.Time ?? LastEventTime;
            _last.Forget();
            ExpiredOffset = null;
            Cursor = SiemRequestCursor.ForOffset(context.Offset, _query.Limit, fromThisRun: true);
            _committer?.Commit();
        }

        /// <summary>After a 416: replays by time from the last delivered event (at most 12 hours back), then goes on by offset.</summary>
        public void ReplayByTime(string why, OperationLog log)
        {
            ExpiredOffset ??= Cursor.Offset;
            LastEventTime = _last.Time ?? LastEventTime;
            Cursor = TimeCursor(why, log);
        }

        /// <summary>A checkpoint that turned out not to describe the feed (see <see cref="CheckpointFile{T}.Corrupt"/>).</summary>
        public FeedException Corrupt(string field, string problem) => _committer!.Checkpoint.Corrupt(field, problem);

        /// <summary>Ends the run however it ends: what was delivered since the last commit is committed.</summary>
        public void Stop() => _committer?.CommitPending();

        public void Dispose() => _committer?.Dispose();

        private LineHash Hashed(ArraySegment<byte> line)
        {
            var hash = Cursor.DeliveredHash;
            hash.Add(line);
            return hash;
        }

        private void Count(LineHash hash, int bytes)
        {
            Cursor.DeliveredHash = hash;
            Cursor.Delivered++;
            _committer?.Delivered(bytes);
        }

        private SiemRequestCursor FirstCursor(AkamaiSiemCheckpoint? saved, OperationLog log)
        {
            if (_query.IsTimeMode)
            {
                return SiemRequestCursor.ForTime(_query.From!.Value, _query.To, _query.Limit);
            }

            if (saved is null)
            {
                return SiemRequestCursor.ForOffset(_query.Offset, _query.Limit);
            }

            if (saved.StartsByTime)
            {
                return TimeCursor("The checkpoint holds a time and no offset", log);
            }

            if (saved.DeliveredLines == 0)
            {
                return SiemRequestCursor.ForOffset(saved.Offset, _query.Limit);
            }

            // The interrupted response is asked for exactly as before, whatever -Limit says now.
            var cursor = SiemRequestCursor.ForOffset(saved.Offset, saved.Limit);
            cursor.Delivered = saved.DeliveredLines;
            cursor.DeliveredHash = LineHash.Parse(saved.DeliveredHash!);
            cursor.DeliveredByCheckpoint = true;
            log.Verbose($"Resuming the response to {cursor} (limit {saved.Limit?.ToString(CultureInfo.InvariantCulture) ?? "default"}) after the {saved.DeliveredLines} events the last run delivered.");
            return cursor;
        }

        private SiemRequestCursor TimeCursor(string why, OperationLog log)
        {
            var now = DateTimeOffset.UtcNow;
            var earliest = now - AkamaiSiemQuery.MaxLookback + TimeSpan.FromMinutes(1);
            var from = LastEventTime is { } last && last > earliest ? last : earliest;
            var reason = LastEventTime is null
                ? "no event was delivered before, so from 12 hours ago"
                : from == LastEventTime ? "the time of the last delivered event" : "12 hours ago, the oldest the API keeps (the last delivered event is older: events in between are lost)";
            log.Warning($"{why}. Replaying by time from {from.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)} ({reason}), then continuing by offset. Events from that second may be delivered again.");
            return SiemRequestCursor.ForTime(from, null, _query.Limit);
        }

        /// <summary>The state that matches exactly what has been delivered so far.</summary>
        private AkamaiSiemCheckpoint Snapshot()
        {
            var midResponse = !Cursor.IsTimeMode && Cursor.Delivered > 0;
            return new AkamaiSiemCheckpoint
            {
                Offset = Cursor.IsTimeMode ? ExpiredOffset : Cursor.Offset,
                ConfigIds = _query.ConfigIds.ToArray(),
                LastEventTime = _last.Time ?? LastEventTime,
                DeliveredLines = midResponse ? Cursor.Delivered : 0,
                DeliveredHash = midResponse ? Cursor.DeliveredHash.ToString() : null,
                Limit = midResponse ? Cursor.Limit : null,
                UpdatedAt = DateTimeOffset.UtcNow,
            };
        }

        private readonly struct Offered
        {
            public Offered(LineHash hash, AkamaiSiemRecord record, int bytes)
            {
                Hash = hash;
                Record = record;
                Bytes = bytes;
            }

            public LineHash Hash { get; }

            public AkamaiSiemRecord Record { get; }

            public int Bytes { get; }
        }
    }
}
