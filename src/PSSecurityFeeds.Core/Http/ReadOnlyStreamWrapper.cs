using System;
using System.IO;

namespace PSSecurityFeeds.Core.Http
{
    /// <summary>
    /// The parts every forward-only, read-only wrapper of a response body shares; a subclass overrides the
    /// reads to add its one concern (a read timeout, byte counting).
    /// </summary>
    internal abstract class ReadOnlyStreamWrapper : Stream
    {
        protected ReadOnlyStreamWrapper(Stream inner) => Inner = inner;

        protected Stream Inner { get; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

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
                Inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
