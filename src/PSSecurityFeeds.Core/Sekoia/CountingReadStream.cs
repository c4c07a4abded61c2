using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>A read-only pass-through that counts the bytes read and reports them as download progress.</summary>
    internal sealed class CountingReadStream : Stream
    {
        private readonly Stream _inner;
        private readonly SekoiaExportProgress _progress;

        public CountingReadStream(Stream inner, SekoiaExportProgress progress)
        {
            _inner = inner;
            _progress = progress;
        }

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Counted(_inner.Read(buffer, offset, count));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Counted(await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));

#if NET
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
#endif

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Counted(int read)
        {
            BytesRead += read;
            _progress.Received(read);
            return read;
        }
    }
}
