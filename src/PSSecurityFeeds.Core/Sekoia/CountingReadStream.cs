using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>A read-only pass-through that counts the bytes read and reports them as download progress.</summary>
    internal sealed class CountingReadStream : ReadOnlyStreamWrapper
    {
        private readonly SekoiaExportProgress _progress;

        public CountingReadStream(Stream inner, SekoiaExportProgress progress)
            : base(inner)
        {
            _progress = progress;
        }

        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Counted(Inner.Read(buffer, offset, count));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Counted(await Inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));

#if NET
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
#endif

        private int Counted(int read)
        {
            BytesRead += read;
            _progress.Received(read);
            return read;
        }
    }
}
