using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// Reads newline-delimited lines from a stream into one pooled buffer that grows only to the longest line,
    /// so memory does not depend on the size of the body. A line is valid until the next read.
    /// </summary>
    internal sealed class NdjsonLineReader : IDisposable
    {
        private const int InitialBufferSize = 64 * 1024;
        private const int MaxLineLength = 64 * 1024 * 1024;
        private const int MinimumRead = 4096;

        private readonly Stream _stream;
        private byte[] _buffer;
        private int _start;
        private int _end;
        private int _scanned;
        private bool _endOfStream;

        public NdjsonLineReader(Stream stream)
        {
            _stream = stream;
            _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        }

        /// <summary>The current line, without its line break.</summary>
        public ArraySegment<byte> Line { get; private set; }

        /// <summary>False when the current line ended with the stream instead of a line break.</summary>
        public bool LineTerminated { get; private set; }

        public long BytesRead { get; private set; }

        /// <summary>Moves to the next line; false at the end of the stream.</summary>
        public async Task<bool> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var end = _scanned + newline;
                    SetLine(_start, end > _start && _buffer[end - 1] == '\r' ? end - 1 : end, terminated: true);
                    _start = _scanned = end + 1;
                    return true;
                }

                _scanned = _end;
                if (_endOfStream)
                {
                    if (_start == _end)
                    {
                        return false;
                    }

                    SetLine(_start, _end, terminated: false);
                    _start = _scanned = _end;
                    return true;
                }

                MakeRoom();
                var read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    _endOfStream = true;
                }

                _end += read;
                BytesRead += read;
            }
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = Array.Empty<byte>();
        }

        private void SetLine(int start, int end, bool terminated)
        {
            Line = new ArraySegment<byte>(_buffer, start, end - start);
            LineTerminated = terminated;
        }

        /// <summary>Moves the unread part to the front, and grows the buffer when a line fills it.</summary>
        private void MakeRoom()
        {
            var pending = _end - _start;
            if (_start > 0 && _buffer.Length - _end < MinimumRead)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
                _scanned -= _start;
                _start = 0;
                _end = pending;
            }

            if (_end < _buffer.Length)
            {
                return;
            }

            if (_buffer.Length >= MaxLineLength)
            {
                throw new FeedException("AkamaiLineTooLong", FeedErrorCategory.InvalidData, $"A line of the SIEM response is longer than {MaxLineLength / (1024 * 1024)} MB; this is not an event stream.");
            }

            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
