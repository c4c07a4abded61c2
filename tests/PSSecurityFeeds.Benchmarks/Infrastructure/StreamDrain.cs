using System;
using System.IO;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Benchmarks.Infrastructure;

/// <summary>The plain transfer the Sekoia benchmarks compare against: a body copied out (or dropped) in 80 KB reads.</summary>
internal static class StreamDrain
{
    public static async Task<long> DrainAsync(Stream source, Stream destination)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer)) > 0)
        {
            total += read;
            await destination.WriteAsync(buffer.AsMemory(0, read));
        }

        return total;
    }
}
