using System;
using System.IO;
using System.IO.Compression;
using System.Threading;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Emulator.Sekoia;

/// <summary>The export file as S3 serves it: gzip JSON Lines of the requested fields, generated while it is sent.</summary>
public static class SekoiaExportFile
{
    public static async Task WriteAsync(EmulatedExport export, Stream destination, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);
        await using (var output = new ChunkedJsonOutput(gzip))
        {
            for (long index = 0; index < export.Events; index++)
            {
                SekoiaEventSource.WriteExportLine(output.Json, export.Job, index, export.Fields, export.MessageLength);
                output.EndLine();
                await output.SendFullChunkAsync(cancellationToken);
            }
        }
    }

    public static async Task<long> MeasureAsync(EmulatedExport export)
    {
        var counter = new CountingStream();
        await WriteAsync(export, counter, CancellationToken.None);
        return counter.Length;
    }

    /// <summary>A sink that only counts what is written to it.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
