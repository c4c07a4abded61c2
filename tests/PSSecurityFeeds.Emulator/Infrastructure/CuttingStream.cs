using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace PSSecurityFeeds.Emulator.Infrastructure;

/// <summary>
/// A response body that lets a fixed number of bytes through, then aborts the connection, or (stall) sends
/// nothing more and keeps the connection open until the client gives up.
/// </summary>
internal sealed class CuttingStream : Stream
{
    private static readonly TimeSpan CutGrace = TimeSpan.FromMilliseconds(50);

    private readonly Stream _inner;
    private readonly HttpContext _context;
    private readonly bool _stall;
    private long _remaining;

    public CuttingStream(Stream inner, HttpContext context, long bytes, bool stall = false)
    {
        _inner = inner;
        _context = context;
        _remaining = bytes;
        _stall = stall;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length < _remaining)
        {
            _remaining -= buffer.Length;
            await _inner.WriteAsync(buffer, cancellationToken);
            return;
        }

        await _inner.WriteAsync(buffer[..(int)_remaining], cancellationToken);
        await _inner.FlushAsync(cancellationToken);
        _remaining = 0;
        if (_stall)
        {
            await Task.Delay(Timeout.Infinite, _context.RequestAborted); // ends, with OperationCanceledException, when the client goes
        }

        // Give the transport a moment to put the bytes on the wire; an abort drops what it still holds.
        await Task.Delay(CutGrace, CancellationToken.None);
        _context.Abort();
        throw new OperationCanceledException("The emulator cut the response body as planned.");
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
