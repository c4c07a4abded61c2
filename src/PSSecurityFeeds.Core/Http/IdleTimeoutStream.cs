using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Core.Http
{
    /// <summary>
    /// A response body that fails with an IOException when one read waits longer than the timeout, so a
    /// stalled server cannot hang an unattended job; the vendor client then treats it like a broken body.
    /// </summary>
    internal sealed class IdleTimeoutStream : ReadOnlyStreamWrapper
    {
        private readonly TimeSpan _timeout;

        public IdleTimeoutStream(Stream inner, TimeSpan timeout)
            : base(inner)
        {
            _timeout = timeout;
        }

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            try
            {
                return await Inner.ReadAsync(buffer, offset, count, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Stalled();
            }
        }

#if NET
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            try
            {
                return await Inner.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Stalled();
            }
        }
#endif

        private IOException Stalled() =>
            new IOException($"The response body stalled: no data for {_timeout.TotalSeconds:0.#} s.");
    }
}
