using System;
using System.Buffers;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Emulator.Sekoia;

/// <summary>
/// JSON written to a response in 64 KB chunks: Utf8JsonWriter on a stream would flush the stream each time,
/// and a flushed gzip stream compresses badly.
/// </summary>
public sealed class ChunkedJsonOutput : IAsyncDisposable
{
    private const int ChunkBytes = 64 * 1024;
    private static readonly JsonWriterOptions Compact = new() { SkipValidation = true };

    private readonly ArrayBufferWriter<byte> _buffer = new(ChunkBytes * 2);
    private readonly Stream _destination;

    public ChunkedJsonOutput(Stream destination)
    {
        _destination = destination;
        Json = new Utf8JsonWriter(_buffer, Compact);
    }

    public Utf8JsonWriter Json { get; }

    /// <summary>Ends a JSON Lines record: the next value starts a new document.</summary>
    public void EndLine()
    {
        Json.Flush();
        Json.Reset();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
    }

    /// <summary>Sends what is buffered once a chunk is full.</summary>
    public async ValueTask SendFullChunkAsync(CancellationToken cancellationToken)
    {
        Json.Flush();
        if (_buffer.WrittenCount >= ChunkBytes)
        {
            await _destination.WriteAsync(_buffer.WrittenMemory, cancellationToken);
            _buffer.ResetWrittenCount();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Json.Flush();
        await _destination.WriteAsync(_buffer.WrittenMemory);
        _buffer.ResetWrittenCount();
        await Json.DisposeAsync();
    }
}
