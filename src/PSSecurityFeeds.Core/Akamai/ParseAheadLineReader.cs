using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Streaming;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// The lines of one SIEM response with each line's record, read ahead of the consumer: a worker gunzips and splits
    /// up to a few hundred lines ahead into pooled batches, and with parsers each batch is parsed by one of them in
    /// turn, on other cores while the consumer takes earlier events; the consumer gets them back in order. Without
    /// parsers (raw lines, or lines only written to a file) a line becomes its record only when taken, so the strings
    /// live as briefly as possible. The consumer sees the same lines, then the same end or exception, as a plain
    /// reader would, and all bookkeeping of what was delivered stays with it.
    /// </summary>
    internal sealed class ParseAheadLineReader : IDisposable
    {
        private const int BatchLines = 64;
        private const int BatchBytes = 128 * 1024;
        private const int MaxBatchesAhead = 4;

        private readonly Stream _body;
        private readonly NdjsonLineReader _lines;
        private readonly AkamaiSiemEventParser[] _parsers;
        private readonly Func<ArraySegment<byte>, AkamaiSiemEventParser?, AkamaiSiemRecord> _toRecord;
        private readonly Task[] _parsing;
        private readonly BatchHandoff<Batch> _ready = new BatchHandoff<Batch>(MaxBatchesAhead);
        private readonly Stack<Batch> _spare = new Stack<Batch>();
        private readonly CancellationTokenSource _stop;
        private readonly Task _reading;
        private int _batchesPublished;
        private Batch? _current;
        private int _next;
        private AkamaiSiemRecord? _record;

        /// <param name="parsers">Parsers to use side by side, each on one batch at a time; none for raw lines.</param>
        public ParseAheadLineReader(Stream body, AkamaiSiemEventParser[] parsers, Func<ArraySegment<byte>, AkamaiSiemEventParser?, AkamaiSiemRecord> toRecord, CancellationToken cancellationToken)
        {
            _body = body;
            _lines = new NdjsonLineReader(body);
            _parsers = parsers;
            _toRecord = toRecord;
            _parsing = new Task[parsers.Length];
            for (var i = 0; i < _parsing.Length; i++)
            {
                _parsing[i] = Task.CompletedTask;
            }

            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _reading = Task.Run(() => ReadAheadAsync(_stop.Token));
        }

        /// <summary>The current line, without its line break; valid until the next read.</summary>
        public ArraySegment<byte> Line { get; private set; }

        public bool LineTerminated { get; private set; }

        /// <summary>Moves to the next line; false at the end of the response. Throws what reading the body threw, in order.</summary>
        public async Task<bool> ReadLineAsync(CancellationToken cancellationToken)
        {
            _record = null;
            while (_current is null || _next == _current.Count)
            {
                if (_current is not null)
                {
                    if (_current.Ended)
                    {
                        _current.Error?.Throw();
                        return false;
                    }

                    Recycle(_current);
                    _current = null;
                    _ready.Done();
                }

                _current = await _ready.TakeAsync(cancellationToken).ConfigureAwait(false);
                _next = 0;
                await _current.Parsed.ConfigureAwait(false);
            }

            var entry = _current.Entries[_next++];
            entry.Error?.Throw();
            Line = new ArraySegment<byte>(_current.Bytes, entry.Start, entry.Length);
            LineTerminated = entry.Terminated;
            _record = entry.Record;
            return true;
        }

        /// <summary>The record of the current event line: parsed ahead, or made now.</summary>
        public AkamaiSiemRecord TakeRecord() => _record ?? _toRecord(Line, null);

        public void Dispose()
        {
            // The reader uses the body and the line reader, the parsers the batches: stop them before those go.
            // Closing the body ends a read that ignores cancellation (as some streams on .NET Framework do).
            _stop.Cancel();
            _body.Dispose();
            try
            {
                _reading.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
            }

            Task.WaitAll(_parsing);
            _current?.Release();
            foreach (var batch in _ready.TakeLeftOver())
            {
                batch.Release();
            }

            lock (_spare)
            {
                while (_spare.Count > 0)
                {
                    _spare.Pop().Release();
                }
            }

            _stop.Dispose();
            _ready.Dispose();
            _lines.Dispose();
        }

        private async Task ReadAheadAsync(CancellationToken cancellationToken)
        {
            var batch = NewBatch();
            try
            {
                while (await _lines.ReadLineAsync(cancellationToken).ConfigureAwait(false))
                {
                    var line = _lines.Line;
                    var isContext = AkamaiResponseContext.TryParse(line, out _);
                    if (!batch.Fits(line.Count))
                    {
                        await PublishAsync(batch, cancellationToken).ConfigureAwait(false);
                        batch = NewBatch();
                    }

                    // The context line and a cut-off last line are never events: the consumer stops at them, and so does reading.
                    var isEvent = !isContext && _lines.LineTerminated;
                    batch.Add(line, _lines.LineTerminated, isEvent);
                    if (!isEvent)
                    {
                        break;
                    }
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                batch.Error = ExceptionDispatchInfo.Capture(ex);
            }

            batch.Ended = true;
            await PublishAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        private async Task PublishAsync(Batch batch, CancellationToken cancellationToken)
        {
            try
            {
                await _ready.WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                batch.Release();
                throw;
            }

            if (_parsers.Length > 0)
            {
                // Each parser takes every n-th batch, after its previous one: a parser is never used by two threads at once.
                var slot = _batchesPublished++ % _parsers.Length;
                var parser = _parsers[slot];
                batch.Parsed = _parsing[slot] = _parsing[slot].ContinueWith(
                    (_, state) => Parse((Batch)state!, parser),
                    batch,
                    CancellationToken.None,
                    TaskContinuationOptions.None,
                    TaskScheduler.Default);
            }

            _ready.Add(batch);
        }

        /// <summary>A consumed batch, or a new one: batches (and their pooled buffers) go round instead of being made per 64 lines.</summary>
        private Batch NewBatch()
        {
            lock (_spare)
            {
                return _spare.Count > 0 ? _spare.Pop() : new Batch();
            }
        }

        private void Recycle(Batch batch)
        {
            batch.Clear();
            lock (_spare)
            {
                _spare.Push(batch);
            }
        }

        [MethodImpl(HotPath.Compile)]
        private void Parse(Batch batch, AkamaiSiemEventParser parser)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                ref var entry = ref batch.Entries[i];
                if (!entry.IsEvent)
                {
                    continue;
                }

                try
                {
                    entry.Record = _toRecord(new ArraySegment<byte>(batch.Bytes, entry.Start, entry.Length), parser);
                }
                catch (Exception ex)
                {
                    entry.Error = ExceptionDispatchInfo.Capture(ex); // raised when the consumer reaches this line, as without read-ahead
                }
            }
        }

        private struct Entry
        {
            public int Start;
            public int Length;
            public bool Terminated;
            public bool IsEvent;
            public AkamaiSiemRecord? Record;
            public ExceptionDispatchInfo? Error;
        }

        /// <summary>Lines copied into one pooled buffer (so the line reader can go on), with their records once parsed.</summary>
        private sealed class Batch
        {
            public readonly Entry[] Entries = new Entry[BatchLines];
            public byte[] Bytes = Array.Empty<byte>();
            public int Count;
            public int Used;
            public bool Ended;
            public ExceptionDispatchInfo? Error;
            public Task Parsed = Task.CompletedTask;

            /// <summary>An empty batch takes any line; a batch with lines only one that fits beside them.</summary>
            public bool Fits(int length) => Count == 0 || (Count < BatchLines && Used + length <= Bytes.Length);

            [MethodImpl(HotPath.Compile)]
            public void Add(ArraySegment<byte> line, bool terminated, bool isEvent)
            {
                if (Count == 0 && Bytes.Length < line.Count)
                {
                    Release();
                    Bytes = ArrayPool<byte>.Shared.Rent(Math.Max(BatchBytes, line.Count));
                }

                Buffer.BlockCopy(line.Array!, line.Offset, Bytes, Used, line.Count);
                Entries[Count++] = new Entry { Start = Used, Length = line.Count, Terminated = terminated, IsEvent = isEvent };
                Used += line.Count;
            }

            /// <summary>Empties the batch for reuse, keeping its buffer; the records it held are no longer referenced.</summary>
            public void Clear()
            {
                Array.Clear(Entries, 0, Count);
                Count = 0;
                Used = 0;
                Ended = false;
                Error = null;
                Parsed = Task.CompletedTask;
            }

            public void Release()
            {
                if (Bytes.Length > 0)
                {
                    ArrayPool<byte>.Shared.Return(Bytes);
                    Bytes = Array.Empty<byte>();
                }
            }
        }
    }
}
