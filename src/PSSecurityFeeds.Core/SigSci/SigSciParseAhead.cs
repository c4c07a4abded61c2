using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Streaming;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// Takes the queued entries a little ahead of the consumer on a worker thread and turns the requests into records
    /// there, in batches, so the pipeline thread only writes them out: JSON to object is the costliest step of a typed
    /// read. Entries come out in queue order, window marks included, then the queue's end or its failure. Only a few
    /// batches are held, so the spill queue still bounds what waits in memory.
    /// </summary>
    internal sealed class SigSciParseAhead : IDisposable
    {
        private const int BatchSize = 64;
        private const int MaxBatchesAhead = 2;

        private readonly SpillQueue<SigSciFeedEntry> _queue;
        private readonly Func<SigSciFeedEntry, SigSciFeedRecord>? _toRecord;
        private readonly BatchHandoff<Batch> _ready = new BatchHandoff<Batch>(MaxBatchesAhead);
        private readonly CancellationTokenSource _stop;
        private readonly Task _working;
        private Batch? _current;
        private int _next;

        /// <param name="toRecord">Makes a request's record; null when no records are wanted (the entries alone are handed on).</param>
        public SigSciParseAhead(SpillQueue<SigSciFeedEntry> queue, Func<SigSciFeedEntry, SigSciFeedRecord>? toRecord, CancellationToken cancellationToken)
        {
            _queue = queue;
            _toRecord = toRecord;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _working = Task.Run(() => WorkAsync(_stop.Token));
        }

        /// <summary>The next entry with its record (none for a window mark); false at the end. Throws the queue's failure after the entries before it.</summary>
        public async ValueTask<(bool HasEntry, SigSciFeedEntry Entry, SigSciFeedRecord? Record)> TakeAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested(); // as the queue's own take does, even with entries parsed ahead
            while (_current is null || _next == _current.Count)
            {
                if (_current is not null)
                {
                    if (_current.Ended)
                    {
                        _current.Error?.Throw();
                        return (false, null!, null);
                    }

                    _current = null;
                    _ready.Done();
                }

                _current = await _ready.TakeAsync(cancellationToken).ConfigureAwait(false);
                _next = 0;
            }

            var index = _next++;
            return (true, _current.Entries[index], _current.Records[index]);
        }

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _working.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
            _ready.Dispose();
        }

        private async Task WorkAsync(CancellationToken cancellationToken)
        {
            var ended = false;
            while (!ended)
            {
                await _ready.WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
                var batch = new Batch();
                try
                {
                    // The first entry is waited for; the rest of the batch is what is there already, so nothing waits for a full batch.
                    var (hasEntry, entry) = await _queue.TakeAsync(cancellationToken).ConfigureAwait(false);
                    ended = !hasEntry;
                    while (hasEntry)
                    {
                        batch.Add(entry, entry.CompletedWindow is null ? _toRecord?.Invoke(entry) : null);
                        hasEntry = batch.Count < BatchSize && _queue.TryTake(out entry);
                    }
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    batch.Error = ExceptionDispatchInfo.Capture(ex);
                    ended = true;
                }

                batch.Ended = ended;
                _ready.Add(batch);
            }
        }

        private sealed class Batch
        {
            public readonly SigSciFeedEntry[] Entries = new SigSciFeedEntry[BatchSize];
            public readonly SigSciFeedRecord?[] Records = new SigSciFeedRecord?[BatchSize];
            public int Count;
            public bool Ended;
            public ExceptionDispatchInfo? Error;

            public void Add(SigSciFeedEntry entry, SigSciFeedRecord? record)
            {
                Entries[Count] = entry;
                Records[Count] = record;
                Count++;
            }
        }
    }
}
