using System;
using System.IO;
using System.Threading;

namespace PSSecurityFeeds.Core.State
{
    /// <summary>Reads a small file whole, refusing one larger than a limit and stopping when cancelled.</summary>
    internal static class BoundedFile
    {
        private const int ChunkBytes = 64 * 1024;

        /// <summary>The bytes from the stream's position to its end; throws <see cref="InvalidDataException"/> past <paramref name="maxBytes"/>.</summary>
        public static byte[] ReadAll(Stream stream, long maxBytes, CancellationToken cancellationToken)
        {
            var length = stream.Length - stream.Position;
            if (length > maxBytes)
            {
                throw new InvalidDataException($"it is {length:N0} bytes, more than the {maxBytes:N0} such a file can be");
            }

            var bytes = new byte[length];
            var read = 0;
            while (read < bytes.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = stream.Read(bytes, read, Math.Min(ChunkBytes, bytes.Length - read));
                if (count == 0)
                {
                    Array.Resize(ref bytes, read); // the file shrank while it was read
                    break;
                }

                read += count;
            }

            return bytes;
        }
    }
}
