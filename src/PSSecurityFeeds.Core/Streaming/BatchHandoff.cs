using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Core.Streaming
{
    /// <summary>
    /// Hands batches from one worker that prepares them ahead to one consumer, in order, holding at most a fixed number
    /// at a time: the worker waits for room before it prepares the next, and the consumer frees a batch's room when it
    /// is done with it. Batches keep the per-item synchronisation down to a few waits per batch.
    /// </summary>
    internal sealed class BatchHandoff<TBatch> : IDisposable
        where TBatch : class
    {
        private readonly Queue<TBatch> _ready = new Queue<TBatch>();
        private readonly SemaphoreSlim _readyCount = new SemaphoreSlim(0);
        private readonly SemaphoreSlim _room;

        public BatchHandoff(int capacity) => _room = new SemaphoreSlim(capacity);

        /// <summary>Waits until a batch more may be held.</summary>
        public Task WaitForRoomAsync(CancellationToken cancellationToken) => _room.WaitAsync(cancellationToken);

        /// <summary>Hands over a batch, in the room waited for.</summary>
        public void Add(TBatch batch)
        {
            lock (_ready)
            {
                _ready.Enqueue(batch);
            }

            _readyCount.Release();
        }

        /// <summary>The oldest batch handed over, waiting for one.</summary>
        public async Task<TBatch> TakeAsync(CancellationToken cancellationToken)
        {
            await _readyCount.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_ready)
            {
                return _ready.Dequeue();
            }
        }

        /// <summary>The consumer is done with a batch it took: its room is free again.</summary>
        public void Done() => _room.Release();

        /// <summary>The batches handed over and not taken (once the worker has stopped), to let go of what they hold.</summary>
        public IReadOnlyList<TBatch> TakeLeftOver()
        {
            lock (_ready)
            {
                var left = _ready.ToArray();
                _ready.Clear();
                return left;
            }
        }

        public void Dispose()
        {
            _readyCount.Dispose();
            _room.Dispose();
        }
    }
}
