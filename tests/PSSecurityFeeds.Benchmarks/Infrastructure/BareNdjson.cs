using System;
using System.Buffers;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Benchmarks.Infrastructure;

/// <summary>
/// The bare pass over an NDJSON body that the Akamai benchmarks compare against: the lines split in one buffer and
/// each only tokenised by a Utf8JsonReader, nothing kept.
/// </summary>
internal static class BareNdjson
{
    /// <summary>Reads the body to its end; returns the lines that ended with a newline, the bytes, and the unterminated last line (the SIEM context).</summary>
    public static async Task<(long Lines, long Bytes, byte[] LastLine)> TokeniseAsync(Stream body)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
        try
        {
            long lines = 0, bytes = 0;
            int start = 0, end = 0, read;
            while ((read = await body.ReadAsync(buffer.AsMemory(end))) > 0)
            {
                end += read;
                bytes += read;
                int newline;
                while ((newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n')) >= 0)
                {
                    Tokenise(buffer.AsSpan(start, newline));
                    lines++;
                    start += newline + 1;
                }

                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            Tokenise(buffer.AsSpan(0, end));
            return (lines, bytes, buffer.AsSpan(0, end).ToArray());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Tokenise(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        while (reader.Read())
        {
        }
    }
}
